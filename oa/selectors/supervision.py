"""Reads of 督办 and 归档: who sees which item (department isolation), the leader's view, and
the inbox work of handlers and of the supervision office.

Archiving (归档) needs the permission `oa.archive_record` (归档: held by the 档案员 role, and by
default also by the units' 审批科员, who keep the documents) in the unit that owns the item or
above it; the supervision office also archives the supervision items it closed.

The supervision office is whoever holds a 督查员 post; they and the county's leaders with a wider
business scope see every item of the units in their scope. A handler sees the items their units
lead or co-handle. Another department's item is a 404.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, Q, QuerySet
from django.utils import timezone

from platform_core.constants import RoleCode
from platform_core.models import OrgUnit, Post, User
from platform_core.permissions import unit_in_business_scope, units_in_business_scope

from ..constants import DocStatus, SupervisionStatus
from ..models import ArchiveRecord, OutgoingDocument, SupervisionItem
from .access import is_oa_staff, own_units


def is_supervision_office(user: User) -> bool:
    if not (user.is_authenticated and user.is_office_user):
        return False
    if user.is_superuser:
        return True
    return Post.objects.active().filter(user=user, role__code=RoleCode.SUPERVISOR).exists()


def items_visible_to(user: User) -> QuerySet[SupervisionItem]:
    if not is_oa_staff(user):
        return SupervisionItem.objects.none()
    scope = units_in_business_scope(user).values("pk")
    co = SupervisionItem.co_units.through.objects.filter(orgunit__in=scope).values(
        "supervisionitem"
    )
    return SupervisionItem.objects.filter(Q(lead_unit__in=scope) | Q(pk__in=co))


def item_list(user: User, *, status: str = "", unit: int | None = None, late: str = ""):
    """The leader's view: filter by status, lead unit and lateness; one query a page."""
    rows = items_visible_to(user).select_related("lead_unit", "clock")
    today = timezone.localdate()
    if status:
        rows = rows.filter(status=status)
    if unit:
        rows = rows.filter(lead_unit_id=unit)
    if late == "overdue":
        rows = rows.exclude(status=SupervisionStatus.CLOSED).filter(due_date__lt=today)
    elif late == "on_time":
        rows = rows.filter(Q(status=SupervisionStatus.CLOSED) | Q(due_date__gte=today))
    return rows.order_by("status", "due_date", "pk")


def item_summary(user: User) -> list[dict]:
    """Counts per lead unit: open, overdue, submitted, closed (for the chart and its table)."""
    today = timezone.localdate()
    not_closed = ~Q(status=SupervisionStatus.CLOSED)
    return list(
        items_visible_to(user)
        .values("lead_unit_id", "lead_unit__name")
        .annotate(
            open=Count("pk", filter=Q(status=SupervisionStatus.OPEN, due_date__gte=today)),
            overdue=Count("pk", filter=not_closed & Q(due_date__lt=today)),
            submitted=Count(
                "pk", filter=Q(status=SupervisionStatus.SUBMITTED, due_date__gte=today)
            ),
            closed=Count("pk", filter=Q(status=SupervisionStatus.CLOSED)),
        )
        .order_by("lead_unit__name")
    )


def may_report(user: User, item: SupervisionItem) -> bool:
    """Handlers of the lead unit and the co-units report progress while the item is open."""
    if item.status != SupervisionStatus.OPEN:
        return False
    units = set(own_units(user).values_list("unit", flat=True))
    return item.lead_unit_id in units or bool(
        units & set(item.co_units.values_list("pk", flat=True))
    )


def may_submit(user: User, item: SupervisionItem) -> bool:
    """Only the lead unit applies for closure (申请办结)."""
    return (
        item.status == SupervisionStatus.OPEN
        and own_units(user).filter(unit=item.lead_unit_id).exists()
    )


def handler_pending(user: User) -> QuerySet[SupervisionItem]:
    """Open items the user's units lead: in their inbox until closure is applied for."""
    return SupervisionItem.objects.filter(
        status=SupervisionStatus.OPEN, lead_unit__in=own_units(user)
    )


def review_pending(user: User) -> QuerySet[SupervisionItem]:
    """Items waiting for the supervision office's review of completion. Lazy (a subquery for
    the 督查员 post): the inbox counts it together with every other source in one query."""
    office = Post.objects.active().filter(user=user, role__code=RoleCode.SUPERVISOR)
    return SupervisionItem.objects.filter(status=SupervisionStatus.SUBMITTED).filter(Exists(office))


def archive_visible_to(user: User) -> QuerySet[ArchiveRecord]:
    if not is_oa_staff(user):
        return ArchiveRecord.objects.none()
    return ArchiveRecord.objects.filter(unit__in=units_in_business_scope(user).values("pk"))


def days_late(item: SupervisionItem, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    end = timezone.localdate(item.closed_at) if item.closed_at else today
    return max((end - item.due_date).days, 0)


ARCHIVE_PERMISSION = "oa.archive_record"


def may_archive_for(user: User, unit: OrgUnit) -> bool:
    """Holds the archiving permission and a business post in the unit (or above it)."""
    if not (is_oa_staff(user) and user.has_perm(ARCHIVE_PERMISSION)):
        return False
    return own_units(user).filter(unit=unit.pk).exists() or unit_in_business_scope(user, unit)


def may_archive_document(user: User, document: OutgoingDocument) -> bool:
    """A signed (or dispatched) document not archived yet, by its unit's archivist."""
    return (
        document.status in (DocStatus.SIGNED, DocStatus.DISPATCHED)
        and not ArchiveRecord.objects.filter(document=document.pk).exists()
        and may_archive_for(user, document.unit)
    )


def may_archive_item(user: User, item: SupervisionItem) -> bool:
    """A closed item not archived yet, by the supervision office or the lead unit's archivist."""
    return (
        item.status == SupervisionStatus.CLOSED
        and not ArchiveRecord.objects.filter(supervision=item.pk).exists()
        and (is_supervision_office(user) or may_archive_for(user, item.lead_unit))
    )


def supervised(kind: str, source_ids, user: User | None = None) -> dict[int, int]:
    """{source id: item id} of the sources of this kind already supervised (one query); with
    `user`, only the items that person may open (a link to another's item would be a 404)."""
    rows = items_visible_to(user) if user is not None else SupervisionItem.objects.all()
    rows = rows.filter(source_kind=kind, source_id__in=list(source_ids))
    return dict(rows.values_list("source_id", "pk"))
