"""Real attachment files for the privacy check: PDF (WeasyPrint, CJK font), DOCX, XLSX."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from platform_core.services.pdf import html_to_pdf


def pdf_bytes(*paragraphs: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (
        '<html lang="zh-CN"><head><style>@page { size: A4; margin: 2cm }'
        ' body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 12pt }</style></head>'
        f"<body>{body}</body></html>"
    )
    return html_to_pdf(html)


def docx_bytes(paragraphs: list[str], rows: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if rows:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(rows: list[list[str]], title: str = "名单") -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)
