"""Reads of the public address book (公共通讯录): the county's people by unit, from the org tree,
with their posts, office phone, room and mobile (hidden outside their unit when they chose so).

Search matches the name, the pinyin initials ("zm" for 周敏) and the full pinyin ("zhoumin",
precomputed and indexed), the unit's name, and phone numbers (a hidden mobile is never matched).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from platform_core.models import OrgUnit, Post, User
from platform_core.permissions import SECURITY_ADMIN_ROLES

from ..constants import MobileScope
from .access import own_units

HIDDEN = "hidden"
PINYIN = re.compile(r"^[a-zA-Z]+$")
DIGITS = re.compile(r"^[0-9\-+ ]{3,}$")


@dataclass
class Entry:
    post: Post
    mobile: str  # "" when none, HIDDEN when the viewer may not see it

    @property
    def user(self) -> User:
        return self.post.user

    @property
    def contact(self):
        return getattr(self.post.user, "oa_contact", None)

    @property
    def mobile_hidden(self) -> bool:
        return self.mobile == HIDDEN


def viewer_unit_ids(viewer: User) -> set[int]:
    return set(own_units(viewer).values_list("unit", flat=True))


def _posts() -> QuerySet[Post]:
    return (
        Post.objects.active()
        .filter(user__is_active=True, unit__is_active=True)
        .exclude(role__code__in=SECURITY_ADMIN_ROLES)
    )


def _mobile_visible(viewer_units) -> Q:
    """The person's mobile may be shown to a viewer working in `viewer_units`."""
    shares_unit = Exists(Post.objects.active().filter(user=OuterRef("user"), unit__in=viewer_units))
    return (
        Q(user__oa_contact__isnull=True)
        | Q(user__oa_contact__mobile_scope=MobileScope.COUNTY)
        | shares_unit
    )


def search_posts(viewer: User, *, q: str = "", unit: OrgUnit | None = None) -> QuerySet[Post]:
    """The posts (one row per person and unit) matching the search, in org-tree order."""
    rows = _posts()
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    q = (q or "").strip()
    if q:
        match = Q(user__name__contains=q) | Q(unit__name__contains=q) | Q(title__contains=q)
        if PINYIN.match(q):
            low = q.lower()
            match |= Q(user__oa_contact__name_initials__startswith=low) | Q(
                user__oa_contact__name_pinyin__startswith=low
            )
        if DIGITS.match(q):
            digits = q.replace(" ", "")
            units = own_units(viewer)
            match |= Q(user__oa_contact__office_phone__contains=digits) | Q(
                unit__phone__contains=digits
            )
            match |= Q(user__mobile__contains=digits) & _mobile_visible(units)
        rows = rows.filter(match)
    return rows.select_related("user", "user__oa_contact", "unit", "role").order_by(
        "unit__path", "-is_primary", "user__name", "pk"
    )


def entries(viewer: User, posts) -> list[Entry]:
    """Rows ready to show: the mobile replaced by HIDDEN where the viewer may not see it."""
    mine = viewer_unit_ids(viewer)
    result = []
    shared_cache: dict[int, bool] = {}
    posts = list(posts)
    # Which listed people share a unit with the viewer (one query for the page).
    people = {p.user_id for p in posts}
    if mine and people:
        together = set(
            Post.objects.active()
            .filter(user_id__in=people, unit_id__in=mine)
            .values_list("user_id", flat=True)
        )
    else:
        together = set()
    for post in posts:
        contact = getattr(post.user, "oa_contact", None)
        mobile = post.user.mobile or ""
        if mobile and contact is not None and contact.mobile_scope == MobileScope.UNIT:
            visible = shared_cache.setdefault(post.user_id, post.user_id in together)
            if not visible and post.user_id != viewer.pk:
                mobile = HIDDEN
        result.append(Entry(post=post, mobile=mobile))
    return result


def unit_tree() -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(is_active=True).order_by("path"))


def unit_by_id(pk) -> OrgUnit | None:
    if not str(pk or "").isdigit():
        return None
    return OrgUnit.objects.filter(pk=int(pk), is_active=True).first()


def hidden_label() -> str:
    return _("仅本单位可见")
