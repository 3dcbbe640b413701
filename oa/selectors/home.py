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
