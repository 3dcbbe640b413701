"""Issue 13: a citizen's application form opened again shows everything that was saved.

When the window asks for a correction (补正), or the citizen goes back from the confirmation page
(返回修改), the form comes back filled in: tables (rows), date ranges and the region picker too.
Each test sends back what the page shows, untouched, and finds the saved data unchanged."""

import pytest
from django.urls import reverse

from approval.constants import AppStatus
from approval.models import Application
from approval.selectors.applications import item_form_version
from approval.services import acceptance
from approval.services import applications as app_services
from approval.services import items as item_services
from platform_core.dynforms.types import FieldSpec, normalise_options
from platform_core.selectors.dynforms import form_class_for
from platform_core.services import dynforms as form_services
from tests.approval.conftest import build_item, build_route
from tests.html_form import submitted_values

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("divisions")]

REGION = {"province": "430000", "city": "431100", "county": "431127", "township": "431127100"}
STAFF = [
    {"name": "张三", "post": "负责人", "term": {"start": "2024-01-01", "end": "2026-12-31"}},
    {
        "name": "李四",
        "post": "食品安全管理员",
        "term": {"start": "2025-03-01", "end": "2027-02-28"},
    },
]
SAVED = {
    "company": "蓝山县好味餐饮店",
    "area": REGION,
    "period": {"start": "2026-01-01", "end": "2030-12-31"},
    "chain": False,
    "staff": STAFF,
}

# The same data as the browser posts it the first time it is typed in.
TYPED = {
    "company": SAVED["company"],
    **{f"area_{n}": code for n, code in enumerate(REGION.values())},
    "period_0": "2026-01-01",
    "period_1": "2030-12-31",
    "chain": "no",
    "t_staff-TOTAL_FORMS": "2",
    "t_staff-INITIAL_FORMS": "0",
    **{
        f"t_staff-{n}-{key}": value
        for n, row in enumerate(STAFF)
        for key, value in (
            ("name", row["name"]),
            ("post", row["post"]),
            ("term_0", row["term"]["start"]),
            ("term_1", row["term"]["end"]),
        )
    },
}


def _spec(key, type, label, **kwargs) -> FieldSpec:
    options = normalise_options(type, kwargs.pop("options", {}))
    return FieldSpec(key=key, label=label, type=type, options=options, **kwargs)


def build_canteen_item(sysadmin, department):
    """A published item whose form has a region, a date range, a yes/no and a table."""
    form = form_services.form_create(
        code="canteen_form",
        name="食品经营许可申请表",
        by=sysadmin,
        specs=[
            _spec("company", "text", "经营者名称", required=True),
            _spec("area", "region", "经营场所所在地", required=True),
            _spec("period", "date_range", "申请有效期", required=True),
            _spec("chain", "yesno", "是否连锁经营", required=True),
            _spec(
                "staff",
                "table",
                "从业人员",
                required=True,
                options={"min_rows": 1},
                columns=[
                    _spec("name", "text", "姓名", required=True),
                    _spec("post", "text", "岗位", required=True),
                    _spec("term", "date_range", "任职期间", required=True),
                ],
            ),
        ],
    )
    form_services.form_version_publish(form=form, by=sysadmin)
    build_route(sysadmin)
    draft = build_item(sysadmin, department, form_code="canteen_form")
    return item_services.item_publish(item=draft, by=sysadmin)


@pytest.fixture
def item(sysadmin, dept_a):
    return build_canteen_item(sysadmin, dept_a)


def prepared(item, citizen) -> Application:
    """The citizen's application with SAVED in its form, as typed in and confirmed."""
    form = form_class_for(item_form_version(item))(TYPED)
    assert form.is_valid(), (form.errors, form.table_errors)
    app_services.application_prepare(
        item=item, user=citizen, version=item_form_version(item), form=form
    )
    application = Application.objects.get(applicant=citizen)
    assert application.submission.data == SAVED
    return application


def test_a_correction_shows_table_date_range_and_region_filled_in(client, item, clerk_a, citizen):
    application, _code = app_services.application_submit(
        application=prepared(item, citizen), user=citizen
    )
    acceptance.application_request_correction(
        application=application, by=clerk_a, items=["从业人员健康证明未上传"]
    )
    client.force_login(citizen)
    url = reverse("approval:resubmit", args=[application.number])
    page = client.get(url).content.decode()
    shown = submitted_values(page)
    assert shown["area_2"] == "431127" and shown["area_3"] == "431127100"
    assert shown["period_1"] == "2030-12-31" and shown["t_staff-1-name"] == "李四"
    assert shown["t_staff-1-term_0"] == "2025-03-01" and shown["chain"] == "no"

    shown["note"] = "已补健康证明"
    done = client.post(url, shown)
    assert done.status_code == 302, done.content.decode()[-3000:]
    application.refresh_from_db()
    assert application.status == AppStatus.SUBMITTED
    assert application.submission.data == SAVED


def test_back_from_confirmation_the_form_is_filled_in(client, item, citizen):
    prepared(item, citizen)
    client.force_login(citizen)
    apply_url = reverse("approval:apply", args=[item.code])
    shown = submitted_values(client.get(apply_url).content.decode())
    assert shown["company"] == SAVED["company"] and shown["area_1"] == "431100"
    assert shown["t_staff-0-post"] == "负责人" and shown["period_0"] == "2026-01-01"
    shown["action"] = "submit"
    done = client.post(apply_url, shown)
    assert done.status_code == 302 and done["Location"].endswith("/confirm/")
    assert Application.objects.get(applicant=citizen).submission.data == SAVED


def test_a_saved_draft_comes_back_with_table_date_range_and_region(client, item, citizen):
    client.force_login(citizen)
    apply_url = reverse("approval:apply", args=[item.code])
    assert client.post(apply_url, {**TYPED, "action": "save"}).status_code == 302
    shown = submitted_values(client.get(apply_url).content.decode())
    assert shown["area_3"] == "431127100" and shown["period_1"] == "2030-12-31"
    assert shown["t_staff-1-term_1"] == "2027-02-28" and shown["chain"] == "no"
    done = client.post(apply_url, {**shown, "action": "submit"})
    assert done.status_code == 302 and done["Location"].endswith("/confirm/")
    assert Application.objects.get(applicant=citizen).submission.data == SAVED
