"""Reads of outgoing documents for the back office."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from platform_core.models import User

from ..models import BodyVersion, Dispatch, DocumentEvent, OutgoingDocument
from .access import documents_visible_to, own_units


def documents_list(user: User, *, status: str = "", q: str = "") -> QuerySet[OutgoingDocument]:
    qs = documents_visible_to(user).select_related("issuer", "unit", "drafter")
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q))
    return qs.order_by("-updated_at", "-pk")


def document_detail(user: User, pk: int) -> OutgoingDocument | None:
    return (
        documents_visible_to(user)
        .select_related("issuer", "issuer__unit", "unit", "drafter", "signed_by")
        .filter(pk=pk)
        .first()
    )


def document_versions(document: OutgoingDocument) -> list[BodyVersion]:
    return list(document.versions.select_related("author").order_by("number"))


def document_events(document: OutgoingDocument) -> QuerySet[DocumentEvent]:
    return document.events.select_related("actor").order_by("at", "pk")


def document_dispatches(document: OutgoingDocument) -> QuerySet[Dispatch]:
    return document.dispatches.select_related("unit", "received_by", "clock").order_by("pk")


def receipts_list(user: User, *, pending_only: bool = False) -> QuerySet[Dispatch]:
    """收文: documents sent to the units where the person holds a post."""
    qs = Dispatch.objects.filter(unit__in=own_units(user)).select_related(
        "document", "document__issuer", "unit", "received_by", "clock"
    )
    if pending_only:
        qs = qs.filter(received_at__isnull=True)
    return qs.order_by("received_at", "-sent_at", "-pk")
