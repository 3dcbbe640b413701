"""Small generated PDF and Word files with Chinese text (demo data and tests)."""

from __future__ import annotations

import io

from django.utils.html import escape


def sample_docx(title: str, paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def sample_pdf(title: str, paragraphs: list[str]) -> bytes:
    from platform_core.services.pdf import html_to_pdf

    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    html = (
        '<html lang="zh-CN"><head><meta charset="utf-8"><style>'
        '@page { size: A4; margin: 2cm; font-family: "Noto Sans CJK SC", sans-serif; }'
        'body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 12pt; }'
        f"</style></head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    return html_to_pdf(html)
