"""Writes to case clocks. Each change re-derives the denormalised due date under a row lock."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import clock as clock_math
from ..models import CaseClock, ClockExtension, ClockPause, User
from ..selectors.calendar import calendar_overrides


def _locked(clock: CaseClock) -> CaseClock:
    return CaseClock.objects.select_for_update().get(pk=clock.pk)


def _rederive(clock: CaseClock) -> CaseClock:
    pauses = [clock_math.PauseSpan(p.start_date, p.end_date) for p in clock.pauses.all()]
    state = clock_math.clock_state(
        start=clock.start_date,
        limit_days=clock.limit_days,
        today=timezone.localdate(),
        pauses=pauses,
        extension_days=sum(e.days for e in clock.extensions.all()),
        finished=clock.finished_on,
        overrides=calendar_overrides(),
    )
    clock.due_date = state.due_date
    clock.is_paused = any(p.end is None for p in pauses)
    clock.save(update_fields=["due_date", "is_paused"])
    return clock


def clock_start(
    *, process: str, limit_days: int, start_date: datetime.date | None = None, subject: str = ""
) -> CaseClock:
    """开始计时。Start a clock; counting begins the working day after `start_date`."""
    with transaction.atomic():
        clock = CaseClock.objects.create(
            process=process,
            subject=subject[:200],
            start_date=start_date or timezone.localdate(),
            limit_days=limit_days,
        )
        return _rederive(clock)


def clock_pause(
    *,
    clock: CaseClock,
    reason: str,
    by: User | None,
    on: datetime.date | None = None,
    note: str = "",
) -> ClockPause:
    """暂停计时（补正、听证、专家评审、检验检测等特别程序）。"""
    with transaction.atomic():
        clock = _locked(clock)
        if clock.finished_on:
            raise ValidationError(_("已办结的事项不能暂停计时。"))
        if clock.pauses.filter(end_date__isnull=True).exists():
            raise ValidationError(_("该事项已处于暂停状态。"))
        pause = ClockPause.objects.create(
            clock=clock,
            reason=reason,
            note=note,
            started_by=by,
            start_date=on or timezone.localdate(),
        )
        _rederive(clock)
        return pause


def clock_resume(*, clock: CaseClock, on: datetime.date | None = None) -> ClockPause:
    """恢复计时。The day `on` still does not count; counting resumes the day after."""
    with transaction.atomic():
        clock = _locked(clock)
        pause = clock.pauses.filter(end_date__isnull=True).first()
        if pause is None:
            raise ValidationError(_("该事项未处于暂停状态。"))
        end = on or timezone.localdate()
        if end < pause.start_date:
            raise ValidationError(_("恢复日期不能早于暂停日期。"))
        pause.end_date = end
        pause.save(update_fields=["end_date"])
        _rederive(clock)
        return pause


def clock_extend(*, clock: CaseClock, days: int, reason: str, approved_by: User) -> ClockExtension:
    """延长办理时限（须经批准，记录批准人和理由）。"""
    if days <= 0:
        raise ValidationError(_("延长天数须为正数。"))
    if not reason.strip():
        raise ValidationError(_("请填写延期理由。"))
    with transaction.atomic():
        clock = _locked(clock)
        if clock.finished_on:
            raise ValidationError(_("已办结的事项不能延期。"))
        extension = ClockExtension.objects.create(
            clock=clock, days=days, reason=reason, approved_by=approved_by
        )
        _rederive(clock)
        return extension


def clock_finish(*, clock: CaseClock, on: datetime.date | None = None) -> CaseClock:
    """办结，停止计时。"""
    with transaction.atomic():
        clock = _locked(clock)
        open_pause = clock.pauses.filter(end_date__isnull=True).first()
        finished = on or timezone.localdate()
        if open_pause is not None:
            open_pause.end_date = max(finished, open_pause.start_date)
            open_pause.save(update_fields=["end_date"])
        clock.finished_on = finished
        clock.save(update_fields=["finished_on"])
        return _rederive(clock)
