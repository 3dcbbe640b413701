"""The working-day calendar against the State Council's 2025 and 2026 holiday notices."""

import datetime

import pytest

from platform_core import workdays
from platform_core.models import CalendarDay
from platform_core.selectors import calendar as db_calendar

D = datetime.date.fromisoformat

# (date, is a working day): holidays, make-up working weekends (调休) and ordinary days.
REAL_DAYS = [
    ("2025-01-01", False),  # 元旦
    ("2025-01-26", True),  # 春节调休上班 (Sunday)
    ("2025-01-28", False),  # 春节 28 Jan – 4 Feb
    ("2025-02-04", False),
    ("2025-02-05", True),
    ("2025-02-08", True),  # 春节调休上班 (Saturday)
    ("2025-04-04", False),  # 清明
    ("2025-04-27", True),  # 劳动节调休上班 (Sunday)
    ("2025-05-05", False),  # 劳动节 1–5 May
    ("2025-06-02", False),  # 端午
    ("2025-09-28", True),  # 国庆调休上班 (Sunday)
    ("2025-10-08", False),  # 国庆中秋 1–8 Oct
    ("2025-10-11", True),  # 国庆调休上班 (Saturday)
    ("2026-01-02", False),  # 元旦 1–3 Jan
    ("2026-01-04", True),  # 元旦调休上班 (Sunday)
    ("2026-02-14", True),  # 春节调休上班 (Saturday)
    ("2026-02-16", False),  # 春节 15–23 Feb
    ("2026-02-23", False),
    ("2026-02-24", True),
    ("2026-02-28", True),  # 春节调休上班 (Saturday)
    ("2026-05-05", False),  # 劳动节
    ("2026-05-09", True),  # 劳动节调休上班 (Saturday)
    ("2026-06-19", False),  # 端午
    ("2026-09-20", True),  # 国庆调休上班 (Sunday)
    ("2026-09-25", False),  # 中秋
    ("2026-10-07", False),  # 国庆 1–7 Oct
    ("2026-10-10", True),  # 国庆调休上班 (Saturday)
    ("2026-10-11", False),  # an ordinary Sunday
    ("2026-11-25", True),  # an ordinary Wednesday
]


@pytest.mark.parametrize("day,working", REAL_DAYS)
def test_real_holidays_and_makeup_days(day, working):
    assert workdays.is_working_day(D(day)) is working


@pytest.mark.parametrize(
    "start,days,expected",
    [
        # Received on the last working day before National Day 2026: the 5 working days run
        # 8, 9, 10 (make-up Saturday), 12, 13 October.
        ("2026-09-30", 5, "2026-10-13"),
        # Across the 2026 Spring Festival: 14 Feb (Sat) is a make-up working day.
        ("2026-02-13", 1, "2026-02-14"),
        ("2026-02-13", 2, "2026-02-24"),
        # 20 working days from 1 Sep 2025 cross the make-up Sunday of 28 Sep.
        ("2025-09-01", 20, "2025-09-28"),
        # Zero days is the start itself; negative counts go backwards.
        ("2026-10-03", 0, "2026-10-03"),
        ("2026-10-09", -2, "2026-09-30"),  # 8 Oct, then 30 Sep
    ],
)
def test_add_working_days(start, days, expected):
    assert workdays.add_working_days(D(start), days) == D(expected)


@pytest.mark.parametrize(
    "start,end,expected",
    [
        ("2026-09-30", "2026-10-13", 5),
        ("2026-10-01", "2026-10-07", 0),  # the whole holiday
        ("2026-10-07", "2026-10-10", 3),  # 8, 9 and the make-up Saturday 10
        ("2026-10-13", "2026-09-30", -5),
        ("2026-11-25", "2026-11-25", 0),
    ],
)
def test_working_days_between(start, end, expected):
    assert workdays.working_days_between(D(start), D(end)) == expected


def test_between_is_inverse_of_add():
    start = D("2025-12-20")
    for n in range(0, 60):
        assert workdays.working_days_between(start, workdays.add_working_days(start, n)) == n


def test_unknown_year_falls_back_to_weekdays_without_crashing():
    assert workdays.national_calendar_knows(2026)
    assert not workdays.national_calendar_knows(2027)
    assert workdays.is_working_day(D("2027-01-04"))  # Monday
    assert not workdays.is_working_day(D("2027-01-09"))  # Saturday
    assert workdays.add_working_days(D("2026-12-31"), 2) == D("2027-01-04")


def test_overrides_win_over_the_national_calendar():
    overrides = {D("2027-01-01"): False, D("2027-01-02"): True, D("2026-10-12"): False}
    assert not workdays.is_working_day(D("2027-01-01"), overrides=overrides)
    assert workdays.is_working_day(D("2027-01-02"), overrides=overrides)  # a Saturday
    # A local override inside the library's years too (e.g. a county-wide day off).
    assert workdays.add_working_days(D("2026-09-30"), 5, overrides=overrides) == D("2026-10-14")


@pytest.mark.django_db
def test_database_overrides_are_used_and_cache_is_refreshed():
    assert db_calendar.add_working_days(D("2026-12-31"), 1) == D("2027-01-01")
    assert db_calendar.years_missing_holidays([2026, 2027]) == [2027]
    CalendarDay.objects.create(date=D("2027-01-01"), is_working_day=False, name="元旦")
    assert db_calendar.add_working_days(D("2026-12-31"), 1) == D("2027-01-04")
    assert db_calendar.years_missing_holidays([2027]) == []
    assert not db_calendar.is_working_day(D("2027-01-01"))
    assert db_calendar.working_days_between(D("2026-12-31"), D("2027-01-04")) == 1
