"""Reads of the supervision dashboard: counts, cards by department, daily series, drill-down.

Everything starts from `applications_visible_to(user)`, so a leader sees the departments in their
scope and a supervisor (global scope) the whole county. Each function is a fixed number of
aggregate queries, whatever the number of cases: the dashboard must stay fast as the years fill up.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approval.constants import CLOCK_PROCESS
from approval.models import Application
from approval.models.supervision import CardColor, SupervisionCard
from approval.selectors.applications import applications_visible_to
from platform_core.models import User
from platform_core.selectors.calendar import add_working_days
from platform_core.selectors.clock import clock_policy

CHART_DAYS = 30

METRICS = {
    "received_today": _("今日收件"),
    "received_month": _("本月收件"),
    "in_progress": _("在办"),
    "concluded_today": _("今日办结"),
    "concluded_month": _("本月办结"),
    "due_soon": _("即将到期"),
    "overdue": _("已超期"),
    "cards": _("未处理亮牌"),
}


@dataclass(frozen=True)
class Period:
    today: datetime.date
    day_start: datetime.datetime
    month_first: datetime.date
    month_start: datetime.datetime
    soon_until: datetime.date


def period(today: datetime.date | None = None) -> Period:
    today = today or timezone.localdate()
    month_first = today.replace(day=1)
    due_soon_days, _ratio = clock_policy(CLOCK_PROCESS)

    def start(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    return Period(
        today=today,
        day_start=start(today),
        month_first=month_first,
        month_start=start(month_first),
        soon_until=add_working_days(today, due_soon_days),
    )


def _open() -> Q:
    # Running = the case clock runs (from receipt until conclusion or refusal), whatever the status.
    return Q(clock__isnull=False, clock__finished_on__isnull=True)


def metric_filters(p: Period) -> dict[str, Q]:
    # Due soon / overdue read the clock's denormalised due date (kept under a row lock by the
    # clock services), so they are SQL filters; a paused clock has no due date: neither.
    running = _open() & Q(clock__is_paused=False, clock__due_date__isnull=False)
    return {
        "received_today": Q(received_at__gte=p.day_start),
        "received_month": Q(received_at__gte=p.month_start),
        "in_progress": _open(),
        "concluded_today": Q(clock__finished_on=p.today),
        "concluded_month": Q(clock__finished_on__gte=p.month_first),
        "due_soon": running & Q(clock__due_date__gte=p.today, clock__due_date__lte=p.soon_until),
        "overdue": running & Q(clock__due_date__lt=p.today),
        "cards": Q(cards__cleared_at__isnull=True, cards__isnull=False),
    }


def _cards_visible(user: User) -> QuerySet[SupervisionCard]:
    return SupervisionCard.objects.filter(
        application__in=applications_visible_to(user).order_by().values("pk")
    )


def counts(user: User, p: Period) -> dict[str, int]:
    """One aggregate query for the case counts, one for the open cards."""
    filters = metric_filters(p)
    rows = applications_visible_to(user).order_by()
    result = rows.aggregate(
        **{k: Count("id", filter=q) for k, q in filters.items() if k != "cards"}
    )
    open_cards = _cards_visible(user).filter(cleared_at__isnull=True)
    card_counts = open_cards.aggregate(
        red=Count("id", filter=Q(color=CardColor.RED)),
        yellow=Count("id", filter=Q(color=CardColor.YELLOW)),
    )
    result["cards"] = card_counts["red"] + card_counts["yellow"]
    result["red_cards"] = card_counts["red"]
    result["yellow_cards"] = card_counts["yellow"]
    return result


def cards_by_department(user: User) -> list[dict]:
    return list(
        _cards_visible(user)
        .values("department_id", "department__name")
        .annotate(
            red=Count("id", filter=Q(color=CardColor.RED, cleared_at__isnull=True)),
            yellow=Count("id", filter=Q(color=CardColor.YELLOW, cleared_at__isnull=True)),
            cleared=Count("id", filter=Q(cleared_at__isnull=False)),
        )
        .order_by("-red", "-yellow", "department__name")
    )


def daily_series(user: User, p: Period, days: int = CHART_DAYS) -> dict:
    """Received, concluded and cards fired per day over the last `days` days (three queries)."""
    first = p.today - datetime.timedelta(days=days - 1)
    dates = [first + datetime.timedelta(days=i) for i in range(days)]
    rows = applications_visible_to(user).order_by()
    received = dict(
        rows.filter(received_at__date__gte=first)
        .annotate(day=TruncDate("received_at"))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    concluded = dict(
        rows.filter(clock__finished_on__gte=first)
        .values("clock__finished_on")
        .annotate(n=Count("id"))
        .values_list("clock__finished_on", "n")
    )
    fired = dict(
        _cards_visible(user)
        .filter(fired_at__date__gte=first)
        .annotate(day=TruncDate("fired_at"))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    return {
        "dates": dates,
        "series": [
            ("received", str(_("收件")), [received.get(d, 0) for d in dates]),
            ("concluded", str(_("办结")), [concluded.get(d, 0) for d in dates]),
            ("cards", str(_("亮牌")), [fired.get(d, 0) for d in dates]),
        ],
    }


def case_list(
    user: User, p: Period, *, metric: str = "", department_id: int | None = None
) -> QuerySet[Application]:
    """The cases behind one dashboard number (drill-down), newest first."""
    rows = applications_visible_to(user).select_related("clock")
    filters = metric_filters(p)
    if metric in filters:
        rows = rows.filter(filters[metric])
    if department_id:
        rows = rows.filter(department_id=department_id)
    return rows.distinct().order_by("-received_at", "-id")
