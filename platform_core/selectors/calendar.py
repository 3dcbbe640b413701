"""The database side of the working-day calendar: administrators' overrides, cached."""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .. import workdays
from ..models import CalendarDay

_CACHE_KEY = "platform_core:calendar-overrides:v1"


def calendar_overrides() -> dict[datetime.date, bool]:
    """Every override as {date: is_working_day}: a small table, read once and cached."""
    overrides = cache.get(_CACHE_KEY)
    if overrides is None:
        overrides = dict(CalendarDay.objects.values_list("date", "is_working_day"))
        cache.set(_CACHE_KEY, overrides, timeout=3600)
    return overrides


@receiver([post_save, post_delete], sender=CalendarDay, dispatch_uid="calendar_overrides_bust")
def _bust(**kwargs) -> None:
    # Cache invalidation only (any writer: services, admin, fixtures); no business logic here.
    cache.delete(_CACHE_KEY)


def is_working_day(day: datetime.date) -> bool:
    return workdays.is_working_day(day, overrides=calendar_overrides())


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    return workdays.add_working_days(start, days, overrides=calendar_overrides())


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    return workdays.working_days_between(start, end, overrides=calendar_overrides())


def years_missing_holidays(years: list[int]) -> list[int]:
    """Years the national library does not know and no administrator has filled in yet."""
    missing = []
    for year in years:
        if workdays.national_calendar_knows(year):
            continue
        if not CalendarDay.objects.filter(date__year=year, is_working_day=False).exists():
            missing.append(year)
    return missing
