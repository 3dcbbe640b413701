"""办理统计: cases by department, category, kind, channel, state and month, with timeliness and
satisfaction.

Each table is one aggregate query whatever the number of cases (a case joins its ratings, so
case counts are distinct), and each ends with a 合计 row summed from its rows: the groups of a
table split the same cases, so every table's 合计 is the same. Merged duplicates are counted with
their parent, not on their own.

- 已答复: the case's current round is answered (已答复 or 已办结). A case reopened after a 不满意
  rating is in handling again until its second answer, on its new clock.
- 按期 / 超期答复: answered on or before / after its clock's due date (已答复 = 按期 + 超期).
- 超期未答复: not answered and its clock's due date has passed (a paused clock is not overdue).
- 评议 / 满意及基本满意: ratings (a reopened case may have two), not cases.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from ..constants import CaseStatus, Channel, Kind, Score
from ..models import Case

ANSWERED_STATUSES = (CaseStatus.REPLIED, CaseStatus.CLOSED)
ANSWERED = Q(status__in=ANSWERED_STATUSES)
ON_TIME = ANSWERED & Q(
    clock__finished_on__isnull=False, clock__finished_on__lte=F("clock__due_date")
)
LATE = ANSWERED & Q(clock__finished_on__isnull=False, clock__finished_on__gt=F("clock__due_date"))
GOOD = Q(ratings__score__in=[Score.SATISFIED, Score.BASIC])


def _overdue(today: datetime.date) -> Q:
    return ~ANSWERED & Q(clock__finished_on__isnull=True, clock__due_date__lt=today)


@dataclass(frozen=True)
class StatRow:
    label: str
    total: int
    answered: int
    on_time: int
    late: int
    overdue: int
    rated: int
    good: int

    @property
    def open(self) -> int:
        """Not (yet, or not again) answered: waiting for triage, in handling or in review."""
        return self.total - self.answered

    @property
    def on_time_rate(self) -> str:
        return f"{self.on_time * 100 / self.answered:.0f}%" if self.answered else "—"

    @property
    def satisfaction(self) -> str:
        return f"{self.good * 100 / self.rated:.0f}%" if self.rated else "—"

    def cells(self) -> list:
        """The columns of STAT_HEADERS (views/office.py), for the page and the Excel sheet."""
        return [
            self.total,
            self.answered,
            self.open,
            self.on_time,
            self.late,
            self.overdue,
            self.on_time_rate,
            self.rated,
            self.good,
            self.satisfaction,
        ]


FIELDS = ("total", "answered", "on_time", "late", "overdue", "rated", "good")
TOTAL_LABEL = "合计"


def _counted(qs: QuerySet, group: str, today: datetime.date) -> list[dict]:
    return list(
        qs.values(group)
        .annotate(
            total=Count("pk", distinct=True),
            answered=Count("pk", filter=ANSWERED, distinct=True),
            on_time=Count("pk", filter=ON_TIME, distinct=True),
            late=Count("pk", filter=LATE, distinct=True),
            overdue=Count("pk", filter=_overdue(today), distinct=True),
            rated=Count("ratings", distinct=True),
            good=Count("ratings", filter=GOOD, distinct=True),
        )
        .order_by("-total", group)
    )


def _stat(label: str, row: dict) -> StatRow:
    return StatRow(label=label, **{f: row[f] for f in FIELDS})


def _with_total(rows: list[StatRow]) -> list[StatRow]:
    total = StatRow(TOTAL_LABEL, **{f: sum(getattr(r, f) for r in rows) for f in FIELDS})
    return [*rows, total] if rows else []


def statistics(
    since: datetime.date | None = None, today: datetime.date | None = None
) -> dict[str, list[StatRow]]:
    """Six tables (by department, category, kind, channel, state, month), each ending with its
    合计 row; eight queries in all."""
    from platform_core.models import OrgUnit

    from ..models import Category

    today = today or timezone.localdate()
    cases = Case.objects.exclude(status=CaseStatus.MERGED)
    if since is not None:
        cases = cases.filter(received_at__date__gte=since)
    by_department = _counted(cases, "department", today)
    by_category = _counted(
        cases.annotate(top=Coalesce("category__parent", "category")), "top", today
    )
    by_kind = _counted(cases, "kind", today)
    by_channel = _counted(cases, "channel", today)
    by_status = _counted(cases, "status", today)
    months = sorted(
        _counted(cases.annotate(month=TruncMonth("received_at")), "month", today),
        key=lambda r: r["month"],
    )
    units = dict(
        OrgUnit.objects.filter(
            pk__in=[r["department"] for r in by_department if r["department"]]
        ).values_list("pk", "name")
    )
    categories = dict(
        Category.objects.filter(pk__in=[r["top"] for r in by_category]).values_list("pk", "name")
    )
    order = {s: n for n, s in enumerate(CaseStatus.values)}
    by_status.sort(key=lambda r: order.get(r["status"], len(order)))
    return {
        "department": _with_total(
            [_stat(units.get(r["department"], "（待交办）"), r) for r in by_department]
        ),
        "category": _with_total([_stat(categories.get(r["top"], "—"), r) for r in by_category]),
        "kind": _with_total([_stat(str(Kind(r["kind"]).label), r) for r in by_kind]),
        "channel": _with_total([_stat(str(Channel(r["channel"]).label), r) for r in by_channel]),
        "status": _with_total([_stat(str(CaseStatus(r["status"]).label), r) for r in by_status]),
        "month": _with_total([_stat(f"{r['month']:%Y-%m}", r) for r in months]),
    }
