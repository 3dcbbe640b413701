"""Dynamic forms without the web layer: every field type, files, conditions, tables, JSON schema."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict

from platform_core.dynforms import files, regions, schema
from platform_core.dynforms.builder import MORE_ROWS, build_form_class
from platform_core.dynforms.types import FIELD_TYPES, FieldSpec, normalise_options
from tests.factories import make_resident_id, make_uscc

# The region field reads the administrative divisions from the database.
# The region field reads the national divisions (loaded again after a transactional flush).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("divisions")]


def spec(key="f", type="text", required=True, options=None, **kwargs) -> FieldSpec:
    return FieldSpec(
        key=key,
        label=kwargs.pop("label", key),
        type=type,
        required=required,
        options=normalise_options(type, options or {}),
        **kwargs,
    )


def bound(specs, data, upload_files=None):
    form_class = build_form_class(specs)
    query = QueryDict(mutable=True)
    for name, value in data.items():
        if isinstance(value, list):
            query.setlist(name, value)
        else:
            query[name] = value
    return form_class(query, upload_files or {})


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
GIF = b"GIF89a" + b"\x00" * 32
DOCX = zip_bytes(
    {
        "[Content_Types].xml": b'<Types><Override ContentType="application/vnd.openxmlformats-'
        b'officedocument.wordprocessingml.document.main+xml"/></Types>',
        "word/document.xml": b"<w:document/>",
    }
)
XLSX = zip_bytes(
    {
        "[Content_Types].xml": b'<Types><Override ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        "xl/workbook.xml": b"<workbook/>",
    }
)
OFD = zip_bytes({"OFD.xml": b"<ofd:OFD/>", "Doc_0/Document.xml": b"<ofd:Document/>"})
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64
DOC = OLE2 + "WordDocument".encode("utf-16-le") + b"\x00" * 64
XLS = OLE2 + "Workbook".encode("utf-16-le") + b"\x00" * 64
TXT = "营业执照复印件说明。\n".encode()


# --- Field types: good and bad input --------------------------------------------------------------

FIELD_CASES = [
    # (type, options, good data, bad data, part of the expected message)
    ("text", {"max_length": 5}, {"f": "张三"}, {"f": "超过五个字的文本"}, "5"),
    ("textarea", {}, {"f": "第一行\n第二行"}, {"f": ""}, "必填"),
    ("number", {"min_value": 1, "max_value": 10}, {"f": "7"}, {"f": "11"}, "10"),
    ("number", {"min_value": 1, "max_value": 10}, {"f": "3"}, {"f": "0"}, "1"),
    ("money", {"min_value": 0}, {"f": "1234.50"}, {"f": "12.345"}, "2"),
    ("date", {}, {"f": "2026-03-01"}, {"f": "2026-02-30"}, "日期"),
    (
        "date_range",
        {},
        {"f_0": "2026-03-01", "f_1": "2026-03-31"},
        {"f_0": "2026-03-31", "f_1": "2026-03-01"},
        "结束日期不能早于开始日期",
    ),
    (
        "choice",
        {"choices": [["a", "个体"], ["b", "企业"]]},
        {"f": "b"},
        {"f": "z"},
        "z",
    ),
    (
        "multichoice",
        {"choices": [["a", "甲"], ["b", "乙"]]},
        {"f": ["a", "b"]},
        {"f": ["a", "x"]},
        "x",
    ),
    ("yesno", {}, {"f": "no"}, {"f": "maybe"}, "maybe"),
    (
        "resident_id",
        {},
        {"f": make_resident_id(7)},
        {"f": make_resident_id(7)[:-1] + "0"},
        "校验码",
    ),
    ("uscc", {}, {"f": make_uscc(7).lower()}, {"f": make_uscc(7)[:-1] + "0"}, "统一社会信用代码"),
    ("mobile", {}, {"f": "13812345678"}, {"f": "12812345678"}, "手机号码"),
    ("email", {}, {"f": "a@example.cn"}, {"f": "not-an-email"}, "邮件地址"),
    (
        "region",
        {},
        {"f_0": "430000", "f_1": "431100", "f_2": "431127"},
        {"f_0": "430000", "f_1": "430100", "f_2": "431127"},
        "不属于",
    ),
    ("address", {}, {"f": "蓝山县塔峰镇某路1号"}, {"f": "  "}, "必填"),
]


@pytest.mark.parametrize(("kind", "options", "good", "bad", "message"), FIELD_CASES)
def test_field_type_good_and_bad(kind, options, good, bad, message):
    field = spec(type=kind, options=options)
    good_form = bound([field], good)
    assert good_form.is_valid(), good_form.errors
    assert "f" in good_form.data_json()
    bad_form = bound([field], bad)
    assert not bad_form.is_valid()
    assert message in " ".join(bad_form.errors["f"])


def test_every_field_type_is_covered():
    covered = {case[0] for case in FIELD_CASES} | {"file", "table"}
    assert covered == set(FIELD_TYPES)


def test_stored_values_are_json():
    specs = [
        spec("d", "date"),
        spec("r", "date_range"),
        spec("m", "money"),
        spec("y", "yesno"),
        spec("id", "resident_id"),
        spec("g", "region"),
    ]
    form = bound(
        specs,
        {
            "d": "2026-01-02",
            "r_0": "2026-01-01",
            "r_1": "2026-01-01",
            "m": "10.5",
            "y": "yes",
            "id": make_resident_id(3)[:-1] + make_resident_id(3)[-1].lower(),
            "g": "", "g_0": "430000", "g_1": "430100", "g_2": "430121",
        },
    )  # fmt: skip
    assert form.is_valid(), form.errors
    assert form.data_json() == {
        "d": "2026-01-02",
        "r": {"start": "2026-01-01", "end": "2026-01-01"},
        "m": "10.50",
        "y": True,
        "id": make_resident_id(3),
        "g": {"province": "430000", "city": "430100", "county": "430121"},
    }


def test_region_table_knows_lanshan():
    assert regions.is_valid("430000", "431100", "431127")
    assert regions.is_valid("430000", "431100", "431127", "431127100")
    assert regions.names("430000", "431100", "431127") == ("湖南省", "永州市", "蓝山县")
    assert regions.names("430000", "431100", "431127", "431127100")[3] == "塔峰镇"
    assert not regions.is_valid("430000", "430200", "431127")
    assert not regions.is_valid("440000", "431100", "431127")
    assert not regions.is_valid("430000", "431100", "431127", "110101001")


def test_optional_field_may_stay_empty_and_is_stored_as_null():
    form = bound([spec(type="number", required=False)], {"f": ""})
    assert form.is_valid()
    assert form.data_json() == {"f": None}


# --- Files ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [
        (PDF, "a.pdf", "pdf"),
        (PNG, "a.png", "png"),
        (JPEG, "a.jpg", "jpeg"),
        (GIF, "a.gif", "gif"),
        (DOCX, "a.docx", "docx"),
        (XLSX, "a.xlsx", "xlsx"),
        (DOC, "a.doc", "doc"),
        (XLS, "a.xls", "xls"),
        (OFD, "a.ofd", "ofd"),
        (TXT, "a.txt", "txt"),
    ],
)
def test_sniffing_recognises_each_allowed_kind(content, name, kind):
    assert files.sniff(content, files.extension_of(name)) == kind
    upload = SimpleUploadedFile(name, content)
    assert files.check_upload(upload, list(files.FILE_KINDS), 1024 * 1024) == (kind, name)


def test_unknown_binary_and_plain_zip_are_not_recognised():
    assert files.sniff(b"\x00\x01\x02\x03binary") is None
    assert files.sniff(zip_bytes({"readme.md": b"x"})) is None


def file_field(**options):
    return spec("att", "file", options={"allowed_types": ["pdf"], "max_size_mb": 1, **options})


def test_file_field_accepts_real_pdf():
    form = bound([file_field()], {}, {"att": SimpleUploadedFile("执照.pdf", PDF)})
    assert form.is_valid(), form.errors
    upload = form.uploads()["att"]
    assert (upload.egov_kind, upload.egov_name) == ("pdf", "执照.pdf")


def test_png_renamed_pdf_is_refused():
    form = bound([file_field()], {}, {"att": SimpleUploadedFile("licence.pdf", PNG)})
    assert not form.is_valid()
    assert "类型不允许" in form.errors["att"][0]


def test_allowed_kind_with_wrong_extension_is_refused():
    form = bound(
        [file_field(allowed_types=["pdf", "png"])],
        {},
        {"att": SimpleUploadedFile("photo.pdf", PNG)},
    )
    assert not form.is_valid()
    assert "内容与扩展名不符" in form.errors["att"][0]


def test_oversized_file_is_refused():
    big = PDF + b"0" * (1024 * 1024)
    form = bound([file_field()], {}, {"att": SimpleUploadedFile("big.pdf", big)})
    assert not form.is_valid()
    assert "超过大小限制" in form.errors["att"][0]


@pytest.mark.parametrize("name", ["..\\..\\evil.pdf", "a..pdf", ".hidden.pdf", "a:b.pdf"])
def test_path_traversal_and_odd_names_are_refused(name):
    form = bound([file_field()], {}, {"att": SimpleUploadedFile(name, PDF)})
    assert not form.is_valid()
    assert "文件名不合法" in form.errors["att"][0]


# --- Conditional display --------------------------------------------------------------------------


def conditional_specs():
    return [
        spec("has_agent", "yesno"),
        spec("agent_name", "text", condition_field="has_agent", condition_value="yes"),
        spec("agent_mobile", "mobile", condition_field="agent_name", condition_value="李四"),
    ]


def test_hidden_field_is_not_required_and_its_value_is_dropped():
    form = bound(
        conditional_specs(),
        {"has_agent": "no", "agent_name": "李四", "agent_mobile": "bad"},
    )
    assert form.is_valid(), form.errors
    assert form.data_json() == {"has_agent": False}


def test_shown_field_is_required():
    form = bound(conditional_specs(), {"has_agent": "yes", "agent_name": ""})
    assert not form.is_valid()
    assert "agent_name" in form.errors
    form = bound(
        conditional_specs(),
        {"has_agent": "yes", "agent_name": "李四", "agent_mobile": "13912345678"},
    )
    assert form.is_valid(), form.errors
    assert form.data_json() == {
        "has_agent": True,
        "agent_name": "李四",
        "agent_mobile": "13912345678",
    }


# --- Repeating table ------------------------------------------------------------------------------


def shareholders(required=True):
    table = spec("holders", "table", required=required, options={"min_rows": 1, "max_rows": 2})
    table.columns = [
        spec("name", "text"),
        spec("id_no", "resident_id"),
        spec("share", "number", options={"min_value": 0, "max_value": 100, "decimal_places": 2}),
    ]
    return [spec("company", "text"), table]


def table_data(rows, total=None):
    data = {
        "company": "蓝山县某公司",
        "t_holders-TOTAL_FORMS": str(total if total is not None else max(len(rows), 1)),
        "t_holders-INITIAL_FORMS": "0",
        "t_holders-MIN_NUM_FORMS": "1",
        "t_holders-MAX_NUM_FORMS": "2",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"t_holders-{index}-{key}"] = value
    return data


def test_table_rows_are_validated_and_stored():
    rows = [
        {"name": "王五", "id_no": make_resident_id(11), "share": "60"},
        {"name": "赵六", "id_no": make_resident_id(12), "share": "40.5"},
    ]
    form = bound(shareholders(), table_data(rows))
    assert form.is_valid(), (form.errors, form.table_errors)
    assert form.data_json()["holders"] == [
        {"name": "王五", "id_no": make_resident_id(11), "share": "60.00"},
        {"name": "赵六", "id_no": make_resident_id(12), "share": "40.50"},
    ]


def test_table_cell_errors_are_reported():
    rows = [{"name": "王五", "id_no": make_resident_id(11)[:-1] + "0", "share": "160"}]
    form = bound(shareholders(), table_data(rows))
    assert not form.is_valid()
    row = form.formsets["holders"].forms[0]
    assert "校验码" in row.errors["id_no"][0]
    assert "100" in row.errors["share"][0]
    assert "“holders”填写有误" in form.non_field_errors()[0]


def test_table_min_and_max_rows():
    empty = bound(shareholders(), table_data([]))
    assert not empty.is_valid()
    assert any("至少填写 1 行" in e for e in empty.table_errors["holders"])
    row = {"name": "甲", "id_no": make_resident_id(13), "share": "1"}
    too_many = bound(shareholders(), table_data([row, row, row]))
    assert not too_many.is_valid()


def test_more_rows_button_adds_a_row_without_errors():
    data = table_data([{"name": "", "id_no": "", "share": ""}])
    data[MORE_ROWS] = "holders"
    form = bound(shareholders(), data)
    assert form.more_rows_for == "holders"
    assert len(form.formsets["holders"].forms) == 2
    assert not form.errors


# --- Definitions and JSON -------------------------------------------------------------------------


def test_options_are_checked_with_chinese_messages():
    with pytest.raises(Exception) as info:
        normalise_options("number", {"min_value": 10, "max_value": 1})
    assert "最大值不能小于最小值" in str(info.value)
    with pytest.raises(Exception) as info:
        normalise_options("file", {"allowed_types": ["exe"]})
    assert "不支持的文件类型" in str(info.value)


def test_document_with_unknown_field_type_is_refused():
    document = schema.export_document(
        code="x", name="测试", description="", specs=[spec("a", "text")]
    )
    document["fields"][0]["type"] = "signature_pad"
    with pytest.raises(Exception) as info:
        schema.parse_document(schema.dumps(document))
    assert "字段类型“signature_pad”不受支持" in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "不是有效的 JSON"),
        ('{"format": "other"}', "不是本系统导出的表单文件"),
    ],
)
def test_document_that_is_not_ours_is_refused(text, message):
    with pytest.raises(Exception) as info:
        schema.parse_document(text)
    assert message in str(info.value)


def test_condition_must_point_at_an_earlier_field():
    specs = [
        spec("a", "text", condition_field="b", condition_value="x"),
        spec("b", "yesno"),
    ]
    problems = schema.check_specs(specs)
    assert any("不存在或不在其前面" in p for p in problems)


def test_a_number_fields_unit_comes_from_its_definition():
    """An amount in 万元 is shown in 万元 (it was "120.00 元"), on the form and wherever stored
    values are displayed; an amount defined with no unit is in 元."""
    from platform_core.dynforms.types import display, make_field

    investment = FieldSpec(
        key="investment",
        label="总投资",
        type="money",
        options=normalise_options("money", {"unit": "万元"}),
    )
    assert make_field(investment).label == "总投资（万元）"
    assert display(investment, "120.00") == "120.00 万元"
    fee = FieldSpec(key="fee", label="费用", type="money", options=normalise_options("money", {}))
    assert display(fee, "35.50") == "35.50 元" and make_field(fee).label == "费用（元）"
    area = FieldSpec(key="area", label="建筑面积", type="number", options={"unit": "平方米"})
    assert display(area, "88") == "88 平方米"
    plain = FieldSpec(key="n", label="人数", type="number", options={})
    assert display(plain, "3") == "3" and make_field(plain).label == "人数"
    with pytest.raises(ValidationError) as bad:
        normalise_options("number", {"unit": "每100平方米"})
    assert "计量单位" in str(bad.value)
