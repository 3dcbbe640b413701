"""Pages of the investment-promotion channel rendered on request: the back office's projects and
trade warnings (list, create, edit), and the investors' online consultation form (在线咨询).

The published pages (landing page, project and warning pages) are written by
`publishing_investment.py`. Who may do what is decided in `services_investment.py`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from platform_core.decorators import office_user_passes
from platform_core.forms import add_service_errors
from portal.investment import services
from portal.investment.forms import ConsultationForm, ProjectForm, WarningForm
from portal.investment.models import ProjectStatus, TradeWarning

SESSION_REFERENCE = "portal_consultation_reference"


_manager_required = office_user_passes(services.can_manage)


# --- back office: projects --------------------------------------------------------------------


@_manager_required
def project_list(request):
    """招商项目管理."""
    qs = services.projects_visible_to(request.user).order_by("-updated_at", "-pk")
    status = request.GET.get("status", "")
    if status in ProjectStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/investment/office_projects.html",
        {"page": page, "status": status, "statuses": ProjectStatus.choices},
    )


def _save_view(request, form, save, success_url: str, message: str):
    """Validate the form, call the service, report its errors on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            save(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(success_url)
    return None


@_manager_required
@require_http_methods(["GET", "POST"])
def project_new(request):
    """新增招商项目."""
    form = ProjectForm(request.POST or None)
    response = _save_view(
        request,
        form,
        lambda **data: services.project_create(by=request.user, **data),
        "portal:investment_projects",
        _("项目已保存，网站页面将自动更新。"),
    )
    return response or render(
        request, "portal/investment/office_form.html", {"form": form, "kind": "project"}
    )


@_manager_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk: int):
    """修改招商项目."""
    project = services.projects_visible_to(request.user).filter(pk=pk).first()
    if project is None:
        raise Http404
    if not services.can_edit(request.user, project):
        raise PermissionDenied
    form = ProjectForm(request.POST or None, instance=project)
    response = _save_view(
        request,
        form,
        lambda **data: services.project_update(project=project, by=request.user, **data),
        "portal:investment_projects",
        _("项目已保存，网站页面将自动更新。"),
    )
    return response or render(
        request,
        "portal/investment/office_form.html",
        {"form": form, "kind": "project", "obj": project, "history": _history(project)},
    )


def _history(obj) -> list:
    return list(obj.history.select_related("history_user").order_by("-history_date")[:20])


# --- back office: trade warnings --------------------------------------------------------------


@_manager_required
def warning_list(request):
    """外贸预警管理."""
    qs = services.warnings_visible_to(request.user)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "portal/investment/office_warnings.html", {"page": page})


@_manager_required
@require_http_methods(["GET", "POST"])
def warning_new(request):
    """发布外贸预警."""
    form = WarningForm(request.POST or None)
    response = _save_view(
        request,
        form,
        lambda **data: services.warning_create(by=request.user, **data),
        "portal:investment_warnings",
        _("外贸预警已保存，网站页面将自动更新。"),
    )
    return response or render(
        request, "portal/investment/office_form.html", {"form": form, "kind": "warning"}
    )


@_manager_required
@require_http_methods(["GET", "POST"])
def warning_edit(request, pk: int):
    """修改外贸预警."""
    warning: TradeWarning | None = services.warnings_visible_to(request.user).filter(pk=pk).first()
    if warning is None:
        raise Http404
    if not services.can_edit(request.user, warning):
        raise PermissionDenied
    form = WarningForm(request.POST or None, instance=warning)
    response = _save_view(
        request,
        form,
        lambda **data: services.warning_update(warning=warning, by=request.user, **data),
        "portal:investment_warnings",
        _("外贸预警已保存，网站页面将自动更新。"),
    )
    return response or render(
        request,
        "portal/investment/office_form.html",
        {"form": form, "kind": "warning", "obj": warning, "history": _history(warning)},
    )


# --- public: online consultation --------------------------------------------------------------


# A person types a consultation in minutes; a script posting faster is refused (429).
@ratelimit(key="ip", rate="5/m", method="POST", block=True)
@require_http_methods(["GET", "POST"])
def consult(request):
    """在线咨询 (dynamic, anonymous): the consultation becomes a 政民互动 咨询 case."""
    form = ConsultationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                case, code = services.consultation_submit(**form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                request.session[SESSION_REFERENCE] = {"number": case.number, "code": code}
                return redirect("portal:investment_consult_done")
        form.mark_errors()
        status = 400
    return render(request, "portal/investment/consult.html", {"form": form}, status=status)


def consult_done(request):
    """The case number and query code (once, from the session: nobody else sees them)."""
    data = request.session.pop(SESSION_REFERENCE, None)
    if not isinstance(data, dict):
        return redirect("portal:investment_consult")
    return render(request, "portal/investment/consult_done.html", data)
