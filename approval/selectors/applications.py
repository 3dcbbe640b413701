"""Reads of the licensing subsystem, including who may see which application.

Staff holding a licensing role (or the supervisor) see the applications of the departments they
work for: their permission scope
(`platform_core.permissions.scope_filter`, which covers leaders and supervisors) plus, for the
licensing roles held in a section (窗口科, 审批科), the department that section belongs to. A
selector returns the already-filtered QuerySet; views never filter by permission themselves.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, When
from django.urls import reverse
from django.utils.translation import gettext as _

from approval.constants import AppStatus, ItemStatus
from approval.models import Application, LicensingItem, RequiredMaterial, WindowGrant
from platform_core import permissions
from platform_core.constants import RoleCode, UnitKind
from platform_core.models import FormDefinition, FormVersion, OrgUnit, User
from platform_core.selectors.calendar import add_working_days
from platform_core.selectors.clock import clock_state
from platform_core.selectors.dynforms import latest_published
from platform_core.selectors.search import expand_query
from platform_core.subjects import SubjectLink

APPROVAL_ROLES = (
    RoleCode.WINDOW_CLERK,
    RoleCode.REVIEW_CLERK,
    RoleCode.SECTION_HEAD,
    RoleCode.LEADER,
)
DEPARTMENT_KINDS = (UnitKind.DEPARTMENT, UnitKind.TOWNSHIP)


# --- Catalogue ----------------------------------------------------------------------------------


def published_items() -> QuerySet[LicensingItem]:
    return LicensingItem.objects.filter(status=ItemStatus.PUBLISHED).select_related("department")


def item_search(*, q: str = "", department: OrgUnit | None = None) -> QuerySet[LicensingItem]:
    """Published items matching `q` or a synonym of it (platform_core's 同义词): in the name,
    code, conditions, keywords or the names of the materials. Name matches come first."""
    rows = published_items()
    if department is not None:
        rows = rows.filter(department=department)
    words = expand_query(q)
    if not words:
        return rows.order_by("department__sort_order", "code")
    named, anywhere = Q(), Q()
    for word in words:
        named |= Q(name__icontains=word) | Q(code__icontains=word)
        anywhere |= (
            Q(conditions__icontains=word)
            | Q(keywords__icontains=word)
            | Exists(RequiredMaterial.objects.filter(item=OuterRef("pk"), name__icontains=word))
        )
    return (
        rows.filter(named | anywhere)
        .annotate(name_match=Case(When(named, then=0), default=1))
        .order_by("name_match", "department__sort_order", "code")
    )


def departments_with_items() -> QuerySet[OrgUnit]:
    return (
        OrgUnit.objects.filter(licensing_items__status=ItemStatus.PUBLISHED)
        .distinct()
        .order_by("sort_order", "code")
    )


def published_item(code: str) -> LicensingItem | None:
    return published_items().filter(code=code).prefetch_related("materials").first()


def item_topic(code: str):
    """The 咨询 topic of a published item (its name and guide page), for the 政民互动
    consultation form; None for a code that is not on the service hall."""
    from platform_core.consultation_topics import Topic

    name = published_items().filter(code=code).values_list("name", flat=True).first()
    if name is None:
        return None
    return Topic(title=name, url=reverse("approval:guide", args=[code]))


def item_form_version(item: LicensingItem) -> FormVersion | None:
    """The published form version new applications for this item are filled in on."""
    if not item.form_code:
        return None
    form = FormDefinition.objects.filter(code=item.form_code).first()
    return latest_published(form) if form is not None else None


# --- Who works for which department ---------------------------------------------------------


def _ancestor_paths(path: str) -> list[str]:
    step = OrgUnit.steplen
    return [path[:i] for i in range(step, len(path) + 1, step)]


def departments_query(user: User, roles=APPROVAL_ROLES) -> QuerySet[OrgUnit]:
    """`approval_departments` as an unevaluated query (for a subquery: no extra round trip)."""
    if not (user.is_authenticated and user.is_office_user):
        return OrgUnit.objects.none()
    posts = [post for post in permissions.user_posts(user) if post.role.code in roles]
    paths = {p for post in posts for p in _ancestor_paths(post.unit.path)}
    if not paths:
        return OrgUnit.objects.none()
    own = Q(path__in=paths, kind__in=DEPARTMENT_KINDS)
    windows = [post.unit_id for post in posts if post.role.code == RoleCode.WINDOW_CLERK]
    if windows:
        # 综合窗口: departments the clerk's window unit accepts for by an explicit grant.
        own |= Q(pk__in=WindowGrant.objects.filter(window__in=windows).values("department"))
    return OrgUnit.objects.filter(own)


def approval_departments(user: User, roles=APPROVAL_ROLES) -> list[OrgUnit]:
    """Departments (or townships) in which the user holds one of `roles`, at any level below."""
    return list(departments_query(user, roles))


def may_accept(user: User, application: Application) -> bool:
    """Only window clerks (窗口受理员) of the handling department decide on acceptance."""
    if user.is_authenticated and user.is_superuser:
        return True
    return any(
        d.pk == application.department_id
        for d in approval_departments(user, roles=(RoleCode.WINDOW_CLERK,))
    )


def counter_items(user: User) -> QuerySet[LicensingItem]:
    """Items a window clerk may register at the window: those of their departments."""
    departments = approval_departments(user, roles=(RoleCode.WINDOW_CLERK,))
    return published_items().filter(department__in=departments).order_by("code")


# --- Applications -------------------------------------------------------------------------------


# Who reads licensing cases at all (the role half of ADR 0002): the licensing roles and the
# supervisor. A web editor or disclosure officer of the same department, and the three security
# administrators (三员分立, global scope for their own work only), have no business there.
CASE_READER_ROLES = (*APPROVAL_ROLES, RoleCode.SUPERVISOR)


def applications_visible_to(user: User) -> QuerySet[Application]:
    if not (user.is_authenticated and user.is_office_user):
        return Application.objects.none()
    rows = Application.objects.exclude(status=AppStatus.DRAFT).select_related("item", "department")
    if user.is_superuser:
        return rows
    readers = [p for p in permissions.user_posts(user) if p.role.code in CASE_READER_ROLES]
    if not readers:
        return rows.none()
    if any(p.role.global_scope for p in readers):
        return rows
    if permissions.has_global_scope(user):
        # An administrator who also holds a licensing post: that post's units, not the county.
        scope = reduce(or_, (Q(department__path__startswith=p.unit.path) for p in readers))
    else:
        scope = permissions.scope_filter(user, "department")
    return rows.filter(scope | Q(department__in=approval_departments(user)))


def applications_of(user: User) -> QuerySet[Application]:
    """A citizen's own applications, drafts included."""
    return Application.objects.filter(applicant=user).select_related("item", "department")


@dataclass
class Step:
    label: str
    date: datetime.date | None
    reason: str = ""
    actor: str = ""


def progress(application: Application) -> tuple[list[Step], str, datetime.date | None]:
    """The steps so far (with dates), what comes next and when it is expected."""
    steps = [
        Step(
            label=e.get_kind_display(),
            date=e.created_at.date() if e.created_at else None,
            reason=e.reason,
            actor=e.actor.name if e.actor_id else _("系统"),
        )
        for e in application.events.select_related("actor")
    ]
    next_label, next_date = "", None
    if application.status == AppStatus.SUBMITTED:
        next_label, next_date = _("受理审查"), application.accept_due
    elif application.status == AppStatus.CORRECTION:
        next_label = _("等待申请人补正材料")
    elif application.status in (AppStatus.GRANTED, AppStatus.REFUSED):
        next_label = _("送达决定书")
    elif application.status == AppStatus.DELIVERED:
        next_label = _("办结")
    elif application.status in (AppStatus.ACCEPTED, AppStatus.DECIDING):
        next_label = _("审查决定")
        if application.clock_id:
            next_date = clock_state(application.clock).due_date
    return steps, next_label, next_date


def acceptance_due(received_on: datetime.date) -> datetime.date:
    from approval.constants import ACCEPTANCE_WORKING_DAYS

    return add_working_days(received_on, ACCEPTANCE_WORKING_DAYS)


def case_subject(process) -> SubjectLink | None:
    """The application a licensing case (its review, or a bad rating's follow-up) is about."""
    number = (process.data or {}).get("application")
    match = Q(process=process) | Q(number=number) if number else Q(process=process)
    application = (
        Application.objects.filter(match)
        .only("number", "item__name")
        .select_related("item")
        .first()
    )
    if application is None:
        return None
    return SubjectLink(
        _("申请：%(number)s（%(item)s）")
        % {"number": application.number, "item": application.item.name},
        reverse("approval:office_detail", args=[application.number]),
    )
