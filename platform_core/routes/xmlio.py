"""Reading uploaded XML safely, writing XML repeatably (standard library only).

Uploaded files are parsed with xml.etree after refusing any DOCTYPE or ENTITY declaration in the
raw text: without a DTD there are no entities to expand, so "billion laughs" and external-entity
attacks have nothing to work with. Only UTF-8 is accepted, so that the check reads the same text
the parser will.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_IMPORT_BYTES = 1024 * 1024
_DECL_RE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)
_ENCODING_RE = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


class RouteImportError(ValidationError):
    """The uploaded file cannot become a route; the message says why, in Chinese."""


def safe_parse(data: bytes) -> ET.Element:
    if not data:
        raise RouteImportError(_("上传的文件是空的。"))
    if len(data) > MAX_IMPORT_BYTES:
        raise RouteImportError(_("文件超过 1 MB，无法导入。"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:200]:
        raise RouteImportError(_("仅支持 UTF-8 编码的 XML 文件。"))
    declared = _ENCODING_RE.match(data.lstrip(b"\xef\xbb\xbf"))
    if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        raise RouteImportError(_("仅支持 UTF-8 编码的 XML 文件。"))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RouteImportError(_("仅支持 UTF-8 编码的 XML 文件。")) from exc
    if _DECL_RE.search(data):
        raise RouteImportError(_("出于安全原因，不接受含有 DOCTYPE 或 ENTITY 声明的 XML 文件。"))
    try:
        # bandit B314: DOCTYPE/ENTITY declarations are refused just above, so no entity expansion.
        return ET.fromstring(data)  # noqa: S314  # nosec B314
    except ET.ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise RouteImportError(
            _("文件不是格式正确的 XML（第 %(line)s 行第 %(column)s 列附近有错误）。")
            % {"line": line, "column": column + 1}
        ) from exc


def sub(parent: ET.Element, tag: str, attrib: dict | None = None, text: str | None = None):
    """SubElement that skips empty attributes, so optional values leave no trace."""
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in (attrib or {}).items() if v != ""})
    if text is not None:
        element.text = text
    return element


def to_bytes(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"
