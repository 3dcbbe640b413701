"""The handling page after acceptance (审查 → 决定 → 送达 → 办结) and the applicant's rating.

Every office URL resolves the application through `applications_visible_to` (another
department gets 404); each action is then checked again by its service (403 when the person
lacks the role, e.g. a clerk trying to decide).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from approval.constants import AppStatus
from approval.forms.decision import (
    ConcludeForm,
    DeliverForm,
    ExtendForm,
    GrantForm,
    RatingForm,
    RefuseForm,
    SpecialEndForm,
    SpecialStartForm,
)
from approval.models import Decision, Rating
from approval.selectors import applications as selectors
from approval.selectors import decision as sd
from approval.services import decision as services
from approval.services.rating import application_rate
from platform_core.decorators import citizen_login_required, office_login_required
from platform_core.selectors.clock import clock_state

FORMS = {
    "grant": GrantForm,
    "refuse": RefuseForm,
    "extend": ExtendForm,
    "special_start": SpecialStartForm,
    "special_end": SpecialEndForm,
    "deliver": DeliverForm,
    "conclude": ConcludeForm,
}
DONE_MESSAGES = {
    "grant": _("已作出准予行政许可决定。"),
    "refuse": _("已作出不予行政许可决定。"),
    "extend": _("已延长办理时限并告知申请人。"),
    "special_start": _("特别程序已开始，计时已暂停并书面告知申请人。"),
    "special_end": _("特别程序已结束，恢复计时。"),
    "deliver": _("已登记送达。"),
    "conclude": _("已办结。"),
}


@office_login_required
@require_GET
def handling_list(request):
    """审查决定：本部门已受理申请的办理情况。"""
    visible = selectors.applications_visible_to(request.user)
    services.reviews_sync(among=visible)
    status = request.GET.get("status", AppStatus.DECIDING)
    if status not in {s.value for s in sd.HANDLING_STATUSES}:
        status = "all"
    rows = sd.handling_list(request.user, status).order_by("-accepted_on", "-id")
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "approval/decision/list.html",
        {
            "page": page,
            "status": status,
            "statuses": [(s.value, s.label) for s in sd.HANDLING_STATUSES],
        },
    )


def _visible(request, number: str):
    application = get_object_or_404(
        selectors.applications_visible_to(request.user).filter(status__in=sd.HANDLING_STATUSES),
        number=number,
    )
    return services.review_sync(application=application)


def _page(request, application, forms=None, status=200):
    user = request.user
    clock = application.clock if application.clock_id else None
    open_pause = clock.pauses.filter(end_date__isnull=True).first() if clock else None
    running = application.status in (AppStatus.ACCEPTED, AppStatus.DECIDING)
    leader = sd.may_decide(user, application)
    staff = sd.may_process(user, application)
    forms = forms or {}
    context = {
        "application": application,
        "decision": Decision.objects.filter(application=application).first(),
        "rating": Rating.objects.filter(application=application).first(),
        "notices": list(application.notices.all()),
        "clock": clock,
        "clock_state": clock_state(clock) if clock else None,
        "extensions": list(clock.extensions.all()) if clock else [],
        "open_pause": open_pause,
        "can_decide": leader and application.status == AppStatus.DECIDING and not open_pause,
        "can_extend": leader and running and clock and not clock.extensions.exists(),
        "can_special_start": staff and running and clock and not open_pause,
        "can_special_end": staff and running and open_pause is not None,
        "can_deliver": staff and application.status in sd.DECIDED_STATUSES,
        "can_conclude": staff and application.status == AppStatus.DELIVERED,
    }
    shown = {
        "grant": context["can_decide"],
        "refuse": context["can_decide"],
        "extend": context["can_extend"],
        "special_start": context["can_special_start"],
        "special_end": context["can_special_end"],
        "deliver": context["can_deliver"],
        "conclude": context["can_conclude"],
    }
    # A refused action whose form is no longer offered (e.g. a second extension) still shows why.
    context["hidden_errors"] = [
        error
        for action, form in forms.items()
        if not shown[action]
        for errors in form.errors.values()
        for error in errors
    ]
    for action, form_class in FORMS.items():
        initial = {"on": timezone.localdate()} if action == "deliver" else None
        # One id prefix per form: several share field names (reason, note) on this page.
        context[f"{action}_form"] = forms.get(action) or form_class(
            initial=initial, auto_id=f"{action}_%s"
        )
    steps, next_label, next_date = selectors.progress(application)
    context.update(steps=steps, next_label=next_label, next_date=next_date)
    return render(request, "approval/decision/detail.html", context, status=status)


@office_login_required
@require_GET
def handling_detail(request, number: str):
    return _page(request, _visible(request, number))


def _run(action: str, application, user, data: dict):
    if action == "grant":
        return services.application_grant(
            application=application, by=user, valid_until=data["valid_until"], note=data["note"]
        )
    if action == "refuse":
        return services.application_refuse(
            application=application, by=user, reasons=data["reasons"]
        )
    if action == "extend":
        return services.application_extend(
            application=application, by=user, reason=data["reason"], days=data["days"]
        )
    if action == "special_start":
        return services.special_procedure_start(
            application=application, by=user, procedure=data["procedure"], reason=data["reason"]
        )
    if action == "special_end":
        return services.special_procedure_end(application=application, by=user, note=data["note"])
    if action == "deliver":
        return services.application_deliver(
            application=application, by=user, method=data["method"], on=data["on"]
        )
    return services.application_conclude(application=application, by=user)


@office_login_required
@require_POST
def handling_action(request, number: str, action: str):
    if action not in FORMS:
        raise Http404
    application = _visible(request, number)
    form = FORMS[action](request.POST, auto_id=f"{action}_%s")
    if form.is_valid():
        try:
            _run(action, application, request.user, form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, DONE_MESSAGES[action])
            return redirect("approval:handling_detail", number=application.number)
    application.refresh_from_db()
    return _page(request, application, {action: form}, status=400)


# --- the applicant's rating (好差评) ---------------------------------------------------------


@citizen_login_required
@require_http_methods(["GET", "POST"])
def my_rate(request, number: str):
    application = get_object_or_404(
        selectors.applications_of(request.user).exclude(status=AppStatus.DRAFT), number=number
    )
    rating = Rating.objects.filter(application=application).first()
    if rating is not None or application.status != AppStatus.CONCLUDED:
        if request.method == "POST":
            messages.error(
                request,
                _("您已评价过该申请，每件申请只能评价一次。") if rating else _("办结后才能评价。"),
            )
        return render(
            request,
            "approval/decision/rate.html",
            {"application": application, "rating": rating, "form": None},
            status=400 if request.method == "POST" else 200,
        )
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application_rate(
                application=application,
                user=request.user,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        except PermissionDenied:
            raise
        else:
            messages.success(request, _("感谢您的评价。"))
            return redirect("approval:my_detail", number=application.number)
    return render(
        request,
        "approval/decision/rate.html",
        {"application": application, "rating": None, "form": form},
        status=400 if request.method == "POST" else 200,
    )
