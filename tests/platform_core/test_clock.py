"""The case clock with real dates: National Day 2026, a make-up Saturday, pauses, extensions."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from platform_core import clock as clock_math
from platform_core.clock import PauseSpan, Status
from platform_core.models import ClockPolicy, PauseReason
from platform_core.selectors.clock import clock_state
from platform_core.services import clock as clock_services
from tests.factories import StaffFactory

D = datetime.date.fromisoformat


def state(**kwargs):
    kwargs.setdefault("start", D("2026-09-28"))
    kwargs.setdefault("limit_days", 5)
    return clock_math.clock_state(**kwargs)


def test_across_national_day_with_makeup_saturday():
    # Received Monday 28 Sep 2026. Working days after it: 29, 30 Sep, then the holiday
    # (1–7 Oct), 8, 9 Oct and the make-up Saturday 10 Oct. Day 5 is Saturday 10 October.
    s = state(today=D("2026-09-28"))
    assert s.due_date == D("2026-10-10")
    assert (s.used, s.remaining, s.status) == (0, 5, Status.NORMAL)
    s = state(today=D("2026-10-07"))  # the holiday used nothing after 30 Sep
    assert (s.used, s.remaining) == (2, 3)
    s = state(today=D("2026-10-09"))
    assert (s.used, s.remaining, s.status) == (4, 1, Status.DUE_SOON)
    s = state(today=D("2026-10-12"))
    assert (s.used, s.remaining, s.status) == (6, -1, Status.OVERDUE)


def test_due_soon_by_ratio():
    s = state(start=D("2026-11-02"), limit_days=20, today=D("2026-11-24"), due_soon_days=1)
    assert s.used == 16 and s.status == Status.DUE_SOON  # 80 % of 20 used
    s = state(start=D("2026-11-02"), limit_days=20, today=D("2026-11-20"), due_soon_days=1)
    assert s.used == 14 and s.status == Status.NORMAL


def test_pause_spanning_a_weekend():
    # Start Mon 2 Nov 2026, 5 days. Correction requested Wed 4 Nov (2 days used: 3, 4),
    # the applicant resubmits Mon 9 Nov: 5, 6, 9 Nov do not count; 7/8 are a weekend anyway.
    pauses = [PauseSpan(D("2026-11-04"), D("2026-11-09"))]
    s = state(start=D("2026-11-02"), today=D("2026-11-10"), pauses=pauses)
    assert (s.used, s.paused_days) == (3, 3)
    assert s.due_date == D("2026-11-12")  # 10, 11, 12 Nov complete the five days
    # While still paused the due date is unknown and the status says so.
    s = state(start=D("2026-11-02"), today=D("2026-11-06"), pauses=[PauseSpan(D("2026-11-04"))])
    assert s.status == Status.PAUSED and s.due_date is None and s.used == 2


def test_extension_adds_working_days():
    base = state(start=D("2026-11-02"), limit_days=20, today=D("2026-11-02"))
    extended = state(start=D("2026-11-02"), limit_days=20, today=D("2026-11-02"), extension_days=10)
    assert base.due_date == D("2026-11-30")
    assert extended.due_date == D("2026-12-14")
    assert extended.limit == 30


def test_finished_late_and_on_time():
    assert state(today=D("2026-12-01"), finished=D("2026-10-09")).status == Status.FINISHED
    assert state(today=D("2026-12-01"), finished=D("2026-10-13")).status == Status.FINISHED_LATE


@pytest.mark.django_db
def test_services_pause_resume_extend_finish():
    leader = StaffFactory()
    clock = clock_services.clock_start(
        process="licence", limit_days=5, start_date=D("2026-11-02"), subject="测试"
    )
    assert clock.due_date == D("2026-11-09")
    clock_services.clock_pause(
        clock=clock, reason=PauseReason.CORRECTION, by=leader, on=D("2026-11-04")
    )
    clock.refresh_from_db()
    assert clock.is_paused and clock.due_date is None
    with pytest.raises(ValidationError):
        clock_services.clock_pause(clock=clock, reason=PauseReason.HEARING, by=leader)
    clock_services.clock_resume(clock=clock, on=D("2026-11-09"))
    clock.refresh_from_db()
    assert not clock.is_paused and clock.due_date == D("2026-11-12")
    clock_services.clock_extend(clock=clock, days=10, reason="情况复杂", approved_by=leader)
    clock.refresh_from_db()
    assert clock.due_date == D("2026-11-26")
    with pytest.raises(ValidationError):
        clock_services.clock_extend(clock=clock, days=0, reason="x", approved_by=leader)
    s = clock_state(clock, today=D("2026-11-10"))
    assert (s.used, s.limit, s.status) == (3, 15, Status.NORMAL)
    clock = clock_services.clock_finish(clock=clock, on=D("2026-11-20"))
    assert clock_state(clock, today=D("2026-12-31")).status == Status.FINISHED


@pytest.mark.django_db
def test_policy_thresholds_per_process():
    ClockPolicy.objects.create(process="strict", name="严格", due_soon_days=3, due_soon_ratio=None)
    clock = clock_services.clock_start(process="strict", limit_days=5, start_date=D("2026-11-02"))
    assert clock_state(clock, today=D("2026-11-04")).status == Status.DUE_SOON  # 3 left
    other = clock_services.clock_start(process="other", limit_days=5, start_date=D("2026-11-02"))
    assert clock_state(other, today=D("2026-11-04")).status == Status.NORMAL
