"""会议管理: booking rooms, meeting notices sent in-app and by SMS, replies (回执) by web or SMS,
reminders to units that have not replied, QR sign-in, minutes and their action items.

Double booking is refused by PostgreSQL (an exclusion constraint on the booked range per room), so
two people booking the same room at the same moment cannot both succeed.
"""

from __future__ import annotations

import datetime
import uuid

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, OperationalError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.dynforms.files import check_upload
from platform_core.models import CaseClock, OrgUnit, Subsystem, User
from platform_core.permissions import user_posts
from platform_core.selectors.calendar import is_working_day, working_days_between
from platform_core.services.clock import clock_finish, clock_start
from platform_core.services.notifications import notify_user
from platform_core.services.supervision import clock_watch

from ..models import (
    ActionItem,
    CalendarEvent,
    EventKind,
    MeetingAttachment,
    MeetingInvitee,
    MeetingNotice,
    MeetingRoom,
    MeetingSignIn,
    MeetingStatus,
    RoomBooking,
)
from ..selectors.access import drafting_units
from ..selectors.meetings import may_reply, may_run, may_sign_in, unit_staff
from .calendar import save_audited

ATTACHMENT_KINDS = ("pdf", "ofd", "docx", "xlsx", "doc", "xls", "png", "jpeg", "txt")
ATTACHMENT_MAX_BYTES = 30 * 1024 * 1024
SIGN_IN_SALT = "oa.meeting.sign-in"
SIGN_IN_MAX_AGE = 15 * 60  # seconds a QR code stays valid; the screen page renews it
DECLINE_WORDS = ("不参加", "不参会", "请假", "无法参加", "不能参加")
# Case clock processes: a reply (回执) due by the notice's deadline, an action item of the minutes
# due by its date. Both are watched by e-supervision (yellow card when due soon, red when late).
REPLY_CLOCK = "oa.meeting_reply"
ACTION_CLOCK = "oa.meeting_action"


def _days_until(day: datetime.date) -> int:
    """Working days from today to `day`, as a case clock limit whose due date is `day`; a day
    that is not a working day moves to the next working day (as a legal deadline does); today
    or earlier: due today."""
    today = timezone.localdate()
    if day <= today:
        return 0
    days = working_days_between(today, day)
    return days + (0 if is_working_day(day) else 1)


def _supervised_clock(
    *, process: str, day: datetime.date, subject: str, unit: OrgUnit, title: str, link: str
) -> CaseClock:
    clock = clock_start(process=process, limit_days=_days_until(day), subject=subject)
    clock_watch(clock=clock, subsystem=Subsystem.OA, unit=unit, title=title, link=link)
    return clock


def _finish(clock_id: int | None) -> None:
    if clock_id is not None:
        clock = CaseClock.objects.filter(pk=clock_id, finished_on__isnull=True).first()
        if clock is not None:
            clock_finish(clock=clock)


def _answering_unit(invitee: MeetingInvitee, meeting: MeetingNotice) -> OrgUnit:
    """Whose clock it is: the invited unit, or the invited person's (primary) unit."""
    if invitee.unit_id:
        return invitee.unit
    posts = sorted(user_posts(invitee.person), key=lambda p: not p.is_primary)
    return posts[0].unit if posts else meeting.unit


def _locked(meeting: MeetingNotice) -> MeetingNotice:
    return MeetingNotice.objects.select_for_update().get(pk=meeting.pk)


# --- rooms ---------------------------------------------------------------------------------------
def room_book(
    *,
    room: MeetingRoom,
    start: datetime.datetime,
    end: datetime.datetime,
    title: str,
    by: User,
    meeting: MeetingNotice | None = None,
) -> RoomBooking:
    """预订会议室。A booking overlapping another of the same room is refused by the database."""
    if end <= start:
        raise ValidationError(_("结束时间应晚于开始时间。"))
    if not room.is_active:
        raise ValidationError(_("该会议室已停用。"))
    for attempt in range(3):
        try:
            with transaction.atomic():
                booking = RoomBooking(
                    room=room,
                    during=DateTimeTZRange(start, end, "[)"),
                    title=title[:200],
                    booked_by=by,
                    meeting=meeting,
                )
                save_audited(booking, by, _("预订会议室"))
            return booking
        except IntegrityError as exc:
            raise ValidationError(
                _("会议室“%(room)s”在该时段已被预订，请另选时间或会议室。") % {"room": room.name},
                code="double_booking",
            ) from exc
        except OperationalError as exc:
            # Two bookings checked against each other by the exclusion constraint at the same
            # moment: PostgreSQL may abort one as a deadlock. Try again: it then sees the other.
            if getattr(exc.__cause__, "pgcode", "") not in ("40P01", "40001") or attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


# --- notices -------------------------------------------------------------------------------------
@transaction.atomic
def meeting_create(
    *,
    by: User,
    unit: OrgUnit,
    title: str,
    start: datetime.datetime,
    end: datetime.datetime,
    reply_deadline: datetime.datetime,
    kind: str = "onsite",
    room: MeetingRoom | None = None,
    place: str = "",
    agenda: str = "",
    units=(),
    persons=(),
    send_sms: bool = True,
) -> MeetingNotice:
    """拟会议通知（草稿），同时预订会议室。"""
    if not drafting_units(by).filter(pk=unit.pk).exists():
        raise PermissionDenied
    if not title.strip():
        raise ValidationError(_("请填写会议名称。"))
    if end <= start:
        raise ValidationError(_("结束时间应晚于开始时间。"))
    if reply_deadline > start:
        raise ValidationError(_("回执截止时间不能晚于会议开始时间。"))
    if room is None and not place.strip():
        raise ValidationError(_("请选择会议室或填写会议地点。"))
    if not units and not persons:
        raise ValidationError(_("请选择参会单位或参会人员。"))
    meeting = MeetingNotice(
        title=title.strip()[:200],
        kind=kind,
        unit=unit,
        created_by=by,
        start=start,
        end=end,
        room=room,
        place=place[:200],
        agenda=agenda,
        reply_deadline=reply_deadline,
        send_sms=send_sms,
    )
    save_audited(meeting, by, _("拟会议通知"))
    if room is not None:
        room_book(room=room, start=start, end=end, title=meeting.title, by=by, meeting=meeting)
    MeetingInvitee.objects.bulk_create(
        [MeetingInvitee(meeting=meeting, unit=u) for u in units]
        + [MeetingInvitee(meeting=meeting, person=p) for p in persons]
    )
    return meeting


def _ensure_calendar_event(meeting: MeetingNotice, user: User) -> None:
    """The meeting on the person's calendar (once: a unique constraint per owner and meeting)."""
    if CalendarEvent.objects.filter(owner=user, meeting=meeting).exists():
        return
    CalendarEvent.objects.create(
        owner=user,
        created_by=meeting.created_by,
        kind=EventKind.MEETING,
        title=meeting.title,
        location=meeting.where,
        description=meeting.agenda[:2000],
        start=meeting.start,
        end=meeting.end,
        meeting=meeting,
        uid=f"{uuid.uuid4()}@egov",
    )


def _notice_text(meeting: MeetingNotice) -> str:
    start = timezone.localtime(meeting.start)
    deadline = timezone.localtime(meeting.reply_deadline)
    return _(
        "%(unit)s定于%(when)s在%(where)s召开%(title)s（%(kind)s），请于%(deadline)s前回执参会人员。"
    ) % {
        "unit": meeting.unit.name,
        "when": start.strftime("%m月%d日 %H:%M"),
        "where": meeting.where,
        "title": meeting.title,
        "kind": meeting.get_kind_display(),
        "deadline": deadline.strftime("%m月%d日 %H:%M"),
    }


@transaction.atomic
def meeting_send(*, meeting: MeetingNotice, by: User) -> MeetingNotice:
    """发出会议通知：站内消息和短信通知参会单位的工作人员和参会人员，会议进入各人日程。"""
    meeting = _locked(meeting)
    if not may_run(by, meeting):
        raise PermissionDenied
    if meeting.status != MeetingStatus.DRAFT:
        raise ValidationError(_("该会议通知已发出或已取消。"))
    meeting.status = MeetingStatus.SENT
    meeting.sent_at = timezone.now()
    save_audited(meeting, by, _("发出会议通知"), update_fields=["status", "sent_at"])
    link = reverse("oa:meeting_detail", args=[meeting.pk])
    subject = _("会议通知：%(title)s") % {"title": meeting.title}
    body = _notice_text(meeting)
    invitees = list(meeting.invitees.select_related("unit", "person"))
    unit_ids = [i.unit_id for i in invitees if i.unit_id]
    recipients = {u.pk: u for u in unit_staff(unit_ids)} if unit_ids else {}
    for invitee in invitees:
        if invitee.person_id:
            recipients[invitee.person_id] = invitee.person
            _ensure_calendar_event(meeting, invitee.person)
    for user in recipients.values():
        notify_user(
            user=user,
            subject=subject,
            body=body,
            link=link,
            sms=False,
            dedupe_key=f"oa.meeting:{meeting.pk}:notice:{user.pk}",
        )
    for invitee in invitees:
        if invitee.replied_at is None and invitee.clock_id is None:
            _start_reply_clock(invitee, meeting)
    if meeting.send_sms:
        # By the office's SMS tool, so that a reply by SMS comes back to this meeting (the
        # webhook hands it to `sms_reply_handler` below through oa.services.sms_replies).
        from .sms import sms_send

        people = [u for u in recipients.values() if u.mobile]
        if people:
            sms_send(
                by=by,
                body=_("%(text)s 请直接回复参会人员姓名；不参加请回复“不参加”。")
                % {"text": _sms_text(meeting)},
                people=people,
                context_kind=SMS_CONTEXT,
                context_id=meeting.pk,
            )
    _ensure_calendar_event(meeting, meeting.created_by)
    return meeting


def _start_reply_clock(invitee: MeetingInvitee, meeting: MeetingNotice) -> CaseClock:
    """The invitee's reply, due by the notice's deadline, on a clock watched by e-supervision."""
    clock = _supervised_clock(
        process=REPLY_CLOCK,
        day=timezone.localtime(meeting.reply_deadline).date(),
        subject=meeting.title,
        unit=_answering_unit(invitee, meeting),
        title=_("会议回执：%(title)s（%(name)s）") % {"title": meeting.title, "name": invitee.name},
        link=reverse("oa:meeting_detail", args=[meeting.pk]),
    )
    MeetingInvitee.objects.filter(pk=invitee.pk).update(clock=clock)
    return clock


def _start_action_clock(item: ActionItem) -> CaseClock:
    """An action item, due by its date, on a clock watched by e-supervision."""
    clock = _supervised_clock(
        process=ACTION_CLOCK,
        day=item.due_date,
        subject=item.title,
        unit=item.owner_unit,
        title=_("会议议定事项：%(title)s") % {"title": item.title},
        link=reverse("oa:meeting_detail", args=[item.meeting_id]),
    )
    ActionItem.objects.filter(pk=item.pk).update(clock=clock)
    return clock


@transaction.atomic
def meeting_clocks_backfill() -> dict[str, int]:
    """Notices sent before replies and action items ran on the case clock (oa 0010) get their
    clocks: each unanswered invitee of a sent meeting not yet over (a reply after the meeting
    is moot), and each open action item of a sent meeting. A deadline already past falls due
    today. Safe to run any number of times: who has a clock keeps it. Run by oa 0012 and by
    `manage.py meeting_clocks_backfill`."""
    invitees = list(
        MeetingInvitee.objects.select_for_update(of=("self",))
        .filter(
            clock__isnull=True,
            replied_at__isnull=True,
            meeting__status=MeetingStatus.SENT,
            meeting__end__gt=timezone.now(),
        )
        .select_related("meeting", "unit", "person")
        .order_by("pk")
    )
    for invitee in invitees:
        _start_reply_clock(invitee, invitee.meeting)
    items = list(
        ActionItem.objects.select_for_update(of=("self",))
        .filter(clock__isnull=True, done_at__isnull=True, meeting__status=MeetingStatus.SENT)
        .select_related("owner_unit")
        .order_by("pk")
    )
    for item in items:
        _start_action_clock(item)
    return {"replies": len(invitees), "action_items": len(items)}


SMS_CONTEXT = "oa.meeting"


def _sms_text(meeting: MeetingNotice) -> str:
    start = timezone.localtime(meeting.start).strftime("%m月%d日 %H:%M")
    place = meeting.room.name if meeting.room_id else meeting.place
    return _("会议通知：%(title)s（%(kind)s），%(start)s，%(place)s。") % {
        "title": meeting.title,
        "kind": meeting.get_kind_display(),
        "start": start,
        "place": place,
    }


def sms_reply_handler(*, context_id: int, message, sender) -> str:
    """An SMS reply to a meeting notice (oa.services.sms_replies): recorded as the reply of the
    sender if they were invited by name, else of the invited unit they belong to."""
    meeting = MeetingNotice.objects.get(pk=context_id)
    if sender is None:
        raise ValidationError(_("无法识别回复人的手机号，未登记回执。"))
    invitees = list(meeting.invitees.select_related("unit"))
    if any(i.person_id == sender.pk for i in invitees):
        target = sender
    else:
        paths = [p.unit.path for p in user_posts(sender)]
        target = next(
            (
                i.unit
                for i in invitees
                if i.unit_id and any(path.startswith(i.unit.path) for path in paths)
            ),
            None,
        )
        if target is None:
            raise ValidationError(_("回复人不在本次会议的通知范围内。"))
    record_sms_reply(meeting=meeting, unit_or_person=target, text=message.body)
    return str(_("已登记参会回执"))


@transaction.atomic
def meeting_cancel(*, meeting: MeetingNotice, by: User, reason: str) -> MeetingNotice:
    """取消会议：释放会议室，撤下各人日程中的会议；已发通知的，告知参会单位和人员。"""
    meeting = _locked(meeting)
    if not may_run(by, meeting):
        raise PermissionDenied
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("会议已取消。"))
    if not reason.strip():
        raise ValidationError(_("请填写取消原因。"))
    was_sent = meeting.status == MeetingStatus.SENT
    meeting.status = MeetingStatus.CANCELLED
    save_audited(
        meeting, by, _("取消会议：%(r)s") % {"r": reason.strip()}, update_fields=["status"]
    )
    for booking in meeting.bookings.filter(is_active=True):
        booking.is_active = False
        save_audited(booking, by, _("取消会议，释放会议室"), update_fields=["is_active"])
    CalendarEvent.objects.filter(meeting=meeting).delete()
    # Nothing is due any more: stop the reply and action item clocks (no cards).
    for clock_id in [
        *meeting.invitees.values_list("clock", flat=True),
        *meeting.action_items.filter(done_at__isnull=True).values_list("clock", flat=True),
    ]:
        _finish(clock_id)
    if was_sent:
        invitees = list(meeting.invitees.select_related("person"))
        unit_ids = [i.unit_id for i in invitees if i.unit_id]
        recipients = {u.pk: u for u in unit_staff(unit_ids)} if unit_ids else {}
        for invitee in invitees:
            if invitee.person_id:
                recipients[invitee.person_id] = invitee.person
        start = timezone.localtime(meeting.start).strftime("%m月%d日 %H:%M")
        for user in recipients.values():
            notify_user(
                user=user,
                subject=_("会议取消：%(title)s") % {"title": meeting.title},
                body=_("原定%(when)s召开的%(title)s取消。原因：%(reason)s")
                % {
                    "when": start,
                    "title": meeting.title,
                    "reason": reason.strip()[:200],
                },
                link=reverse("oa:meeting_detail", args=[meeting.pk]),
                sms=meeting.send_sms,
                dedupe_key=f"oa.meeting:{meeting.pk}:cancel:{user.pk}",
            )
    return meeting


def _record_reply(
    invitee: MeetingInvitee,
    *,
    by: User | None,
    attending: bool,
    attendees: str,
    attendee_users=(),
    note: str = "",
    via: str,
) -> MeetingInvitee:
    invitee.replied_at = timezone.now()
    invitee.replied_by = by
    invitee.attending = attending
    invitee.attendees = attendees[:500]
    invitee.reply_note = note[:500]
    invitee.reply_via = via
    save_audited(invitee, by, _("短信回执") if via == "sms" else _("会议回执"))
    _finish(invitee.clock_id)
    meeting = invitee.meeting
    people = list(attendee_users) if attending else []
    if invitee.person_id and attending:
        people.append(invitee.person)
    invitee.attendee_users.set(people)
    for person in people:
        _ensure_calendar_event(meeting, person)
    notify_user(
        user=meeting.created_by,
        subject=_("会议回执：%(title)s") % {"title": meeting.title},
        body=_("%(name)s已回执：%(answer)s")
        % {
            "name": invitee.name,
            "answer": (attendees or _("参会")) if attending else _("不参会"),
        },
        link=reverse("oa:meeting_detail", args=[meeting.pk]),
    )
    return invitee


@transaction.atomic
def meeting_reply(
    *,
    invitee: MeetingInvitee,
    by: User,
    attending: bool = True,
    attendee_users=(),
    attendees: str = "",
    note: str = "",
) -> MeetingInvitee:
    """单位（或个人）填写会议回执：是否参会、参会人员。可在会议开始前修改。"""
    invitee = (
        MeetingInvitee.objects.select_for_update().select_related("meeting").get(pk=invitee.pk)
    )
    meeting = invitee.meeting
    if not may_reply(by, invitee):
        raise PermissionDenied
    if meeting.status != MeetingStatus.SENT:
        raise ValidationError(_("会议通知未发出或已取消，不能回执。"))
    if meeting.start <= timezone.now():
        raise ValidationError(_("会议已开始，不能再回执。"))
    if attending and not attendee_users and not attendees.strip() and invitee.unit_id:
        raise ValidationError(_("请选择或填写参会人员。"))
    if invitee.unit_id:
        allowed = set(unit_staff([invitee.unit_id]).values_list("pk", flat=True))
        if any(u.pk not in allowed for u in attendee_users):
            raise ValidationError(_("参会人员须为本单位工作人员。"))
    names = attendees.strip() or "、".join(u.name for u in attendee_users)
    return _record_reply(
        invitee,
        by=by,
        attending=attending,
        attendees=names,
        attendee_users=attendee_users,
        note=note,
        via="web",
    )


@transaction.atomic
def record_sms_reply(
    *, meeting: MeetingNotice, unit_or_person: OrgUnit | User, text: str
) -> MeetingInvitee:
    """记录短信回执。The SMS inbound webhook calls this once it has matched a reply to a meeting
    notice and to the unit (or person) it comes from. The text is kept as the list of attendees;
    a text saying 不参加/请假 records that the unit will not attend. Returns the invitee row;
    ValidationError when the unit or person was not invited or the meeting is not open."""
    meeting = _locked(meeting)
    if meeting.status != MeetingStatus.SENT:
        raise ValidationError(_("会议通知未发出或已取消，不能回执。"))
    if isinstance(unit_or_person, OrgUnit):
        invitee = meeting.invitees.filter(unit=unit_or_person).first()
        by = None
    else:
        invitee = meeting.invitees.filter(person=unit_or_person).first()
        by = unit_or_person
    if invitee is None:
        raise ValidationError(_("该单位或人员不在本次会议的通知范围内。"))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("短信回执内容为空。"))
    attending = not any(word in text for word in DECLINE_WORDS)
    invitee = MeetingInvitee.objects.select_for_update().get(pk=invitee.pk)
    invitee.meeting = meeting
    return _record_reply(
        invitee,
        by=by,
        attending=attending,
        attendees=text if attending else "",
        note=text if not attending else "",
        via="sms",
    )


@transaction.atomic
def meeting_remind(*, meeting: MeetingNotice, by: User) -> int:
    """一键催报：提醒尚未回执的单位和人员（站内消息和短信）。Returns how many were reminded."""
    meeting = _locked(meeting)
    if not may_run(by, meeting):
        raise PermissionDenied
    if meeting.status != MeetingStatus.SENT:
        raise ValidationError(_("会议通知未发出或已取消。"))
    pending = list(meeting.invitees.filter(replied_at__isnull=True).select_related("person"))
    if not pending:
        return 0
    now = timezone.now()
    unit_ids = [i.unit_id for i in pending if i.unit_id]
    recipients = {u.pk: u for u in unit_staff(unit_ids)} if unit_ids else {}
    for invitee in pending:
        if invitee.person_id:
            recipients[invitee.person_id] = invitee.person
    subject = _("请尽快回执：%(title)s") % {"title": meeting.title}
    body = _("您（单位）尚未回执%(title)s的参会人员，请于%(deadline)s前回执。") % {
        "title": meeting.title,
        "deadline": timezone.localtime(meeting.reply_deadline).strftime("%m月%d日 %H:%M"),
    }
    stamp = now.strftime("%Y%m%d%H%M")
    for user in recipients.values():
        notify_user(
            user=user,
            subject=subject,
            body=body,
            link=reverse("oa:meeting_detail", args=[meeting.pk]),
            sms=meeting.send_sms,
            dedupe_key=f"oa.meeting:{meeting.pk}:remind:{stamp}:{user.pk}",
        )
    for invitee in pending:
        invitee.reminded_at = now
        save_audited(invitee, by, _("催报回执"), update_fields=["reminded_at"])
    return len(pending)


@transaction.atomic
def attachment_add(*, meeting: MeetingNotice, by: User, upload: UploadedFile) -> MeetingAttachment:
    """上传会议材料（经平台上传校验）。"""
    _kind, name = check_upload(upload, ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES)
    meeting = _locked(meeting)
    if not may_run(by, meeting):
        raise PermissionDenied
    attachment = MeetingAttachment(
        meeting=meeting, original_name=name, size=upload.size, uploaded_by=by
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


# --- sign-in and minutes ------------------------------------------------------------------------
def sign_in_token(meeting: MeetingNotice) -> str:
    return signing.TimestampSigner(salt=SIGN_IN_SALT).sign(str(meeting.pk))


def sign_in_check(token: str) -> int:
    """The meeting id of a valid, unexpired sign-in token, or ValidationError."""
    try:
        value = signing.TimestampSigner(salt=SIGN_IN_SALT).unsign(token, max_age=SIGN_IN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ValidationError(_("签到二维码已过期，请重新扫描会场屏幕上的二维码。")) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("签到二维码无效。")) from exc
    return int(value)


@transaction.atomic
def meeting_sign_in(*, meeting: MeetingNotice, user: User, token: str) -> MeetingSignIn:
    """扫码签到：令牌有效、会议进行中（开始前一小时起），且本人在参会范围内。"""
    if sign_in_check(token) != meeting.pk:
        raise ValidationError(_("签到二维码无效。"))
    meeting = MeetingNotice.objects.get(pk=meeting.pk)
    if meeting.status != MeetingStatus.SENT:
        raise ValidationError(_("会议未发通知或已取消。"))
    now = timezone.now()
    if not (meeting.start - datetime.timedelta(hours=1) <= now <= meeting.end):
        raise ValidationError(_("不在签到时间内（会议开始前一小时至会议结束）。"))
    if not may_sign_in(user, meeting):
        raise PermissionDenied
    sign_in, created = MeetingSignIn.objects.get_or_create(meeting=meeting, user=user)
    return sign_in


@transaction.atomic
def minutes_save(*, meeting: MeetingNotice, by: User, minutes: str) -> MeetingNotice:
    """保存会议纪要。"""
    meeting = _locked(meeting)
    if not may_run(by, meeting):
        raise PermissionDenied
    if meeting.status != MeetingStatus.SENT:
        raise ValidationError(_("会议通知未发出或已取消。"))
    meeting.minutes = minutes
    save_audited(meeting, by, _("保存会议纪要"), update_fields=["minutes"])
    return meeting


@transaction.atomic
def action_item_add(
    *, meeting: MeetingNotice, by: User, title: str, owner_unit: OrgUnit, due_date: datetime.date
) -> ActionItem:
    """纪要议定事项交办到责任单位（进入该单位人员的待办）。"""
    meeting = _locked(meeting)
    if not may_run(by, meeting):
        raise PermissionDenied
    if meeting.status != MeetingStatus.SENT:
        raise ValidationError(_("会议通知未发出或已取消。"))
    if not title.strip():
        raise ValidationError(_("请填写议定事项。"))
    if due_date < timezone.localdate():
        raise ValidationError(_("完成期限不能早于今天。"))
    item = ActionItem(
        meeting=meeting,
        title=title.strip()[:300],
        owner_unit=owner_unit,
        due_date=due_date,
        created_by=by,
    )
    save_audited(item, by, _("交办议定事项"))
    item.clock = _start_action_clock(item)
    for user in unit_staff([owner_unit.pk]):
        notify_user(
            user=user,
            subject=_("会议议定事项：%(title)s") % {"title": item.title},
            body=_("%(meeting)s议定事项交由贵单位办理，期限%(due)s。")
            % {
                "meeting": meeting.title,
                "due": due_date.strftime("%Y-%m-%d"),
            },
            link=reverse("oa:meeting_detail", args=[meeting.pk]),
            dedupe_key=f"oa.action:{item.pk}:{user.pk}",
        )
    return item


@transaction.atomic
def action_item_done(*, item: ActionItem, by: User) -> ActionItem:
    """责任单位标记议定事项办结。"""
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    from ..selectors.access import own_units

    if not own_units(by).filter(unit=item.owner_unit_id).exists():
        raise PermissionDenied
    if item.done_at is None:
        item.done_at = timezone.now()
        item.done_by = by
        save_audited(item, by, _("议定事项办结"), update_fields=["done_at", "done_by"])
        _finish(item.clock_id)
    return item
