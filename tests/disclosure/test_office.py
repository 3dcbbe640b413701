"""The disclosure back office over HTTP: entry with the column's information body, attachment
upload and the privacy check, review, validity, department isolation and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from disclosure.constants import ItemStatus, Subject
from disclosure.models import Item
from disclosure.services import columns as column_services
from platform_core.dynforms.types import FieldSpec
from platform_core.services import dynforms as form_services
from tests.disclosure.conftest import RESIDENT_ID, days_ago, make_item, publish
from tests.disclosure.files import pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def login(client, user):
    client.force_login(user)
    return client


def budget_column(sysadmin, officer, unit):
    form = form_services.form_create(
        code="budget_body",
        name="预决算信息体",
        by=sysadmin,
        specs=[FieldSpec(key="fiscal_year", label="预算年度", type="text", required=True)],
    )
    form_services.form_version_publish(form=form, by=sysadmin)
    return column_services.column_create(
        by=officer, unit=unit, name="部门预决算", slug="bmyjs", body_form=form
    )


def test_officer_defines_column_and_enters_item_with_its_body(
    client, sysadmin, officer_a, dept_a, route
):
    column = budget_column(sysadmin, officer_a, dept_a)
    login(client, officer_a)
    page = client.get(reverse("disclosure:item_new") + f"?column={column.pk}")
    assert page.status_code == 200 and "预算年度" in page.content.decode()
    response = client.post(
        reverse("disclosure:item_new") + f"?column={column.pk}",
        {
            "column": column.pk,
            "unit": dept_a.pk,
            "title": "县市场监督管理局2026年部门预算",
            "subject": Subject.FINANCE,
            "genre": "budget",
            "formed_on": days_ago(2).isoformat(),
            "body": "<p>2026年部门预算公开说明。</p><script>alert(1)</script>",
            "info-fiscal_year": "2026",
        },
    )
    item = Item.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/items/{item.pk}/")
    assert item.extra == {"fiscal_year": "2026"} and "<script>" not in item.body
    detail = client.get(reverse("disclosure:item_detail", args=[item.pk])).content.decode()
    assert "预算年度" in detail and "2026" in detail


def test_upload_finding_blocks_submit_until_removed(client, columns, officer_a):
    item = make_item(officer_a, columns["zcwj"])
    login(client, officer_a)
    url = reverse("disclosure:attachment_add", args=[item.pk])
    client.post(url, {"file": upload("名单.pdf", pdf_bytes(f"张伟 {RESIDENT_ID}"))})
    detail = client.get(reverse("disclosure:item_detail", args=[item.pk])).content.decode()
    assert "附件《名单.pdf》第1页" in detail and "居民身份证号码" in detail
    assert RESIDENT_ID not in detail
    client.post(reverse("disclosure:item_submit", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT
    attachment = item.attachments.get()
    client.post(reverse("disclosure:attachment_remove", args=[item.pk, attachment.pk]))
    client.post(reverse("disclosure:item_submit", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_REVIEW


def test_review_over_http_and_validity(client, columns, officer_a, head_a, leader_a):
    item = make_item(officer_a, columns["zcwj"])
    login(client, officer_a).post(reverse("disclosure:item_submit", args=[item.pk]))
    review = reverse("disclosure:item_review", args=[item.pk])
    login(client, head_a).post(review, {"decision": "approve", "comment": "无涉密"})
    login(client, leader_a).post(review, {"decision": "approve", "comment": "同意"})
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED and item.index_number
    client.post(
        reverse("disclosure:item_validity", args=[item.pk]),
        {"validity": "repealed", "on": days_ago(0).isoformat(), "note": "已被新文件替代"},
    )
    item.refresh_from_db()
    assert item.validity == "repealed"


def test_other_department_gets_404_and_citizen_403(client, columns, officer_a, officer_b):
    item = make_item(officer_a, columns["zcwj"])
    login(client, officer_b)
    assert client.get(reverse("disclosure:item_detail", args=[item.pk])).status_code == 404
    assert client.post(reverse("disclosure:item_submit", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT


@pytest.mark.parametrize(
    "name", ["disclosure:office_home", "disclosure:dashboard", "disclosure:columns"]
)
def test_list_queries_do_not_grow(client, columns, officer_a, head_a, leader_a, name):
    def make(n):
        for k in range(n):
            item = make_item(
                officer_a, columns["zcwj"], title=f"文件{name}{k}", formed_on=days_ago(30)
            )
            if k % 2:
                publish(item, officer_a, head_a, leader_a)

    login(client, officer_a)
    make(2)
    client.get(reverse(name))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(name)).status_code == 200
    make(6)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse(name)).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_a_published_interpretations_page_offers_the_policies_it_may_link(
    client, columns, officer_a, head_a, leader_a
):
    """The two choosers (替代文件, 解读的政策文件) list published items by index number; they
    once deferred the column while selecting it, a 500 on every interpretation's page."""
    policy = publish(make_item(officer_a, columns["zcwj"]), officer_a, head_a, leader_a)
    reading = publish(
        make_item(officer_a, columns["zcwj"], title="《若干措施》政策解读", genre="interpretation"),
        officer_a,
        head_a,
        leader_a,
    )
    login(client, officer_a)
    page = client.get(reverse("disclosure:item_detail", args=[reading.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert f"{policy.index_number} {policy.title}" in text  # in both choosers
