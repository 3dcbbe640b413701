"""短信收发: sending through the platform outbox, resending, delivery reports and inbound
messages from the gateway's webhook.

Sending writes one `SmsMessage` per number and one SMS row in the platform outbox in the same
transaction (the outbox sends it after commit, retries, and adds the signature). The gateway sees
the outbox row as ``egov-<id>``: its delivery report names that id. An inbound message is matched
to its sender (a staff member by mobile, else a citizen account, else an unknown number) and to the
conversation it answers (the message it names, else the last message sent to that number within
REPLY_WINDOW), then to the business feature behind that message (services/sms_replies.py).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.constants import Channel, OutboxStatus, UserKind
from platform_core.models import Notification, OrgUnit, Post, User
from platform_core.services.notifications import notification_enqueue

from ..models import SmsMessage, SmsThread, WebhookNonce
from ..models.sms import SenderKind, SmsDirection, SmsStatus
from .sms_replies import reply_handler

logger = logging.getLogger(__name__)

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
MAX_LENGTH = 500
MAX_RECIPIENTS = 500
REPLY_WINDOW = timedelta(days=7)
SIGNATURE_WINDOW_SECONDS = 300


def parse_numbers(text: str) -> list[str]:
    """Typed numbers, separated by commas, spaces or new lines; each must be a mainland mobile."""
    numbers = [n for n in re.split(r"[\s,，;；、]+", text or "") if n]
    bad = [n for n in numbers if not MOBILE_RE.match(n)]
    if bad:
        raise ValidationError(_("号码格式不正确：%(n)s") % {"n": "、".join(bad[:5])})
    return numbers


def resolve_recipients(
    *, people: list[User] = (), units: list[OrgUnit] = (), numbers: list[str] = ()
) -> list[tuple[str, User | None]]:
    """(mobile, person) for every recipient, each number once; people without a mobile are
    skipped. A unit means every active staff member posted in it or below it."""
    found: dict[str, User | None] = {}
    for person in people:
        if person.mobile:
            found.setdefault(person.mobile, person)
    if units:
        from django.db.models import Q

        cond = Q()
        for unit in units:
            cond |= Q(unit__path__startswith=unit.path)
        staff = (
            User.objects.filter(
                pk__in=Post.objects.active().filter(cond).values("user"), is_active=True
            )
            .exclude(mobile="")
            .order_by("pk")
        )
        for person in staff:
            found.setdefault(person.mobile, person)
    for number in numbers:
        found.setdefault(number, None)
    return list(found.items())


def _thread(owner: User, mobile: str, person: User | None) -> SmsThread:
    thread, _created = SmsThread.objects.get_or_create(
        owner=owner,
        mobile=mobile,
        defaults={
            "counterpart": person,
            "counterpart_kind": _kind_of(person),
        },
    )
    return thread


def _kind_of(person: User | None) -> str:
    if person is None:
        return SenderKind.UNKNOWN
    return SenderKind.CITIZEN if person.kind == UserKind.CITIZEN else SenderKind.STAFF


def _enqueue(message: SmsMessage, person: User | None) -> Notification:
    return notification_enqueue(
        channel=Channel.SMS,
        recipient=person,
        address=message.mobile,
        subject=_("短信"),
        body=message.body,
    )


@transaction.atomic
def sms_send(
    *,
    by: User,
    body: str,
    people: list[User] = (),
    units: list[OrgUnit] = (),
    numbers: list[str] = (),
    context_kind: str = "",
    context_id: int | None = None,
) -> list[SmsMessage]:
    """发送短信：给人员、单位或输入的号码，每个号码一条，经平台发件箱发送（自动加签名）。"""
    if not getattr(by, "is_office_user", False):
        raise PermissionDenied
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("请填写短信内容。"))
    if len(body) > MAX_LENGTH:
        raise ValidationError(_("短信内容不能超过 %(n)s 字。") % {"n": MAX_LENGTH})
    recipients = resolve_recipients(people=people, units=units, numbers=numbers)
    if not recipients:
        raise ValidationError(_("没有可发送的号码：请选择有手机号码的人员、单位或输入号码。"))
    if len(recipients) > MAX_RECIPIENTS:
        raise ValidationError(_("一次最多发送 %(n)s 个号码。") % {"n": MAX_RECIPIENTS})
    now = timezone.now()
    sent = []
    for mobile, person in recipients:
        thread = _thread(by, mobile, person)
        message = SmsMessage(
            thread=thread,
            direction=SmsDirection.OUT,
            mobile=mobile,
            body=body,
            sender=by,
            sender_kind=SenderKind.STAFF,
            context_kind=context_kind,
            context_id=context_id,
            created_at=now,
        )
        message.notification = _enqueue(message, person)
        message.save()
        thread.last_at = now
        thread.save(update_fields=["last_at"])
        sent.append(message)
    return sent


def sync_status(message: SmsMessage) -> str:
    """The status shown: a queued message follows its outbox row until the gateway reports."""
    if message.direction == SmsDirection.IN or message.status in (
        SmsStatus.DELIVERED,
        SmsStatus.FAILED,
    ):
        return message.status
    notification = message.notification
    if notification is None:
        return message.status
    if notification.status == OutboxStatus.FAILED:
        return SmsStatus.FAILED
    if notification.status == OutboxStatus.SENT:
        return SmsStatus.SENT
    return SmsStatus.QUEUED


def sms_refresh(message: SmsMessage) -> SmsMessage:
    """Store the status the outbox reached (sent or failed)."""
    status = sync_status(message)
    if status != message.status:
        message.status = status
        if status == SmsStatus.FAILED and message.notification_id:
            message.error = (message.notification.last_error or _("网关未接收"))[:300]
        message.save(update_fields=["status", "error"])
    return message


@transaction.atomic
def sms_resend(*, message: SmsMessage, by: User) -> SmsMessage:
    """重发：失败或未送达的短信重新排队发送（新的发件箱消息，网关可据此去重）。"""
    message = SmsMessage.objects.select_for_update().get(pk=message.pk)
    if message.thread.owner_id != by.pk:
        raise PermissionDenied
    if message.direction != SmsDirection.OUT:
        raise ValidationError(_("收到的短信不能重发。"))
    status = sync_status(message)
    if status in (SmsStatus.QUEUED, SmsStatus.DELIVERED):
        raise ValidationError(_("该短信正在排队或已送达，无需重发。"))
    message.notification = _enqueue(message, message.thread.counterpart)
    message.status = SmsStatus.QUEUED
    message.attempts += 1
    message.error = ""
    message.save(update_fields=["notification", "status", "attempts", "error"])
    return message


# --- the gateway's webhook ------------------------------------------------------------------


class WebhookRefused(Exception):
    """The request is not from the gateway (bad or missing signature, stale or replayed)."""


def webhook_signature(secret: str, timestamp: str, nonce: str, body: bytes) -> str:
    """hex(HMAC-SHA256(secret, "<timestamp>\\n<nonce>\\n" + body))."""
    message = f"{timestamp}\n{nonce}\n".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def webhook_verify(*, timestamp: str, nonce: str, signature: str, body: bytes) -> None:
    """Refuse a request unless it is signed with the shared secret, fresh, and new.

    The nonce is written to the database only after the signature checks, so an attacker cannot
    fill the table; a nonce seen before (within the window) is a replay.
    """
    secret = settings.OA_SMS_WEBHOOK_SECRET
    if not secret:
        raise WebhookRefused("webhook secret not configured")
    if not (timestamp and nonce and signature):
        raise WebhookRefused("missing signature headers")
    if not re.fullmatch(r"\d{1,12}", timestamp) or not re.fullmatch(r"[\w-]{8,64}", nonce):
        raise WebhookRefused("malformed headers")
    expected = webhook_signature(secret, timestamp, nonce, body)
    if not hmac.compare_digest(expected, signature.lower()):
        raise WebhookRefused("bad signature")
    age = abs(timezone.now().timestamp() - int(timestamp))
    if age > SIGNATURE_WINDOW_SECONDS:
        raise WebhookRefused("stale timestamp")
    try:
        with transaction.atomic():
            WebhookNonce.objects.create(nonce=nonce)
    except IntegrityError as exc:
        raise WebhookRefused("replayed nonce") from exc


def nonces_purge() -> int:
    """Nonces older than the window can go: their timestamps are refused anyway."""
    cutoff = timezone.now() - timedelta(seconds=SIGNATURE_WINDOW_SECONDS * 2)
    return WebhookNonce.objects.filter(received_at__lt=cutoff).delete()[0]


_REPORT_STATUS = {"delivered": SmsStatus.DELIVERED, "failed": SmsStatus.FAILED}


@transaction.atomic
def delivery_report(*, msgid: str, status: str, error: str = "") -> SmsMessage | None:
    """网关状态报告：egov-<outbox id> 已送达或失败。Unknown ids are ignored (logged)."""
    match = re.fullmatch(r"egov-(\d+)", msgid or "")
    new_status = _REPORT_STATUS.get(status)
    if match is None or new_status is None:
        raise ValidationError(_("状态报告格式不正确。"))
    message = (
        SmsMessage.objects.select_for_update()
        .filter(notification_id=int(match.group(1)), direction=SmsDirection.OUT)
        .first()
    )
    if message is None:
        logger.info("delivery report for unknown message %s", msgid)
        return None
    if message.status == SmsStatus.DELIVERED:
        return message  # a report delivered twice
    message.status = new_status
    if new_status == SmsStatus.DELIVERED:
        message.delivered_at = timezone.now()
        message.error = ""
    else:
        message.error = (error or _("网关报告发送失败"))[:300]
    message.save(update_fields=["status", "delivered_at", "error"])
    return message


def match_sender(mobile: str) -> tuple[User | None, str]:
    """A staff member with this mobile, else a citizen account, else nobody (an unknown number)."""
    people = list(User.objects.filter(mobile=mobile, is_active=True).order_by("kind", "pk"))
    staff = [p for p in people if p.kind != UserKind.CITIZEN]
    if staff:
        return staff[0], SenderKind.STAFF
    if people:
        return people[0], SenderKind.CITIZEN
    return None, SenderKind.UNKNOWN


def _answered(mobile: str, reply_to: str) -> SmsMessage | None:
    match = re.fullmatch(r"egov-(\d+)", reply_to or "")
    if match:
        named = (
            SmsMessage.objects.filter(
                notification_id=int(match.group(1)), direction=SmsDirection.OUT, mobile=mobile
            )
            .select_related("thread")
            .first()
        )
        if named is not None:
            return named
    return (
        SmsMessage.objects.filter(
            mobile=mobile,
            direction=SmsDirection.OUT,
            created_at__gte=timezone.now() - REPLY_WINDOW,
        )
        .select_related("thread")
        .order_by("-created_at", "-pk")
        .first()
    )


@transaction.atomic
def inbound_receive(
    *, mobile: str, text: str, gateway_id: str, reply_to: str = ""
) -> SmsMessage | None:
    """收到短信：匹配发送人和所回复的会话，交给业务处理（如会议回执）。

    Returns None when the same gateway id came before (a gateway retry) or no conversation
    can take it (an unsolicited message from a number nobody wrote to is logged and dropped).
    """
    if not MOBILE_RE.match(mobile or "") or not (text or "").strip() or not gateway_id:
        raise ValidationError(_("上行短信格式不正确。"))
    if SmsMessage.objects.filter(gateway_id=gateway_id).exists():
        return None
    sender, kind = match_sender(mobile)
    answered = _answered(mobile, reply_to)
    if answered is None:
        logger.info("inbound SMS from %s answers no conversation; dropped", mobile)
        return None
    thread = answered.thread
    now = timezone.now()
    message = SmsMessage.objects.create(
        thread=thread,
        direction=SmsDirection.IN,
        mobile=mobile,
        body=text.strip()[:1000],
        status=SmsStatus.RECEIVED,
        sender=sender,
        sender_kind=kind,
        in_reply_to=answered,
        context_kind=answered.context_kind,
        context_id=answered.context_id,
        gateway_id=gateway_id[:64],
        created_at=now,
    )
    SmsThread.objects.filter(pk=thread.pk).update(
        last_at=now,
        unread=thread.unread + 1,
        counterpart=sender or thread.counterpart,
        counterpart_kind=kind if sender else thread.counterpart_kind,
    )
    handler = reply_handler(answered.context_kind)
    if handler is not None and answered.context_id is not None:
        try:
            with transaction.atomic():
                result = handler(context_id=answered.context_id, message=message, sender=sender)
        except ValidationError as exc:
            result = _("未能处理：%(e)s") % {"e": "；".join(exc.messages)}
        message.handled_as = (result or "")[:200]
        message.save(update_fields=["handled_as"])
    return message


def thread_mark_read(*, thread: SmsThread, by: User) -> None:
    if thread.owner_id != by.pk:
        raise PermissionDenied
    if thread.unread:
        SmsThread.objects.filter(pk=thread.pk).update(unread=0)
