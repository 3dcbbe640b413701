"""Issue 13: a form opened again shows what was saved, for every field type.

A citizen's application reopened for correction (补正), a draft taken up again from the
confirmation page, the next step of a case: each shows its form with the stored data. Tables,
date ranges, regions and yes/no fields used to come back empty. Each test stores a value, renders
the form again, takes what a browser would send back untouched (tests/html_form.py) and checks
the stored value comes out unchanged."""

import pytest

from platform_core.dynforms.builder import build_form_class
from platform_core.dynforms.types import FIELD_TYPES, FieldSpec, normalise_options
from platform_core.models import FormSubmission
from platform_core.selectors.case_forms import prefilled_form
from platform_core.services import dynforms as form_services
from tests.factories import make_resident_id, make_uscc
from tests.html_form import submitted_values

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("divisions")]

REGION = {"province": "430000", "city": "431100", "county": "431127", "township": "431127100"}
CHOICES = {"choices": [["a", "甲"], ["b", "乙"], ["c", "丙"]]}


def spec(key, type, options=None, **kwargs) -> FieldSpec:
    return FieldSpec(
        key=key,
        label=kwargs.pop("label", key),
        type=type,
        required=kwargs.pop("required", True),
        options=normalise_options(type, options or {}),
        **kwargs,
    )


# (type, settings, stored value): one stored value per field type, as FormSubmission.data keeps it.
STORED = [
    ("text", {}, "蓝山县好味餐饮店"),
    ("textarea", {}, "第一行\n第二行"),
    ("number", {"decimal_places": 1, "unit": "万元"}, "120.5"),
    ("money", {}, "3500.00"),
    ("date", {}, "2026-03-01"),
    ("date_range", {}, {"start": "2026-03-01", "end": "2026-06-30"}),
    ("choice", CHOICES, "b"),
    ("multichoice", CHOICES, ["a", "c"]),
    ("yesno", {}, True),
    ("yesno", {}, False),
    ("resident_id", {}, make_resident_id(7)),
    ("uscc", {}, make_uscc(7)),
    ("mobile", {}, "13812345678"),
    ("email", {}, "zhang@example.cn"),
    ("region", {}, REGION),
    ("region", {}, {k: REGION[k] for k in ("province", "city", "county")}),
    ("address", {}, "塔峰镇舜水路1号"),
]

TABLE_COLUMNS = [
    spec("name", "text", label="姓名"),
    spec("born", "date", label="出生日期"),
    spec("term", "date_range", label="任职期间"),
    spec("share", "number", {"decimal_places": 2}, label="持股比例"),
    spec("local", "yesno", label="本县户籍"),
    spec("post", "choice", CHOICES, label="职务"),
    spec("note", "text", required=False, label="备注"),
]
TABLE_ROWS = [
    {
        "name": "张三",
        "born": "1980-05-01",
        "term": {"start": "2020-01-01", "end": "2025-12-31"},
        "share": "60.00",
        "local": True,
        "post": "a",
        "note": None,
    },
    {
        "name": "李四",
        "born": "1990-10-10",
        "term": {"start": "2021-07-01", "end": "2026-06-30"},
        "share": "40.00",
        "local": False,
        "post": "c",
        "note": "监事",
    },
]


def _table(**options) -> FieldSpec:
    return spec("people", "table", {"min_rows": 1, **options}, columns=TABLE_COLUMNS)


def _shown_again(specs, stored: dict):
    """Open the form with the stored data, send back what the page shows: the form it yields."""
    form_class = build_form_class(specs)
    page = form_class(initial=form_class.stored_initial(stored))
    html = "".join(str(item.formset or item.field) for item in page.items())
    return form_class(submitted_values(html))


def test_every_field_type_is_covered():
    covered = {type_code for type_code, _opts, _value in STORED} | {"table", "file"}
    assert covered == set(FIELD_TYPES)  # a new type must say how it comes back


@pytest.mark.parametrize(
    ("type_code", "options", "value"),
    STORED,
    ids=[f"{t}-{i}" for i, (t, _o, _v) in enumerate(STORED)],
)
def test_a_saved_value_comes_back_unchanged(type_code, options, value):
    field = spec("f", type_code, options, required=type_code != "yesno")
    again = _shown_again([field], {"f": value})
    assert again.is_valid(), again.errors
    assert again.data_json() == {"f": value}


def test_a_saved_table_comes_back_with_its_rows_and_an_empty_one_to_add():
    again = _shown_again([_table()], {"people": TABLE_ROWS})
    assert again.is_valid(), (again.errors, again.table_errors)
    assert again.data_json() == {"people": TABLE_ROWS}
    form_class = build_form_class([_table()])
    shown = form_class(initial=form_class.stored_initial({"people": TABLE_ROWS}))
    rows = shown.formsets["people"].forms
    assert len(rows) == 3 and rows[0]["name"].value() == "张三"
    assert rows[1]["term"].value() == TABLE_ROWS[1]["term"] and not rows[2]["name"].value()


def test_a_full_table_comes_back_without_an_extra_row():
    again = _shown_again([_table(max_rows=2)], {"people": TABLE_ROWS})
    assert again.formsets["people"].total_form_count() == 2
    assert again.is_valid() and again.data_json() == {"people": TABLE_ROWS}


def test_a_row_deleted_after_reopening_is_gone():
    form_class = build_form_class([_table()])
    page = form_class(initial=form_class.stored_initial({"people": TABLE_ROWS}))
    data = submitted_values(str(page.formsets["people"]))
    data["t_people-0-DELETE"] = "on"
    again = form_class(data)
    assert again.is_valid(), again.table_errors
    assert again.data_json() == {"people": TABLE_ROWS[1:]}


def test_a_row_emptied_after_reopening_is_dropped_like_an_empty_typed_row():
    form_class = build_form_class([_table()])
    page = form_class(initial=form_class.stored_initial({"people": TABLE_ROWS}))
    data = submitted_values(str(page.formsets["people"]))
    for name in [n for n in data if n.startswith("t_people-1-")]:
        data[name] = ""
    again = form_class(data)
    assert again.is_valid(), again.table_errors
    assert again.data_json() == {"people": TABLE_ROWS[:1]}


def test_stored_data_of_an_older_version_or_odd_shape_is_ignored_not_fatal():
    specs = [spec("term", "date_range"), spec("area", "region"), _table()]
    form_class = build_form_class(specs)
    initial = form_class.stored_initial(
        {"term": "2026-01-01", "area": ["430000"], "people": "张三", "gone": "x"}
    )
    assert initial == {"term": None, "area": None, "people": None}
    assert "name=" in str(form_class(initial=initial).formsets["people"])


def test_a_field_saved_empty_stays_empty_and_its_default_is_for_new_forms():
    specs = [spec("city", "text", required=False, default="蓝山县"), spec("n", "text")]
    form_class = build_form_class(specs)
    assert form_class()["city"].value() == "蓝山县"
    again = _shown_again(specs, {"city": None, "n": "1"})
    assert again.is_valid() and again.data_json() == {"city": None, "n": "1"}
    hidden_then = _shown_again(specs, {"n": "1"})  # not stored (hidden by its condition)
    assert hidden_then.is_valid() and hidden_then.data_json()["city"] == "蓝山县"


def test_a_case_step_shows_the_latest_data_with_table_range_and_region(sysadmin):
    specs = [
        spec("title", "text"),
        spec("term", "date_range"),
        spec("area", "region"),
        spec("urgent", "yesno", required=False),
        _table(),
    ]
    definition = form_services.form_create(
        code="prefill_sheet", name="回填表", by=sysadmin, specs=specs
    )
    version = form_services.form_version_publish(form=definition, by=sysadmin)
    stored = {
        "title": "项目备案",
        "term": {"start": "2026-01-05", "end": "2026-02-05"},
        "area": REGION,
        "urgent": False,
        "people": TABLE_ROWS,
    }
    filled = build_form_class(specs)(_as_post(stored))
    assert filled.is_valid(), (filled.errors, filled.table_errors)
    submission = form_services.submission_create(version=version, form=filled, by=sysadmin)
    submission = FormSubmission.objects.get(pk=submission.pk)
    assert submission.data == stored

    shown = prefilled_form(version, submission)
    html = "".join(str(item.formset or item.field) for item in shown.items())
    again = prefilled_form(version, submission, submitted_values(html), {})
    assert again.is_valid(), (again.errors, again.table_errors)
    assert again.data_json() == stored


def _as_post(stored: dict) -> dict:
    """The stored data as the browser posts it when it is typed in the first time."""
    post = {
        "title": stored["title"],
        "term_0": stored["term"]["start"],
        "term_1": stored["term"]["end"],
        **{f"area_{i}": stored["area"][level] for i, level in enumerate(REGION)},
        "urgent": "no",
        "t_people-TOTAL_FORMS": "2",
        "t_people-INITIAL_FORMS": "0",
    }
    for n, row in enumerate(stored["people"]):
        prefix = f"t_people-{n}-"
        post.update(
            {
                prefix + "name": row["name"],
                prefix + "born": row["born"],
                prefix + "term_0": row["term"]["start"],
                prefix + "term_1": row["term"]["end"],
                prefix + "share": row["share"],
                prefix + "local": "yes" if row["local"] else "no",
                prefix + "post": row["post"],
                prefix + "note": row["note"] or "",
            }
        )
    return post
