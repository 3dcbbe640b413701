"""日程安排: recurrence, permissions (own, shared, delegated), reminders sent exactly once (also
with two concurrent scanners), the iCalendar feed and its rotatable token."""

import datetime
import threading

import pytest
from dateutil.rrule import rrulestr
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from oa.ical import calendar_text
from oa.models import EventReminder, ReminderDelivery
from oa.selectors.calendar import event_visible, events_in_range, feed_user
from oa.services import calendar as cal
from platform_core.constants import Channel, RoleCode
from platform_core.models import Notification
from tests.factories import staff_with_role

TZ = timezone.get_current_timezone()


def at(*args):
    return datetime.datetime(*args, tzinfo=TZ)


@pytest.fixture
def clerk(dept_a):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="周敏", mobile="13900000001")


@pytest.fixture
def leader(dept_a):
    return staff_with_role(RoleCode.LEADER, dept_a, name="李建国", mobile="13900000002")


@pytest.fixture
def other(dept_b):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_b, name="邓丽")


def test_weekly_event_expands_in_local_time(clerk):
    event = cal.event_create(
        by=clerk,
        owner=clerk,
        title="科务会",
        start=at(2026, 12, 7, 9),
        end=at(2026, 12, 7, 10),
        rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=4",
    )
    found = [
        o
        for e in events_in_range(clerk, at(2026, 12, 1), at(2027, 1, 1))
        for o in cal.occurrences(e, at(2026, 12, 1), at(2027, 1, 1))
    ]
    assert [o.local_start.day for o in found] == [7, 14, 21, 28]
    assert all(o.local_start.hour == 9 for o in found)
    assert event.rrule == "FREQ=WEEKLY;BYDAY=MO;COUNT=4"


@pytest.mark.parametrize(
    "rule", ["FREQ=SOMETIMES", "DTSTART:20260101T000000\nFREQ=DAILY", "X" * 400]
)
def test_bad_rrule_is_refused(clerk, rule):
    with pytest.raises(ValidationError):
        cal.event_create(
            by=clerk,
            owner=clerk,
            title="错",
            start=at(2026, 12, 7, 9),
            end=at(2026, 12, 7, 10),
            rrule=rule,
        )


def test_end_before_start_is_refused(clerk):
    with pytest.raises(ValidationError):
        cal.event_create(
            by=clerk, owner=clerk, title="错", start=at(2026, 12, 7, 9), end=at(2026, 12, 7, 8)
        )


def test_secretary_keeps_a_leaders_calendar_only_when_delegated(clerk, leader, other):
    with pytest.raises(PermissionDenied):
        cal.event_create(
            by=clerk, owner=leader, title="调研", start=at(2026, 12, 8, 9), end=at(2026, 12, 8, 11)
        )
    cal.delegation_grant(leader=leader, secretary=clerk)
    event = cal.event_create(
        by=clerk, owner=leader, title="调研", start=at(2026, 12, 8, 9), end=at(2026, 12, 8, 11)
    )
    assert event.created_by == clerk and event.owner == leader
    assert event_visible(clerk, event.pk) == event
    assert event_visible(other, event.pk) is None
    history = event.history.first()
    assert history.history_user == clerk
    delegation = leader.calendar_delegations_given.get()
    with pytest.raises(PermissionDenied):
        cal.delegation_revoke(delegation=delegation, by=clerk)
    cal.delegation_revoke(delegation=delegation, by=leader)
    with pytest.raises(PermissionDenied):
        cal.event_update(
            event=event, by=clerk, title="改", start=event.start, end=event.end, kind="other"
        )


def test_shared_event_is_on_the_colleagues_calendar(clerk, other):
    event = cal.event_create(
        by=clerk,
        owner=clerk,
        title="联合检查",
        start=at(2026, 12, 9, 14),
        end=at(2026, 12, 9, 17),
        shared_with=[other],
    )
    assert list(events_in_range(other, at(2026, 12, 9), at(2026, 12, 10))) == [event]
    assert event_visible(other, event.pk) == event


def _due_sms_event(clerk, minutes=15):
    start = timezone.now() + datetime.timedelta(minutes=10)
    return cal.event_create(
        by=clerk,
        owner=clerk,
        title="约见企业代表",
        start=start,
        end=start + datetime.timedelta(hours=1),
        reminders=[(Channel.SMS, minutes)],
    )


def test_sms_reminder_is_sent_once_across_scans(clerk):
    event = _due_sms_event(clerk)
    assert cal.reminders_scan() == 1
    assert cal.reminders_scan() == 0  # a second scan (or a restarted worker) sends nothing
    sms = Notification.objects.filter(channel=Channel.SMS, recipient=clerk)
    assert sms.count() == 1
    assert "约见企业代表" in sms.get().body
    reminder = event.reminders.get()
    assert reminder.next_fire_at is None  # a one-off event: nothing left to remind


def test_recurring_reminder_fires_for_each_occurrence_once(clerk):
    start = timezone.now() + datetime.timedelta(minutes=5)
    event = cal.event_create(
        by=clerk,
        owner=clerk,
        title="每日早会",
        start=start,
        end=start + datetime.timedelta(minutes=30),
        rrule="FREQ=DAILY;COUNT=3",
        reminders=[(Channel.IN_APP, 10)],
    )
    assert cal.reminders_scan() == 1
    assert cal.reminders_scan() == 0
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert cal.reminders_scan(now=tomorrow) == 1
    assert cal.reminders_scan(now=tomorrow) == 0
    assert ReminderDelivery.objects.filter(reminder__event=event).count() == 2


def test_a_replayed_occurrence_is_refused_by_the_sent_marker(clerk):
    """A worker that read the row before another committed cannot send it again."""
    event = _due_sms_event(clerk)
    reminder = event.reminders.get()
    fire_at = reminder.next_fire_at
    cal.reminders_scan()
    EventReminder.objects.filter(pk=reminder.pk).update(next_fire_at=fire_at)  # stale state
    assert cal.reminders_scan() == 0
    assert Notification.objects.filter(channel=Channel.SMS).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_scanners_send_once(dept_a):
    clerk = staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="周敏", mobile="13900000001")
    for _ in range(5):
        _due_sms_event(clerk)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def scan():
        try:
            barrier.wait(timeout=10)
            results.append(cal.reminders_scan())
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sum(results) == 5
    assert Notification.objects.filter(channel=Channel.SMS).count() == 5
    assert ReminderDelivery.objects.count() == 5


def test_ics_feed_is_valid_and_carries_rrule(clerk):
    cal.event_create(
        by=clerk,
        owner=clerk,
        title="党组会议;第一议题, 学习",
        start=at(2026, 12, 7, 9),
        end=at(2026, 12, 7, 10),
        rrule="FREQ=WEEKLY;BYDAY=MO",
    )
    cal.event_create(
        by=clerk,
        owner=clerk,
        title="建县纪念日",
        kind="anniversary",
        all_day=True,
        start=at(2026, 12, 20),
        end=at(2026, 12, 20),
        rrule="FREQ=YEARLY",
    )
    text = calendar_text(cal.CalendarEvent.objects.filter(owner=clerk), name="周敏的日程")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == 2
    assert "RRULE:FREQ=WEEKLY;BYDAY=MO" in text
    assert "DTSTART;TZID=Asia/Shanghai:20261207T090000" in text
    assert "DTSTART;VALUE=DATE:20261220" in text and "DTEND;VALUE=DATE:20261221" in text
    assert "SUMMARY:党组会议\\;第一议题\\, 学习" in text
    for line in text.split("\r\n"):
        assert len(line.encode()) <= 75
    rule = rrulestr("RRULE:FREQ=WEEKLY;BYDAY=MO", dtstart=at(2026, 12, 7, 9))
    assert rule.after(at(2026, 12, 8)) == at(2026, 12, 14, 9)


def test_feed_token_rotates(clerk):
    old = cal.feed_for(clerk).token
    assert feed_user(old) == clerk
    new = cal.feed_rotate(user=clerk).token
    assert new != old
    assert feed_user(old) is None
    assert feed_user(new) == clerk


def test_editing_an_event_does_not_resend_a_sent_reminder(clerk):
    event = _due_sms_event(clerk)
    assert cal.reminders_scan() == 1
    cal.event_update(
        event=event,
        by=clerk,
        title="约见企业代表（改地点）",
        start=event.start,
        end=event.end,
        kind="appointment",
        location="县政府第二会议室",
        reminders=[(Channel.SMS, 15), (Channel.IN_APP, 30)],
    )
    assert cal.reminders_scan() == 1  # the new in-app reminder only
    assert Notification.objects.filter(channel=Channel.SMS).count() == 1


def test_email_sms_and_in_app_reminders(other):
    other.email = "dengli@example.gov.cn"
    other.save(update_fields=["email"])
    start = timezone.now() + datetime.timedelta(minutes=10)
    cal.event_create(
        by=other,
        owner=other,
        title="现场勘验",
        start=start,
        end=start + datetime.timedelta(hours=1),
        reminders=[(Channel.EMAIL, 30), (Channel.IN_APP, 30), (Channel.SMS, 30)],
    )
    assert cal.reminders_scan() == 3
    rows = Notification.objects.filter(recipient=other)
    assert set(rows.values_list("channel", flat=True)) == {
        Channel.EMAIL,
        Channel.IN_APP,
        Channel.SMS,
    }
    assert rows.get(channel=Channel.EMAIL).address == "dengli@example.gov.cn"
    assert rows.get(channel=Channel.SMS).address == other.mobile


def test_rules_are_described_in_chinese():
    from oa.recurrence import describe_rrule

    assert describe_rrule("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10") == "每周（周一、三），共10次"
    assert describe_rrule("FREQ=MONTHLY;INTERVAL=2;UNTIL=20271231T000000Z") == "每2月，至2027-12-31"
    assert describe_rrule("FREQ=YEARLY") == "每年"
    assert describe_rrule("") == "不重复"
