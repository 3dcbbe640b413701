"""The oa blocks of the staff home page and the portal (platform_core.office_blocks)."""

from __future__ import annotations

from platform_core.models import User

from .duty import public_duty_phone, today_duty_for
from .notices import unread_notices


def duty_block(user: User) -> dict | None:
    """今日值班: one query (the shift with its officer, leader and roster)."""
    return {"shift": today_duty_for(user)}


def notices_block(user: User) -> dict | None:
    """新通知（未读）: two queries (the user's unit paths, then the notices)."""
    return {"notices": unread_notices(user)}


def duty_phone_block() -> dict | None:
    return public_duty_phone()
