"""Uploaded files: what the bytes really are, and whether the name is acceptable.

The type is decided by the content (magic numbers), never by the name or the browser's
Content-Type, and the name's extension must agree with it: a PNG renamed .pdf is refused. The table
below is deliberately small; every allowed type is listed, and anything else is refused.
"""

from __future__ import annotations

import io
import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# kind -> (label, accepted extensions, Content-Type used when the file is served back)
FILE_KINDS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "pdf": ("PDF", ("pdf",), "application/pdf"),
    "ofd": ("OFD", ("ofd",), "application/ofd"),
    "png": ("PNG", ("png",), "image/png"),
    "jpeg": ("JPEG", ("jpg", "jpeg"), "image/jpeg"),
    "gif": ("GIF", ("gif",), "image/gif"),
    "docx": (
        "Word（docx）",
        ("docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        "Excel（xlsx）",
        ("xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "doc": ("Word（doc）", ("doc",), "application/msword"),
    "xls": ("Excel（xls）", ("xls",), "application/vnd.ms-excel"),
    "txt": (_("纯文本"), ("txt",), "text/plain; charset=utf-8"),
}

_SIMPLE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)
_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names in an OLE2 directory are UTF-16LE: Word keeps "WordDocument", Excel "Workbook"
# (or "Book" for Excel 5).
_OLE_WORD = "WordDocument".encode("utf-16-le")
_OLE_EXCEL = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
_TEXT_SAMPLE = 64 * 1024

_BAD_NAME = re.compile(r"[\\/\x00-\x1f\x7f:*?\"<>|]")
# Zip bombs: a small docx/xlsx/ofd that expands to gigabytes would exhaust memory or disk when
# anyone opens it. Real office files expand a few times, rarely past 20x; refuse what claims more.
# zipfile stops at each entry's declared size (and fails the CRC), so the declared sizes hold.
ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_MAX_ENTRIES = 10_000
_ZIP_MANIFEST_MAX = 1024 * 1024


def _zip_is_bomb(archive: zipfile.ZipFile, packed_size: int) -> bool:
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    return (
        len(infos) > ZIP_MAX_ENTRIES
        or total > ZIP_MAX_UNCOMPRESSED
        or total > ZIP_MAX_RATIO * max(packed_size, 1)
    )


def _sniff_zip(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if _zip_is_bomb(archive, len(content)):
                return None
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                if archive.getinfo("[Content_Types].xml").file_size > _ZIP_MANIFEST_MAX:
                    return None
                types = archive.read("[Content_Types].xml")
                if b"wordprocessingml.document" in types:
                    return "docx"
                if b"spreadsheetml.sheet" in types:
                    return "xlsx"
                return None
            if "OFD.xml" in names:
                return "ofd"
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return None
    return None


def _sniff_ole2(content: bytes, extension: str) -> str | None:
    has_word = _OLE_WORD in content
    has_excel = any(marker in content for marker in _OLE_EXCEL)
    if has_word and not has_excel:
        return "doc"
    if has_excel and not has_word:
        return "xls"
    # A compound file without a recognisable stream: trust the extension between the two only.
    return extension if extension in ("doc", "xls") else None


def _looks_like_text(content: bytes) -> bool:
    sample = content[:_TEXT_SAMPLE]
    if b"\x00" in sample:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            sample.decode(encoding)
        except UnicodeDecodeError:
            # The sample may end in the middle of a multi-byte character.
            try:
                sample[:-3].decode(encoding)
            except UnicodeDecodeError:
                continue
        return True
    return False


def sniff(content: bytes, extension: str = "") -> str | None:
    """The kind of file these bytes are (a key of FILE_KINDS), or None if not an allowed kind."""
    for magic, kind in _SIMPLE_MAGIC:
        if content.startswith(magic):
            return kind
    if content.startswith(_ZIP_MAGIC):
        return _sniff_zip(content)
    if content.startswith(_OLE2_MAGIC):
        return _sniff_ole2(content, extension)
    if content and _looks_like_text(content):
        return "txt"
    return None


def check_original_name(name: str) -> str:
    """The name the user gave, if acceptable for display; a name with a path in it is refused.

    Django already strips "a/b/" from uploaded names; what is left to refuse are names that try
    anyway (backslashes, "..", control characters, reserved characters) and names without a
    usable extension.
    """
    name = (name or "").strip()
    if (
        not name
        or len(name) > 200
        or _BAD_NAME.search(name)
        or ".." in name
        or name.startswith(".")
    ):
        raise ValidationError(
            _("文件名不合法：不能包含路径、“..”或特殊字符，请修改文件名后重新上传。"),
            code="file_name",
        )
    if "." not in name:
        raise ValidationError(_("文件名缺少扩展名。"), code="file_ext")
    return name


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_upload(
    upload, allowed_kinds, max_bytes: int, *, kinds: dict | None = None, sniffer=None
) -> tuple[str, str]:
    """Validate an uploaded file; return (kind, original name) or raise ValidationError.

    `kinds` maps a kind to (label, accepted extensions, ...) and `sniffer(content, extension)`
    tells a kind from the bytes: FILE_KINDS and sniff() unless an app brings its own list (the
    portal's attachments accept WebP images and plain ZIP archives too)."""
    kinds = FILE_KINDS if kinds is None else kinds
    sniffer = sniff if sniffer is None else sniffer
    name = check_original_name(upload.name)
    too_big = ValidationError(
        _("文件“%(name)s”超过大小限制（最大 %(limit)s MB）。"),
        code="file_size",
        params={"name": name, "limit": _format_mb(max_bytes)},
    )
    if upload.size > max_bytes:
        raise too_big
    upload.seek(0)
    content = upload.read(max_bytes + 1)
    upload.seek(0)
    if len(content) > max_bytes:  # the declared size lied
        raise too_big
    extension = extension_of(name)
    kind = sniffer(content, extension)
    allowed_labels = "、".join(str(kinds[k][0]) for k in allowed_kinds if k in kinds)
    if kind is None or kind not in allowed_kinds:
        raise ValidationError(
            _("文件“%(name)s”的类型不允许上传，请上传以下类型的文件：%(types)s。"),
            code="file_type",
            params={"name": name, "types": allowed_labels},
        )
    if extension not in kinds[kind][1]:
        raise ValidationError(
            _("文件“%(name)s”的内容与扩展名不符（实际为 %(kind)s 文件）。"),
            code="file_mismatch",
            params={"name": name, "kind": kinds[kind][0]},
        )
    return kind, name


def _format_mb(max_bytes: int) -> str:
    value = max_bytes / (1024 * 1024)
    return f"{value:g}"
