"""Import and export of the licensing item catalogue (事项目录导入导出) as JSON and Excel.

A county loads its existing catalogue (often hundreds of items) in one go. The import is
all-or-nothing: every row is checked and created inside one transaction; if any row is refused the
whole transaction is rolled back and the report lists every refused row with its reasons, so a
catalogue is never half-loaded. Imported items are drafts: publication still goes through the
publish check and approval.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from approval.constants import ItemKind, MaterialForm
from approval.models import LicensingItem, LifeEvent
from approval.services import items as item_services
from platform_core.dynforms.files import FILE_KINDS, check_upload, sniff
from platform_core.models import OrgUnit, User

# Excel columns of the item sheet: (header, field). The header is what people see and type.
ITEM_COLUMNS = (
    ("事项编码", "code"),
    ("事项名称", "name"),
    ("事项类型", "kind"),
    ("实施部门编码", "department"),
    ("设定依据", "legal_basis"),
    ("申请条件", "conditions"),
    ("检索关键词", "keywords"),
    ("收费标准", "fees"),
    ("收费依据", "fee_basis"),
    ("法定办结时限", "statutory_days"),
    ("承诺办结时限", "promised_days"),
    ("到现场次数", "visits"),
    ("特别程序", "special_procedures"),
    ("办理地点", "place"),
    ("办理时间", "hours"),
    ("咨询电话", "phone"),
    ("常见问题", "faq"),
    ("申请表单代码", "form_code"),
    ("办理流程代码", "route_code"),
    ("办事主题", "events"),
)
MATERIAL_COLUMNS = (
    ("事项编码", "code"),
    ("材料名称", "name"),
    ("材料形式", "form"),
    ("份数", "count"),
    ("可容缺后补", "may_defer"),
    ("说明", "note"),
)
ITEM_SHEET = "事项"
MATERIAL_SHEET = "申请材料"
INT_FIELDS = ("statutory_days", "promised_days", "visits")
TEXT_FIELDS = tuple(
    f for f in item_services.ITEM_FIELDS if f not in INT_FIELDS and f not in ("department", "kind")
)
YES = {"是", "true", "1", "yes", "y", "√"}


@dataclass
class RefusedRow:
    row: str  # where the row is: "第3行" (Excel) or "第3条" (JSON)
    code: str
    reasons: list[str]


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused


class ImportFileError(ValidationError):
    """The file itself cannot be read (not JSON, not Excel, missing sheet or column)."""


# ---------------------------------------------------------------- export


def _item_record(item: LicensingItem) -> dict:
    record = {"code": item.code, "version": item.version, "status": item.status}
    for name in item_services.ITEM_FIELDS:
        record[name] = getattr(item, name)
    record["department"] = item.department.code
    record["materials"] = [
        {
            "name": m.name,
            "form": m.form,
            "count": m.count,
            "may_defer": m.may_defer,
            "note": m.note,
        }
        for m in item.materials.all()
    ]
    record["fee_items"] = [
        {
            "name": f.name,
            "standard": f.standard,
            "amount": str(f.amount) if f.amount is not None else None,
            "basis": f.basis,
        }
        for f in item.fee_items.all()
    ]
    record["events"] = [e.event for e in item.life_events.all()]
    return record


def _export_queryset(items):
    return items.select_related("department").prefetch_related(
        "materials", "fee_items", "life_events"
    )


def catalogue_export_json(items) -> str:
    """导出事项目录（JSON）。"""
    return json.dumps(
        {"items": [_item_record(i) for i in _export_queryset(items)]},
        ensure_ascii=False,
        indent=2,
    )


def catalogue_export_xlsx(items) -> bytes:
    """导出事项目录（Excel）：“事项”与“申请材料”两张工作表，可直接修改后导入。"""
    from openpyxl import Workbook  # lazy: only export and import need it

    book = Workbook()
    sheet = book.active
    sheet.title = ITEM_SHEET
    sheet.append([h for h, _f in ITEM_COLUMNS])
    materials = book.create_sheet(MATERIAL_SHEET)
    materials.append([h for h, _f in MATERIAL_COLUMNS])
    for item in _export_queryset(items):
        record = _item_record(item)
        record["events"] = "，".join(record["events"])
        sheet.append([record[f] for _h, f in ITEM_COLUMNS])
        for m in record["materials"]:
            materials.append(
                [
                    item.code,
                    m["name"],
                    m["form"],
                    m["count"],
                    "是" if m["may_defer"] else "否",
                    m["note"],
                ]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- reading files


def records_from_json(data: bytes | str) -> list[tuple[str, dict]]:
    """Rows of a JSON file: [(where, record)]."""
    try:
        parsed = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportFileError(_("文件不是有效的 JSON：%(e)s") % {"e": exc}) from exc
    items = parsed.get("items") if isinstance(parsed, dict) else parsed
    if not isinstance(items, list):
        raise ImportFileError(_("JSON 文件应包含 items 列表。"))
    rows = []
    for n, record in enumerate(items, start=1):
        if not isinstance(record, dict):
            record = {"_bad": True}
        rows.append((_("第%(n)d条") % {"n": n}, record))
    return rows


def _sheet_rows(sheet, columns) -> list[tuple[int, dict]]:
    rows = sheet.iter_rows(values_only=True)
    header = [str(c or "").strip() for c in next(rows, ())]
    missing = [h for h, _f in columns if h not in header]
    if missing:
        raise ImportFileError(
            _("工作表“%(s)s”缺少列：%(c)s。") % {"s": sheet.title, "c": "、".join(missing)}
        )
    index = {f: header.index(h) for h, f in columns}
    out = []
    for n, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        out.append((n, {f: values[i] if i < len(values) else None for f, i in index.items()}))
    return out


def records_from_xlsx(data: bytes) -> list[tuple[str, dict]]:
    """Rows of an Excel workbook: [(where, record)], materials attached to their item."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ImportFileError(_("文件不是有效的 Excel（.xlsx）文件。")) from exc
    if ITEM_SHEET not in book.sheetnames:
        raise ImportFileError(_("缺少工作表“%(s)s”。") % {"s": ITEM_SHEET})
    rows = []
    by_code: dict[str, dict] = {}
    for n, record in _sheet_rows(book[ITEM_SHEET], ITEM_COLUMNS):
        record["materials"] = []
        raw_events = str(record.get("events") or "")
        record["events"] = [
            e.strip() for e in raw_events.replace(",", "，").split("，") if e.strip()
        ]
        rows.append((_("“事项”第%(n)d行") % {"n": n}, record))
        by_code.setdefault(str(record.get("code") or "").strip(), record)
    if MATERIAL_SHEET in book.sheetnames:
        for n, m in _sheet_rows(book[MATERIAL_SHEET], MATERIAL_COLUMNS):
            owner = by_code.get(str(m.get("code") or "").strip())
            if owner is None:
                rows.append(
                    (
                        _("“申请材料”第%(n)d行") % {"n": n},
                        {"code": m.get("code"), "_orphan_material": True},
                    )
                )
                continue
            m["may_defer"] = str(m.get("may_defer") or "").strip().lower() in YES
            owner["materials"].append(m)
    return rows


# ---------------------------------------------------------------- import


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _check_record(record: dict, units: dict[str, OrgUnit], allowed, seen: set) -> list[str]:
    """Reasons a record is refused before any write (empty: it may be created)."""
    if record.get("_bad"):
        return [_("该条不是一个对象。")]
    if record.get("_orphan_material"):
        return [
            _("申请材料所属的事项编码“%(c)s”不在“事项”表中。") % {"c": _text(record.get("code"))}
        ]
    reasons = []
    code = _text(record.get("code"))
    if not code:
        reasons.append(_("缺少事项编码。"))
    elif code in seen:
        reasons.append(_("事项编码“%(c)s”在文件中重复。") % {"c": code})
    elif LicensingItem.objects.filter(code=code).exists():
        reasons.append(_("事项编码“%(c)s”已存在，请在系统中新建版本修改。") % {"c": code})
    seen.add(code)
    if not _text(record.get("name")):
        reasons.append(_("缺少事项名称。"))
    unit = units.get(_text(record.get("department")))
    if unit is None:
        reasons.append(_("实施部门编码“%(d)s”不存在。") % {"d": _text(record.get("department"))})
    elif allowed is not None and unit.pk not in allowed:
        reasons.append(_("无权导入部门“%(d)s”的事项。") % {"d": unit.name})
    kind = _text(record.get("kind")) or ItemKind.LICENSING
    if kind not in ItemKind.values:
        reasons.append(_("事项类型“%(k)s”无效。") % {"k": kind})
    for name in INT_FIELDS:
        value = record.get(name)
        if value in (None, ""):
            continue
        try:
            if int(str(value).strip()) < 0 or float(str(value)) != int(str(value).strip()):
                raise ValueError
        except ValueError:
            label = next(h for h, f in ITEM_COLUMNS if f == name)
            reasons.append(_("“%(l)s”应为非负整数：%(v)s。") % {"l": label, "v": value})
    events = record.get("events") or []
    bad_events = [e for e in events if e not in LifeEvent.values]
    if bad_events:
        reasons.append(_("未知的办事主题：%(e)s。") % {"e": "、".join(map(str, bad_events))})
    for m in record.get("materials") or []:
        if not _text(m.get("name")):
            reasons.append(_("有申请材料缺少材料名称。"))
        form = _text(m.get("form")) or MaterialForm.ORIGINAL
        if form not in MaterialForm.values:
            reasons.append(
                _("申请材料“%(m)s”的形式“%(f)s”无效。") % {"m": _text(m.get("name")), "f": form}
            )
    for f in record.get("fee_items") or []:
        if f.get("amount") not in (None, ""):
            try:
                Decimal(str(f["amount"]))
            except InvalidOperation:
                reasons.append(_("收费项目“%(n)s”的金额无效。") % {"n": _text(f.get("name"))})
    return reasons


def _create(record: dict, unit: OrgUnit, by: User) -> LicensingItem:
    fields = {name: _text(record.get(name)) for name in TEXT_FIELDS if name in record}
    fields["kind"] = _text(record.get("kind")) or ItemKind.LICENSING
    for name in INT_FIELDS:
        if record.get(name) not in (None, ""):
            fields[name] = int(str(record[name]).strip())
    fields.pop("name", None)
    item = item_services.item_create(
        code=_text(record["code"]), name=_text(record["name"]), department=unit, by=by, **fields
    )
    for m in record.get("materials") or []:
        item_services.material_add(
            item=item,
            by=by,
            name=_text(m["name"]),
            form=_text(m.get("form")) or MaterialForm.ORIGINAL,
            count=int(m.get("count") or 1),
            may_defer=bool(m.get("may_defer")),
            note=_text(m.get("note")),
        )
    for f in record.get("fee_items") or []:
        amount = f.get("amount")
        item_services.fee_add(
            item=item,
            by=by,
            name=_text(f.get("name")),
            standard=_text(f.get("standard")),
            amount=Decimal(str(amount)) if amount not in (None, "") else None,
            basis=_text(f.get("basis")),
        )
    if record.get("events"):
        item_services.item_events_set(item=item, events=list(record["events"]), by=by)
    return item


def catalogue_import(
    *, rows: list[tuple[str, dict]], by: User, allowed_units: set[int] | None
) -> ImportReport:
    """导入事项目录：全部行通过方可入库，任何一行被拒则全部不导入，并逐行说明原因。

    ``allowed_units``: the unit ids the importer may create items for (None: any unit).
    """
    report = ImportReport()
    codes = {_text(r.get("department")) for _w, r in rows}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    seen: set[str] = set()
    with transaction.atomic():
        for where, record in rows:
            reasons = _check_record(record, units, allowed_units, seen)
            if not reasons:
                try:
                    with transaction.atomic():
                        item = _create(record, units[_text(record["department"])], by)
                    report.created.append(item.code)
                except ValidationError as exc:
                    reasons = exc.messages
            if reasons:
                report.refused.append(RefusedRow(where, _text(record.get("code")), reasons))
        if report.refused:
            # All or nothing: a county must not end up with half a catalogue.
            transaction.set_rollback(True)
            report.created = []
    return report


# ---------------------------------------------------------------- uploads (the back-office page)

IMPORT_MAX_BYTES = 10 * 1024 * 1024
IMPORT_KINDS = {
    "xlsx": FILE_KINDS["xlsx"],
    "json": ("JSON", ("json",), "application/json"),
}


def _sniff_import(content: bytes, extension: str) -> str | None:
    kind = sniff(content, extension)
    # JSON is text to the platform's sniffer; the extension says which text it is.
    if kind == "txt" and extension == "json":
        return "json"
    return kind


def catalogue_import_upload(*, upload, by: User, allowed_units: set[int] | None) -> ImportReport:
    """导入上传的事项目录文件（Excel 或 JSON）：先经平台的上传检查，再全部通过方可入库。"""
    kind, _name = check_upload(
        upload, tuple(IMPORT_KINDS), IMPORT_MAX_BYTES, kinds=IMPORT_KINDS, sniffer=_sniff_import
    )
    data = upload.read()
    rows = records_from_json(data) if kind == "json" else records_from_xlsx(data)
    if not rows:
        raise ImportFileError(_("文件中没有事项。"))
    return catalogue_import(rows=rows, by=by, allowed_units=allowed_units)
