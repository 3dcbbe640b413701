"""收文 (incoming documents): registration (from the in-system exchange, from a scanned 2-D
barcode, or by hand), 拟办, 批示 naming handling units (承办) with deadlines on the case clock,
each unit's report and conclusion, then the document's 办结; and 传阅 (circulation).

Every state change is saved with who and why on the simple-history row.
"""

from __future__ import annotations

import datetime
import io
import pathlib
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.dynforms.files import check_upload
from platform_core.models import OrgUnit, Subsystem, User
from platform_core.services.clock import clock_finish, clock_start
from platform_core.services.supervision import clock_watch

from ..constants import Secrecy, Urgency
from ..models import (
    Circulation,
    CirculationMode,
    CirculationReader,
    Dispatch,
    Handling,
    IncomingAttachment,
    IncomingDocument,
    IncomingSource,
    IncomingStatus,
)
from ..selectors.access import own_units
from .calendar import save_audited
from .layout import parse_barcode

ATTACHMENT_KINDS = ("pdf", "ofd", "docx", "xlsx", "doc", "xls", "png", "jpeg", "txt")
ATTACHMENT_MAX_BYTES = 30 * 1024 * 1024
SCAN_KINDS = ("pdf", "png", "jpeg")
HANDLING_CLOCK = "oa.handling"
MAX_HANDLING_DAYS = 60


def _in_unit(user: User, unit_id: int) -> bool:
    return own_units(user).filter(unit=unit_id).exists()


def _locked(document: IncomingDocument) -> IncomingDocument:
    return IncomingDocument.objects.select_for_update().get(pk=document.pk)


# --- registration (登记) -------------------------------------------------------------------


@transaction.atomic
def incoming_register(
    *,
    unit: OrgUnit,
    by: User,
    sender: str,
    title: str,
    number: str = "",
    secrecy: str = Secrecy.NONE,
    urgency: str = Urgency.NORMAL,
    received_on: datetime.date | None = None,
    copies: int = 1,
    source: str = IncomingSource.MANUAL,
) -> IncomingDocument:
    """登记收文（手工录入或扫描条码识别后确认）。"""
    if not _in_unit(by, unit.pk):
        raise PermissionDenied
    if not title.strip() or not sender.strip():
        raise ValidationError(_("请填写来文单位和标题。"))
    if copies < 1:
        raise ValidationError(_("份数至少为1。"))
    document = IncomingDocument(
        unit=unit,
        registered_by=by,
        sender=sender.strip()[:100],
        title=title.strip()[:200],
        number=number.strip()[:64],
        secrecy=secrecy,
        urgency=urgency,
        received_on=received_on or timezone.localdate(),
        copies=copies,
        source=source,
    )
    save_audited(document, by, _("登记收文"))
    return document


def incoming_from_dispatch(*, dispatch: Dispatch, by: User) -> IncomingDocument:
    """A dispatch signed for (签收) becomes the unit's incoming record, once (idempotent)."""
    existing = IncomingDocument.objects.filter(dispatch=dispatch).first()
    if existing is not None:
        return existing
    outgoing = dispatch.document
    document = IncomingDocument(
        unit_id=dispatch.unit_id,
        registered_by=by,
        dispatch=dispatch,
        source=IncomingSource.EXCHANGE,
        sender=outgoing.issuer.signature,
        number=outgoing.number,
        title=outgoing.title,
        secrecy=outgoing.secrecy,
        urgency=outgoing.urgency,
        received_on=timezone.localdate(dispatch.received_at or timezone.now()),
        copies=1,
    )
    save_audited(document, by, _("系统内来文自动登记"))
    return document


_LABEL_TO_SECRECY = {str(label): value for value, label in Secrecy.choices}
_LABEL_TO_URGENCY = {str(label): value for value, label in Urgency.choices}


def _images(data: bytes, kind: str) -> list:
    from PIL import Image

    if kind != "pdf":
        return [Image.open(io.BytesIO(data))]
    # The first page at 200 dpi (poppler's pdftoppm): the barcode is on the first page.
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise ValidationError(_("服务器未安装 PDF 识别组件，请上传图片或手工登记。"))
    with tempfile.TemporaryDirectory() as tmp:
        source = pathlib.Path(tmp, "scan.pdf")
        source.write_bytes(data)
        out = subprocess.run(  # noqa: S603 (fixed arguments, our own temp files)
            [
                pdftoppm,
                "-r",
                "200",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                "-png",
                str(source),
                str(pathlib.Path(tmp, "page")),
            ],
            capture_output=True,
            timeout=60,
            check=False,
        )
        page = pathlib.Path(tmp, "page.png")
        if out.returncode != 0 or not page.exists():
            raise ValidationError(_("无法读取该 PDF 文件。"))
        image = Image.open(page)
        image.load()
        return [image]


def barcode_fields(data: bytes, kind: str) -> dict[str, str]:
    """Read the 2-D barcode of a scanned document (PDF or image) into registration fields:
    {sender, number, title, secrecy, urgency}; ValidationError when no barcode is found."""
    from pyzbar.pyzbar import decode

    for image in _images(data, kind):
        for symbol in decode(image):
            try:
                fields = parse_barcode(symbol.data.decode("utf-8"))
            except UnicodeDecodeError:
                continue
            if fields.get("标题"):
                return {
                    "sender": fields.get("发文机关", ""),
                    "number": fields.get("文号", ""),
                    "title": fields.get("标题", ""),
                    "secrecy": _LABEL_TO_SECRECY.get(fields.get("密级", ""), Secrecy.NONE),
                    "urgency": _LABEL_TO_URGENCY.get(fields.get("紧急程度", ""), Urgency.NORMAL),
                }
    raise ValidationError(_("未识别到公文二维码，请手工登记。"))


def scan_read(upload: UploadedFile) -> dict[str, str]:
    """The fields from an uploaded scan (validated as any upload)."""
    kind, _name = check_upload(upload, SCAN_KINDS, ATTACHMENT_MAX_BYTES)
    upload.seek(0)
    return barcode_fields(upload.read(), kind)


@transaction.atomic
def attachment_add(
    *, document: IncomingDocument, by: User, upload: UploadedFile
) -> IncomingAttachment:
    """上传收文附件（或扫描件）。"""
    _kind, name = check_upload(upload, ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES)
    if not _in_unit(by, document.unit_id):
        raise PermissionDenied
    attachment = IncomingAttachment(
        document=document, original_name=name, size=upload.size, uploaded_by=by
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    save_audited(document, by, _("上传附件"))
    return attachment


# --- handling (拟办, 批示, 承办, 办结) -------------------------------------------------------


@transaction.atomic
def incoming_propose(
    *, document: IncomingDocument, by: User, proposal: str, leader: User
) -> IncomingDocument:
    """拟办：办公室提出拟办意见，送领导批示。"""
    document = _locked(document)
    if document.status != IncomingStatus.REGISTERED:
        raise ValidationError(_("该收文已拟办。"))
    if not _in_unit(by, document.unit_id):
        raise PermissionDenied
    if not proposal.strip():
        raise ValidationError(_("请填写拟办意见。"))
    if not (leader.is_active and leader.is_office_user):
        raise ValidationError(_("请选择批示领导。"))
    document.proposal, document.proposed_by, document.leader = proposal.strip(), by, leader
    document.status = IncomingStatus.PROPOSED
    save_audited(document, by, _("拟办"))
    return document


@transaction.atomic
def incoming_instruct(
    *,
    document: IncomingDocument,
    by: User,
    instruction: str,
    units: list[tuple[OrgUnit, int]],
) -> IncomingDocument:
    """批示：领导批示并指定一个或多个承办单位，各有办理时限（工作日，纳入电子监察）。"""
    document = _locked(document)
    if document.status != IncomingStatus.PROPOSED:
        raise ValidationError(_("该收文不在待批示状态。"))
    if document.leader_id != by.pk:
        raise PermissionDenied
    if not instruction.strip():
        raise ValidationError(_("请填写批示意见。"))
    if not units:
        raise ValidationError(_("请至少指定一个承办单位。"))
    seen = set()
    for unit, days in units:
        if unit.pk in seen:
            raise ValidationError(_("承办单位不能重复。"))
        if not 1 <= days <= MAX_HANDLING_DAYS:
            raise ValidationError(_("办理时限应为1至60个工作日。"))
        seen.add(unit.pk)
    for unit, days in units:
        clock = clock_start(process=HANDLING_CLOCK, limit_days=days, subject=document.title)
        Handling.objects.create(document=document, unit=unit, clock=clock)
        clock_watch(
            clock=clock,
            subsystem=Subsystem.OA,
            unit=unit,
            title=_("收文承办：%(title)s") % {"title": document.title},
            link=f"/office/oa/incoming/{document.pk}/",
        )
    document.instruction, document.instructed_at = instruction.strip(), timezone.now()
    document.status = IncomingStatus.HANDLING
    save_audited(document, by, _("批示"))
    return document


@transaction.atomic
def handling_report(
    *,
    handling: Handling,
    by: User,
    report: str,
    conclude: bool,
    uploads: Iterable[UploadedFile] = (),
) -> Handling:
    """承办单位报告办理情况（可附材料）；conclude 为真时该单位办结（停止计时）。

    Every upload is checked (type by content, size, name) before anything is saved; one bad
    file refuses the whole report."""
    checked = [(u, check_upload(u, ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES)[1]) for u in uploads]
    handling = Handling.objects.select_for_update().get(pk=handling.pk)
    if handling.concluded_at is not None:
        raise ValidationError(_("该承办单位已办结。"))
    if not _in_unit(by, handling.unit_id):
        raise PermissionDenied
    if not report.strip():
        raise ValidationError(_("请填写办理情况。"))
    handling.report, handling.reported_at = report.strip(), timezone.now()
    if conclude:
        handling.concluded_at, handling.concluded_by = handling.reported_at, by
        if handling.clock_id:
            clock_finish(clock=handling.clock)
    save_audited(handling, by, _("承办办结") if conclude else _("报告办理情况"))
    for upload, name in checked:
        attachment = IncomingAttachment(
            document_id=handling.document_id,
            handling=handling,
            original_name=name,
            size=upload.size,
            uploaded_by=by,
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
    return handling


@transaction.atomic
def incoming_conclude(*, document: IncomingDocument, by: User) -> IncomingDocument:
    """办结：所有承办单位办结后，收文单位办结该收文。"""
    document = _locked(document)
    if document.status != IncomingStatus.HANDLING:
        raise ValidationError(_("该收文不在承办中。"))
    if not _in_unit(by, document.unit_id):
        raise PermissionDenied
    if document.handlings.filter(concluded_at__isnull=True).exists():
        raise ValidationError(_("还有承办单位未办结。"))
    document.status, document.concluded_at, document.concluded_by = (
        IncomingStatus.CONCLUDED,
        timezone.now(),
        by,
    )
    save_audited(document, by, _("办结"))
    return document


# --- the instruction, for other code (督办 starts from a leader's instruction) ---------------


@dataclass(frozen=True)
class InstructionUnit:
    unit_id: int
    unit_name: str
    due_date: datetime.date | None
    concluded: bool


@dataclass(frozen=True)
class Instruction:
    """A leader's 批示 on an incoming document: stable data other apps and modules may use."""

    id: int  # the incoming document's id (one instruction per document)
    title: str
    number: str
    sender: str
    text: str
    leader_id: int
    leader_name: str
    instructed_at: datetime.datetime
    unit_id: int  # the receiving unit
    link: str
    units: tuple[InstructionUnit, ...]


def instruction_get(instruction_id: int) -> Instruction | None:
    """批示 by id (the incoming document's id), or None when there is no instruction yet."""
    document = (
        IncomingDocument.objects.select_related("leader")
        .filter(pk=instruction_id, instructed_at__isnull=False)
        .first()
    )
    if document is None:
        return None
    handlings = document.handlings.select_related("unit", "clock").order_by("pk")
    return Instruction(
        id=document.pk,
        title=document.title,
        number=document.number,
        sender=document.sender,
        text=document.instruction,
        leader_id=document.leader_id,
        leader_name=document.leader.name,
        instructed_at=document.instructed_at,
        unit_id=document.unit_id,
        link=f"/office/oa/incoming/{document.pk}/",
        units=tuple(
            InstructionUnit(
                unit_id=h.unit_id,
                unit_name=h.unit.name,
                due_date=h.clock.due_date if h.clock_id else None,
                concluded=h.concluded_at is not None,
            )
            for h in handlings
        ),
    )


# --- circulation (传阅) ----------------------------------------------------------------------


@transaction.atomic
def circulation_start(
    *, document: IncomingDocument, by: User, readers: list[User], mode: str, note: str = ""
) -> Circulation:
    """传阅：依次（一人读完再送下一人）或同时送给多人阅读。"""
    if not _in_unit(by, document.unit_id):
        raise PermissionDenied
    if mode not in CirculationMode.values:
        raise ValidationError(_("请选择传阅方式。"))
    unique = list(dict.fromkeys(readers))
    if not unique:
        raise ValidationError(_("请选择阅文人。"))
    circulation = Circulation(document=document, sender=by, mode=mode, note=note.strip()[:300])
    save_audited(circulation, by, _("发起传阅"))
    now = timezone.now()
    for position, reader in enumerate(unique):
        sent = now if (mode == CirculationMode.PARALLEL or position == 0) else None
        save_audited(
            CirculationReader(
                circulation=circulation, reader=reader, position=position, sent_at=sent
            ),
            by,
            _("送阅"),
        )
    return circulation


@transaction.atomic
def circulation_read(*, entry: CirculationReader, by: User, comment: str = "") -> CirculationReader:
    """阅文：记录已阅和意见；依次传阅时送下一位。"""
    entry = (
        CirculationReader.objects.select_for_update().select_related("circulation").get(pk=entry.pk)
    )
    if entry.reader_id != by.pk:
        raise PermissionDenied
    if entry.circulation.recalled_at is not None:
        raise ValidationError(_("该传阅已收回。"))
    if entry.sent_at is None:
        raise ValidationError(_("还未轮到您阅文。"))
    if entry.read_at is not None:
        raise ValidationError(_("您已阅过。"))
    entry.read_at, entry.comment = timezone.now(), comment.strip()[:500]
    save_audited(entry, by, _("已阅"))
    if entry.circulation.mode == CirculationMode.SEQUENTIAL:
        following = (
            entry.circulation.readers.filter(sent_at__isnull=True).order_by("position").first()
        )
        if following is not None:
            following.sent_at = entry.read_at
            save_audited(following, by, _("送下一位阅文"))
    return entry


@transaction.atomic
def circulation_recall(*, circulation: Circulation, by: User) -> Circulation:
    """收回：未阅的人不再收到该传阅。"""
    circulation = Circulation.objects.select_for_update().get(pk=circulation.pk)
    if circulation.sender_id != by.pk:
        raise PermissionDenied
    if circulation.recalled_at is not None:
        raise ValidationError(_("该传阅已收回。"))
    circulation.recalled_at = timezone.now()
    save_audited(circulation, by, _("收回传阅"))
    return circulation
