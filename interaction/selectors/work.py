"""Interaction work for the unified inbox (platform_core.inbox_sources).

- 分办交办: a new or returned case waits for the interaction office, by its triage deadline
  (two working days; 15 for a 信访 case, 信访工作条例 第三十二条).
- 办理答复: an assigned case waits for its department, by the case clock's due date.
- 审核答复: a submitted reply waits for the office's section heads and leaders, by the same date.

Each `count` and `items` is one query whatever the numbers (the office and the posts are read
once per request and kept on the user).
"""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platform_core.inbox_sources import WorkItem
from platform_core.models import User

from ..constants import CaseStatus
from ..models import Case
from .access import (
    HANDLER_ROLES,
    REVIEW_ROLES,
    handler_departments,
    is_office_reviewer,
    is_office_staff,
)

SUBSYSTEM = gettext_lazy("政民互动")


def _item(case: Case, action: str, due) -> WorkItem:
    return WorkItem(
        action=action,
        title=f"{case.get_kind_display()}：{case.title}（{case.number}）",
        link=reverse("interaction:case_detail", args=[case.number]),
        subsystem=str(SUBSYSTEM),
        due_date=due,
        received_at=case.received_at,
    )


def _triage(user: User) -> QuerySet[Case]:
    if not is_office_staff(user):
        return Case.objects.none()
    return Case.objects.filter(status__in=(CaseStatus.SUBMITTED, CaseStatus.RETURNED))


class TriageWork:
    key = "interaction.triage"
    label = gettext_lazy("待分办来件")

    def pending(self, user: User) -> QuerySet:
        return _triage(user)

    def items(self, user: User, limit: int) -> list[WorkItem]:
        rows = _triage(user).only("number", "kind", "title", "received_at", "triage_due")
        rows = rows.order_by("triage_due", "pk")[:limit]
        return [_item(c, _("分办交办"), c.triage_due) for c in rows]


def _handle(user: User) -> QuerySet[Case]:
    return Case.objects.filter(status=CaseStatus.ASSIGNED, department__in=handler_departments(user))


class HandleWork:
    key = "interaction.handle"
    label = gettext_lazy("待办理来件")
    roles = frozenset(HANDLER_ROLES)

    def pending(self, user: User) -> QuerySet:
        return _handle(user)

    def items(self, user: User, limit: int) -> list[WorkItem]:
        rows = (
            _handle(user)
            .select_related("clock")
            .only("number", "kind", "title", "received_at", "clock__due_date")
            .order_by(F("clock__due_date").asc(nulls_last=True), "pk")[:limit]
        )
        return [_item(c, _("办理答复"), c.clock.due_date if c.clock_id else None) for c in rows]


def _review(user: User) -> QuerySet[Case]:
    if not is_office_reviewer(user):
        return Case.objects.none()
    return Case.objects.filter(status=CaseStatus.REVIEW)


class ReviewWork:
    key = "interaction.review"
    label = gettext_lazy("待审核答复")
    roles = frozenset(REVIEW_ROLES)

    def pending(self, user: User) -> QuerySet:
        return _review(user)

    def items(self, user: User, limit: int) -> list[WorkItem]:
        rows = (
            _review(user)
            .select_related("clock")
            .only("number", "kind", "title", "received_at", "clock__due_date")
            .order_by(F("clock__due_date").asc(nulls_last=True), "pk")[:limit]
        )
        return [_item(c, _("审核答复"), c.clock.due_date if c.clock_id else None) for c in rows]
