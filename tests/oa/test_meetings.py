"""会议管理: room bookings refused on overlap (also from two connections at once), notices sent
in-app and by SMS, replies by web and SMS, reminders, inbox work, sign-in, minutes."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from oa.models import CalendarEvent, MeetingRoom, MeetingSignIn, RoomBooking
from oa.selectors.work import ActionItemWork, MeetingReplyWork
from oa.services import meetings as svc
from platform_core.constants import Channel, RoleCode
from platform_core.models import Notification
from tests.factories import staff_with_role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def room(db):
    return MeetingRoom.objects.create(name="县政府第一会议室", capacity=40, has_video=True)


@pytest.fixture
def organiser(gov):
    return staff_with_role(RoleCode.REVIEW_CLERK, gov, name="周敏", mobile="13900000001")


@pytest.fixture
def clerk_a(dept_a):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="刘芳", mobile="13900000011")


@pytest.fixture
def clerk_b(dept_b):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_b, name="钟华", mobile="13900000012")


def later(days=2, hour=9):
    base = timezone.localtime() + datetime.timedelta(days=days)
    return base.replace(hour=hour, minute=0, second=0, microsecond=0)


def make_meeting(organiser, gov, units, room=None, **kw):
    start = kw.pop("start", later())
    fields = {
        "by": organiser,
        "unit": gov,
        "title": "全县安全生产工作会议",
        "start": start,
        "end": start + datetime.timedelta(hours=2),
        "reply_deadline": start - datetime.timedelta(hours=20),
        "room": room,
        "place": "" if room else "县政府礼堂",
        "agenda": "一、通报安全生产形势\n二、部署冬季工作",
        "units": units,
    }
    fields.update(kw)
    return svc.meeting_create(**fields)


def test_overlapping_booking_is_refused_adjacent_is_allowed(room, organiser):
    start = later()
    svc.room_book(
        room=room, start=start, end=start + datetime.timedelta(hours=2), title="甲", by=organiser
    )
    with pytest.raises(ValidationError, match="已被预订"):
        svc.room_book(
            room=room,
            start=start + datetime.timedelta(hours=1),
            end=start + datetime.timedelta(hours=3),
            title="乙",
            by=organiser,
        )
    svc.room_book(
        room=room,
        start=start + datetime.timedelta(hours=2),
        end=start + datetime.timedelta(hours=3),
        title="丙",
        by=organiser,
    )
    assert RoomBooking.objects.filter(room=room).count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_from_two_connections_one_wins(gov):
    room = MeetingRoom.objects.create(name="并发会议室")
    organiser = staff_with_role(RoleCode.REVIEW_CLERK, gov, name="周敏")
    start = later()
    barrier = threading.Barrier(2)
    outcomes = []

    def book(title):
        try:
            barrier.wait(timeout=10)
            svc.room_book(
                room=room,
                start=start,
                end=start + datetime.timedelta(hours=1),
                title=title,
                by=organiser,
            )
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        except Exception as exc:  # noqa: BLE001 - shown in the assertion below
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(t,)) for t in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert RoomBooking.objects.filter(room=room, is_active=True).count() == 1


def test_meeting_needs_attendees_and_a_place(organiser, gov, dept_a):
    with pytest.raises(ValidationError):
        make_meeting(organiser, gov, [])
    with pytest.raises(ValidationError):
        make_meeting(organiser, gov, [dept_a], place="")
    start = later()
    with pytest.raises(ValidationError):
        make_meeting(
            organiser,
            gov,
            [dept_a],
            start=start,
            reply_deadline=start + datetime.timedelta(hours=1),
        )


def test_only_own_unit_may_organise(clerk_a, gov, dept_a):
    with pytest.raises(PermissionDenied):
        make_meeting(clerk_a, gov, [dept_a])


def test_send_notifies_in_app_and_by_sms_and_fills_calendars(
    organiser, gov, dept_a, dept_b, clerk_a, clerk_b, room
):
    meeting = make_meeting(organiser, gov, [dept_a, dept_b], room=room, kind="video")
    assert RoomBooking.objects.get(meeting=meeting).room == room
    svc.meeting_send(meeting=meeting, by=organiser)
    for user in (clerk_a, clerk_b):
        assert Notification.objects.filter(recipient=user, channel=Channel.IN_APP).count() == 1
        sms = Notification.objects.get(recipient=user, channel=Channel.SMS)
        assert "全县安全生产工作会议" in sms.body and "电视电话会议" in sms.body
    assert CalendarEvent.objects.filter(owner=organiser, meeting=meeting).exists()
    with pytest.raises(ValidationError):
        svc.meeting_send(meeting=meeting, by=organiser)
    history = meeting.history.first()
    assert history.history_user == organiser and history.status == "sent"


def test_replies_by_web_and_sms_and_inbox_work(organiser, gov, dept_a, dept_b, clerk_a, clerk_b):
    meeting = make_meeting(organiser, gov, [dept_a, dept_b])
    svc.meeting_send(meeting=meeting, by=organiser)
    work = MeetingReplyWork()
    assert work.pending(clerk_a).count() == 1 and work.pending(clerk_b).count() == 1
    item = work.items(clerk_a, 10)[0]
    inv_a = meeting.invitees.select_related("clock").get(unit=dept_a)
    # On the case clock: the deadline's date, or the next working day when it falls on a rest day.
    assert item.due_date == inv_a.clock.due_date
    assert item.due_date >= timezone.localtime(meeting.reply_deadline).date()
    with pytest.raises(PermissionDenied):
        svc.meeting_reply(invitee=inv_a, by=clerk_b, attendee_users=[clerk_b])
    with pytest.raises(ValidationError):
        svc.meeting_reply(invitee=inv_a, by=clerk_a, attendee_users=[clerk_b])  # not their staff
    with pytest.raises(ValidationError):
        svc.meeting_reply(invitee=inv_a, by=clerk_a, attendee_users=[], attendees="")
    svc.meeting_reply(invitee=inv_a, by=clerk_a, attendee_users=[clerk_a])
    assert CalendarEvent.objects.filter(owner=clerk_a, meeting=meeting).count() == 1
    assert work.pending(clerk_a).count() == 0
    # Department B answers by SMS, through the function the SMS webhook calls.
    inv_b = svc.record_sms_reply(meeting=meeting, unit_or_person=dept_b, text="钟华副局长参加")
    assert inv_b.reply_via == "sms" and inv_b.attending and inv_b.attendees == "钟华副局长参加"
    assert work.pending(clerk_b).count() == 0
    declined = svc.record_sms_reply(meeting=meeting, unit_or_person=dept_b, text="我局请假，不参加")
    assert not declined.attending
    with pytest.raises(ValidationError):
        svc.record_sms_reply(meeting=meeting, unit_or_person=gov, text="参加")  # not invited
    assert meeting.invitees.filter(replied_at__isnull=False).count() == 2


def test_remind_reaches_only_non_repliers(organiser, gov, dept_a, dept_b, clerk_a, clerk_b):
    meeting = make_meeting(organiser, gov, [dept_a, dept_b])
    svc.meeting_send(meeting=meeting, by=organiser)
    svc.meeting_reply(
        invitee=meeting.invitees.get(unit=dept_a), by=clerk_a, attendee_users=[clerk_a]
    )
    with pytest.raises(PermissionDenied):
        svc.meeting_remind(meeting=meeting, by=clerk_a)
    assert svc.meeting_remind(meeting=meeting, by=organiser) == 1
    assert (
        Notification.objects.filter(recipient=clerk_b, subject__startswith="请尽快回执").count()
        == 2
    )
    assert not Notification.objects.filter(
        recipient=clerk_a, subject__startswith="请尽快回执"
    ).exists()
    assert meeting.invitees.get(unit=dept_b).reminded_at is not None


def test_attachment_goes_through_upload_validation(organiser, gov, dept_a):
    meeting = make_meeting(organiser, gov, [dept_a])
    svc.attachment_add(
        meeting=meeting, by=organiser, upload=SimpleUploadedFile("议程.pdf", PDF, "application/pdf")
    )
    with pytest.raises(ValidationError):
        svc.attachment_add(
            meeting=meeting,
            by=organiser,
            upload=SimpleUploadedFile("议程.pdf", b"MZ\x90\x00evil", "application/pdf"),
        )
    assert meeting.attachments.count() == 1


def test_sign_in_token_expiry_and_scope(organiser, gov, dept_a, dept_b, clerk_a, clerk_b, settings):
    start = timezone.now() + datetime.timedelta(minutes=30)
    meeting = make_meeting(
        organiser, gov, [dept_a], start=start, reply_deadline=start - datetime.timedelta(minutes=5)
    )
    svc.meeting_send(meeting=meeting, by=organiser)
    token = svc.sign_in_token(meeting)
    svc.meeting_sign_in(meeting=meeting, user=clerk_a, token=token)
    svc.meeting_sign_in(meeting=meeting, user=clerk_a, token=token)  # twice: one row
    assert MeetingSignIn.objects.filter(meeting=meeting).count() == 1
    with pytest.raises(PermissionDenied):
        svc.meeting_sign_in(meeting=meeting, user=clerk_b, token=token)
    with pytest.raises(ValidationError):
        svc.meeting_sign_in(meeting=meeting, user=clerk_a, token=token + "x")
    from django.core import signing

    old = signing.TimestampSigner(salt=svc.SIGN_IN_SALT)
    stale = old.sign(str(meeting.pk))
    import time as _time

    real = _time.time
    try:
        _time.time = lambda: real() + svc.SIGN_IN_MAX_AGE + 60
        with pytest.raises(ValidationError, match="过期"):
            svc.sign_in_check(stale)
    finally:
        _time.time = real


def test_minutes_action_items_become_inbox_work(organiser, gov, dept_a, dept_b, clerk_a, clerk_b):
    meeting = make_meeting(organiser, gov, [dept_a])
    svc.meeting_send(meeting=meeting, by=organiser)
    svc.minutes_save(meeting=meeting, by=organiser, minutes="会议议定：开展冬季安全大检查。")
    due = timezone.localdate() + datetime.timedelta(days=10)
    item = svc.action_item_add(
        meeting=meeting, by=organiser, title="开展冬季安全大检查", owner_unit=dept_a, due_date=due
    )
    work = ActionItemWork()
    assert work.pending(clerk_a).count() == 1 and work.pending(clerk_b).count() == 0
    assert work.items(clerk_a, 5)[0].due_date == item.clock.due_date >= due
    with pytest.raises(PermissionDenied):
        svc.action_item_done(item=item, by=clerk_b)
    svc.action_item_done(item=item, by=clerk_a)
    assert work.pending(clerk_a).count() == 0
    with pytest.raises(ValidationError):
        svc.action_item_add(
            meeting=meeting,
            by=organiser,
            title="过期",
            owner_unit=dept_a,
            due_date=timezone.localdate() - datetime.timedelta(days=1),
        )


def test_cancel_frees_the_room_clears_calendars_and_tells_invitees(
    organiser, gov, dept_a, clerk_a, room
):
    meeting = make_meeting(organiser, gov, [dept_a], room=room)
    meeting = svc.meeting_send(meeting=meeting, by=organiser)
    with pytest.raises(PermissionDenied):
        svc.meeting_cancel(meeting=meeting, by=clerk_a, reason="改期")
    with pytest.raises(ValidationError):
        svc.meeting_cancel(meeting=meeting, by=organiser, reason=" ")
    svc.meeting_cancel(meeting=meeting, by=organiser, reason="与省里会议冲突，改期另行通知")
    assert not CalendarEvent.objects.filter(meeting=meeting).exists()
    assert MeetingReplyWork().pending(clerk_a).count() == 0
    assert Notification.objects.filter(
        recipient=clerk_a, channel=Channel.SMS, subject__startswith="会议取消"
    ).exists()
    # The room is free again at that time.
    svc.room_book(room=room, start=meeting.start, end=meeting.end, title="改用", by=organiser)
    with pytest.raises(ValidationError):
        svc.meeting_cancel(meeting=meeting, by=organiser, reason="再取消")


def test_a_reply_by_sms_reaches_the_meeting_through_the_webhook(
    client, settings, organiser, gov, dept_a, dept_b, clerk_a, clerk_b
):
    """The notice goes out by the office's SMS tool; clerk B answers from their phone; the signed
    webhook matches the reply to the message, the registry hands it to the meeting, and B's unit
    is recorded as attending (the reply's text is the list of attendees)."""
    from oa.models import SmsMessage
    from tests.oa.test_sms import SECRET, signed_post

    settings.OA_SMS_WEBHOOK_SECRET = SECRET
    meeting = make_meeting(organiser, gov, [dept_a, dept_b])
    svc.meeting_send(meeting=meeting, by=organiser)
    out = SmsMessage.objects.get(mobile=clerk_b.mobile, direction="out")
    assert out.context_kind == "oa.meeting" and out.context_id == meeting.pk
    response = signed_post(
        client, {"type": "inbound", "from": clerk_b.mobile, "text": "钟华参加", "id": "g-m1"}
    )
    assert response.status_code == 200
    invitee = meeting.invitees.get(unit=dept_b)
    assert invitee.reply_via == "sms" and invitee.attendees == "钟华参加"
    assert SmsMessage.objects.get(gateway_id="g-m1").handled_as == "已登记参会回执"
