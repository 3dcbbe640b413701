"""Drafting (拟稿): create and change a document, its body (every save a version), attachments,
and the body to and from Word (.docx)."""

from __future__ import annotations

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from platform_core.dynforms.files import check_upload
from platform_core.models import OrgUnit, User
from platform_core.richtext.sanitize import clean_html, html_to_text

from .. import revisions
from ..constants import DocAction, DocStatus
from ..models import (
    BodyVersion,
    DocumentAttachment,
    Issuer,
    OutgoingDocument,
    RevisionDecision,
)
from ..selectors.access import drafting_units, may_edit
from ..selectors.revisions import quiet_versions
from .common import event, locked

META_FIELDS = (
    "kind",
    "title",
    "main_to",
    "copy_to",
    "secrecy",
    "urgency",
    "openness",
    "note",
    "copies",
)
ATTACHMENT_KINDS = ("pdf", "ofd", "docx", "xlsx", "doc", "xls", "png", "jpeg", "txt")
ATTACHMENT_MAX_BYTES = 30 * 1024 * 1024
DOCX_MAX_BYTES = 10 * 1024 * 1024


def _save_version(
    document: OutgoingDocument,
    body: str,
    by: User,
    note: str = "",
    decision: bool = False,
    base: bool = False,
) -> BodyVersion | None:
    """Store the change of the body as a new version; False when nothing changed."""
    last = document.versions.order_by("-number").first()
    previous = document.body if last is not None else ""
    if last is not None and body == previous:
        return None
    number = (document.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = BodyVersion.objects.create(
        document=document,
        number=number,
        author=by,
        delta=revisions.make_delta(previous, body),
        sha256=revisions.sha256(body),
        note=note[:100],
        is_decision=decision,
        is_base=base,
    )
    document.body = body
    return version


@transaction.atomic
def document_create(
    *,
    by: User,
    issuer: Issuer,
    unit: OrgUnit,
    kind: str,
    title: str,
    body: str = "",
    countersign_units=(),
    recipient_units=(),
    **meta,
) -> OutgoingDocument:
    """拟稿：新建发文草稿（正文的第 1 版同时保存）。"""
    if not drafting_units(by).filter(pk=unit.pk).exists():
        raise PermissionDenied
    unknown = set(meta) - set(META_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")
    document = OutgoingDocument(
        issuer=issuer, unit=unit, drafter=by, kind=kind, title=(title or "").strip(), **meta
    )
    document.full_clean(exclude=["body"])
    document.save()
    document.countersign_units.set(countersign_units)
    document.recipient_units.set(recipient_units)
    _save_version(document, clean_html(body), by, note=_("初稿"))
    document.save(update_fields=["body"])
    event(document, by, DocAction.CREATE, to_status=document.status)
    return document


@transaction.atomic
def document_update(
    *,
    document: OutgoingDocument,
    by: User,
    body: str | None = None,
    countersign_units=None,
    recipient_units=None,
    note: str = "",
    **meta,
) -> OutgoingDocument:
    """修改发文：元数据和正文；正文每次保存都留下一个版本（痕迹保留）。"""
    document = locked(document)
    if not may_edit(by, document):
        raise PermissionDenied
    unknown = set(meta) - set(META_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")
    for name, value in meta.items():
        setattr(document, name, value)
    document.full_clean(exclude=["body"])
    changed = False
    if body is not None:
        changed = _save_version(document, clean_html(body), by, note=note) is not None
    document.save()
    if countersign_units is not None and document.status == DocStatus.DRAFT:
        document.countersign_units.set(countersign_units)
    if recipient_units is not None:
        document.recipient_units.set(recipient_units)
    event(document, by, DocAction.SAVE, comment=_("修改正文") if changed else _("修改信息"))
    return document


def docx_to_html(data: bytes) -> str:
    """The body of a Word file as clean HTML (mammoth, then the project's sanitiser)."""
    import mammoth

    try:
        result = mammoth.convert_to_html(io.BytesIO(data))
    except Exception as exc:  # a damaged or non-Word file: mammoth raises many kinds
        raise ValidationError(_("无法读取该 Word 文件，请确认是 .docx 格式且未加密。")) from exc
    return clean_html(result.value)


@transaction.atomic
def body_import_docx(
    *, document: OutgoingDocument, by: User, upload: UploadedFile
) -> OutgoingDocument:
    """导入正文：用 Word（.docx）文件的内容替换正文（作为一个新版本）。"""
    check_upload(upload, ("docx",), DOCX_MAX_BYTES)
    html = docx_to_html(upload.read())
    document = locked(document)
    if not may_edit(by, document):
        raise PermissionDenied
    _save_version(document, html, by, note=_("从 Word 导入"), base=True)
    document.save()
    event(document, by, DocAction.IMPORT, comment=upload.name[:200])
    return document


@transaction.atomic
def attachment_add(
    *, document: OutgoingDocument, by: User, upload: UploadedFile
) -> DocumentAttachment:
    """上传附件。"""
    _kind, name = check_upload(upload, ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES)
    document = locked(document)
    if not may_edit(by, document):
        raise PermissionDenied
    attachment = DocumentAttachment(
        document=document, original_name=name, size=upload.size, uploaded_by=by
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    event(document, by, DocAction.SAVE, comment=_("上传附件：%(name)s") % {"name": name})
    return attachment


@transaction.atomic
def change_decide(
    *, document: OutgoingDocument, by: User, change_id: str, accept: bool
) -> RevisionDecision:
    """接受或拒绝一处修订。拒绝即撤销该处修改（插入的删去、删除的恢复），作为新版本保存。"""
    document = locked(document)
    if not may_edit(by, document):
        raise PermissionDenied
    versions = list(document.versions.order_by("number"))
    pieces = revisions.attributed([v.delta for v in versions])
    decided = set(document.decisions.values_list("change_id", flat=True))
    quiet = quiet_versions(versions)
    change = next(
        (c for c in revisions.changes(pieces, quiet) if c.id == change_id),
        None,
    )
    if change is None or change_id in decided:
        raise ValidationError(_("该处修订不存在或已处理，请刷新后查看。"))
    version = None
    if not accept:
        indexes = set(change.indexes)
        body = revisions.text_after(
            pieces,
            drop=indexes if change.kind == "i" else frozenset(),
            restore=indexes if change.kind == "d" else frozenset(),
        )
        version = _save_version(document, clean_html(body), by, note=_("拒绝修订"), decision=True)
        document.save()
    decision = RevisionDecision.objects.create(
        document=document, change_id=change_id, accepted=accept, by=by, version=version
    )
    who = versions[change.version].author.name
    event(
        document,
        by,
        DocAction.ACCEPT if accept else DocAction.REJECT,
        comment=_("%(name)s的修改：%(text)s")
        % {"name": who, "text": html_to_text(change.text(pieces))[:200]},
    )
    return decision
