"""Working-day arithmetic for every statutory and promised time limit.

Pure functions: no database, no clock. The national calendar comes from `chinesecalendar`
(public holidays and the make-up working weekends, 调休); `overrides` maps a date to True (working
day) or False (day off) and wins over it. The library only knows 2004–2026: for other years a day
is a working day when it is Monday to Friday, unless an override says otherwise, so administrators
enter those years' holidays in the calendar table (`CalendarDay`) and nothing crashes meanwhile.

Counting follows 行政许可法 第八十二条: a time limit in working days starts on the day after the
starting event; `add_working_days(start, n)` is the n-th working day after `start`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

import chinese_calendar

Overrides = Mapping[datetime.date, bool]
_EMPTY: Overrides = {}


def _national_is_working_day(day: datetime.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the library does not know
        return day.weekday() < 5


def national_calendar_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(datetime.date(year, 7, 1))
    except NotImplementedError:
        return False
    return True


def is_working_day(day: datetime.date, *, overrides: Overrides | None = None) -> bool:
    overrides = overrides or _EMPTY
    if day in overrides:
        return overrides[day]
    return _national_is_working_day(day)


def add_working_days(
    start: datetime.date, days: int, *, overrides: Overrides | None = None
) -> datetime.date:
    """The `days`-th working day after `start` (before it when `days` is negative).

    `days == 0` gives `start` itself, working day or not.
    """
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    day = start
    while remaining:
        day += datetime.timedelta(days=step)
        if is_working_day(day, overrides=overrides):
            remaining -= 1
    return day


def working_days_between(
    start: datetime.date, end: datetime.date, *, overrides: Overrides | None = None
) -> int:
    """Working days after `start` up to and including `end` (negative when `end` < `start`).

    So `working_days_between(d, add_working_days(d, n)) == n` for every n.
    """
    if end < start:
        return -working_days_between(end, start, overrides=overrides)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, overrides=overrides):
            count += 1
    return count


def next_working_day(day: datetime.date, *, overrides: Overrides | None = None) -> datetime.date:
    """`day` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day, overrides=overrides):
        day += datetime.timedelta(days=1)
    return day
