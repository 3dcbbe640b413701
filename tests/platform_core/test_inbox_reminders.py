"""Deadline reminders (催办): once per threshold, to the right people, escalated when late."""

import datetime

import pytest

from platform_core.constants import Channel, RoleCode, UnitKind
from platform_core.models import Notification, Post, TaskInfo
from platform_core.services.inbox import task_reminders_send
from platform_core.tasks import remind_due_tasks
from tests.factories import OrgUnitFactory, role
from tests.factories import staff_with_role as _staff_with_role
from tests.platform_core.inbox_data import build_tasks

pytestmark = pytest.mark.django_db

EVE = datetime.date(2026, 9, 30)  # Wednesday before the National Day holiday (Oct 1–7)
FIRST_DAY_BACK = datetime.date(2026, 10, 8)


def staff_with_role(code, unit, **kwargs):
    """A post held since the start of 2026: the reminders run on dates in Sep/Oct 2026."""
    user = _staff_with_role(code, unit, **kwargs)
    Post.objects.filter(user=user).update(start_date=datetime.date(2026, 1, 1))
    return user


@pytest.fixture
def section(dept_a):
    return OrgUnitFactory(parent=dept_a, name="许可科", code="xk", kind=UnitKind.SECTION)


@pytest.fixture
def clerk(section):
    return staff_with_role(RoleCode.REVIEW_CLERK, section, name="张科员")


@pytest.fixture
def starter(section):
    return staff_with_role(RoleCode.WINDOW_CLERK, section)


def _in_app(user):
    return list(Notification.objects.filter(recipient=user, channel=Channel.IN_APP).order_by("id"))


def test_each_threshold_notifies_once(clerk, starter, section):
    soon = build_tasks(1, unit=section, started_by=starter, owner=clerk, due=FIRST_DAY_BACK)
    build_tasks(1, unit=section, started_by=starter, owner=clerk, due=datetime.date(2026, 10, 9))
    build_tasks(1, unit=section, started_by=starter, owner=clerk, due=None)
    build_tasks(1, unit=section, started_by=starter, owner=clerk, is_open=False, due=EVE)

    first = task_reminders_send(today=EVE)
    assert (first.due_soon, first.overdue, first.escalated) == (1, 0, 0)
    [message] = _in_app(clerk)
    assert message.subject == "待办即将到期：测试事项1"
    assert "2026-10-08" in message.body
    # Due soon: in-app only.
    assert not Notification.objects.filter(channel=Channel.SMS).exists()

    again = task_reminders_send(today=EVE)
    assert (again.due_soon, again.overdue, again.escalated) == (0, 0, 0)
    assert len(_in_app(clerk)) == 1

    # After the holiday the same task is overdue: one more reminder, in-app and by SMS.
    later = task_reminders_send(today=datetime.date(2026, 10, 9))
    assert later.overdue == 1
    assert later.due_soon == 1  # the task due Oct 9 is now due soon
    task_reminders_send(today=datetime.date(2026, 10, 9))
    subjects = [n.subject for n in _in_app(clerk)]
    assert subjects.count("待办已超期：测试事项1") == 1
    assert len(subjects) == 3
    assert Notification.objects.filter(recipient=clerk, channel=Channel.SMS).count() == 1
    assert TaskInfo.objects.get(pk=soon.task_ids[0]).is_open  # reminders change no task


def test_unclaimed_task_reminds_the_role_holders_of_the_unit(clerk, starter, section, dept_b):
    colleague = staff_with_role(RoleCode.REVIEW_CLERK, section)
    elsewhere = staff_with_role(RoleCode.REVIEW_CLERK, dept_b)
    other_role = staff_with_role(RoleCode.WINDOW_CLERK, section)
    build_tasks(1, unit=section, started_by=starter, role=role(RoleCode.REVIEW_CLERK), due=EVE)

    result = task_reminders_send(today=EVE)
    assert result.due_soon == 2
    assert len(_in_app(clerk)) == 1
    assert len(_in_app(colleague)) == 1
    assert _in_app(elsewhere) == []
    assert _in_app(other_role) == []


def test_escalates_to_the_unit_head_after_two_working_days(clerk, starter, section, dept_a):
    head = staff_with_role(RoleCode.SECTION_HEAD, section, name="李科长")
    dept_head = staff_with_role(RoleCode.SECTION_HEAD, dept_a)
    late = build_tasks(
        1, unit=section, started_by=starter, owner=clerk, due=datetime.date(2026, 9, 29)
    )

    # Oct 8: overdue by 2 working days (Sep 30, Oct 8) — the holiday does not count.
    result = task_reminders_send(today=FIRST_DAY_BACK)
    assert (result.overdue, result.escalated) == (1, 0)
    assert _in_app(head) == []

    result = task_reminders_send(today=datetime.date(2026, 10, 9))
    assert (result.overdue, result.escalated) == (0, 1)
    [message] = _in_app(head)
    assert message.subject == "超期督办：测试事项1"
    assert "3个工作日" in message.body
    assert "张科员" in message.body
    assert _in_app(dept_head) == []  # the section has its own head
    assert Notification.objects.filter(recipient=head, channel=Channel.SMS).count() == 1

    result = task_reminders_send(today=datetime.date(2026, 10, 12))
    assert (result.overdue, result.escalated) == (0, 0)
    assert len(_in_app(head)) == 1
    assert TaskInfo.objects.get(pk=late.task_ids[0]).owner == clerk


def test_escalates_to_the_parent_unit_when_the_unit_has_no_head(clerk, starter, section, dept_a):
    dept_head = staff_with_role(RoleCode.SECTION_HEAD, dept_a)
    build_tasks(1, unit=section, started_by=starter, owner=clerk, due=datetime.date(2026, 9, 1))
    result = task_reminders_send(today=EVE)
    assert result.escalated == 1
    assert len(_in_app(dept_head)) == 1


def test_escalation_threshold_is_a_setting(settings, clerk, starter, section):
    settings.INBOX_ESCALATE_AFTER_WORKING_DAYS = 5
    head = staff_with_role(RoleCode.SECTION_HEAD, section)
    build_tasks(1, unit=section, started_by=starter, owner=clerk, due=datetime.date(2026, 9, 29))
    assert task_reminders_send(today=datetime.date(2026, 10, 9)).escalated == 0
    assert _in_app(head) == []


def test_celery_task_runs_twice_without_repeating(clerk, starter, section):
    from django.utils import timezone

    build_tasks(1, unit=section, started_by=starter, owner=clerk, due=timezone.localdate())
    assert remind_due_tasks.apply().get() == {"due_soon": 1, "overdue": 0, "escalated": 0}
    assert remind_due_tasks.apply().get() == {"due_soon": 0, "overdue": 0, "escalated": 0}
    assert len(_in_app(clerk)) == 1


def test_beat_schedule_has_the_reminder(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["inbox-remind"]
    assert entry["task"] == remind_due_tasks.name
