"""Who may see and do what with official documents (ADR 0002: the role gives the right, the post
gives the scope; a document of another department is a 404).

- every staff member with a business post drafts for the units of their posts and sees the
  documents of their units (and those below), the documents their units countersign and the
  documents sent to their units;
- the three security administrators have no business here (三员分立): their global scope does
  not count.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from platform_core.models import OrgUnit, Post, TaskInfo, User
from platform_core.permissions import SECURITY_ADMIN_ROLES, units_in_business_scope, user_posts
from platform_core.services.workflow import may_claim

from ..constants import DocStatus
from ..models import Dispatch, OutgoingDocument


def is_oa_staff(user: User) -> bool:
    if not (user.is_authenticated and user.is_office_user):
        return False
    if user.is_superuser:
        return True
    return (
        Post.objects.active()
        .filter(user=user)
        .exclude(role__code__in=SECURITY_ADMIN_ROLES)
        .exists()
    )


def drafting_units(user: User) -> QuerySet[OrgUnit]:
    """The units a person may draft for: those of their business posts."""
    ids = (
        Post.objects.active()
        .filter(user=user)
        .exclude(role__code__in=SECURITY_ADMIN_ROLES)
        .values("unit")
    )
    return OrgUnit.objects.filter(pk__in=ids, is_active=True).order_by("path")


def own_units(user: User):
    """Subquery of the units where the person holds a business post (their 收文 queue)."""
    return (
        Post.objects.active()
        .filter(user=user)
        .exclude(role__code__in=SECURITY_ADMIN_ROLES)
        .values("unit")
    )


def own_unit_ids(user: User) -> list[int]:
    """`own_units` as a list of ids from the posts read once per request (`user_posts`): the
    inbox's work sources filter by it several times on one page, each a subquery before."""
    return sorted({p.unit_id for p in user_posts(user) if p.role.code not in SECURITY_ADMIN_ROLES})


def documents_visible_to(user: User) -> QuerySet[OutgoingDocument]:
    if not is_oa_staff(user):
        return OutgoingDocument.objects.none()
    scope = units_in_business_scope(user).values("pk")
    countersigned = OutgoingDocument.countersign_units.through.objects.filter(
        orgunit__in=scope
    ).values("outgoingdocument")
    received = Dispatch.objects.filter(unit__in=scope).values("document")
    tasks = TaskInfo.objects.filter(owner=user).values("process")
    return OutgoingDocument.objects.filter(
        Q(unit__in=scope) | Q(pk__in=countersigned) | Q(pk__in=received) | Q(process__in=tasks)
    )


def open_tasks(user: User, document: OutgoingDocument) -> list[TaskInfo]:
    if document.process_id is None:
        return []
    return list(
        TaskInfo.objects.filter(process_id=document.process_id, is_open=True, owner=user)
        .select_related("task")
        .order_by("pk")
    )


def may_take_task(user: User, document: OutgoingDocument) -> bool:
    """An open task of the document offered to the user's role in its unit (not yet claimed)."""
    if document.process_id is None:
        return False
    infos = TaskInfo.objects.filter(
        process_id=document.process_id, is_open=True, owner__isnull=True
    )
    return any(may_claim(user, info) for info in infos)


def in_drafting_unit(user: User, document: OutgoingDocument) -> bool:
    """Holds a business post in the unit that drafted the document (not merely above it: a
    supervisor's or the county leader's wider scope lets them read, not write)."""
    return own_units(user).filter(unit=document.unit_id).exists()


def may_edit(user: User, document: OutgoingDocument) -> bool:
    """The body and metadata: the drafting unit's staff while drafting; during the route the
    drafter and whoever holds an open task on it."""
    if document.status == DocStatus.DRAFT:
        return in_drafting_unit(user, document)
    if document.status == DocStatus.IN_ROUTE:
        return (
            document.drafter_id == user.pk
            or bool(open_tasks(user, document))
            or may_take_task(user, document)
        )
    return False
