"""收文 and 传阅 reads: who sees which incoming document (department isolation), the register
list in a constant number of queries, and the pending work of each step for the inbox."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from platform_core.models import User
from platform_core.permissions import units_in_business_scope

from ..models import (
    Circulation,
    CirculationReader,
    Handling,
    IncomingDocument,
    IncomingStatus,
)
from .access import is_oa_staff, own_unit_ids, own_units


def incoming_visible_to(user: User) -> QuerySet[IncomingDocument]:
    """The receiving unit's staff (and those above it), the handling units, the instructing
    leader and the people it was circulated to."""
    if not is_oa_staff(user):
        return IncomingDocument.objects.none()
    scope = units_in_business_scope(user).values("pk")
    handled = Handling.objects.filter(unit__in=scope).values("document")
    read = CirculationReader.objects.filter(reader=user).values("circulation__document")
    return IncomingDocument.objects.filter(
        Q(unit__in=scope) | Q(pk__in=handled) | Q(leader=user) | Q(pk__in=read)
    )


def incoming_list(user: User, status: str = "") -> QuerySet[IncomingDocument]:
    rows = (
        incoming_visible_to(user)
        .select_related("unit", "leader")
        .annotate(handling_count=Count("handlings", distinct=True))
    )
    if status in IncomingStatus.values:
        rows = rows.filter(status=status)
    return rows.order_by("-received_on", "-pk")


def may_manage(user: User, document: IncomingDocument) -> bool:
    """Registration, 拟办, 传阅 and 办结: the receiving unit's own staff."""
    return own_units(user).filter(unit=document.unit_id).exists()


def circulations_of(document: IncomingDocument) -> list[Circulation]:
    return list(document.circulations.select_related("sender").prefetch_related("readers__reader"))


# --- pending work (one queryset each; the inbox counts them all in one query) ---------------


def pending_proposals(user: User) -> QuerySet[IncomingDocument]:
    return IncomingDocument.objects.filter(
        status=IncomingStatus.REGISTERED, unit__in=own_unit_ids(user)
    )


def pending_instructions(user: User) -> QuerySet[IncomingDocument]:
    return IncomingDocument.objects.filter(status=IncomingStatus.PROPOSED, leader=user)


def pending_handlings(user: User) -> QuerySet[Handling]:
    return Handling.objects.filter(
        concluded_at__isnull=True,
        document__status=IncomingStatus.HANDLING,
        unit__in=own_unit_ids(user),
    )


def pending_conclusions(user: User) -> QuerySet[IncomingDocument]:
    open_handling = Handling.objects.filter(document=OuterRef("pk"), concluded_at__isnull=True)
    return IncomingDocument.objects.filter(
        ~Exists(open_handling), status=IncomingStatus.HANDLING, unit__in=own_unit_ids(user)
    )


def pending_reads(user: User) -> QuerySet[CirculationReader]:
    return CirculationReader.objects.filter(
        reader=user,
        read_at__isnull=True,
        sent_at__isnull=False,
        circulation__recalled_at__isnull=True,
    )


def handlings_of(document_id: int) -> list[Handling]:
    """The handling units of a 收文 with their reports and attachments (three queries)."""
    return list(
        Handling.objects.filter(document_id=document_id)
        .select_related("unit")
        .prefetch_related("attachments")
    )
