"""The unified to-do inbox (待办事宜): tabs per kind with counts, filters, batch actions.

Every list and count comes from `selectors.inbox`, which already restricts it to the person's own
tasks, their delegators' and the offers to their posts: nothing here filters by permission.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from ..decorators import office_login_required
from ..forms.inbox import InboxFilterForm
from ..http import safe_local_url
from ..inbox_sources import work_by_type, work_items
from ..models import ReadingItem
from ..selectors.inbox import (
    FILTERS_BY_KIND,
    TASK_KINDS,
    Kind,
    deadline_window,
    inbox_counts,
    inbox_list,
    process_choices,
    request_viewer,
    task_rows,
)
from ..services.inbox import ClaimUnavailable, claim_available, inbox_claim, reading_mark_read

PAGE_SIZE = 20
MAX_BATCH = 200  # one page is 20; more than this in one POST is not a person clicking


def _kind(value: str | None) -> str:
    return value if value in Kind.values else Kind.TODO


@require_GET
@office_login_required
def inbox(request):
    """待办事宜: one page per kind, in a constant number of queries whatever the numbers."""
    kind = _kind(request.GET.get("kind"))
    window = deadline_window()
    viewer = request_viewer(request.user)
    counts = inbox_counts(viewer, request.user)
    needs_processes = "process" in FILTERS_BY_KIND[kind]
    form = InboxFilterForm(
        request.GET,
        kind=kind,
        process_choices=process_choices() if needs_processes else None,
    )
    form.is_valid()  # errors are shown; the valid filters still apply
    paginator = Paginator(inbox_list(viewer, kind, form.filters(), window), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = (
        task_rows(page.object_list, viewer, window)
        if kind in TASK_KINDS
        else list(page.object_list)
    )
    tabs = [{"code": k.value, "label": k.label, "count": counts[k]} for k in Kind]
    return render(
        request,
        "platform_core/inbox/inbox.html",
        {
            "kind": kind,
            "kind_label": Kind(kind).label,
            "tabs": tabs,
            "form": form,
            "page": page,
            "rows": rows,
            "today": window.today,
            "can_claim": kind == Kind.TODO and claim_available(),
            # Work that is not a route task (an application to accept, a decision to deliver):
            # shown above the tasks, on the first page of the 待办 tab.
            "work": [
                {"item": item, "deadline": window.status(item.due_date)}
                for item in (
                    work_items(request.user) if kind == Kind.TODO and page.number == 1 else []
                )
            ],
            # 待办 by document type (发文, 收文, 传阅, 会议通知…), from the counts already read.
            "work_types": work_by_type(request.user) if kind == Kind.TODO else [],
            "has_unclaimed": any(getattr(r, "unclaimed", False) for r in rows),
        },
    )


def _selected_ids(request) -> list[int]:
    values = request.POST.getlist("ids")[:MAX_BATCH]
    return [int(v) for v in values if v.isdigit()]


def _back(request, kind: str):
    target = safe_local_url(request, request.POST.get("next"))
    return redirect(target or f"{reverse('platform_core:inbox')}?kind={kind}")


@require_POST
@office_login_required
def inbox_mark_read(request):
    """批量标为已阅。"""
    ids = _selected_ids(request)
    if not ids:
        messages.error(request, _("请先勾选要标为已阅的事项。"))
        return _back(request, Kind.TO_READ)
    count = reading_mark_read(user=request.user, ids=ids)
    if count:
        messages.success(
            request,
            ngettext("已将%(count)d项标为已阅。", "已将%(count)d项标为已阅。", count)
            % {"count": count},
        )
    else:
        messages.info(request, _("所选事项均已阅读。"))
    return _back(request, Kind.TO_READ)


@require_POST
@office_login_required
def inbox_claim_selected(request):
    """批量认领待认领的待办。"""
    ids = _selected_ids(request)
    if not ids:
        messages.error(request, _("请先勾选要认领的待办。"))
        return _back(request, Kind.TODO)
    try:
        result = inbox_claim(user=request.user, viewer=request_viewer(request.user), task_ids=ids)
    except ClaimUnavailable:
        messages.error(request, _("流程引擎暂不支持认领，请稍后再试。"))
        return _back(request, Kind.TODO)
    if result.claimed:
        messages.success(
            request,
            ngettext("已认领%(count)d件待办。", "已认领%(count)d件待办。", len(result.claimed))
            % {"count": len(result.claimed)},
        )
    for info, reason in result.refused:
        messages.warning(
            request,
            _("“%(title)s”未能认领：%(reason)s") % {"title": info.title, "reason": reason},
        )
    if result.not_offered:
        messages.warning(
            request,
            _("%(count)d件待办已被他人认领或不属于您的岗位，未认领。")
            % {"count": result.not_offered},
        )
    return _back(request, Kind.TODO)


@require_GET
@office_login_required
def reading_open(request, pk: int):
    """打开一条待阅：记为已阅，再转到它的页面（仅限本站地址）。

    A GET that records reading, as opening a letter does: it changes nothing but `read_at`.
    """
    item = get_object_or_404(ReadingItem, pk=pk, recipient=request.user)
    reading_mark_read(user=request.user, ids=[item.pk])
    target = safe_local_url(request, item.link)
    return redirect(target or f"{reverse('platform_core:inbox')}?kind={Kind.READ}")
