"""归档 by item (件) following DA/T 22-2015 (归档文件整理规则).

档号 = 全宗号-年度-保管期限-机构（问题）代码-件号, e.g. ``A001-2026-Y-zfb-0003``. The hyphen
separates the five parts, so the 机构 part is the unit's code with its hyphens written as
underscores (`archive_org_code`: the section 审批科 of 行政审批服务局, code ``spj-spk``, files
as ``spj_spk``); every 档号 splits into exactly five parts (`split_archival_code`). Records
numbered before this rule keep their 档号 (an issued 档号 is written on the box and never
changes). The 件号 is assigned from `ArchiveCounter` under its row lock in the archiving
transaction, so it has neither gap nor duplicate within its 全宗/year/retention/organisation
(also a database constraint). The archive package for handover to the archives is a zip with
``metadata.json``, ``metadata.xml`` (the same fields) and the document's PDF (and, for a
supervision item, its whole history and the progress attachments).
"""

from __future__ import annotations

import io
import json
import zipfile
from xml.etree import ElementTree as ET

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.models import OrgUnit, User

from ..constants import DocStatus, Retention, SupervisionStatus
from ..models import (
    ArchiveCounter,
    ArchiveRecord,
    OutgoingDocument,
    SupervisionEvent,
    SupervisionItem,
)
from ..selectors.supervision import is_supervision_office, may_archive_for
from .calendar import save_audited


def fonds_code() -> str:
    return getattr(settings, "OA_ARCHIVE_FONDS", "A001")


def archive_org_code(unit: OrgUnit) -> str:
    """The 机构（问题）代码 of a unit inside a 档号: its code with no hyphen, the 档号's separator.

    A unit code is a slug (letters, digits, ``-`` and ``_``); ``-`` becomes ``_``. Two units
    whose codes differ only there (``a-b`` and ``a_b``) would share one 件号 sequence, so their
    档号 still never clash."""
    return unit.code.replace("-", "_")


def archival_code(fonds: str, year: int, retention: str, org_code: str, piece: int) -> str:
    code = f"{fonds}-{year}-{retention}-{org_code}-{piece:04d}"
    if len(code.split("-")) != 5:
        raise ValueError(f"档号 {code!r} does not split into five parts")
    return code


def split_archival_code(code: str) -> dict:
    """The five parts of a 档号 (DA/T 22-2015): 全宗号, 年度, 保管期限, 机构（问题）代码, 件号."""
    fonds, year, retention, org_code, piece = code.split("-")
    return {
        "fonds": fonds,
        "year": int(year),
        "retention": retention,
        "org_code": org_code,
        "piece": int(piece),
    }


def _next_piece(fonds: str, year: int, retention: str, org_code: str) -> int:
    ArchiveCounter.objects.get_or_create(
        fonds=fonds, year=year, retention=retention, org_code=org_code
    )
    counter = ArchiveCounter.objects.select_for_update().get(
        fonds=fonds, year=year, retention=retention, org_code=org_code
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _archive(*, by: User, unit: OrgUnit, retention: str, year: int, **fields) -> ArchiveRecord:
    if retention not in Retention.values:
        raise ValidationError(_("请选择保管期限。"))
    fonds, org_code = fonds_code(), archive_org_code(unit)
    piece = _next_piece(fonds, year, retention, org_code)
    record = ArchiveRecord(
        fonds=fonds,
        year=year,
        retention=retention,
        org_code=org_code,
        piece=piece,
        archival_code=archival_code(fonds, year, retention, org_code, piece),
        unit=unit,
        archived_by=by,
        **fields,
    )
    save_audited(record, by, _("归档"))
    return record


@transaction.atomic
def document_archive(*, document: OutgoingDocument, by: User, retention: str) -> ArchiveRecord:
    """公文归档：已签发（分发）的公文按件归档，编制档号。"""
    document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
    # The unit's archivist (permission oa.archive_record, post in the unit or above it).
    if not may_archive_for(by, document.unit):
        raise PermissionDenied
    if document.status not in (DocStatus.SIGNED, DocStatus.DISPATCHED):
        raise ValidationError(_("只有已签发的公文可以归档。"))
    if ArchiveRecord.objects.filter(document=document).exists():
        raise ValidationError(_("该公文已归档。"))
    formed = document.formed_on or timezone.localdate()
    return _archive(
        by=by,
        unit=document.unit,
        retention=retention,
        year=formed.year,
        document=document,
        title=document.title,
        responsible=document.issuer.signature,
        doc_number=document.number or "",
        doc_date=formed,
    )


@transaction.atomic
def supervision_archive(*, item: SupervisionItem, by: User, retention: str) -> ArchiveRecord:
    """督办事项归档：已办结的事项连同全部办理记录归档。"""
    item = SupervisionItem.objects.select_for_update().get(pk=item.pk)
    # The supervision office that closed it, or the lead unit's archivist.
    if not (is_supervision_office(by) or may_archive_for(by, item.lead_unit)):
        raise PermissionDenied
    if item.status != SupervisionStatus.CLOSED:
        raise ValidationError(_("只有已办结的督办事项可以归档。"))
    if ArchiveRecord.objects.filter(supervision=item).exists():
        raise ValidationError(_("该督办事项已归档。"))
    closed = timezone.localdate(item.closed_at)
    record = _archive(
        by=by,
        unit=item.lead_unit,
        retention=retention,
        year=closed.year,
        supervision=item,
        title=item.title,
        responsible=item.lead_unit.name,
        doc_date=closed,
    )
    SupervisionEvent.objects.create(
        item=item, action=SupervisionEvent.Action.ARCHIVE, by=by, text=record.archival_code
    )
    return record


def _metadata(record: ArchiveRecord) -> dict:
    data = {
        "档号": record.archival_code,
        "全宗号": record.fonds,
        "年度": record.year,
        "保管期限": record.get_retention_display(),
        "机构问题": record.org_code,
        "件号": record.piece,
        "题名": record.title,
        "责任者": record.responsible,
        "文号": record.doc_number,
        "日期": record.doc_date.isoformat() if record.doc_date else "",
        "归档时间": timezone.localtime(record.archived_at).isoformat(),
    }
    if record.supervision_id:
        item = record.supervision
        data["督办"] = {
            "来源": item.get_source_kind_display(),
            "来源名称": item.source_title,
            "牵头单位": item.lead_unit.name,
            "协办单位": [u.name for u in item.co_units.all()],
            "办结期限": item.due_date.isoformat(),
            "阶段节点": [
                {"节点": m.title, "期限": m.due_date.isoformat(), "完成": bool(m.done_at)}
                for m in item.milestones.all()
            ],
            "办理记录": [
                {
                    "时间": timezone.localtime(e.at).isoformat(),
                    "操作": e.get_action_display(),
                    "操作人": e.by.get_full_name() if e.by_id else "",
                    "内容": e.text,
                    "附件": [a.original_name for a in e.attachments.all()],
                }
                for e in item.events.select_related("by").prefetch_related("attachments")
            ],
        }
    return data


def _xml(data: dict) -> bytes:
    root = ET.Element("归档文件", {"标准": "DA/T 22-2015"})

    def put(parent, key, value):
        node = ET.SubElement(parent, "项", {"名称": str(key)})
        if isinstance(value, dict):
            for k, v in value.items():
                put(node, k, v)
        elif isinstance(value, list):
            for v in value:
                put(node, "条目", v)
        else:
            node.text = str(value)

    for key, value in data.items():
        put(root, key, value)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def archive_package(record: ArchiveRecord) -> bytes:
    """移交包：元数据（JSON 与 XML）加公文 PDF 或督办附件，打成 zip。"""
    data = _metadata(record)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("metadata.json", json.dumps(data, ensure_ascii=False, indent=2))
        zf.writestr("metadata.xml", _xml(data))
        if record.document_id:
            from .layout import document_pdf  # WeasyPrint: imported only when packaging

            zf.writestr(f"{record.archival_code}.pdf", document_pdf(record.document))
        if record.supervision_id:
            for event in record.supervision.events.prefetch_related("attachments"):
                for a in event.attachments.all():
                    with a.file.open("rb") as fh:
                        zf.writestr(f"附件/{event.pk}-{a.original_name}", fh.read())
    return buffer.getvalue()
