"""Audit browser (审计管理员): the login log and the change history. Read-only by design."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..decorators import office_permission_required
from ..forms.audit import ChangeFilterForm, LoginEventFilterForm
from ..selectors import audit as audit_selectors

PAGE_SIZE = 50
AUDIT_PERMISSION = "platform_core.view_audit"


def _filters(form) -> dict | None:
    """The form's filters (its fields are the selector's keyword arguments); None when invalid.

    An invalid filter (a bad date, an unknown kind) shows its message over an empty list, rather
    than silently listing everything under a filter the reader thinks applies.
    """
    if not form.is_bound:
        return {}
    return form.cleaned_data if form.is_valid() else None


@require_GET
@office_permission_required(AUDIT_PERMISSION)
def audit_logins(request):
    form = LoginEventFilterForm(request.GET or None)
    filters = _filters(form)
    events = audit_selectors.login_events(**filters) if filters is not None else []
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
    filters = _filters(form)
    feed = audit_selectors.ChangeFeed(**filters, registry=registry) if filters is not None else []
    page = Paginator(feed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "platform_core/audit/changes.html",
        {"form": form, "page": page, "tab": "changes"},
    )
