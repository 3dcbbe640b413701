"""The outbox: every in-app message, SMS and e-mail goes through here.

A business service calls `notification_enqueue()` inside its own transaction: the row commits or
rolls back with the business change. After commit a Celery task sends it; if the broker is down the
row simply waits, and the periodic `drain_outbox` job picks it up. Sending locks the row, so two
workers (or a task delivered twice) never send it twice; a failure is retried with back-off up to
settings.OUTBOX_MAX_ATTEMPTS, then marked failed for an administrator to resend.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage, send_mail
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import Channel, OutboxStatus
from ..models import Notification, NotificationAttachment, User
from ..sms import SmsError, SmsMessage, get_backend

logger = logging.getLogger(__name__)

REDACTED = "（内容已在发送后隐去）"


def _schedule(notification_id: int) -> None:
    """Queue the send task; a broker outage must not fail the business transaction."""
    try:
        send_notification.delay(notification_id)
    except Exception:  # kombu raises many kinds; the drain job is the safety net
        logger.warning("broker unavailable; notification %s waits for drain", notification_id)


@dataclass(frozen=True)
class EmailFile:
    """A file to attach to an e-mail: a name in Django's default storage the caller keeps until
    the message is sent (the outbox stores the reference, never a copy of the bytes; see
    `register_file_release_handler` for being told when it has left)."""

    name: str
    storage_name: str
    size: int
    content_type: str = ""


def email_files_check(files: Sequence[EmailFile]) -> None:
    """Refuse, in Chinese, attachments too large for an e-mail leaving the system."""
    total = sum(f.size for f in files)
    limit = settings.OUTBOX_EMAIL_ATTACHMENTS_MAX_BYTES
    if total > limit:
        raise ValidationError(
            _(
                "发往系统外邮箱的附件合计不能超过 %(limit)s，本邮件的附件共 %(total)s。"
                "请删去较大的附件后再发送，或只发给系统内的收件人。"
            ),
            code="email_attachments_size",
            params={"limit": filesizeformat(limit), "total": filesizeformat(total)},
        )


def notification_enqueue(
    *,
    channel: str,
    subject: str,
    body: str,
    recipient: User | None = None,
    address: str = "",
    link: str = "",
    dedupe_key: str | None = None,
    redact_after_send: bool = False,
    attachments: Sequence[EmailFile] = (),
) -> Notification:
    """写入消息发件箱。Write one message to the outbox (call inside the business transaction).

    With `dedupe_key`, enqueuing the same business event twice returns the existing row.
    `attachments` (e-mail only): files read from storage when the message is sent; their total
    size is limited (settings.OUTBOX_EMAIL_ATTACHMENTS_MAX_BYTES).
    """
    if attachments:
        if channel != Channel.EMAIL:
            raise ValueError("only e-mail carries attachments")
        email_files_check(attachments)
    if channel == Channel.SMS and not address and recipient is not None:
        address = recipient.mobile
    if channel == Channel.EMAIL and not address and recipient is not None:
        address = recipient.email
    if dedupe_key:
        existing = Notification.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    is_in_app = channel == Channel.IN_APP
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                channel=channel,
                recipient=recipient,
                address=address,
                subject=subject[:200],
                body=body,
                link=link,
                dedupe_key=dedupe_key,
                redact_after_send=redact_after_send,
                # In-app messages are delivered by being written.
                status=OutboxStatus.SENT if is_in_app else OutboxStatus.PENDING,
                sent_at=timezone.now() if is_in_app else None,
            )
            NotificationAttachment.objects.bulk_create(
                NotificationAttachment(
                    notification=notification,
                    name=f.name[:200],
                    storage_name=f.storage_name,
                    content_type=f.content_type,
                    size=f.size,
                )
                for f in attachments
            )
    except IntegrityError:
        if dedupe_key:  # a concurrent transaction enqueued the same event first
            return Notification.objects.get(dedupe_key=dedupe_key)
        raise
    if not is_in_app:
        transaction.on_commit(lambda: _schedule(notification.pk))
    return notification


def notify_user(
    *,
    user: User,
    subject: str,
    body: str,
    link: str = "",
    sms: bool = False,
    dedupe_key: str | None = None,
) -> list[Notification]:
    """通知用户：站内消息，必要时加发短信。In-app message, plus an SMS when asked and possible."""
    rows = [
        notification_enqueue(
            channel=Channel.IN_APP,
            recipient=user,
            subject=subject,
            body=body,
            link=link,
            dedupe_key=f"{dedupe_key}:in_app" if dedupe_key else None,
        )
    ]
    if sms and user.mobile:
        rows.append(
            notification_enqueue(
                channel=Channel.SMS,
                recipient=user,
                subject=subject,
                body=body,
                dedupe_key=f"{dedupe_key}:sms" if dedupe_key else None,
            )
        )
    return rows


@dataclass(frozen=True)
class InAppMessage:
    """One in-app message for `notify_in_app`."""

    recipient_id: int
    subject: str
    body: str
    link: str = ""
    dedupe_key: str | None = None


def notify_in_app(messages: Sequence[InAppMessage]) -> None:
    """站内消息（批量）。In-app messages to many people in one statement, inside the business
    transaction like `notify_user` (they commit or roll back with it; an in-app message is
    delivered by being written). A message whose dedupe key is already in the outbox is skipped
    by the database (INSERT … ON CONFLICT DO NOTHING): an event enqueued twice, or by two
    transactions at once, gives one message. Keys get the `:in_app` suffix of `notify_user`, so
    both name the same event the same way."""
    if not messages:
        return
    now = timezone.now()
    Notification.objects.bulk_create(
        [
            Notification(
                channel=Channel.IN_APP,
                recipient_id=m.recipient_id,
                subject=m.subject[:200],
                body=m.body,
                link=m.link,
                dedupe_key=f"{m.dedupe_key}:in_app" if m.dedupe_key else None,
                status=OutboxStatus.SENT,
                sent_at=now,
            )
            for m in messages
        ],
        ignore_conflicts=True,
    )


def _deliver(notification: Notification) -> None:
    if notification.channel == Channel.SMS:
        text = f"{settings.SMS_SIGNATURE}{notification.body}"
        get_backend().send(
            SmsMessage(mobile=notification.address, text=text, message_id=f"egov-{notification.pk}")
        )
    elif notification.channel == Channel.EMAIL:
        files = list(notification.attachments.all())
        if not files:
            send_mail(notification.subject, notification.body, None, [notification.address])
            return
        message = EmailMessage(notification.subject, notification.body, to=[notification.address])
        for f in files:
            # A missing file raises OSError: the row is retried, then marked failed.
            with default_storage.open(f.storage_name, "rb") as handle:
                content = handle.read()
            kind = f.content_type or mimetypes.guess_type(f.name)[0] or "application/octet-stream"
            message.attach(f.name, content, kind)
        message.send()


def outbox_pending_files(storage_names: Iterable[str]) -> set[str]:
    """Which of these files are still waiting to be attached to an unsent e-mail (one query)."""
    names = list(set(storage_names))
    if not names:
        return set()
    return set(
        NotificationAttachment.objects.filter(
            storage_name__in=names, notification__status=OutboxStatus.PENDING
        ).values_list("storage_name", flat=True)
    )


# The outbox never copies an attachment: the app that keeps the file is told, after commit, when
# an e-mail that attached it has left the queue (sent, or failed for good), so that a file only
# the outbox still needed can be removed. A handler gets the storage names and decides itself
# (another pending e-mail, or the app's own records, may still need the file); a handler that
# fails is logged, and the app's own periodic sweep is the safety net.
_file_release_handlers: list[Callable[[list[str]], object]] = []


def register_file_release_handler(handler: Callable[[list[str]], object]) -> None:
    if handler not in _file_release_handlers:
        _file_release_handlers.append(handler)


def _release_files(storage_names: list[str]) -> None:
    for handler in list(_file_release_handlers):
        try:
            handler(storage_names)
        except Exception:  # the sweep of the owning app removes the file later
            logger.exception("file release handler %r failed", handler)


def notification_send(*, notification_id: int) -> str:
    """发送一条消息。Send one outbox row; safe to call any number of times.

    The row stays locked while the gateway is called, so a second worker waits and then sees
    it sent. Returns the resulting status.
    """
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status != OutboxStatus.PENDING:
            return notification.status if notification else "missing"
        notification.attempts += 1
        try:
            _deliver(notification)
        except (SmsError, OSError) as exc:
            notification.last_error = str(exc)[:2000]
            if notification.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                notification.status = OutboxStatus.FAILED
                logger.error("notification %s failed for good: %s", notification.pk, exc)
            else:
                # Exponential back-off: 1, 2, 4, 8 … minutes.
                delay = timedelta(minutes=2 ** (notification.attempts - 1))
                notification.next_attempt_at = timezone.now() + delay
        else:
            notification.status = OutboxStatus.SENT
            notification.sent_at = timezone.now()
            notification.last_error = ""
            if notification.redact_after_send:
                notification.body = REDACTED
        notification.save(
            update_fields=["attempts", "status", "sent_at", "last_error", "next_attempt_at", "body"]
        )
        if notification.status != OutboxStatus.PENDING and notification.channel == Channel.EMAIL:
            names = sorted(set(notification.attachments.values_list("storage_name", flat=True)))
            if names:
                transaction.on_commit(lambda: _release_files(names))
        return notification.status


def notification_resend(*, notification: Notification, by: User | None = None) -> Notification:
    """重新发送失败消息。An administrator puts a failed message back in the queue.

    An e-mail whose attached files are gone (their app removed them once it failed for good) is
    refused with a ValidationError instead of failing again without them."""
    with transaction.atomic():
        locked = Notification.objects.select_for_update().get(pk=notification.pk)
        if locked.status == OutboxStatus.FAILED:
            gone = [
                f.name
                for f in locked.attachments.all()
                if not default_storage.exists(f.storage_name)
            ]
            if gone:
                raise ValidationError(
                    _("附件已不在存储中（%(names)s），无法重新发送；请发件人重新发送这封邮件。")
                    % {"names": "、".join(gone)},
                    code="attachments_gone",
                )
            locked.status = OutboxStatus.PENDING
            locked.attempts = 0
            locked.next_attempt_at = timezone.now()
            locked.save(update_fields=["status", "attempts", "next_attempt_at"])
            logger.info("notification %s resent by %s", locked.pk, by)
            transaction.on_commit(lambda: _schedule(locked.pk))
    return locked


def outbox_due_ids(*, limit: int = 500) -> list[int]:
    return list(
        Notification.objects.filter(
            status=OutboxStatus.PENDING, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def notification_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """标记已读。Mark the user's in-app messages read (all, or the given ids)."""
    rows = Notification.objects.filter(recipient=user, channel=Channel.IN_APP, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())


# The Celery task that sends one row. It lives beside the service it runs (the service queues it,
# and a module above must not be imported from here); platform_core.tasks re-exports it, and its
# name is the one it always had, so queued tasks keep working.
@shared_task(name="platform_core.tasks.send_notification", acks_late=True, ignore_result=True)
def send_notification(notification_id: int) -> str:
    return notification_send(notification_id=notification_id)
