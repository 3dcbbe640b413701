from __future__ import annotations

import datetime

from django.utils import timezone

from .. import clock as clock_math
from ..models import CaseClock, ClockPolicy
from .calendar import calendar_overrides


def clock_policy(process: str) -> tuple[int, float | None]:
    policy = ClockPolicy.objects.filter(process=process).first()
    if policy is None:
        return 1, 0.8
    ratio = float(policy.due_soon_ratio) if policy.due_soon_ratio is not None else None
    return policy.due_soon_days, ratio


def clock_state(
    clock: CaseClock,
    *,
    today: datetime.date | None = None,
    overrides: dict | None = None,
    policy: tuple[int, float | None] | None = None,
) -> clock_math.ClockState:
    """Remaining time, due date and status of a clock, from the working-day calendar.

    A caller going through many clocks passes the calendar `overrides` and the `policy` it read
    once, so that each clock costs no query of its own beyond its pauses and extensions."""
    due_soon_days, due_soon_ratio = policy or clock_policy(clock.process)
    return clock_math.clock_state(
        start=clock.start_date,
        limit_days=clock.limit_days,
        today=today or timezone.localdate(),
        pauses=[clock_math.PauseSpan(p.start_date, p.end_date) for p in clock.pauses.all()],
        extension_days=sum(e.days for e in clock.extensions.all()),
        finished=clock.finished_on,
        due_soon_days=due_soon_days,
        due_soon_ratio=due_soon_ratio,
        overrides=calendar_overrides() if overrides is None else overrides,
    )
