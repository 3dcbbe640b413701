"""The blocks of the staff home page (/office/), and the portal's public blocks.

platform_core knows no app above it: apps register blocks in their `AppConfig.ready()`.

Office blocks — the civil servant's desk. A block is a key, a title, a template and a function
`context(user) -> dict | None` (None hides the block for that person). Each block's function
takes at most two queries, whatever the data (tests/platform_core/test_office_blocks.py measures
the whole page). The platform's own block is 待办分类 (inbox by type). Reserved slots, in the
order they show, for the apps that fill them:

    ORDER   key               what                        filled by
    10      platform.inbox    待办分类 (inbox by type)     platform_core (here)
    20      oa.duty           今日值班                     oa (duty)
    30      oa.notices        新通知（未读）               oa (notices)
    40      oa.mail           未读邮件                     oa (internal mail) — slot reserved
    50      oa.calendar       今日日程与会议               oa (calendar, meetings) — slot reserved

    register_office_block(OfficeBlock(
        key="oa.mail", title=_("未读邮件"), order=40,
        template="oa/office/blocks/mail.html", context=unread_mail_block))

Public blocks — small dynamic facts the portal's home page shows (今日值班电话). A function
`() -> dict | None`, one query; the portal reads them through `public_blocks()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .models import User

SLOT_ORDER = {
    "platform.inbox": 10,
    "oa.duty": 20,
    "oa.notices": 30,
    "oa.mail": 40,
    "oa.calendar": 50,
}


@dataclass(frozen=True)
class OfficeBlock:
    key: str
    title: str
    template: str
    context: Callable[[User], dict | None]
    order: int = 100


_OFFICE: dict[str, OfficeBlock] = {}
_PUBLIC: dict[str, Callable[[], dict | None]] = {}


def register_office_block(block: OfficeBlock) -> None:
    """Register (or replace, on a reload) a block of the staff home page."""
    _OFFICE[block.key] = block


def office_blocks(user: User) -> list[dict]:
    """The blocks this person sees, in order: {key, title, template, data}."""
    shown = []
    for block in sorted(_OFFICE.values(), key=lambda b: (SLOT_ORDER.get(b.key, b.order), b.key)):
        data = block.context(user)
        if data is not None:
            shown.append(
                {"key": block.key, "title": block.title, "template": block.template, "data": data}
            )
    return shown


def register_public_block(key: str, context: Callable[[], dict | None]) -> None:
    """Register a fact for the portal's home page (e.g. "oa.duty_phone")."""
    _PUBLIC[key] = context


def public_blocks() -> dict[str, dict | None]:
    return {key: context() for key, context in _PUBLIC.items()}
