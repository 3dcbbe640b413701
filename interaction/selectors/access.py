"""Who may do what on a case.

- The interaction office (the unit named in `Office`) triages, assigns and enters letters, calls
  and visits: anyone holding a business post there. Its section heads and leaders review replies.
- A department handles the cases assigned to it: its window clerks, review clerks, section heads
  and leaders (in it or one of its sections). It sees only those cases (department isolation).
- A supervisor (global business scope) reads every case.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from platform_core import permissions
from platform_core.constants import RoleCode, UnitKind
from platform_core.models import OrgUnit, User

from ..models import Assignment, Case, Office

SECURITY_ROLES = permissions.SECURITY_ADMIN_ROLES
REVIEW_ROLES = (RoleCode.SECTION_HEAD, RoleCode.LEADER)
# Who handles a department's cases: its case-handling roles (a web editor or disclosure officer of
# the same department has no business there, as in licensing).
HANDLER_ROLES = (
    RoleCode.WINDOW_CLERK,
    RoleCode.REVIEW_CLERK,
    RoleCode.SECTION_HEAD,
    RoleCode.LEADER,
)
DEPARTMENT_KINDS = (UnitKind.DEPARTMENT, UnitKind.TOWNSHIP)


def office_unit() -> OrgUnit | None:
    office = Office.objects.select_related("unit").first()
    return office.unit if office else None


def _office(user: User) -> OrgUnit | None:
    # Read once per request and kept on the user, like the posts.
    if not hasattr(user, "_interaction_office"):
        user._interaction_office = office_unit()
    return user._interaction_office


def _business_posts(user: User) -> list:
    if not (user.is_authenticated and getattr(user, "is_office_user", False)):
        return []
    return [p for p in permissions.user_posts(user) if p.role.code not in SECURITY_ROLES]


def is_office_staff(user: User) -> bool:
    office = _office(user)
    if office is None:
        return False
    return any(p.unit.path.startswith(office.path) for p in _business_posts(user))


def is_office_reviewer(user: User) -> bool:
    office = _office(user)
    if office is None:
        return False
    return any(
        p.unit.path.startswith(office.path) and p.role.code in REVIEW_ROLES
        for p in _business_posts(user)
    )


def is_supervisor(user: User) -> bool:
    return any(p.role.global_scope for p in _business_posts(user))


def _ancestor_paths(path: str) -> list[str]:
    step = OrgUnit.steplen
    return [path[:i] for i in range(step, len(path) + 1, step)]


def handler_departments(user: User) -> QuerySet[OrgUnit]:
    """Departments (or townships) whose cases the user handles, as an unevaluated query."""
    paths = {
        p
        for post in _business_posts(user)
        if post.role.code in HANDLER_ROLES
        for p in _ancestor_paths(post.unit.path)
    }
    if not paths:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(path__in=paths, kind__in=DEPARTMENT_KINDS)


def may_handle(user: User, case: Case) -> bool:
    return case.department_id is not None and any(
        d.pk == case.department_id for d in handler_departments(user)
    )


def is_interaction_staff(user: User) -> bool:
    """May open the back office's interaction pages at all."""
    if is_office_staff(user) or is_supervisor(user):
        return True
    return any(p.role.code in HANDLER_ROLES for p in _business_posts(user))


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Cases a staff member may read: all for the office and supervisors; a department's own
    (including those it handled before a return, through its assignments) otherwise."""
    qs = Case.objects.all()
    if is_office_staff(user) or is_supervisor(user):
        return qs
    departments = handler_departments(user)
    handled = Assignment.objects.filter(department__in=departments).values("case_id")
    return qs.filter(Q(department__in=departments) | Q(pk__in=handled))
