"""Reads of the message centre: a person's in-app messages, and the outbox rows that failed.

`inbox_for()` only ever returns the person's own in-app messages, so a view that looks a message
up through it answers 404 for anyone else's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from ..constants import Channel, OutboxStatus
from ..models import Notification

if TYPE_CHECKING:
    from ..models import User


def inbox_for(user: User) -> QuerySet[Notification]:
    """The user's in-app messages, newest first (index `inbox_unread` covers the filter)."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user, channel=Channel.IN_APP).order_by(
        "-created_at", "-id"
    )


def unread_count(user: User) -> int:
    """Unread in-app messages: the badge in the top bar of both page families."""
    if not user.is_authenticated:
        return 0
    return inbox_for(user).filter(read_at__isnull=True).count()


def outbox_failures() -> QuerySet[Notification]:
    """SMS and e-mail rows that failed for good and wait for a person to resend them."""
    return (
        Notification.objects.filter(
            status=OutboxStatus.FAILED, channel__in=[Channel.SMS, Channel.EMAIL]
        )
        .select_related("recipient")
        .order_by("-created_at", "-id")
    )
