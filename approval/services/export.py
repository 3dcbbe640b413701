"""Push of every case event to the provincial e-supervision system (省级电子监察数据交换).

Outbox pattern: `export_enqueue` writes an ExportEvent in the very transaction that appends the
ApplicationEvent, so no event is lost and none is sent for a rolled-back change. `export_push`
sends them as JSON signed with HMAC-SHA256, one case at a time and strictly in `seq` order: the
first unsent event of a case blocks the later ones until it is delivered (or resent by a person
after it failed for good). The case's head row is locked with SKIP LOCKED while it is sent, so two
workers never send the same event; the receiver also gets the event id to drop a duplicate should a
response be lost after it was stored.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from approval.models.supervision import ExportEvent, ExportStatus
from platform_core.models import User

logger = logging.getLogger(__name__)

# Back-off after the n-th failure: 1, 2, 4 … minutes, capped at one hour. After MAX_ATTEMPTS the
# row is marked failed and waits for a person to resend it from the back office.
BACKOFF_BASE_SECONDS = 60
BACKOFF_MAX_SECONDS = 3600
MAX_ATTEMPTS = 10
TIMEOUT_SECONDS = 10
SIGNATURE_HEADER = "X-Egov-Signature"


def _payload(event, seq: int) -> dict:
    application = event.application
    return {
        "event_id": event.pk,
        "seq": seq,
        "application": application.number,
        "item_code": application.item.code,
        "item_version": application.item.version,
        "department": application.department.code,
        "kind": event.kind,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "actor": event.actor.name if event.actor_id else "",
        "reason": event.reason,
        "at": event.created_at.isoformat(),
    }


def export_enqueue(event, *, extra: dict | None = None) -> ExportEvent:
    """登记待推送事件：与申请记录同一事务写入发件箱。

    Called by `event_add` while the application row is locked, so `seq` cannot be taken twice.
    `extra` adds event-specific data to the payload (e.g. the fee of a "fee" event).
    """
    last = (
        ExportEvent.objects.filter(application_id=event.application_id)
        .order_by("-seq")
        .values_list("seq", flat=True)
        .first()
    )
    seq = (last or 0) + 1
    payload = _payload(event, seq)
    if extra:
        payload.update(extra)
    return ExportEvent.objects.create(
        event=event, application_id=event.application_id, seq=seq, payload=payload
    )


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(
        seconds=min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS)
    )


def _post(url: str, body: bytes, row: ExportEvent) -> None:
    if not url.startswith(("https://", "http://")):
        raise ValueError("PROVINCE_EXPORT_URL must be an http(s) URL")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            SIGNATURE_HEADER: sign(body, settings.PROVINCE_EXPORT_SECRET),
            "X-Egov-Event-Id": str(row.event_id),
        },
    )
    # urlopen raises HTTPError for any status >= 400; a 2xx is the receiver's acknowledgement.
    # bandit B310: the scheme is checked to be http(s) at the top of this function.
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310  # nosec B310
        response.read()


def _send_head(application_id: int, now: datetime.datetime, url: str) -> bool | None:
    """Send the first unsent event of one case. True sent, False failed, None nothing to do."""
    with transaction.atomic():
        row = (
            ExportEvent.objects.select_for_update(skip_locked=True)
            .filter(application_id=application_id)
            .exclude(status=ExportStatus.SENT)
            .order_by("seq")
            .first()
        )
        # Locked by another worker, waiting for its back-off, or failed for good: the case waits.
        if row is None or row.status == ExportStatus.FAILED or row.next_attempt_at > now:
            return None
        # A lower seq still unsent but locked elsewhere would have been skipped above: re-check.
        if (
            ExportEvent.objects.filter(application_id=application_id, seq__lt=row.seq)
            .exclude(status=ExportStatus.SENT)
            .exists()
        ):
            return None
        body = json.dumps(row.payload, ensure_ascii=False, sort_keys=True).encode()
        row.attempts += 1
        try:
            _post(url, body, row)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            row.last_error = str(exc)[:500]
            row.next_attempt_at = now + backoff(row.attempts)
            if row.attempts >= MAX_ATTEMPTS:
                row.status = ExportStatus.FAILED
            row.save(update_fields=["attempts", "last_error", "next_attempt_at", "status"])
            logger.warning("province export %s failed: %s", row.pk, exc)
            return False
        row.status = ExportStatus.SENT
        row.sent_at = timezone.now()
        row.last_error = ""
        row.save(update_fields=["attempts", "last_error", "status", "sent_at"])
        return True


def export_push(*, now: datetime.datetime | None = None, limit: int = 500) -> dict:
    """推送省级电子监察：按案件依次推送到期的待推送事件。Returns counts of sent/failed."""
    url = settings.PROVINCE_EXPORT_URL
    counts = {"sent": 0, "failed": 0}
    if not url:
        return counts  # Export switched off: events stay queued until a URL is configured.
    now = now or timezone.now()
    cases = (
        ExportEvent.objects.filter(status=ExportStatus.PENDING, next_attempt_at__lte=now)
        .values("application_id")
        .annotate(first=Min("id"))
        .order_by("first")
        .values_list("application_id", flat=True)[:limit]
    )
    for application_id in list(cases):
        # Keep sending this case's events while they succeed; stop at the first failure.
        while True:
            result = _send_head(application_id, now, url)
            if result is None:
                break
            counts["sent" if result else "failed"] += 1
            if not result:
                break
    return counts


def export_problems():
    """Rows not delivered after at least one attempt, for the back-office page."""
    return (
        ExportEvent.objects.exclude(status=ExportStatus.SENT)
        .filter(attempts__gt=0)
        .select_related("application", "application__department")
        .order_by("application_id", "seq")
    )


@transaction.atomic
def export_resend(*, row: ExportEvent, by: User) -> ExportEvent:
    """重新推送：将推送失败的事件重新排入队列，立即尝试。"""
    row = ExportEvent.objects.select_for_update().get(pk=row.pk)
    if row.status == ExportStatus.SENT:
        raise ValidationError(_("该事件已推送成功，无需重发。"))
    row.status = ExportStatus.PENDING
    row.attempts = 0
    row.next_attempt_at = timezone.now()
    row.save(update_fields=["status", "attempts", "next_attempt_at"])
    logger.info("province export %s requeued by %s", row.pk, by.pk)
    return row
