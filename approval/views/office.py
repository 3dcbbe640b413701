"""The acceptance desk (受理) for window clerks: application lists, the four decisions, notices
and registering applications made in person at the window.

Every application URL resolves through `applications_visible_to`: a clerk of another department
gets 404, not the application.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from approval.constants import AppStatus
from approval.forms.applications import (
    AcceptForm,
    CorrectionForm,
    CounterApplicantForm,
    DeferForm,
    RejectForm,
)
from approval.selectors import applications as selectors
from approval.services import acceptance
from approval.services import applications as app_services
from approval.views.common import notice_response
from platform_core.decorators import office_login_required
from platform_core.dynforms import files as dyn_files
from platform_core.models import SubmissionFile
from platform_core.selectors.dynforms import form_class_for, submission_values

DECISIONS = ("accept", "correct", "reject", "defer")
STATUS_FILTERS = [AppStatus.SUBMITTED, AppStatus.CORRECTION, AppStatus.ACCEPTED, AppStatus.REJECTED]


@office_login_required
def office_home(request):
    rows = selectors.applications_visible_to(request.user)
    status = request.GET.get("status", AppStatus.SUBMITTED)
    if status not in {s.value for s in STATUS_FILTERS} and status != "all":
        status = AppStatus.SUBMITTED
    if status != "all":
        rows = rows.filter(status=status)
    order = "accept_due" if status == AppStatus.SUBMITTED else "-received_at"
    page = Paginator(rows.order_by(order, "id"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "approval/office/home.html",
        {
            "page": page,
            "status": status,
            "statuses": [(s.value, s.label) for s in STATUS_FILTERS],
            "can_register": selectors.counter_items(request.user).exists(),
        },
    )


def _visible(request, number: str):
    return get_object_or_404(selectors.applications_visible_to(request.user), number=number)


def _forms(application, data=None, which=""):
    item = application.item
    # The four forms share a page: each gets its own id prefix, so every <label for> finds its
    # own field (the correction and defer forms both have "materials").
    return {
        "accept_form": AcceptForm(data if which == "accept" else None, auto_id="accept_%s"),
        "correction_form": CorrectionForm(
            data if which == "correct" else None, item=item, auto_id="correct_%s"
        ),
        "reject_form": RejectForm(data if which == "reject" else None, auto_id="reject_%s"),
        "defer_form": DeferForm(data if which == "defer" else None, item=item, auto_id="defer_%s"),
    }


def _detail(request, application, forms=None, status=200):
    from approval.views.supervision import fee_panel

    context = {
        **fee_panel(request.user, application),
        "application": application,
        "values": submission_values(application.submission) if application.submission_id else [],
        "materials": list(application.item.materials.all()),
        "notices": list(application.notices.all()),
        "may_accept": application.status == AppStatus.SUBMITTED
        and selectors.may_accept(request.user, application),
        "can_defer": application.item.materials.filter(may_defer=True).exists(),
        **(forms or _forms(application)),
    }
    steps, next_label, next_date = selectors.progress(application)
    context.update(steps=steps, next_label=next_label, next_date=next_date)
    return render(request, "approval/office/detail.html", context, status=status)


@office_login_required
def application_detail(request, number: str):
    return _detail(request, _visible(request, number))


@office_login_required
def office_file(request, number: str, pk: int):
    """An uploaded material of the application, for the staff who may see the application (the
    generic /forms/files/ view checks the submission's unit, which a clerk working in a section
    of the department does not cover)."""
    application = _visible(request, number)
    stored = get_object_or_404(SubmissionFile, pk=pk, submission_id=application.submission_id)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = dyn_files.FILE_KINDS.get(stored.kind, ("", (), "application/octet-stream"))[2]
    return FileResponse(
        handle, as_attachment=True, filename=stored.original_name, content_type=content_type
    )


@office_login_required
@require_POST
def application_decide(request, number: str, action: str):
    if action not in DECISIONS:
        raise Http404
    application = _visible(request, number)
    if not selectors.may_accept(request.user, application):
        raise PermissionDenied
    forms = _forms(application, request.POST, action)
    key = {"accept": "accept_form", "correct": "correction_form", "reject": "reject_form"}.get(
        action, "defer_form"
    )
    form = forms[key]
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "accept":
                notice = acceptance.application_accept(
                    application=application, by=request.user, note=data["note"]
                )
            elif action == "correct":
                notice = acceptance.application_request_correction(
                    application=application, by=request.user, items=data["items"]
                )
            elif action == "reject":
                notice = acceptance.application_reject(
                    application=application,
                    by=request.user,
                    reason=data["reason"],
                    redirect_body=data["redirect_body"],
                )
            else:
                notice = acceptance.application_accept_deferred(
                    application=application,
                    by=request.user,
                    material_ids=data["materials"],
                    promise_days=data["promise_days"],
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("已出具%(kind)s（%(number)s）。")
                % {"kind": notice.get_kind_display(), "number": notice.number},
            )
            return redirect("approval:office_detail", number=application.number)
    return _detail(request, application, forms, status=400)


@office_login_required
def office_notice_pdf(request, number: str, notice_number: str):
    application = _visible(request, number)
    notice = get_object_or_404(application.notices, number=notice_number)
    return notice_response(request, notice)


@office_login_required
def counter_items(request):
    items = selectors.counter_items(request.user)
    if not items.exists():
        raise PermissionDenied
    return render(request, "approval/office/counter_items.html", {"items": items})


@office_login_required
@require_http_methods(["GET", "POST"])
def counter_register(request, code: str):
    item = selectors.counter_items(request.user).filter(code=code).first()
    if item is None:
        raise Http404
    version = selectors.item_form_version(item)
    if version is None:
        raise Http404
    form_class = form_class_for(version)
    if request.method == "POST":
        applicant_form = CounterApplicantForm(request.POST)
        form = form_class(request.POST, request.FILES)
        if applicant_form.is_valid() and not form.more_rows_for and form.is_valid():
            try:
                application, _code = app_services.application_register(
                    item=item,
                    by=request.user,
                    version=version,
                    form=form,
                    **applicant_form.cleaned_data,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("已登记，申请编号 %(number)s，查询码已短信发送给申请人。")
                    % {"number": application.number},
                )
                return redirect("approval:office_detail", number=application.number)
    else:
        applicant_form, form = CounterApplicantForm(), form_class()
    return render(
        request,
        "approval/office/counter_register.html",
        {"item": item, "form": form, "applicant_form": applicant_form},
        status=400 if request.method == "POST" else 200,
    )
