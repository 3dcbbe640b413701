"""Pages of 日程安排 and 会议管理: forms (good and bad input), permissions, the ICS feed over
HTTP, the QR sign-in journey, and constant query counts for the lists."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from oa.models import CalendarEvent, MeetingNotice, MeetingRoom, MeetingSignIn
from oa.services import calendar as cal
from oa.services import meetings as svc
from platform_core.constants import RoleCode
from tests.factories import staff_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(dept_a):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="周敏", mobile="13900000001")


@pytest.fixture
def clerk_b(dept_b):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_b, name="邓丽", mobile="13900000002")


@pytest.fixture
def room(db):
    return MeetingRoom.objects.create(name="三楼会议室", capacity=30)


def local(days=0, hour=9):
    d = timezone.localtime() + datetime.timedelta(days=days)
    return d.replace(hour=hour, minute=0, second=0, microsecond=0)


def fmt(value):
    return value.strftime("%Y-%m-%dT%H:%M")


def test_event_form_creates_recurring_event_with_reminder(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("oa:event_new")).status_code == 200
    start = local(1)
    response = client.post(
        reverse("oa:event_new"),
        {
            "title": "周例会",
            "kind": "meeting",
            "start": fmt(start),
            "end": fmt(start + datetime.timedelta(hours=1)),
            "repeat": "FREQ=WEEKLY",
            "remind": "15",
            "remind_channels": ["sms", "in_app"],
        },
    )
    assert response.status_code == 302
    event = CalendarEvent.objects.get(title="周例会")
    assert event.rrule == "FREQ=WEEKLY" and event.reminders.count() == 2
    page = client.get(reverse("oa:calendar") + f"?view=week&date={start.date()}")
    assert "周例会" in page.content.decode()


@pytest.mark.parametrize(
    "data, error",
    [
        ({"title": "", "kind": "other"}, "必填"),
        ({"title": "倒序", "kind": "other", "swap": True}, "结束时间不能早于开始时间"),
        (
            {"title": "坏规则", "kind": "other", "repeat": "custom", "rrule": "FREQ=NEVER"},
            "重复规则",
        ),
        ({"title": "缺方式", "kind": "other", "remind": "15"}, "请选择提醒方式"),
        ({"title": "坏类型", "kind": "party"}, "选择一个有效的选项"),
    ],
)
def test_event_form_rejects_bad_input(client, clerk, data, error):
    client.force_login(clerk)
    start, end = local(1), local(1, 10)
    if data.pop("swap", False):
        start, end = end, start
    response = client.post(reverse("oa:event_new"), {"start": fmt(start), "end": fmt(end), **data})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not CalendarEvent.objects.exists()


def test_others_event_is_404_and_delegated_calendar_opens(client, clerk, clerk_b, dept_a):
    event = cal.event_create(
        by=clerk, owner=clerk, title="私人约会", start=local(1), end=local(1, 10)
    )
    client.force_login(clerk_b)
    assert client.get(reverse("oa:event_detail", args=[event.pk])).status_code == 404
    assert client.post(reverse("oa:event_delete", args=[event.pk])).status_code == 404
    assert client.get(reverse("oa:calendar") + f"?who={clerk.pk}").status_code == 404
    secretary = staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="秘书小王")
    client.force_login(clerk)
    client.post(reverse("oa:calendar_delegations"), {"secretary": secretary.pk})
    client.force_login(secretary)
    page = client.get(reverse("oa:calendar") + f"?who={clerk.pk}&view=day&date={local(1).date()}")
    assert page.status_code == 200 and "私人约会" in page.content.decode()
    response = client.post(
        reverse("oa:event_new") + f"?who={clerk.pk}",
        {
            "title": "代安排调研",
            "kind": "appointment",
            "start": fmt(local(2)),
            "end": fmt(local(2, 11)),
        },
    )
    assert response.status_code == 302
    made = CalendarEvent.objects.get(title="代安排调研")
    assert made.owner == clerk and made.created_by == secretary


def test_ics_feed_over_http_and_rotation(client, clerk):
    cal.event_create(
        by=clerk,
        owner=clerk,
        title="每周党组会",
        start=local(1),
        end=local(1, 10),
        rrule="FREQ=WEEKLY;BYDAY=MO",
    )
    client.force_login(clerk)
    page = client.get(reverse("oa:calendar_feed")).content.decode()
    token = cal.feed_for(clerk).token
    assert token in page
    client.logout()
    response = client.get(reverse("oa:calendar_ics", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VCALENDAR" in body and "RRULE:FREQ=WEEKLY;BYDAY=MO" in body
    assert client.get(reverse("oa:calendar_ics", args=["guess"])).status_code == 404
    client.force_login(clerk)
    client.post(reverse("oa:calendar_feed"))
    client.logout()
    assert client.get(reverse("oa:calendar_ics", args=[token])).status_code == 404


def test_month_view_keeps_a_constant_query_count(client, clerk):
    client.force_login(clerk)
    url = reverse("oa:calendar")
    cal.event_create(by=clerk, owner=clerk, title="一", start=local(0, 9), end=local(0, 10))
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(8):
        cal.event_create(
            by=clerk,
            owner=clerk,
            title=f"日程{n}",
            start=local(0, 10),
            end=local(0, 11),
            rrule="FREQ=DAILY;COUNT=3" if n % 2 else "",
            reminders=[("in_app", 10)],
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert "日程7" in response.content.decode()
    assert len(many) == len(few)


def _meeting(clerk, units, room=None, **kw):
    start = kw.pop("start", local(3))
    return svc.meeting_create(
        by=clerk,
        unit=units[0],
        title=kw.pop("title", "工作推进会"),
        start=start,
        end=start + datetime.timedelta(hours=2),
        reply_deadline=start - datetime.timedelta(days=1),
        room=room,
        place="" if room else "局二楼会议室",
        agenda="议程",
        units=units,
        **kw,
    )


def test_meeting_form_books_room_and_refuses_double_booking(client, clerk, dept_a, dept_b, room):
    client.force_login(clerk)
    assert client.get(reverse("oa:meeting_new")).status_code == 200
    start = local(3)
    data = {
        "title": "全局工作会",
        "kind": "onsite",
        "unit": dept_a.pk,
        "start": fmt(start),
        "end": fmt(start + datetime.timedelta(hours=2)),
        "room": room.pk,
        "reply_deadline": fmt(start - datetime.timedelta(days=1)),
        "agenda": "一、总结",
        "units": [dept_a.pk, dept_b.pk],
        "send_sms": "on",
    }
    assert client.post(reverse("oa:meeting_new"), data).status_code == 302
    again = client.post(reverse("oa:meeting_new"), {**data, "title": "撞车的会"})
    assert again.status_code == 200 and "已被预订" in again.content.decode()
    assert not MeetingNotice.objects.filter(title="撞车的会").exists()


@pytest.mark.parametrize(
    "change, error",
    [
        ({"title": ""}, "必填"),
        ({"units": []}, "请选择参会单位或参会人员"),
        ({"room": "", "place": ""}, "请选择会议室或填写会议地点"),
        ({"deadline_after": True}, "回执截止时间不能晚于会议开始时间"),
        ({"start": "明天上午"}, "输入一个有效的日期/时间"),
    ],
)
def test_meeting_form_rejects_bad_input(client, clerk, dept_a, room, change, error):
    client.force_login(clerk)
    start = local(3)
    data = {
        "title": "会",
        "kind": "onsite",
        "unit": dept_a.pk,
        "start": fmt(start),
        "end": fmt(start + datetime.timedelta(hours=2)),
        "room": room.pk,
        "reply_deadline": fmt(start - datetime.timedelta(days=1)),
        "agenda": "议程",
        "units": [dept_a.pk],
    }
    if change.pop("deadline_after", False):
        data["reply_deadline"] = fmt(start + datetime.timedelta(hours=1))
    data.update(change)
    response = client.post(reverse("oa:meeting_new"), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not MeetingNotice.objects.exists()


def test_reply_remind_and_sign_in_pages(client, clerk, clerk_b, dept_a, dept_b):
    meeting = _meeting(clerk, [dept_a, dept_b])
    client.force_login(clerk_b)
    assert client.get(reverse("oa:meeting_detail", args=[meeting.pk])).status_code == 404  # draft
    client.force_login(clerk)
    client.post(reverse("oa:meeting_send", args=[meeting.pk]))
    client.force_login(clerk_b)
    page = client.get(reverse("oa:meeting_detail", args=[meeting.pk])).content.decode()
    assert "自然资源局回执" in page
    invitee = meeting.invitees.get(unit=dept_b)
    assert client.post(reverse("oa:meeting_remind", args=[meeting.pk])).status_code == 403
    client.post(
        reverse("oa:meeting_reply", args=[meeting.pk, invitee.pk]),
        {f"r{invitee.pk}-attending": "1", f"r{invitee.pk}-attendee_users": [clerk_b.pk]},
    )
    invitee.refresh_from_db()
    assert invitee.replied_at and invitee.attendees == "邓丽"
    client.force_login(clerk)
    page = client.get(reverse("oa:meeting_detail", args=[meeting.pk])).content.decode()
    assert "1/2" in page and "未回执" in page
    client.post(reverse("oa:meeting_remind", args=[meeting.pk]))
    assert meeting.invitees.get(unit=dept_a).reminded_at is not None
    screen = client.get(reverse("oa:meeting_screen", args=[meeting.pk]))
    assert screen.status_code == 200 and "data:image/svg+xml;base64," in screen.content.decode()


def test_sign_in_url_needs_login_and_a_valid_token(client, clerk, clerk_b, dept_a, dept_b):
    start = timezone.now() + datetime.timedelta(minutes=20)
    meeting = _meeting(clerk, [dept_a, dept_b], start=start)
    svc.meeting_send(meeting=meeting, by=clerk)
    url = reverse("oa:meeting_sign_in", args=[meeting.pk, svc.sign_in_token(meeting)])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(clerk_b)
    assert "确认签到" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert MeetingSignIn.objects.filter(meeting=meeting, user=clerk_b).exists()
    bad = reverse("oa:meeting_sign_in", args=[meeting.pk, "1:forged:token"])
    assert client.post(bad).status_code == 400


def test_meeting_list_and_rooms_keep_a_constant_query_count(client, clerk, dept_a, dept_b, room):
    client.force_login(clerk)
    _meeting(clerk, [dept_a], room=room, start=local(3, 8))
    for url in (reverse("oa:meetings"), reverse("oa:meeting_rooms") + f"?date={local(3).date()}"):
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for n in range(4):
            other = MeetingRoom.objects.create(name=f"{url}会议室{n}")
            _meeting(clerk, [dept_a, dept_b], room=other, title=f"会{n}", start=local(3, 9 + n))
        with CaptureQueriesContext(connection) as many:
            response = client.get(url)
        assert "会3" in response.content.decode()
        assert len(many) == len(few), url
