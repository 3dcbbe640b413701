"""The text of an uploaded PDF, Word (docx) or plain-text file, for search in the file centre and
the public libraries. Read from the storage as a stream; a file that cannot be parsed has no text
(the upload itself stays valid)."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

TEXT_MAX_CHARS = 200_000
PDF_MAX_PAGES = 300
PLAIN_MAX_BYTES = 1024 * 1024


def _pdf_text(handle) -> str:
    from pypdf import PdfReader

    reader = PdfReader(handle)
    parts, total = [], 0
    for index, page in enumerate(reader.pages):
        if index >= PDF_MAX_PAGES or total > TEXT_MAX_CHARS:
            break
        text = page.extract_text() or ""
        parts.append(text)
        total += len(text)
    return "\n".join(parts)


def _docx_text(handle) -> str:
    import docx

    document = docx.Document(handle)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _plain_text(handle) -> str:
    raw = handle.read(PLAIN_MAX_BYTES)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="ignore")


EXTRACTORS = {"pdf": _pdf_text, "docx": _docx_text, "txt": _plain_text}


def extract_text(storage, name: str, kind: str) -> str:
    extractor = EXTRACTORS.get(kind)
    if extractor is None:
        return ""
    try:
        with storage.open(name, "rb") as handle:
            text = extractor(handle)
    except Exception as exc:  # a damaged or encrypted file: no text, no failure
        logger.info("no text extracted from %s (%s): %s", name, kind, exc)
        return ""
    text = text.replace("\x00", "")
    return " ".join(text.split())[:TEXT_MAX_CHARS]
