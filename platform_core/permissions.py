"""Who may act on which object.

Two questions, answered together by `can()`:
1. May this person do this kind of thing at all? A Django permission held through a role
   (or directly, or through a group).
2. On this object? The object belongs to a unit (`owner_unit`); the person acts on it when the unit
   lies within their scope: the units where they hold a post, everything below them, and units
   granted through a django-guardian object permission `platform_core.act_in_unit`. Roles with
   global scope reach every unit. A guardian permission on the object itself also answers yes.

Every view, selector and service asks here; templates only hide what these already refuse.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Protocol

from django.db.models import Q, QuerySet
from guardian.shortcuts import get_objects_for_user

if TYPE_CHECKING:
    from .models import OrgUnit, User


class UnitOwned(Protocol):
    @property
    def owner_unit(self) -> OrgUnit: ...


def active_posts(user: User):
    from .models import Post

    return Post.objects.filter(user=user).active().select_related("unit", "role")


def user_posts(user: User) -> list:
    """The user's active posts, read once per request and kept on the user object.

    The permission backend, the scope and the office shell all need them on every page.
    """
    posts = getattr(user, "_egov_posts", None)
    if posts is None:
        posts = list(active_posts(user))
        user._egov_posts = posts
    return posts


def _scope_cache(user: User) -> dict:
    # Cached on the user object for one request: the scope is asked for several times per page.
    cache = getattr(user, "_egov_scope_cache", None)
    if cache is None:
        posts = user_posts(user)
        granted = list(
            get_objects_for_user(
                user, "platform_core.act_in_unit", accept_global_perms=False
            ).values_list("path", flat=True)
        )
        cache = {
            "global": user.is_superuser or any(p.role.global_scope for p in posts),
            "paths": sorted({p.unit.path for p in posts} | set(granted)),
        }
        user._egov_scope_cache = cache
    return cache


def clear_scope_cache(user: User) -> None:
    for attr in (
        "_egov_posts",
        "_egov_scope_cache",
        "_role_perm_cache",
        "_perm_cache",
        "_egov_perm_cache",
    ):
        if hasattr(user, attr):
            delattr(user, attr)


def has_global_scope(user: User) -> bool:
    return bool(user.is_authenticated and user.is_office_user and _scope_cache(user)["global"])


def scope_paths(user: User) -> list[str]:
    """Tree paths of the units at the top of the user's scope."""
    if not (user.is_authenticated and user.is_office_user):
        return []
    return _scope_cache(user)["paths"]


def units_in_scope(user: User) -> QuerySet[OrgUnit]:
    """Every unit the user may act in (QuerySet, filtered in the database)."""
    from .models import OrgUnit

    if has_global_scope(user):
        return OrgUnit.objects.all()
    paths = scope_paths(user)
    if not paths:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(reduce(or_, (Q(path__startswith=p) for p in paths)))


def unit_in_scope(user: User, unit: OrgUnit) -> bool:
    if has_global_scope(user):
        return True
    return any(unit.path.startswith(p) for p in scope_paths(user))


# 三员分立: the global scope of these roles covers their own work (units, people, posts, logs),
# never the business of the units (cases, applications, articles).
SECURITY_ADMIN_ROLES = frozenset({"system_admin", "security_admin", "audit_admin"})


def unit_in_business_scope(user: User, unit: OrgUnit) -> bool:
    """`unit_in_scope` for business objects: a security administrator's global scope does not
    count; the person's other posts (and a supervisor's global scope) still do."""
    if not unit_in_scope(user, unit):
        return False
    if user.is_superuser or not has_global_scope(user):
        return True
    business = [p for p in user_posts(user) if p.role.code not in SECURITY_ADMIN_ROLES]
    return any(p.role.global_scope or unit.path.startswith(p.unit.path) for p in business)


def units_in_business_scope(user: User) -> QuerySet[OrgUnit]:
    """`units_in_scope` for business objects (see unit_in_business_scope), in the database."""
    from .models import OrgUnit

    if user.is_superuser or not has_global_scope(user):
        return units_in_scope(user)
    business = [p for p in user_posts(user) if p.role.code not in SECURITY_ADMIN_ROLES]
    if any(p.role.global_scope for p in business):
        return OrgUnit.objects.all()
    if not business:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(reduce(or_, (Q(path__startswith=p.unit.path) for p in business)))


def scope_filter(user: User, field: str = "owner_unit") -> Q:
    """A Q object restricting any model with a unit foreign key `field` to the user's scope."""
    if has_global_scope(user):
        return Q()
    paths = scope_paths(user)
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__path__startswith": p}) for p in paths))


def can(user: User, perm: str, obj: UnitOwned | None = None) -> bool:
    """May `user` use permission `perm` ("app_label.codename") on `obj`?"""
    if not (user and user.is_authenticated and user.is_office_user):
        return False
    if user.is_superuser:
        return True
    if obj is not None and user.has_perm(perm, obj):  # guardian: granted on this very object
        return True
    if not user.has_perm(perm):
        return False
    if obj is None:
        return True
    return unit_in_scope(user, obj.owner_unit)


def user_owner_units(person: User) -> list[OrgUnit]:
    return [p.unit for p in user_posts(person)]


def can_on_person(user: User, perm: str, person: User) -> bool:
    """A person belongs to every unit where they hold a post."""
    if not (user and user.is_authenticated and user.is_office_user):
        return False
    if user.is_superuser:
        return True
    if not user.has_perm(perm):
        return False
    if person.pk == user.pk:
        return True
    if has_global_scope(user):
        return True
    return any(unit_in_scope(user, unit) for unit in user_owner_units(person))
