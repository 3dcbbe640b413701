"""The case clock: one deadline engine for every subsystem (pure computation).

A clock starts on a date with a limit in working days. Pauses (awaiting the applicant's
correction, a hearing, expert review, testing, a fee …) stop it: the working days after the day a
pause begins, up to and including the day it ends, do not count. Extensions add working days.
Counting starts the day after the start (行政许可法 第八十二条). No database and no clock inside:
the caller passes `today` and the calendar overrides.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from . import workdays


class Status:
    NORMAL = "normal"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    PAUSED = "paused"
    FINISHED = "finished"
    FINISHED_LATE = "finished_late"


@dataclass(frozen=True)
class PauseSpan:
    start: datetime.date
    end: datetime.date | None = None  # None: still paused

    def covers(self, day: datetime.date) -> bool:
        return day > self.start and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class ClockState:
    limit: int  # working days allowed, extensions included
    used: int  # working days counted so far
    remaining: int  # may be negative when overdue
    due_date: datetime.date | None  # None while paused (unknown until it resumes)
    status: str
    paused_days: int  # working days that did not count because of pauses


def _counts(day, pauses, overrides) -> bool:
    return workdays.is_working_day(day, overrides=overrides) and not any(
        p.covers(day) for p in pauses
    )


def clock_state(
    *,
    start: datetime.date,
    limit_days: int,
    today: datetime.date,
    pauses: Sequence[PauseSpan] = (),
    extension_days: int = 0,
    finished: datetime.date | None = None,
    due_soon_days: int = 1,
    due_soon_ratio: float | None = 0.8,
    overrides: workdays.Overrides | None = None,
) -> ClockState:
    """The clock as it stands on `today` (or on `finished`, once the case has ended).

    Due soon: `due_soon_days` or fewer working days remain, or `due_soon_ratio` of the limit is
    used (e.g. 0.8 → the yellow card at 80 % of the promised time).
    """
    limit = limit_days + extension_days
    until = min(today, finished) if finished else today
    used = paused = 0
    day = start
    while day < until:
        day += datetime.timedelta(days=1)
        if not workdays.is_working_day(day, overrides=overrides):
            continue
        if any(p.covers(day) for p in pauses):
            paused += 1
        else:
            used += 1
    open_pause = any(p.end is None for p in pauses)
    due_date = None
    if not open_pause:
        # Walk forward from the start until `limit` counted days have passed.
        count, day = 0, start
        while count < limit:
            day += datetime.timedelta(days=1)
            if _counts(day, pauses, overrides):
                count += 1
        due_date = day
    remaining = limit - used
    if finished:
        status = Status.FINISHED if remaining >= 0 else Status.FINISHED_LATE
    elif open_pause:
        status = Status.PAUSED
    elif due_date is not None and today > due_date:
        status = Status.OVERDUE
    elif remaining <= due_soon_days or (
        due_soon_ratio is not None and limit > 0 and used >= limit * due_soon_ratio
    ):
        status = Status.DUE_SOON
    else:
        status = Status.NORMAL
    return ClockState(
        limit=limit,
        used=used,
        remaining=remaining,
        due_date=due_date,
        status=status,
        paused_days=paused,
    )
