"""Who may do what in the disclosure back office (ADR 0002: role gives the right, post gives the
scope; another department's item is a 404).

- 信息公开专员 (disclosure officer): enters items and manages the columns of their units;
- 科室负责人 / 分管领导 (section head, leader): review (保密审查, 签发) and may override a privacy
  finding with a reason; they also see the items of their units;
- the three security administrators have no business here (their global scope does not count).
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from platform_core.constants import RoleCode
from platform_core.models import OrgUnit, User
from platform_core.permissions import user_posts

OFFICER_ROLES = frozenset({RoleCode.DISCLOSURE_OFFICER})
REVIEWER_ROLES = frozenset({RoleCode.SECTION_HEAD, RoleCode.LEADER})
DISCLOSURE_ROLES = OFFICER_ROLES | REVIEWER_ROLES


def _paths(user: User, roles: frozenset) -> list[str]:
    if not (user.is_authenticated and user.is_office_user):
        return []
    if user.is_superuser:
        return [""]
    return sorted({p.unit.path for p in user_posts(user) if p.role.code in roles})


def is_disclosure_staff(user: User) -> bool:
    return bool(_paths(user, DISCLOSURE_ROLES))


def is_officer(user: User) -> bool:
    return bool(_paths(user, OFFICER_ROLES))


def unit_q(user: User, field: str, roles: frozenset = DISCLOSURE_ROLES) -> Q:
    """Objects whose unit (`field`) lies under one of the user's posts with one of `roles`."""
    paths = _paths(user, roles)
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__path__startswith": p}) for p in paths))


def unit_allowed(user: User, unit: OrgUnit, roles: frozenset = DISCLOSURE_ROLES) -> bool:
    return any(unit.path.startswith(p) for p in _paths(user, roles))


def may_enter(user: User, unit: OrgUnit) -> bool:
    """May enter and edit items issued by `unit`, and manage its columns."""
    return unit_allowed(user, unit, OFFICER_ROLES)


def may_review(user: User, unit: OrgUnit) -> bool:
    return unit_allowed(user, unit, REVIEWER_ROLES)


def entry_units(user: User) -> QuerySet[OrgUnit]:
    """Units an officer may issue items for."""
    return OrgUnit.objects.filter(_self_q(user, OFFICER_ROLES))


def _self_q(user: User, roles: frozenset) -> Q:
    paths = _paths(user, roles)
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(path__startswith=p) for p in paths))


def column_usable_q(user: User) -> Q:
    """Columns an officer may put items in: their units' own columns and those of the units
    above (the county platform's standard columns belong to the government)."""
    paths = _paths(user, OFFICER_ROLES)
    if not paths:
        return Q(pk__in=[])
    if "" in paths:
        return Q()
    ancestors = {p[:i] for p in paths for i in range(OrgUnit.steplen, len(p) + 1, OrgUnit.steplen)}
    return Q(unit__path__in=ancestors) | reduce(or_, (Q(unit__path__startswith=p) for p in paths))
