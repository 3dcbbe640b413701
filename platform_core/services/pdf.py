"""PDFs of documents any app issues (WeasyPrint, Chinese fonts embedded), and QR codes for them.

    from platform_core.services.pdf import qr_data_uri, render_pdf

    pdf = render_pdf("myapp/pdf/letter.html", {"letter": letter, "qr": qr_data_uri(url)})

A document template extends "platform_core/pdf/base.html" (A4, Noto CJK fonts also on the page
footer, page numbers, and classes for the title, document number, tables, signature with seal and
the verification block) and fills its blocks `title` and `body` (and `style` for extra rules).
Fonts: WeasyPrint uses the system's fonts (Debian's fonts-noto-cjk); without a CJK font it renders
empty boxes and raises nothing, so tests check the extracted text.

WeasyPrint and qrcode are imported inside the functions: they are heavy, and most requests never
render a PDF.
"""

from __future__ import annotations

import base64
import io

from django.template.loader import render_to_string


def html_to_pdf(html: str, base_url: str = "/") -> bytes:
    """The PDF of an HTML document (relative URLs resolve against base_url)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()


def render_pdf(template_name: str, context: dict | None = None) -> bytes:
    """Render a document template (usually extending platform_core/pdf/base.html) to a PDF."""
    return html_to_pdf(render_to_string(template_name, context or {}))


def qr_data_uri(text: str) -> str:
    """A QR code of text as an SVG data: URI, for <img src> in a document template."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
