"""The body (clean HTML) as a Word file (python-docx): paragraphs, headings, lists and tables,
with the title in 小标宋-style bold and the body in 仿宋, as civil servants expect to edit it."""

from __future__ import annotations

import io
from html.parser import HTMLParser

BLOCKS = {"p", "h2", "h3", "h4", "li", "blockquote"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, list[tuple[str, bool]]]] = []  # (tag, [(text, bold)])
        self.tables: dict[int, list[list[str]]] = {}
        self._tag = None
        self._runs: list[tuple[str, bool]] = []
        self._bold = 0
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("strong", "b"):
            self._bold += 1
        elif tag == "table":
            self._table = []
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
        elif tag in BLOCKS and self._table is None:
            self._flush()
            self._tag = tag
        elif tag == "br":
            self._runs.append(("\n", False))

    def handle_endtag(self, tag):
        if tag in ("strong", "b"):
            self._bold = max(0, self._bold - 1)
        elif tag in ("td", "th") and self._cell is not None and self._table:
            self._table[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table" and self._table is not None:
            self._flush()
            self.tables[len(self.blocks)] = self._table
            self.blocks.append(("table", []))
            self._table = None
        elif tag in BLOCKS:
            self._flush()

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif data.strip() or self._runs:
            self._runs.append((data, self._bold > 0))

    def _flush(self):
        if self._runs and "".join(t for t, _ in self._runs).strip():
            self.blocks.append((self._tag or "p", self._runs))
        self._runs, self._tag = [], None

    def close(self):
        super().close()
        self._flush()


def body_to_docx(*, title: str, body_html: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    parser = _Collector()
    parser.feed(body_html or "")
    parser.close()
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "FangSong"
    normal.font.size = Pt(16)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold = True
    run.font.size = Pt(22)
    for index, (tag, runs) in enumerate(parser.blocks):
        if tag == "table":
            rows = parser.tables[index]
            width = max((len(r) for r in rows), default=0)
            if not width:
                continue
            table = doc.add_table(rows=len(rows), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
            continue
        paragraph = doc.add_paragraph(style="List Bullet" if tag == "li" else None)
        for text, bold in runs:
            piece = paragraph.add_run(text)
            piece.bold = bold or tag in ("h2", "h3", "h4")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
