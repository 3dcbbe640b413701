"""Uploaded images and attachments of articles: what the bytes are, and images made safe.

The type is decided by the content, never by the name or the browser's Content-Type (the
platform's sniffer, `platform_core.dynforms.files`, plus WebP and plain ZIP, which articles may
carry), and the name's extension must agree with it. The name on disk is generated; the name the
user gave is kept for display only. Every image is decoded and encoded again with Pillow: that
drops EXIF (GPS position, camera serial) and anything hidden after the image data, and the image
is scaled down to at most `MAX_WIDTH` pixels wide, with a `THUMB_WIDTH` thumbnail for lists and
phones.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from platform_core.dynforms import files as core_files
from portal.constants import DOCUMENT_KINDS, IMAGE_KINDS, KINDS

MAX_WIDTH = 1600
THUMB_WIDTH = 480
# Refuse images that would take more than ~200 MB to decode (decompression bombs).
MAX_PIXELS = 50_000_000
JPEG_QUALITY = 85

# The format an image is stored in after re-encoding (GIF becomes PNG: one still frame).
_OUTPUT = {
    "jpeg": ("JPEG", "jpg"),
    "png": ("PNG", "png"),
    "gif": ("PNG", "png"),
    "webp": ("WEBP", "webp"),
}


def max_upload_bytes() -> int:
    return settings.PORTAL_UPLOAD_MAX_BYTES


def sniff(content: bytes, extension: str = "") -> str | None:
    """The kind of these bytes (a key of KINDS), or None when articles may not carry it."""
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "webp"
    kind = core_files.sniff(content, extension)
    if kind is None and content.startswith(b"PK\x03\x04"):
        kind = _plain_zip(content)
    return kind if kind in KINDS else None


def _plain_zip(content: bytes) -> str | None:
    """A ZIP archive that opens and is not a zip bomb (same limits as the platform's)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            total = sum(info.file_size for info in infos)
            if (
                len(infos) > core_files.ZIP_MAX_ENTRIES
                or total > core_files.ZIP_MAX_UNCOMPRESSED
                or total > core_files.ZIP_MAX_RATIO * max(len(content), 1)
            ):
                return None
    except (zipfile.BadZipFile, OSError, RuntimeError):
        return None
    return "zip"


@dataclass
class CheckedUpload:
    kind: str  # key of KINDS
    original_name: str  # for display only
    content: bytes

    @property
    def is_image(self) -> bool:
        return self.kind in IMAGE_KINDS


def check_upload(upload, allowed_kinds=IMAGE_KINDS + DOCUMENT_KINDS) -> CheckedUpload:
    """Validate an uploaded file by its content (the platform's checks, with the portal's list
    of kinds); raise ValidationError with a Chinese message."""
    kind, name = core_files.check_upload(
        upload, allowed_kinds, max_upload_bytes(), kinds=KINDS, sniffer=sniff
    )
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    return CheckedUpload(kind=kind, original_name=name, content=content)


@dataclass
class ProcessedImage:
    main: ContentFile
    thumb: ContentFile
    width: int
    height: int


def _encode(image: Image.Image, fmt: str) -> bytes:
    buf = io.BytesIO()
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif fmt == "WEBP":
        image.save(buf, "WEBP", quality=JPEG_QUALITY)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(buf, "PNG", optimize=True)
    # No `exif=` or `pnginfo=` argument: the new file carries no metadata at all.
    return buf.getvalue()


def _scaled(image: Image.Image, width: int) -> Image.Image:
    if image.width <= width:
        return image.copy()
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def process_image(checked: CheckedUpload) -> ProcessedImage:
    """Decode, orient (EXIF rotation applied, then EXIF dropped), scale and encode again."""
    try:
        with Image.open(io.BytesIO(checked.content)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(
                    _("图片“%(name)s”的尺寸过大，请缩小后重新上传。"),
                    code="image_size",
                    params={"name": checked.original_name},
                )
            probe.seek(0)  # first frame of an animation
            image = ImageOps.exif_transpose(probe)
            image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("图片“%(name)s”已损坏或无法识别，请重新上传。"),
            code="image_broken",
            params={"name": checked.original_name},
        ) from exc
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    elif image.mode in ("P", "CMYK", "I;16", "I", "F", "1"):
        image = image.convert("RGB")
    fmt, ext = _OUTPUT[checked.kind]
    stem = uuid.uuid4().hex
    main = _scaled(image, MAX_WIDTH)
    thumb = _scaled(image, THUMB_WIDTH)
    return ProcessedImage(
        main=ContentFile(_encode(main, fmt), name=f"{stem}.{ext}"),
        thumb=ContentFile(_encode(thumb, fmt), name=f"{stem}_t.{ext}"),
        width=main.width,
        height=main.height,
    )


def document_file(checked: CheckedUpload) -> ContentFile:
    """A document stored as uploaded, under a generated name with the sniffed type's extension."""
    ext = KINDS[checked.kind][1][0]
    return ContentFile(checked.content, name=f"{uuid.uuid4().hex}.{ext}")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- services: attachments of an article -----------------------------------------------------

_KIND_OF_EXT = {"jpg": "jpeg", "png": "png", "webp": "webp"}


def _require_editable(article, by) -> None:
    from portal.selectors import access
    from portal.services.articles import EDITABLE_STATUSES

    if not access.can_edit_article(by, article):
        raise PermissionDenied
    if article.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("只有草稿或已撤稿的稿件可以修改附件；已发布的稿件请先撤稿。"), code="status"
        )


@transaction.atomic
def attachment_add(
    *,
    article,
    by,
    upload,
    title: str = "",
    alt: str = "",
    allowed_kinds=IMAGE_KINDS + DOCUMENT_KINDS,
):
    """上传附件。An image (re-encoded, scaled, with alt text) or a document, on an editable
    article (draft or withdrawn: a published article's files change only through review)."""
    from portal.models import ArticleAttachment
    from portal.models.media import AttachmentKind

    _require_editable(article, by)
    checked = check_upload(upload, allowed_kinds)
    alt = (alt or "").strip()
    attachment = ArticleAttachment(
        article=article,
        title=(title or "").strip() or checked.original_name.rsplit(".", 1)[0][:200],
        original_name=checked.original_name,
        uploaded_by=by,
    )
    if checked.is_image:
        if not alt:
            raise ValidationError(
                {"alt": _("上传图片必须填写图片说明（替代文本），以便视障读者了解图片内容。")}
            )
        image = process_image(checked)
        stored = image.main.read()
        image.main.seek(0)
        attachment.kind = AttachmentKind.IMAGE
        attachment.file_type = _KIND_OF_EXT[image.main.name.rsplit(".", 1)[1]]
        attachment.alt = alt[:200]
        attachment.width, attachment.height = image.width, image.height
        attachment.file.save(image.main.name, image.main, save=False)
        attachment.thumbnail.save(image.thumb.name, image.thumb, save=False)
    else:
        document = document_file(checked)
        stored = checked.content
        attachment.kind = AttachmentKind.DOCUMENT
        attachment.file_type = checked.kind
        attachment.alt = alt[:200]
        attachment.file.save(document.name, document, save=False)
    attachment.size = len(stored)
    attachment.sha256 = sha256_of(stored)
    names = [f.name for f in (attachment.file, attachment.thumbnail) if f]
    try:  # an upload that fails to save leaves no file behind
        attachment._history_user = by
        attachment.full_clean()
        attachment.save()
    except BaseException:
        _delete_files(names)
        raise
    return attachment


def _delete_files(names) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        if name:
            default_storage.delete(name)


@transaction.atomic
def attachment_delete(*, attachment, by) -> None:
    """删除附件。The row (recorded in its history) and, after commit, its stored files."""
    _require_editable(attachment.article, by)
    names = [f.name for f in (attachment.file, attachment.thumbnail) if f]
    attachment._history_user = by
    attachment.delete()
    transaction.on_commit(lambda: _delete_files(names))


# --- reads for the editor: a draft's stored files -------------------------------------------


def draft_attachment(name: str):
    """The image or document stored under `name` (file or thumbnail), or None."""
    from django.db.models import Q

    from portal.models import ArticleAttachment
    from portal.models.media import SAFE_FILE_NAME

    if not SAFE_FILE_NAME.match(name):
        return None
    return ArticleAttachment.objects.filter(Q(file=name) | Q(thumbnail=name)).first()


def open_stored(name: str):
    from django.core.files.storage import default_storage

    return default_storage.open(name, "rb")
