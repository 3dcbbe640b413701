"""What the OA back-office views share (views do not import views)."""

from __future__ import annotations

from django.http import FileResponse, Http404

from platform_core.decorators import office_user_passes

from ..models import OutgoingDocument
from ..selectors import access
from ..selectors.documents import document_detail

oa_staff_required = office_user_passes(access.is_oa_staff)


def document_or_404(user, pk: int) -> OutgoingDocument:
    """A document the user may see, or 404 (another department's id is not found)."""
    document = document_detail(user, pk)
    if document is None:
        raise Http404
    return document


def download(handle, filename: str, content_type: str | None = None) -> FileResponse:
    """A stored file as a download (streamed in blocks), never sniffed into another type."""
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
