"""What the document services share: the event log and the row lock."""

from __future__ import annotations

from platform_core.models import User

from ..models import DocumentEvent, OutgoingDocument


def locked(document: OutgoingDocument) -> OutgoingDocument:
    return OutgoingDocument.objects.select_for_update().get(pk=document.pk)


def event(
    document: OutgoingDocument,
    by: User,
    action: str,
    *,
    from_status: str = "",
    to_status: str = "",
    comment: str = "",
) -> DocumentEvent:
    return DocumentEvent.objects.create(
        document=document,
        actor=by,
        action=action,
        from_status=from_status,
        to_status=to_status or document.status,
        comment=comment[:500],
    )
