"""PDFs of the service guide and of notices, rendered by the platform's PDF service
(platform_core/services/pdf.py) with the seal and verification QR code of platform_core."""

from __future__ import annotations

from urllib.parse import unquote

from django.template.loader import render_to_string

from approval.flowchart import item_flow_chart
from approval.models import LicensingItem, Notice
from platform_core.services.pdf import html_to_pdf, qr_data_uri, render_pdf
from platform_core.services.seal import get_seal_provider


def guide_pdf_html(item: LicensingItem) -> str:
    """The HTML document the guide's PDF is rendered from (WeasyPrint makes the same PDF of it)."""
    return render_to_string(
        "approval/pdf/guide.html",
        {
            "item": item,
            "materials": list(item.materials.all()),
            "flow_svg": item_flow_chart(item)[0],
        },
    )


def guide_pdf(item: LicensingItem) -> bytes:
    return html_to_pdf(guide_pdf_html(item))


def notice_pdf(notice: Notice, verify_url: str) -> bytes:
    return render_pdf(
        "approval/pdf/notice.html",
        {
            "notice": notice,
            "application": notice.application,
            "item": notice.application.item,
            "seal": get_seal_provider().seal_data_uri(notice.department),
            "qr": qr_data_uri(verify_url),
            # Printed for a reader to type: the address as written, not percent-encoded.
            "verify_url": unquote(verify_url),
        },
    )
