"""办理统计: cases by department, category, channel and month, with timeliness and satisfaction.

Each dimension is one aggregate query whatever the number of cases (a case joins its ratings, so
case counts are distinct). Merged duplicates are counted with their parent, not on their own.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, TruncMonth

from ..constants import CaseStatus, Channel, Score
from ..models import Case

ANSWERED = Q(status__in=[CaseStatus.REPLIED, CaseStatus.CLOSED]) | Q(round=2)
ON_TIME = Q(clock__finished_on__isnull=False, clock__finished_on__lte=F("clock__due_date"))
GOOD = Q(ratings__score__in=[Score.SATISFIED, Score.BASIC])


@dataclass(frozen=True)
class StatRow:
    label: str
    total: int
    answered: int
    on_time: int
    rated: int
    good: int

    @property
    def on_time_rate(self) -> str:
        return f"{self.on_time * 100 / self.answered:.0f}%" if self.answered else "—"

    @property
    def satisfaction(self) -> str:
        return f"{self.good * 100 / self.rated:.0f}%" if self.rated else "—"


def _rows(group: str, since: datetime.date | None) -> list[dict]:
    qs = Case.objects.exclude(status=CaseStatus.MERGED)
    if since is not None:
        qs = qs.filter(received_at__date__gte=since)
    return list(
        qs.values(group)
        .annotate(
            total=Count("pk", distinct=True),
            answered=Count("pk", filter=ANSWERED, distinct=True),
            on_time=Count("pk", filter=ON_TIME, distinct=True),
            rated=Count("ratings", distinct=True),
            good=Count("ratings", filter=GOOD, distinct=True),
        )
        .order_by("-total", group)
    )


def _stat(label: str, row: dict) -> StatRow:
    return StatRow(
        label=label,
        total=row["total"],
        answered=row["answered"],
        on_time=row["on_time"],
        rated=row["rated"],
        good=row["good"],
    )


def statistics(since: datetime.date | None = None) -> dict[str, list[StatRow]]:
    """Four tables (by department, category, channel, month); five queries in all."""
    from platform_core.models import OrgUnit

    from ..models import Category

    by_department = _rows("department", since)
    by_category = [
        {**r, "category": r["top"]}
        for r in Case.objects.exclude(status=CaseStatus.MERGED)
        .filter(**({"received_at__date__gte": since} if since else {}))
        .annotate(top=Coalesce("category__parent", "category"))
        .values("top")
        .annotate(
            total=Count("pk", distinct=True),
            answered=Count("pk", filter=ANSWERED, distinct=True),
            on_time=Count("pk", filter=ON_TIME, distinct=True),
            rated=Count("ratings", distinct=True),
            good=Count("ratings", filter=GOOD, distinct=True),
        )
        .order_by("-total", "top")
    ]
    by_channel = _rows("channel", since)
    months = list(
        Case.objects.exclude(status=CaseStatus.MERGED)
        .filter(**({"received_at__date__gte": since} if since else {}))
        .annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(
            total=Count("pk", distinct=True),
            answered=Count("pk", filter=ANSWERED, distinct=True),
            on_time=Count("pk", filter=ON_TIME, distinct=True),
            rated=Count("ratings", distinct=True),
            good=Count("ratings", filter=GOOD, distinct=True),
        )
        .order_by("month")
    )
    units = dict(
        OrgUnit.objects.filter(
            pk__in=[r["department"] for r in by_department if r["department"]]
        ).values_list("pk", "name")
    )
    categories = dict(
        Category.objects.filter(pk__in=[r["category"] for r in by_category]).values_list(
            "pk", "name"
        )
    )
    return {
        "department": [_stat(units.get(r["department"], "（待交办）"), r) for r in by_department],
        "category": [_stat(categories.get(r["category"], "—"), r) for r in by_category],
        "channel": [_stat(str(Channel(r["channel"]).label), r) for r in by_channel],
        "month": [_stat(f"{r['month']:%Y-%m}", r) for r in months],
    }
