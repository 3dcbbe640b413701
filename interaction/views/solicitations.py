"""意见征集 pages: the public list, draft page and comment form (/zmhd/yjzj/), and the
department's pages in the back office (/office/interaction/yjzj/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from platform_core.constants import UserKind
from platform_core.decorators import office_user_passes
from platform_core.forms import add_service_errors

from ..forms.solicitations import (
    AdoptForm,
    ModerateForm,
    OpinionForm,
    ReportForm,
    SolicitationForm,
)
from ..models import Opinion
from ..selectors import access
from ..selectors import public as public_selectors
from ..selectors import solicitations as selectors
from ..services import solicitations as services

staff_required = office_user_passes(access.is_interaction_staff)


# --- public -----------------------------------------------------------------------------------


def public_list(request):
    page = Paginator(selectors.public_solicitations(), 20).get_page(request.GET.get("page"))
    return render(request, "interaction/public/solicitations.html", {"page": page})


@ratelimit(key="ip", rate="5/m", method="POST", block=True)
@require_http_methods(["GET", "POST"])
def public_detail(request, pk: int):
    """The draft article by article, the comments shown, the comment form, the report."""
    solicitation = selectors.public_solicitation(pk)
    if solicitation is None:
        raise Http404
    citizen = request.user if getattr(request.user, "kind", "") == UserKind.CITIZEN else None
    form = OpinionForm(request.POST or None, solicitation=solicitation)
    status = 200
    if request.method == "POST":
        if citizen is None:
            return redirect_to_login(request.path, resolve_url("platform_core:citizen_login"))
        if form.is_valid():
            try:
                services.opinion_submit(
                    solicitation=solicitation,
                    citizen=citizen,
                    body=form.cleaned_data["body"],
                    article=form.cleaned_data["article"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("意见已提交，经审核后公开。感谢您的参与！"))
                return redirect("interaction:solicitation", pk=pk)
        status = 400
    by_article: dict = {}
    for opinion in solicitation.shown_opinions:
        by_article.setdefault(opinion.article_id, []).append(opinion)
    context = {
        "s": solicitation,
        "form": form,
        "citizen": citizen,
        "is_open": solicitation.is_open(),
        "general": by_article.get(None, []),
        "articles": [(a, by_article.get(a.pk, [])) for a in solicitation.articles.all()],
        "mask": public_selectors.mask_name,
        "counts": selectors.adoption_counts(solicitation) if solicitation.reported_at else None,
    }
    return render(request, "interaction/public/solicitation.html", context, status=status)


# --- back office ------------------------------------------------------------------------------


def _nav(request) -> dict:
    return {
        "tab": "yjzj",
        "is_office": access.is_office_staff(request.user),
        "is_reviewer": access.is_office_reviewer(request.user),
    }


@staff_required
def office_list(request):
    page = Paginator(selectors.solicitations_for(request.user), 30).get_page(
        request.GET.get("page")
    )
    can_draft = access.handler_departments(request.user).exists()
    return render(
        request,
        "interaction/office/solicitations.html",
        {"page": page, "can_draft": can_draft, **_nav(request)},
    )


def _draft_form(request, solicitation=None):
    departments = access.handler_departments(request.user).order_by("path")
    initial = None
    if solicitation is not None:
        initial = {
            name: getattr(solicitation, name)
            for name in (
                "title",
                "explanation",
                "draft_text",
                "opens_on",
                "closes_on",
                "short_reason",
            )
        } | {"department": solicitation.department_id}
    kwargs = {"initial": initial} if initial else {}
    return SolicitationForm(request.POST or None, departments=departments, **kwargs)


@staff_required
@require_http_methods(["GET", "POST"])
def office_edit(request, pk: int | None = None):
    solicitation = None
    if pk is not None:
        solicitation = selectors.solicitation_for(request.user, pk)
        if solicitation is None or not selectors.may_manage(request.user, solicitation):
            raise Http404
    form = _draft_form(request, solicitation)
    if request.method == "POST" and form.is_valid():
        try:
            solicitation = services.solicitation_save(
                by=request.user, solicitation=solicitation, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("征求意见稿已保存。"))
            return redirect("interaction:solicitation_office", pk=solicitation.pk)
    return render(
        request,
        "interaction/office/solicitation_form.html",
        {"form": form, "s": solicitation, **_nav(request)},
        status=400 if form.errors else 200,
    )


@staff_required
def office_detail(request, pk: int, forms: dict | None = None, status: int = 200):
    solicitation = selectors.solicitation_for(request.user, pk)
    if solicitation is None:
        raise Http404
    context = {
        "s": solicitation,
        "opinions": selectors.opinions_of(solicitation),
        "counts": selectors.adoption_counts(solicitation),
        "can_manage": selectors.may_manage(request.user, solicitation),
        "can_publish": selectors.may_publish(request.user, solicitation),
        "moderate_form": ModerateForm(),
        "adopt_form": AdoptForm(),
        "report_form": (forms or {}).get("report") or ReportForm(),
        **_nav(request),
    }
    return render(request, "interaction/office/solicitation_detail.html", context, status=status)


def _act(request, pk: int, action, success: str):
    solicitation = selectors.solicitation_for(request.user, pk)
    if solicitation is None:
        raise Http404
    try:
        action(solicitation)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("interaction:solicitation_office", pk=pk)


@require_POST
@staff_required
def office_publish(request, pk: int):
    return _act(
        request,
        pk,
        lambda s: services.solicitation_publish(by=request.user, solicitation=s),
        _("已发布，公众可在征集期内提出意见。"),
    )


def _opinion(request, pk: int, opinion_pk: int) -> Opinion:
    solicitation = selectors.solicitation_for(request.user, pk)
    if solicitation is None:
        raise Http404
    return get_object_or_404(Opinion, pk=opinion_pk, solicitation=solicitation)


@require_POST
@staff_required
def office_moderate(request, pk: int, opinion_pk: int):
    opinion = _opinion(request, pk, opinion_pk)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择审核结果。"))
        return redirect("interaction:solicitation_office", pk=pk)
    return _act(
        request,
        pk,
        lambda s: services.opinion_moderate(
            by=request.user,
            opinion=opinion,
            show=form.cleaned_data["decision"] == "show",
            reason=form.cleaned_data["reason"],
        ),
        _("已审核。"),
    )


@require_POST
@staff_required
def office_adopt(request, pk: int, opinion_pk: int):
    opinion = _opinion(request, pk, opinion_pk)
    form = AdoptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择采纳情况。"))
        return redirect("interaction:solicitation_office", pk=pk)
    return _act(
        request,
        pk,
        lambda s: services.opinion_adopt(
            by=request.user,
            opinion=opinion,
            adoption=form.cleaned_data["adoption"],
            note=form.cleaned_data["note"],
        ),
        _("采纳情况已记录。"),
    )


@require_POST
@staff_required
def office_report(request, pk: int):
    solicitation = selectors.solicitation_for(request.user, pk)
    if solicitation is None:
        raise Http404
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            services.report_publish(
                by=request.user, solicitation=solicitation, report=form.cleaned_data["report"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("意见采纳情况已公布。"))
            return redirect("interaction:solicitation_office", pk=pk)
    return office_detail(request, pk, forms={"report": form}, status=400)
