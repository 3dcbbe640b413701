"""Reads for the organisation pages. Who may see whom is decided here, on the QuerySet.

Unit names are public inside the back office (the tree is a directory); who works where is not:
member lists and person pages follow the viewer's scope (see `permissions.py`).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from guardian.models import UserObjectPermission

from .. import permissions
from ..constants import UserKind
from ..models import CalendarDay, OrgUnit, Post, User


def unit_tree_for(user: User) -> list[tuple[OrgUnit, bool]]:
    """The whole tree in display order (the materialised path is kept sorted by sort_order,
    code), each unit paired with whether `user` may open its member list."""
    return [
        (unit, permissions.unit_in_scope(user, unit)) for unit in OrgUnit.objects.order_by("path")
    ]


def unit_children(unit: OrgUnit) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.get_children(unit).order_by("path")


def unit_ancestors(unit: OrgUnit) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.get_ancestors(unit)


def unit_posts(unit: OrgUnit, *, include_ended: bool = False) -> QuerySet[Post]:
    """Posts held in this unit (not its sub-units), with person and role in the same query."""
    qs = Post.objects.filter(unit=unit).select_related("user", "role")
    if not include_ended:
        qs = qs.active()
    return qs.order_by("-is_primary", "role_id", "user__name")


def people_visible_to(user: User, *, search: str = "") -> QuerySet[User]:
    """Staff accounts `user` may see: any active post in their scope (everyone for global roles).

    Mirrors `permissions.can_on_person(user, "platform_core.view_user", person)`; each person comes
    with their active posts (unit and role) prefetched, so a list page runs a constant number of
    queries whatever its length.
    """
    if not permissions.can(user, "platform_core.view_user"):
        return User.objects.none()
    qs = User.objects.filter(kind=UserKind.STAFF)
    if not permissions.has_global_scope(user):
        in_scope = Post.objects.active().filter(
            permissions.scope_filter(user, "unit"), user=OuterRef("pk")
        )
        qs = qs.filter(Exists(in_scope) | Q(pk=user.pk))
    search = search.strip()
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(username__icontains=search) | Q(mobile=search))
    return qs.prefetch_related(
        Prefetch(
            "posts",
            queryset=Post.objects.active()
            .select_related("unit", "role")
            .order_by("-is_primary", "id"),
            to_attr="active",
        )
    ).order_by("name", "username")


def person_posts(person: User) -> QuerySet[Post]:
    """All posts of a person, current first, ended ones after (the appointment record)."""
    return (
        Post.objects.filter(user=person)
        .select_related("unit", "role")
        .order_by("end_date", "-is_primary", "-start_date", "id")
    )


def unit_grants(unit: OrgUnit) -> QuerySet[UserObjectPermission]:
    """Who has been granted act_in_unit on this very unit (guardian rows), with the person."""
    return (
        UserObjectPermission.objects.filter(
            content_type=ContentType.objects.get_for_model(OrgUnit),
            permission__codename="act_in_unit",
            object_pk=str(unit.pk),
        )
        .select_related("user")
        .order_by("user__name")
    )


def person_granted_units(person: User) -> QuerySet[OrgUnit]:
    pks = UserObjectPermission.objects.filter(
        user=person,
        content_type=ContentType.objects.get_for_model(OrgUnit),
        permission__codename="act_in_unit",
    ).values_list("object_pk", flat=True)
    return OrgUnit.objects.filter(pk__in=[int(pk) for pk in pks]).order_by("path")


def calendar_days(year: int | None = None) -> QuerySet[CalendarDay]:
    qs = CalendarDay.objects.all()
    if year is not None:
        qs = qs.filter(date__year=year)
    return qs.order_by("date")


def calendar_years() -> list[int]:
    return sorted({d.year for d in CalendarDay.objects.dates("date", "year")}, reverse=True)
