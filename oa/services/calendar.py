"""日程安排: events (for oneself, shared, or kept by a secretary for a leader), their recurrence
(RFC 5545 RRULE through dateutil), reminders sent exactly once, delegations and the feed token.

Exactly-once reminders: the beat task `reminders_scan` claims due reminder rows with
SELECT … FOR UPDATE SKIP LOCKED, and for each occurrence inserts a `ReminderDelivery` (unique per
reminder and occurrence) in the same transaction as the outbox message. A second scanner skips
the locked rows, and if it ever reached the same occurrence its insert would fail on the unique
constraint and nothing would be enqueued. A worker that dies mid-scan rolls back both the marker
and the message, so the next scan sends it (once).
"""

from __future__ import annotations

import datetime
import logging
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.constants import Channel
from platform_core.models import User
from platform_core.services.notifications import notification_enqueue

from ..models import (
    CalendarDelegation,
    CalendarEvent,
    CalendarFeed,
    EventReminder,
    ReminderChannel,
    ReminderDelivery,
)
from ..recurrence import (  # noqa: F401 - occurrences is part of this module's API
    Occurrence,
    clean_rrule,
    next_fire,
    occurrences,
    parse_rrule,
)
from ..selectors.calendar import may_manage_calendar

logger = logging.getLogger(__name__)

# A reminder whose occurrence is this far in the past (workers down for a long time) is skipped.
STALE_AFTER = datetime.timedelta(hours=6)


def save_audited(instance, by: User | None, reason: str, **kwargs) -> None:
    """Save with who and why on the simple-history row (the audit tables are append-only)."""
    instance._history_user = by if getattr(by, "pk", None) else None
    instance._change_reason = reason[:100]
    instance.save(**kwargs)


def _reset_reminders(event: CalendarEvent, now: datetime.datetime | None = None) -> None:
    """After a change of time: each kept reminder's next occurrence, never one already sent."""
    now = now or timezone.now()
    for reminder in event.reminders.all():
        last = reminder.deliveries.order_by("-occurrence").values_list("occurrence", flat=True)
        after = max(now, last[0]) if last else now
        reminder.next_fire_at = next_fire(event, reminder.minutes_before, after)
        reminder.save(update_fields=["next_fire_at"])


def _check_times(start, end, all_day: bool):
    if start is None or end is None:
        raise ValidationError(_("请填写开始和结束时间。"))
    if end < start:
        raise ValidationError(_("结束时间不能早于开始时间。"))
    if all_day:
        start = timezone.localtime(start).replace(hour=0, minute=0, second=0, microsecond=0)
        last = timezone.localtime(end).replace(hour=0, minute=0, second=0, microsecond=0)
        end = last + datetime.timedelta(days=1) - datetime.timedelta(seconds=1)
    return start, end


@transaction.atomic
def event_create(
    *,
    by: User,
    owner: User,
    title: str,
    start: datetime.datetime,
    end: datetime.datetime,
    kind: str = "appointment",
    all_day: bool = False,
    location: str = "",
    description: str = "",
    rrule: str = "",
    shared_with=(),
    reminders: list[tuple[str, int]] = (),
    meeting=None,
) -> CalendarEvent:
    """新建日程。`by` keeps their own calendar, or a leader's who delegated it to them."""
    if not may_manage_calendar(by, owner):
        raise PermissionDenied
    if not title.strip():
        raise ValidationError(_("请填写日程标题。"))
    start, end = _check_times(start, end, all_day)
    rrule = clean_rrule(rrule)
    parse_rrule(rrule, timezone.localtime(start))
    event = CalendarEvent(
        owner=owner,
        created_by=by,
        kind=kind,
        title=title.strip()[:200],
        location=location[:200],
        description=description,
        start=start,
        end=end,
        all_day=all_day,
        rrule=rrule,
        meeting=meeting,
        uid=f"{uuid.uuid4()}@egov",
    )
    save_audited(event, by, _("新建日程") if by == owner else _("代领导新建日程"))
    if shared_with:
        event.shared_with.set([u for u in shared_with if u.pk != owner.pk])
    for channel, minutes in reminders:
        reminder_add(event=event, channel=channel, minutes_before=minutes)
    return event


def reminder_add(*, event: CalendarEvent, channel: str, minutes_before: int) -> EventReminder:
    if channel not in ReminderChannel.values:
        raise ValidationError(_("提醒方式不正确。"))
    if not 0 <= minutes_before <= 60 * 24 * 30:
        raise ValidationError(_("提前提醒时间应在 0 至 30 天之间。"))
    return EventReminder.objects.create(
        event=event,
        channel=channel,
        minutes_before=minutes_before,
        next_fire_at=next_fire(event, minutes_before, timezone.now()),
    )


@transaction.atomic
def event_update(
    *,
    event: CalendarEvent,
    by: User,
    title: str,
    start,
    end,
    kind: str,
    all_day: bool = False,
    location: str = "",
    description: str = "",
    rrule: str = "",
    shared_with=None,
    reminders: list[tuple[str, int]] | None = None,
) -> CalendarEvent:
    """修改日程（重新计算提醒时间）。"""
    event = CalendarEvent.objects.select_for_update().get(pk=event.pk)
    if not may_manage_calendar(by, event.owner) or event.meeting_id:
        raise PermissionDenied
    if not title.strip():
        raise ValidationError(_("请填写日程标题。"))
    start, end = _check_times(start, end, all_day)
    rrule = clean_rrule(rrule)
    parse_rrule(rrule, timezone.localtime(start))
    event.title = title.strip()[:200]
    event.start, event.end, event.kind, event.all_day = start, end, kind, all_day
    event.location, event.description, event.rrule = location[:200], description, rrule
    save_audited(event, by, _("修改日程"))
    if shared_with is not None:
        event.shared_with.set([u for u in shared_with if u.pk != event.owner_id])
    if reminders is not None:
        # Keep the reminders that stay (and their sent markers), drop the others, add the new.
        wanted = set(reminders)
        for reminder in event.reminders.all():
            key = (reminder.channel, reminder.minutes_before)
            if key in wanted:
                wanted.discard(key)
            else:
                reminder.delete()
        for channel, minutes in sorted(wanted):
            reminder_add(event=event, channel=channel, minutes_before=minutes)
    _reset_reminders(event)
    return event


@transaction.atomic
def event_delete(*, event: CalendarEvent, by: User) -> None:
    """删除日程（会议日程随会议，不在此删除）。"""
    if not may_manage_calendar(by, event.owner) or event.meeting_id:
        raise PermissionDenied
    event._history_user = by
    event._change_reason = _("删除日程")
    event.delete()


# --- reminders ---------------------------------------------------------------------------------
def _reminder_text(event: CalendarEvent, occurrence: datetime.datetime) -> tuple[str, str]:
    local = timezone.localtime(occurrence)
    when = local.strftime("%Y-%m-%d") if event.all_day else local.strftime("%Y-%m-%d %H:%M")
    subject = _("日程提醒：%(title)s") % {"title": event.title}
    body = _("您的日程“%(title)s”将于 %(when)s 开始%(where)s。") % {
        "title": event.title,
        "when": when,
        "where": (_("，地点：%(p)s") % {"p": event.location}) if event.location else "",
    }
    return subject, body


def _send_reminder(reminder: EventReminder, occurrence: datetime.datetime):
    event = reminder.event
    owner = event.owner
    subject, body = _reminder_text(event, occurrence)
    key = f"oa.reminder:{reminder.pk}:{occurrence.isoformat()}"
    if reminder.channel == ReminderChannel.SMS:
        if not owner.mobile:
            return None
        return notification_enqueue(
            channel=Channel.SMS, recipient=owner, subject=subject, body=body, dedupe_key=key
        )
    if reminder.channel == ReminderChannel.EMAIL:
        if not owner.email:
            return None
        return notification_enqueue(
            channel=Channel.EMAIL, recipient=owner, subject=subject, body=body, dedupe_key=key
        )
    return notification_enqueue(
        channel=Channel.IN_APP,
        recipient=owner,
        subject=subject,
        body=body,
        link=reverse("oa:event_detail", args=[event.pk]),
        dedupe_key=key,
    )


def reminders_scan(*, now: datetime.datetime | None = None, limit: int = 200) -> int:
    """扫描到期的日程提醒并发送（每条提醒每次日程只发一次）。Returns how many were enqueued."""
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        due = list(
            EventReminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(next_fire_at__lte=now)
            .select_related("event", "event__owner")
            .order_by("next_fire_at", "pk")[:limit]
        )
        for reminder in due:
            occurrence = reminder.next_fire_at + datetime.timedelta(minutes=reminder.minutes_before)
            if occurrence >= now - STALE_AFTER:
                try:
                    with transaction.atomic():
                        delivery = ReminderDelivery.objects.create(
                            reminder=reminder, occurrence=occurrence
                        )
                        delivery.notification = _send_reminder(reminder, occurrence)
                        delivery.save(update_fields=["notification"])
                except IntegrityError:
                    logger.info("reminder %s for %s already sent", reminder.pk, occurrence)
                else:
                    sent += 1
            reminder.next_fire_at = next_fire(reminder.event, reminder.minutes_before, occurrence)
            reminder.save(update_fields=["next_fire_at"])
    return sent


# --- delegation and feed -----------------------------------------------------------------------
@transaction.atomic
def delegation_grant(*, leader: User, secretary: User) -> CalendarDelegation:
    """领导授权秘书代管日程。"""
    if leader.pk == secretary.pk:
        raise ValidationError(_("不能授权给自己。"))
    if not (secretary.is_active and secretary.is_office_user):
        raise ValidationError(_("只能授权给在岗工作人员。"))
    delegation = CalendarDelegation.objects.filter(leader=leader, secretary=secretary).first()
    if delegation is None:
        delegation = CalendarDelegation(leader=leader, secretary=secretary)
        save_audited(delegation, leader, _("授权代管日程"))
    return delegation


@transaction.atomic
def delegation_revoke(*, delegation: CalendarDelegation, by: User) -> None:
    if by.pk != delegation.leader_id:
        raise PermissionDenied
    delegation._history_user = by
    delegation._change_reason = _("撤销代管授权")
    delegation.delete()


def feed_for(user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def feed_rotate(*, user: User) -> CalendarFeed:
    """更换订阅地址：旧地址立即失效。"""
    feed = feed_for(user)
    from ..models.calendar import new_feed_token

    feed.token = new_feed_token()
    feed.rotated_at = timezone.now()
    feed.save(update_fields=["token", "rotated_at"])
    return feed
