"""Licensing work that is not a route task, for the unified inbox (platform_core.inbox_sources).

- 受理审查: an application submitted online (or resubmitted after 补正) waits for a window clerk
  (窗口受理员) of its department, by its acceptance deadline (five working days, 第三十二条).
- 作出许可决定: once the review route has ended, the application waits for a leader (分管领导) of
  its department to grant or refuse it on the handling page, by the case clock's due date. The
  decision is not a route step: the route is the review (审查, 审核); the decision form is where
  the leader takes it, and the inbox leads there.
- 送达决定书: a decision taken and not yet delivered waits for the department's window clerks,
  within ten days of the decision (第四十四条).

Each `count` and `items` is one query whatever the numbers: the departments come in as a subquery.
"""

from __future__ import annotations

import datetime

from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approval.constants import AppStatus
from approval.models import Application
from approval.selectors.applications import departments_query
from approval.selectors.catalogue import reviews_to_do
from approval.selectors.decision import review_finished_q
from platform_core.constants import RoleCode
from platform_core.inbox_sources import WorkItem
from platform_core.models import User

DELIVERY_DAYS = 10  # 行政许可法第四十四条: 自作出决定之日起十日内颁发、送达


def _window_applications(user: User, status) -> QuerySet[Application]:
    departments = departments_query(user, roles=(RoleCode.WINDOW_CLERK,))
    statuses = status if isinstance(status, tuple) else (status,)
    return Application.objects.filter(status__in=statuses, department__in=departments)


class AcceptanceWork:
    key = "approval.acceptance"
    label = gettext_lazy("待受理申请")
    roles = frozenset({RoleCode.WINDOW_CLERK})

    def pending(self, user: User) -> QuerySet:
        return _window_applications(user, AppStatus.SUBMITTED)

    def items(self, user: User, limit: int) -> list[WorkItem]:
        rows = (
            _window_applications(user, AppStatus.SUBMITTED)
            .select_related("item")
            .only("number", "applicant_name", "accept_due", "received_at", "item__name")
            .order_by(F("accept_due").asc(nulls_last=True), "pk")[:limit]
        )
        return [
            WorkItem(
                action=_("受理审查"),
                title=f"{a.item.name}（{a.number}，{a.applicant_name}）",
                link=reverse("approval:office_detail", args=[a.number]),
                subsystem=_("网上审批"),
                due_date=a.accept_due,
                received_at=a.received_at,
            )
            for a in rows
        ]


def _to_decide(user: User) -> QuerySet[Application]:
    departments = departments_query(user, roles=(RoleCode.LEADER,))
    ready = Q(status=AppStatus.DECIDING) | (Q(status=AppStatus.ACCEPTED) & review_finished_q())
    return Application.objects.filter(ready, department__in=departments)


class DecisionWork:
    key = "approval.decision"
    label = gettext_lazy("待作出许可决定")
    roles = frozenset({RoleCode.LEADER})

    def pending(self, user: User) -> QuerySet:
        return _to_decide(user)

    def items(self, user: User, limit: int) -> list[WorkItem]:
        rows = (
            _to_decide(user)
            .select_related("item", "clock")
            .only("number", "applicant_name", "received_at", "item__name", "clock__due_date")
            .order_by(F("clock__due_date").asc(nulls_last=True), "pk")[:limit]
        )
        return [
            WorkItem(
                action=_("作出许可决定"),
                title=f"{a.item.name}（{a.number}，{a.applicant_name}）",
                link=reverse("approval:handling_detail", args=[a.number]),
                subsystem=_("网上审批"),
                due_date=a.clock.due_date if a.clock_id else None,
                received_at=a.received_at,
            )
            for a in rows
        ]


class DeliveryWork:
    key = "approval.delivery"
    label = gettext_lazy("待送达决定书")

    def pending(self, user: User) -> QuerySet:
        return _window_applications(user, (AppStatus.GRANTED, AppStatus.REFUSED))

    def items(self, user: User, limit: int) -> list[WorkItem]:
        rows = (
            _window_applications(user, (AppStatus.GRANTED, AppStatus.REFUSED))
            .select_related("item", "decision")
            .only("number", "applicant_name", "item__name", "decision__decided_at")
            .order_by("decision__decided_at", "pk")[:limit]
        )
        items = []
        for a in rows:
            decided = getattr(a, "decision", None)
            due = None
            if decided is not None and decided.decided_at:
                day = timezone.localdate(decided.decided_at)
                due = day + datetime.timedelta(days=DELIVERY_DAYS)
            items.append(
                WorkItem(
                    action=_("送达决定书"),
                    title=f"{a.item.name}（{a.number}，{a.applicant_name}）",
                    link=reverse("approval:handling_detail", args=[a.number]),
                    subsystem=_("网上审批"),
                    due_date=due,
                    received_at=decided.decided_at if decided is not None else None,
                )
            )
        return items


class ItemReviewWork:
    """审核事项发布: a licensing item draft submitted for publication waits for a leader
    (分管领导) of its department, by its review clock's due date."""

    key = "approval.item_review"
    label = gettext_lazy("待审核事项发布")

    def pending(self, user: User) -> QuerySet:
        return reviews_to_do(user)

    def items(self, user: User, limit: int) -> list[WorkItem]:
        rows = (
            reviews_to_do(user)
            .select_related("item", "clock")
            .only("submitted_at", "item__name", "item__code", "item__version", "clock__due_date")
            .order_by(F("clock__due_date").asc(nulls_last=True), "pk")[:limit]
        )
        return [
            WorkItem(
                action=_("审核事项发布"),
                title=f"{r.item.name}（{r.item.code} 第{r.item.version}版）",
                link=reverse("approval:item_review", args=[r.pk]),
                subsystem=_("网上审批"),
                due_date=r.clock.due_date if r.clock_id else None,
                received_at=r.submitted_at,
            )
            for r in rows
        ]
