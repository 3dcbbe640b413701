"""Audit browser (审计管理员): the login log and the change history. Read-only by design."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..decorators import office_permission_required
from ..forms.audit import ChangeFilterForm, LoginEventFilterForm
from ..selectors import audit as audit_selectors

PAGE_SIZE = 50
AUDIT_PERMISSION = "platform_core.view_audit"


def _filters(form) -> dict:
    # An invalid filter (a bad date, an unknown kind) shows its message and an empty filter,
    # rather than silently listing everything under a filter the reader thinks applies.
    if form.is_valid():
        return form.cleaned_data
    return {}


@require_GET
@office_permission_required(AUDIT_PERMISSION)
def audit_logins(request):
    form = LoginEventFilterForm(request.GET or None)
    filters = _filters(form) if form.is_bound else {}
    events = audit_selectors.login_events(
        user=filters.get("user", ""),
        kind=filters.get("kind", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    if form.is_bound and not form.is_valid():
        events = events.none()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "platform_core/audit/logins.html",
        {"form": form, "page": page, "tab": "logins"},
    )


@require_GET
@office_permission_required(AUDIT_PERMISSION)
def audit_changes(request):
    registry = audit_selectors.history_models()
    form = ChangeFilterForm(request.GET or None, kinds=audit_selectors.history_kinds(registry))
    filters = _filters(form) if form.is_bound else {}
    if form.is_bound and not form.is_valid():
        feed = []
    else:
        feed = audit_selectors.ChangeFeed(
            model=filters.get("model", ""),
            user=filters.get("user", ""),
            date_from=filters.get("date_from"),
            date_to=filters.get("date_to"),
            registry=registry,
        )
    page = Paginator(feed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "platform_core/audit/changes.html",
        {"form": form, "page": page, "tab": "changes"},
    )
