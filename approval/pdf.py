"""PDFs of the service guide and of notices (WeasyPrint, Chinese fonts embedded).

WeasyPrint is imported inside the functions: it is heavy and most requests never render a PDF.
"""

from __future__ import annotations

import base64
import io
from urllib.parse import unquote

from django.template.loader import render_to_string

from approval.models import LicensingItem, Notice
from approval.seal import get_seal_provider


def html_to_pdf(html: str, base_url: str = "/") -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()


def qr_data_uri(text: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def guide_pdf(item: LicensingItem) -> bytes:
    html = render_to_string(
        "approval/pdf/guide.html", {"item": item, "materials": list(item.materials.all())}
    )
    return html_to_pdf(html)


def notice_pdf(notice: Notice, verify_url: str) -> bytes:
    html = render_to_string(
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
    return html_to_pdf(html)
