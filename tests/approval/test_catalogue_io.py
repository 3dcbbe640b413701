"""Catalogue import/export: all-or-nothing loads with a report of refused rows and why."""

import io
import json

import pytest
from openpyxl import Workbook

from approval.constants import ItemStatus
from approval.models import LicensingItem
from approval.services import catalogue_io
from tests.approval.conftest import build_item


def _record(code, dept="scjg", **extra):
    return {
        "code": code,
        "name": f"事项{code}",
        "department": dept,
        "legal_basis": "依据",
        "statutory_days": 20,
        "promised_days": 5,
        "materials": [{"name": "申请书", "form": "original"}],
        "fee_items": [{"name": "工本费", "amount": "10.00"}],
        "events": ["kaiban"],
        **extra,
    }


def _json_rows(*records):
    return catalogue_io.records_from_json(json.dumps({"items": list(records)}))


def test_json_import_creates_drafts_with_materials_fees_and_events(sysadmin, dept_a):
    report = catalogue_io.catalogue_import(
        rows=_json_rows(_record("A-1"), _record("A-2")), by=sysadmin, allowed_units=None
    )
    assert report.ok and report.created == ["A-1", "A-2"]
    item = LicensingItem.objects.get(code="A-1")
    assert item.status == ItemStatus.DRAFT and item.department == dept_a
    assert [m.name for m in item.materials.all()] == ["申请书"]
    assert [str(f.amount) for f in item.fee_items.all()] == ["10.00"]
    assert [e.event for e in item.life_events.all()] == ["kaiban"]


def test_one_bad_row_refuses_the_whole_file_and_says_why(sysadmin, dept_a):
    build_item(sysadmin, dept_a, code="OLD-1")
    rows = _json_rows(
        _record("B-1"),
        _record("B-2", promised_days=30),  # promise longer than the law
        _record("OLD-1"),  # already in the catalogue
        _record("B-3", dept="nosuch", events=["huoxing"], statutory_days="二十"),
        _record("B-1"),  # duplicate in the file
        {"code": "", "name": "", "department": "scjg"},
    )
    report = catalogue_io.catalogue_import(rows=rows, by=sysadmin, allowed_units=None)
    assert not report.ok and report.created == []
    refused = {r.row: r.reasons for r in report.refused}
    assert set(refused) == {"第2条", "第3条", "第4条", "第5条", "第6条"}
    assert refused["第2条"] == ["承诺时限不能长于法定时限。"]
    assert "事项编码“OLD-1”已存在，请在系统中新建版本修改。" in refused["第3条"]
    assert "实施部门编码“nosuch”不存在。" in refused["第4条"]
    assert "未知的办事主题：huoxing。" in refused["第4条"]
    assert "“法定办结时限”应为非负整数：二十。" in refused["第4条"]
    assert refused["第5条"] == ["事项编码“B-1”在文件中重复。"]
    assert "缺少事项编码。" in refused["第6条"] and "缺少事项名称。" in refused["第6条"]
    # Nothing half-loaded: the good row B-1 was rolled back too.
    assert not LicensingItem.objects.filter(code__startswith="B-").exists()


def test_import_limited_to_the_importers_units(sysadmin, dept_a, dept_b):
    report = catalogue_io.catalogue_import(
        rows=_json_rows(_record("C-1", dept=dept_b.code)),
        by=sysadmin,
        allowed_units={dept_a.pk},
    )
    assert [r.reasons for r in report.refused] == [[f"无权导入部门“{dept_b.name}”的事项。"]]
    assert not LicensingItem.objects.filter(code="C-1").exists()


def test_unreadable_files_are_refused():
    with pytest.raises(catalogue_io.ImportFileError):
        catalogue_io.records_from_json(b"{not json")
    with pytest.raises(catalogue_io.ImportFileError):
        catalogue_io.records_from_xlsx(b"not a workbook")


def _workbook(item_rows, material_rows):
    book = Workbook()
    sheet = book.active
    sheet.title = "事项"
    sheet.append([h for h, _f in catalogue_io.ITEM_COLUMNS])
    for row in item_rows:
        sheet.append(row)
    materials = book.create_sheet("申请材料")
    materials.append([h for h, _f in catalogue_io.MATERIAL_COLUMNS])
    for row in material_rows:
        materials.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_row(code, name, dept="scjg", statutory=20, promised=10, events=""):
    values = {"code": code, "name": name, "department": dept, "kind": "licensing"}
    values.update(statutory_days=statutory, promised_days=promised, visits=0, events=events)
    return [values.get(f, "") for _h, f in catalogue_io.ITEM_COLUMNS]


def test_excel_import_reports_the_refused_row_by_sheet_and_line(sysadmin, dept_a):
    data = _workbook(
        [_xlsx_row("X-1", "食品经营许可", events="kaiban，jingying"), _xlsx_row("X-2", "")],
        [["X-1", "申请书", "original", 1, "否", ""], ["X-9", "无主材料", "copy", 1, "是", ""]],
    )
    report = catalogue_io.catalogue_import(
        rows=catalogue_io.records_from_xlsx(data), by=sysadmin, allowed_units=None
    )
    assert {r.row: r.reasons for r in report.refused} == {
        "“事项”第3行": ["缺少事项名称。"],
        "“申请材料”第3行": ["申请材料所属的事项编码“X-9”不在“事项”表中。"],
    }
    assert not LicensingItem.objects.filter(code__startswith="X-").exists()


def test_excel_export_round_trips_through_import(sysadmin, dept_a):
    build_item(sysadmin, dept_a, code="RT-1")
    data = catalogue_io.catalogue_export_xlsx(LicensingItem.objects.filter(code="RT-1"))
    LicensingItem.objects.filter(code="RT-1").delete()
    report = catalogue_io.catalogue_import(
        rows=catalogue_io.records_from_xlsx(data), by=sysadmin, allowed_units={dept_a.pk}
    )
    assert report.ok and report.created == ["RT-1"]
    item = LicensingItem.objects.get(code="RT-1")
    assert item.materials.count() == 3
    assert item.materials.filter(may_defer=True).count() == 1
    assert item.place == "县政务服务中心二楼12号窗口"


def test_json_export_lists_materials_fees_and_events(sysadmin, dept_a):
    build_item(sysadmin, dept_a, code="J-1")
    data = json.loads(catalogue_io.catalogue_export_json(LicensingItem.objects.all()))
    (record,) = data["items"]
    assert record["department"] == "scjg"
    assert len(record["materials"]) == 3


def test_management_commands_export_then_refuse_a_duplicate_load(tmp_path, item, sysadmin):
    from django.core.management import CommandError, call_command

    path = tmp_path / "catalogue.json"
    call_command("items_export", str(path))
    assert json.loads(path.read_text())["items"][0]["code"] == item.code
    err = io.StringIO()
    with pytest.raises(CommandError, match="本次未导入任何事项"):
        call_command("items_import", str(path), "--by", sysadmin.username, stderr=err)
    assert f"事项编码“{item.code}”已存在" in err.getvalue()
