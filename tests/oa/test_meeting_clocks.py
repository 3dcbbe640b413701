"""Meeting reply (回执) deadlines and the minutes' action items on the platform case clock: each
invitee's reply and each action item gets a clock watched by e-supervision (yellow card when due
soon, red when late, to the responsible unit's heads), stopped by the reply, the item's closure
or the meeting's cancellation; the inbox shows the clock's due date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from oa.models import MeetingInvitee
from oa.selectors.work import ActionItemWork, MeetingReplyWork
from oa.services import meetings as svc
from platform_core.constants import Channel, RoleCode
from platform_core.inbox_sources import work_items
from platform_core.models import ClockCard, Notification
from platform_core.selectors.calendar import add_working_days, is_working_day
from platform_core.services.supervision import clock_cards_scan
from tests.factories import staff_with_role


@pytest.fixture
def organiser(gov):
    return staff_with_role(RoleCode.REVIEW_CLERK, gov, name="周敏")


@pytest.fixture
def clerk_a(dept_a):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="刘芳")


@pytest.fixture
def chief_a(dept_a):
    return staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="唐局长")


@pytest.fixture
def person(dept_b):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_b, name="钟华")


def first_day(after: int, *, working: bool) -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(days=after)
    while is_working_day(day) != working:
        day += datetime.timedelta(days=1)
    return day


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def meeting_with(organiser, gov, units, *, deadline_day, people=()):
    start = at(deadline_day + datetime.timedelta(days=3), 9)
    meeting = svc.meeting_create(
        by=organiser,
        unit=gov,
        title="全县安全生产工作会议",
        start=start,
        end=start + datetime.timedelta(hours=2),
        reply_deadline=at(deadline_day, 17),
        room=None,
        place="县政府礼堂",
        agenda="部署冬季工作",
        units=units,
        persons=list(people),
    )
    return svc.meeting_send(meeting=meeting, by=organiser)


def test_each_reply_runs_on_a_supervised_clock_due_on_the_deadline(
    organiser, gov, dept_a, dept_b, person, clerk_a
):
    deadline = first_day(4, working=True)
    meeting = meeting_with(organiser, gov, [dept_a], deadline_day=deadline, people=[person])
    unit_inv = meeting.invitees.select_related("clock").get(unit=dept_a)
    person_inv = meeting.invitees.select_related("clock").get(person=person)
    for invitee in (unit_inv, person_inv):
        assert invitee.clock.process == svc.REPLY_CLOCK
        assert invitee.clock.due_date == deadline and invitee.clock.finished_on is None
    # e-supervision watches the answering unit: the invited unit, or the person's own unit.
    assert unit_inv.clock.watch.unit == dept_a
    assert person_inv.clock.watch.unit == dept_b
    assert "会议回执" in unit_inv.clock.watch.title
    # The inbox shows the clock's due date.
    [item] = MeetingReplyWork().items(clerk_a, 10)
    assert item.due_date == deadline
    assert any(w.due_date == deadline and w.action == "会议回执" for w in work_items(clerk_a))


def test_a_deadline_on_a_rest_day_falls_due_on_the_next_working_day(organiser, gov, dept_a):
    rest = first_day(3, working=False)
    meeting = meeting_with(organiser, gov, [dept_a], deadline_day=rest)
    clock = meeting.invitees.get().clock
    assert clock.due_date == add_working_days(rest, 1)


def test_late_reply_gets_cards_and_a_reply_stops_the_clock(
    organiser, gov, dept_a, dept_b, clerk_a, chief_a
):
    deadline = first_day(4, working=True)
    meeting = meeting_with(organiser, gov, [dept_a, dept_b], deadline_day=deadline)
    inv_b = meeting.invitees.get(unit=dept_b)
    svc.record_sms_reply(meeting=meeting, unit_or_person=dept_b, text="钟华参加")
    inv_b.refresh_from_db()
    assert inv_b.clock.finished_on == timezone.localdate()
    # The day after the deadline: a red card for department A only, to its head.
    late = add_working_days(deadline, 1)
    fired = clock_cards_scan(subsystem="oa", today=late)
    assert [(c.unit, c.color) for c in fired] == [(dept_a, "red")]
    assert Notification.objects.filter(
        recipient=chief_a, channel=Channel.IN_APP, subject__contains="会议回执"
    ).exists()
    assert clock_cards_scan(subsystem="oa", today=late) == []  # once per colour
    # Department A replies late: its clock stops; nothing more fires.
    inv_a = meeting.invitees.get(unit=dept_a)
    svc.meeting_reply(invitee=inv_a, by=clerk_a, attendee_users=[clerk_a])
    inv_a.refresh_from_db()
    assert inv_a.clock.finished_on is not None
    assert clock_cards_scan(subsystem="oa", today=late + datetime.timedelta(days=30)) == []


def test_a_changed_reply_keeps_the_first_finish(organiser, gov, dept_a, clerk_a):
    meeting = meeting_with(organiser, gov, [dept_a], deadline_day=first_day(4, working=True))
    inv = meeting.invitees.get()
    svc.meeting_reply(invitee=inv, by=clerk_a, attendee_users=[clerk_a])
    finished = MeetingInvitee.objects.get(pk=inv.pk).clock.finished_on
    svc.meeting_reply(invitee=inv, by=clerk_a, attending=False, note="改为不参加")
    assert MeetingInvitee.objects.get(pk=inv.pk).clock.finished_on == finished


def test_action_items_run_on_a_supervised_clock(organiser, gov, dept_a, clerk_a, chief_a):
    meeting = meeting_with(organiser, gov, [dept_a], deadline_day=first_day(2, working=True))
    due = first_day(10, working=True)
    item = svc.action_item_add(
        meeting=meeting, by=organiser, title="开展冬季安全大检查", owner_unit=dept_a, due_date=due
    )
    item.refresh_from_db()
    assert item.clock.process == svc.ACTION_CLOCK and item.clock.due_date == due
    assert item.clock.watch.unit == dept_a
    assert ActionItemWork().items(clerk_a, 5)[0].due_date == due
    fired = clock_cards_scan(subsystem="oa", today=add_working_days(due, 1))
    assert ("red", "会议议定事项：开展冬季安全大检查") in [(c.color, c.watch.title) for c in fired]
    svc.action_item_done(item=item, by=clerk_a)
    item.refresh_from_db()
    assert item.clock.finished_on == timezone.localdate()


def test_cancelling_the_meeting_stops_every_clock(organiser, gov, dept_a, dept_b):
    meeting = meeting_with(
        organiser, gov, [dept_a, dept_b], deadline_day=first_day(3, working=True)
    )
    item = svc.action_item_add(
        meeting=meeting,
        by=organiser,
        title="整改",
        owner_unit=dept_a,
        due_date=first_day(8, working=True),
    )
    svc.meeting_cancel(meeting=meeting, by=organiser, reason="改期")
    assert all(i.clock.finished_on for i in meeting.invitees.select_related("clock"))
    item.refresh_from_db()
    assert item.clock.finished_on is not None
    assert clock_cards_scan(subsystem="oa", today=first_day(60, working=True)) == []
    assert not ClockCard.objects.exists()


def test_inbox_page_shows_the_reply_deadline(client, organiser, gov, dept_a, clerk_a):
    deadline = first_day(4, working=True)
    meeting_with(organiser, gov, [dept_a], deadline_day=deadline)
    client.force_login(clerk_a)
    html = client.get(reverse("platform_core:inbox")).content.decode()
    assert "全县安全生产工作会议" in html
    assert f'期限 <time datetime="{deadline:%Y-%m-%d}">' in html


def test_notices_sent_before_the_clocks_get_them_once(
    organiser, gov, dept_a, dept_b, person, clerk_a
):
    """oa 0012 (and `manage.py meeting_clocks_backfill`): open notices sent before 0010."""
    import importlib
    from io import StringIO

    from django.apps import apps
    from django.core.management import call_command

    from oa.models import ActionItem

    deadline = first_day(4, working=True)
    open_meeting = meeting_with(organiser, gov, [dept_a, dept_b], deadline_day=deadline)
    svc.record_sms_reply(meeting=open_meeting, unit_or_person=dept_b, text="钟华参加")
    item = svc.action_item_add(
        meeting=open_meeting,
        by=organiser,
        title="开展冬季安全大检查",
        owner_unit=dept_a,
        due_date=first_day(10, working=True),
    )
    held = meeting_with(organiser, gov, [dept_a], deadline_day=deadline, people=[person])
    cancelled = meeting_with(organiser, gov, [dept_b], deadline_day=deadline)
    svc.meeting_cancel(meeting=cancelled, by=organiser, reason="另行安排")
    # As before 0010: no clocks at all; one meeting is already over.
    MeetingInvitee.objects.update(clock=None)
    ActionItem.objects.update(clock=None)
    held.start, held.end = at(first_day(-9, working=True), 9), at(first_day(-9, working=True), 11)
    type(held).objects.filter(pk=held.pk).update(start=held.start, end=held.end)

    migration = importlib.import_module("oa.migrations.0012_meeting_clocks_backfill")
    migration.backfill(apps, None)

    unit_a = open_meeting.invitees.select_related("clock__watch").get(unit=dept_a)
    assert unit_a.clock.process == svc.REPLY_CLOCK and unit_a.clock.due_date == deadline
    assert unit_a.clock.finished_on is None and unit_a.clock.watch.unit == dept_a
    assert open_meeting.invitees.get(unit=dept_b).clock is None  # replied already
    assert not held.invitees.exclude(clock=None).exists()  # the meeting is over
    assert not cancelled.invitees.exclude(clock=None).exists()
    item.refresh_from_db()
    assert item.clock.process == svc.ACTION_CLOCK and item.clock.due_date == item.due_date
    # The inbox shows the clock's due date.
    link = reverse("oa:meeting_detail", args=[open_meeting.pk])
    [work] = [w for w in MeetingReplyWork().items(clerk_a, 10) if w.link == link]
    assert work.due_date == deadline

    # Running it again (the command) changes nothing.
    clocks = sorted(MeetingInvitee.objects.exclude(clock=None).values_list("clock", flat=True))
    out = StringIO()
    call_command("meeting_clocks_backfill", stdout=out)
    assert "0 replies, 0 action items" in out.getvalue()
    assert sorted(MeetingInvitee.objects.exclude(clock=None).values_list("clock", flat=True)) == (
        clocks
    )
