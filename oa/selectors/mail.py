"""Reads of the mailbox: one owner's box or folder a page at a time (keyset: newest first, then
older than the last row shown), search, one message, the unread count for the top bar, and what a
reply or a forward starts with."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.query import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from platform_core import permissions
from platform_core.constants import UserKind
from platform_core.models import OrgUnit, Post, Role, User

from ..constants import MailBox, MailRole, MailStatus
from ..models import MailDelivery, MailFolder, MailMessage, MailQuota
from .access import is_oa_staff

PAGE_SIZE = 25
UNREAD_TTL = 300
UNIT_PREFIX = "【单位】"
ROLE_PREFIX = "【角色】"


def person_token(user: User) -> str:
    """How a person is written in an address field: 周敏 <zhoumin>."""
    return f"{user.name} <{user.username}>"


def unread_cache_key(user_id: int) -> str:
    return f"oa:mail:unread:{user_id}"


def unread_count(user: User, *, known: int | None = None) -> int:
    """Unread messages in the inbox (cached; the mail services forget it on every change).
    -1 for someone without a mailbox (not OA staff). `known`: the count a caller of OA staff
    has just seen whole (it listed fewer unread messages than it asked for), which saves the
    count query when the cache is cold."""
    key = unread_cache_key(user.pk)
    value = cache.get(key)
    if value is None or (value < 0 and known is not None):
        if known is not None:
            value = known
        elif is_oa_staff(user):
            value = MailDelivery.objects.filter(
                owner=user, box=MailBox.INBOX, is_read=False
            ).count()
        else:
            value = -1
        cache.set(key, value, UNREAD_TTL)
    return value


def unread_badge(user: User) -> dict:
    """For the top bar: {"show": has a mailbox, "count": unread messages}."""
    count = unread_count(user) if user.is_office_user else -1
    return {"show": count >= 0, "count": max(count, 0)}


@dataclass
class Search:
    q: str = ""
    sender: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    @property
    def active(self) -> bool:
        return bool(self.q or self.sender or self.date_from or self.date_to)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def parse_cursor(value: str) -> tuple[datetime.datetime, int] | None:
    """ "<iso time>_<id>" of the last row of the previous page."""
    stamp, _sep, pk = (value or "").rpartition("_")
    when = parse_datetime(stamp) if stamp else None
    if when is None or not pk.isdigit():
        return None
    return when, int(pk)


def make_cursor(delivery: MailDelivery) -> str:
    return f"{delivery.date.isoformat()}_{delivery.pk}"


def mailbox_page(
    user: User,
    *,
    box: str,
    folder: MailFolder | None = None,
    search: Search | None = None,
    cursor: str = "",
    size: int = PAGE_SIZE,
) -> tuple[list[MailDelivery], str]:
    """One page of a box (or folder), newest first; and the cursor of the next page ("" at end).

    Two queries whatever the size of the mailbox: the copies with their messages and senders,
    and nothing else (attachments are a count on the message)."""
    rows = MailDelivery.objects.filter(owner=user)
    if folder is not None:
        rows = rows.filter(folder=folder)
    elif search is None or not search.active:
        rows = rows.filter(box=box)
    else:
        rows = rows.exclude(box=MailBox.TRASH) if box != MailBox.TRASH else rows.filter(box=box)
    if search is not None and search.active:
        if search.q:
            rows = rows.filter(
                Q(message__subject__icontains=search.q) | Q(message__body__icontains=search.q)
            )
        if search.sender:
            rows = rows.filter(
                Q(message__sender__name__icontains=search.sender)
                | Q(message__sender__username=search.sender)
            )
        if search.date_from:
            rows = rows.filter(date__gte=_day_start(search.date_from))
        if search.date_to:
            rows = rows.filter(date__lt=_day_start(search.date_to + datetime.timedelta(days=1)))
    after = parse_cursor(cursor)
    if after is not None:
        when, pk = after
        rows = rows.filter(Q(date__lt=when) | Q(date=when, pk__lt=pk))
    page = list(
        rows.select_related("message", "message__sender")
        .defer("message__body")
        .order_by("-date", "-pk")[: size + 1]
    )
    more = len(page) > size
    page = page[:size]
    return page, (make_cursor(page[-1]) if more and page else "")


def folders_of(user: User) -> list[MailFolder]:
    return list(MailFolder.objects.filter(owner=user).order_by("name"))


def quota_view(user: User) -> dict:
    quota = MailQuota.objects.filter(user=user).first() or MailQuota(user=user)
    limit = quota.limit
    used = max(quota.used_bytes, 0)
    return {
        "used": used,
        "limit": limit,
        "percent": min(100, round(used * 100 / limit)) if limit else 0,
    }


QUOTA_PERM = "oa.change_mailquota"


def may_manage_quotas(user: User) -> bool:
    """The system administrator (global) or anyone granted the permission through a role, for
    the people of the units in their scope."""
    return permissions.can(user, QUOTA_PERM)


def may_set_quota(user: User, person: User) -> bool:
    return person.kind == UserKind.STAFF and permissions.can_on_person(user, QUOTA_PERM, person)


def quota_people(user: User, *, search: str = "") -> QuerySet[User]:
    """邮箱空间管理: the staff whose quota `user` may set, each with used and limit bytes
    (`quota_used`, `quota_limit`; limit 0 = the default) and their active posts, in a constant
    number of queries whatever the page length."""
    if not may_manage_quotas(user):
        return User.objects.none()
    rows = User.objects.filter(kind=UserKind.STAFF)
    if not permissions.has_global_scope(user):
        in_scope = Post.objects.active().filter(
            permissions.scope_filter(user, "unit"), user=OuterRef("pk")
        )
        rows = rows.filter(Exists(in_scope))
    search = search.strip()
    if search:
        rows = rows.filter(
            Q(name__icontains=search)
            | Q(username__icontains=search)
            | Q(posts__unit__name__icontains=search)
        ).distinct()
    quota = MailQuota.objects.filter(user=OuterRef("pk"))
    return (
        rows.annotate(
            quota_used=Coalesce(Subquery(quota.values("used_bytes")[:1]), Value(0)),
            quota_limit=Coalesce(Subquery(quota.values("limit_bytes")[:1]), Value(0)),
        )
        .prefetch_related(
            Prefetch(
                "posts",
                queryset=Post.objects.active().select_related("unit").order_by("-is_primary", "id"),
                to_attr="active",
            )
        )
        .order_by(F("quota_used").desc(), "name", "pk")
    )


def quota_row(person) -> dict:
    """Used, effective limit and percentage of one annotated `quota_people` row."""
    limit = person.quota_limit or settings.OA_MAIL_QUOTA_BYTES
    used = max(person.quota_used, 0)
    return {
        "used": used,
        "limit": limit,
        "is_default": not person.quota_limit,
        "percent": min(100, round(used * 100 / limit)) if limit else 0,
    }


def delivery_for(user: User, pk: int) -> MailDelivery | None:
    """A copy in this person's mailbox, with its message, sender and attachments."""
    if not is_oa_staff(user):
        return None
    return (
        MailDelivery.objects.filter(pk=pk, owner=user)
        .select_related("message", "message__sender", "folder")
        .prefetch_related("message__attachments__blob")
        .first()
    )


def receipts_for(delivery: MailDelivery) -> list[MailDelivery]:
    """The sender's view of who has read the message (their own copy only)."""
    if delivery.role != MailRole.SENDER or delivery.message.status != MailStatus.SENT:
        return []
    return list(
        MailDelivery.objects.filter(message_id=delivery.message_id)
        .exclude(role=MailRole.SENDER)
        .select_related("owner")
        .order_by("role", "owner__name")[:500]
    )


def attachment_for(user: User, message_pk: int, attachment_pk: int):
    """An attachment of a message the person holds a copy of."""
    from ..models import MailAttachment

    if not MailDelivery.objects.filter(owner=user, message_id=message_pk).exists():
        return None
    return (
        MailAttachment.objects.filter(pk=attachment_pk, message_id=message_pk)
        .select_related("blob")
        .first()
    )


def _quote(message: MailMessage) -> str:
    sent = timezone.localtime(message.sent_at).strftime("%Y-%m-%d %H:%M") if message.sent_at else ""
    head = [
        "",
        "",
        _("------------------ 原始邮件 ------------------"),
        _("发件人：%(name)s") % {"name": message.sender.name},
        _("发送时间：%(time)s") % {"time": sent},
        _("收件人：%(to)s") % {"to": message.to_text},
    ]
    if message.cc_text:
        head.append(_("抄送：%(cc)s") % {"cc": message.cc_text})
    head.append(_("主题：%(subject)s") % {"subject": message.subject})
    head.append("")
    return "\n".join(head) + "\n" + message.body


def _prefixed(prefix: str, subject: str) -> str:
    return subject if subject.startswith(prefix) else f"{prefix}{subject}"[:200]


def compose_initial(user: User, delivery: MailDelivery, mode: str) -> dict:
    """What a reply (reply), a reply to all (reply_all) or a forward (forward) starts with."""
    message = delivery.message
    if mode == "forward":
        return {
            "subject": _prefixed(_("转发："), message.subject),
            "body": _quote(message),
        }
    me = person_token(user)
    to = [person_token(message.sender)] if message.sender_id != user.pk else []
    cc: list[str] = []
    if mode == "reply_all":
        split = [t.strip() for t in message.to_text.split("；") if t.strip()]
        to += [t for t in split if t != me and t not in to]
        cc = [t.strip() for t in message.cc_text.split("；") if t.strip() and t.strip() != me]
    return {
        "subject": _prefixed(_("回复："), message.subject),
        "body": _quote(message),
        "to": "；".join(to),
        "cc": "；".join(cc),
    }


def address_options(limit: int = 3000) -> list[str]:
    """Suggestions for the address fields: people, units and roles (compose page only)."""
    people = (
        User.objects.filter(is_active=True, posts__isnull=False)
        .exclude(kind="citizen")
        .distinct()
        .order_by("name")
        .values_list("name", "username")[:limit]
    )
    units = OrgUnit.objects.filter(is_active=True).order_by("path").values_list("name", flat=True)
    roles = Role.objects.order_by("id").values_list("name", flat=True)
    return (
        [f"{name} <{username}>" for name, username in people]
        + [f"{UNIT_PREFIX}{name}" for name in units]
        + [f"{ROLE_PREFIX}{name}" for name in roles]
    )
