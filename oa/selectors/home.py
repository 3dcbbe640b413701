"""The oa blocks of the staff home page and the portal (platform_core.office_blocks)."""

from __future__ import annotations

from platform_core.models import User
from platform_core.permissions import SECURITY_ADMIN_ROLES, user_posts

from .duty import public_duty_phone, today_duty_for
from .notices import unread_notices


def _oa_user(user: User) -> bool:
    """Has a business post (the posts are already read for the shell: no query). The three
    security administrators (三员分立) have no office tools on their desk."""
    if user.is_superuser:
        return True
    return any(post.role.code not in SECURITY_ADMIN_ROLES for post in user_posts(user))


def duty_block(user: User) -> dict | None:
    """今日值班: one query (the shift with its officer, leader and roster)."""
    if not _oa_user(user):
        return None
    return {"shift": today_duty_for(user)}


def notices_block(user: User) -> dict | None:
    """新通知（未读）: two queries (the user's unit paths, then the notices)."""
    if not _oa_user(user):
        return None
    return {"notices": unread_notices(user)}


def duty_phone_block() -> dict | None:
    return public_duty_phone()


def mail_block(user: User) -> dict | None:
    """未读邮件: the unread count (cached for the top bar) and the five newest unread
    messages of the inbox (one query)."""
    if not _oa_user(user):
        return None
    from ..constants import MailBox
    from ..models import MailDelivery
    from .mail import unread_count

    unread = MailDelivery.objects.filter(owner=user, box=MailBox.INBOX, is_read=False)
    latest = list(
        unread.select_related("message__sender").defer("message__body").order_by("-date", "-pk")[:5]
    )
    # Fewer than five unread: that is the whole count, and no count query is needed.
    count = unread_count(user, known=len(latest) if len(latest) < 5 else None)
    if count < 0:  # cached before the person became OA staff: count it now
        count = unread.count()
    return {"count": count, "latest": latest}


def calendar_block(user: User) -> dict | None:
    """今日日程与会议: the person's occurrences today (one query)."""
    if not _oa_user(user):
        return None
    from django.utils import timezone

    from .calendar import day_agenda

    return {"today": timezone.localdate(), "items": day_agenda(user, timezone.localdate())}
