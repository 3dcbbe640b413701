"""Catalogue back office (事项管理), through the pages: list (constant queries), create and edit
with the material and fee formsets, copy, retire, submit and review, import with its refused-row
report and export; bad input on each form; another department's items are a 404."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from approval.constants import ItemStatus
from approval.models import ItemReview, LicensingItem, ReviewStatus
from approval.services import catalogue_io, item_review
from approval.services import items as item_services
from platform_core.constants import RoleCode
from tests.factories import staff_with_role


@pytest.fixture
def admin_a(dept_a):
    return staff_with_role(RoleCode.ITEM_ADMIN, dept_a, name="事项管理员甲")


@pytest.fixture
def admin_b(dept_b):
    return staff_with_role(RoleCode.ITEM_ADMIN, dept_b, name="事项管理员乙")


@pytest.fixture
def leader_a(dept_a):
    return staff_with_role(RoleCode.LEADER, dept_a, name="分管领导甲")


def guide_data(dept, **overrides) -> dict:
    data = {
        "name": "个体工商户登记",
        "kind": "licensing",
        "department": dept.pk,
        "legal_basis": "《促进个体工商户发展条例》",
        "conditions": "有经营能力的自然人。",
        "keywords": "开店",
        "fees": "不收费",
        "fee_basis": "",
        "statutory_days": "15",
        "promised_days": "3",
        "visits": "0",
        "special_procedures": "",
        "place": "县政务服务中心",
        "hours": "工作日",
        "phone": "0746-1111111",
        "faq": "",
        "form_code": "",
        "route_code": "food_licence_route",
        "events": ["kaiban"],
        "materials-TOTAL_FORMS": "2",
        "materials-INITIAL_FORMS": "0",
        "materials-0-name": "登记申请书",
        "materials-0-form": "original",
        "materials-0-count": "1",
        "materials-1-name": "",
        "materials-1-form": "original",
        "materials-1-count": "1",
        "fees-TOTAL_FORMS": "1",
        "fees-INITIAL_FORMS": "0",
        "fees-0-name": "工本费",
        "fees-0-standard": "每证 5 元",
        "fees-0-amount": "5",
        "fees-0-basis": "",
    }
    data.update(overrides)
    return data


def test_list_costs_the_same_queries_whatever_the_catalogue_size(
    client, admin_a, dept_a, sysadmin, django_assert_max_num_queries
):
    client.force_login(admin_a)
    url = reverse("approval:items")
    for n in range(3):
        item_services.item_create(code=f"Q-{n}", name=f"事项{n}", department=dept_a, by=sysadmin)
    with django_assert_max_num_queries(40) as small:
        assert client.get(url).status_code == 200
    for n in range(3, 25):
        draft = item_services.item_create(
            code=f"Q-{n}", name=f"事项{n}", department=dept_a, by=sysadmin
        )
        item_services.material_add(item=draft, name="材料")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url, {"q": "事项", "status": "draft", "department": dept_a.pk})
    assert response.status_code == 200
    assert "事项24" in response.content.decode()


def test_create_edit_and_bad_input(client, admin_a, dept_a, dept_b, item):
    client.force_login(admin_a)
    url = reverse("approval:item_create")
    assert client.get(url).status_code == 200
    # Bad input: another department, promised over statutory, a fee of zero, a duplicate code.
    bad = guide_data(dept_b, code="GT-1")
    assert client.post(url, bad).status_code == 200
    bad = guide_data(dept_a, code="GT-1", promised_days="30")
    assert "承诺时限不能长于法定时限" in client.post(url, bad).content.decode()
    bad = guide_data(dept_a, code="GT-1", **{"fees-0-amount": "0"})
    assert client.post(url, bad).status_code == 200
    bad = guide_data(dept_a, code=item.code)
    assert "已被使用" in client.post(url, bad).content.decode()
    assert not LicensingItem.objects.filter(code="GT-1").exists()

    response = client.post(url, guide_data(dept_a, code="GT-1"))
    created = LicensingItem.objects.get(code="GT-1")
    assert response.status_code == 302
    assert list(created.materials.values_list("name", flat=True)) == ["登记申请书"]
    assert list(created.fee_items.values_list("name", flat=True)) == ["工本费"]
    assert list(created.life_events.values_list("event", flat=True)) == ["kaiban"]
    assert created.history.filter(history_user=admin_a).exists()

    edit = reverse("approval:item_edit", args=[created.pk])
    page = client.get(edit)
    assert page.status_code == 200 and "登记申请书" in page.content.decode()
    material = created.materials.get()
    data = guide_data(
        dept_a,
        phone="0746-2222222",
        **{
            "materials-TOTAL_FORMS": "1",
            "materials-INITIAL_FORMS": "1",
            "materials-0-id": str(material.pk),
            "materials-0-name": "登记申请书（新版）",
            "fees-TOTAL_FORMS": "1",
            "fees-0-name": "",
            "fees-0-standard": "",
            "fees-0-amount": "",
        },
    )
    assert client.post(edit, data).status_code == 302
    created.refresh_from_db()
    assert created.phone == "0746-2222222"
    assert list(created.materials.values_list("pk", "name")) == [
        (material.pk, "登记申请书（新版）")
    ]
    assert not created.fee_items.exists()
    # A published version is read-only: the edit page sends back to the detail page.
    assert client.get(reverse("approval:item_edit", args=[item.pk])).status_code == 302


def test_detail_lists_what_is_missing_in_chinese(client, admin_a, dept_a):
    client.force_login(admin_a)
    empty = item_services.item_create(code="X-EMPTY", name="空事项", department=dept_a, by=admin_a)
    body = client.get(reverse("approval:item_detail", args=[empty.pk])).content.decode()
    assert "发布前还需补全以下内容" in body
    assert "“设定依据”不能为空。" in body and "“申请材料”不能为空。" in body
    response = client.post(reverse("approval:item_submit", args=[empty.pk]), follow=True)
    assert "不能提交发布审核" in response.content.decode()
    assert not ItemReview.objects.exists()


def test_other_department_items_are_not_found(client, admin_b, item, leader_a, admin_a):
    client.force_login(admin_b)
    for name in ("item_detail", "item_edit", "item_copy"):
        assert client.get(reverse(f"approval:{name}", args=[item.pk])).status_code == 404
    for name in ("item_retire", "item_submit", "item_new_version"):
        assert client.post(reverse(f"approval:{name}", args=[item.pk])).status_code == 404
    assert item.code not in client.get(reverse("approval:items")).content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED
    # Staff without the role do not enter the section at all.
    client.force_login(leader_a)
    assert client.get(reverse("approval:items")).status_code == 403


def test_copy_new_version_retire_through_the_pages(client, admin_a, item):
    client.force_login(admin_a)
    copy_url = reverse("approval:item_copy", args=[item.pk])
    assert client.get(copy_url).status_code == 200
    assert client.post(copy_url, {"code": "含空格 的编码"}).status_code == 200
    assert client.post(copy_url, {"code": item.code}).status_code == 200
    assert client.post(copy_url, {"code": "X-COPY2", "name": ""}).status_code == 302
    copy = LicensingItem.objects.get(code="X-COPY2")
    assert copy.name == item.name and copy.materials.count() == 3

    assert client.post(reverse("approval:item_new_version", args=[item.pk])).status_code == 302
    assert LicensingItem.objects.filter(code=item.code, version=2, status="draft").exists()

    assert client.post(reverse("approval:item_retire", args=[item.pk])).status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.RETIRED
    # Twice: a clear message, nothing changes.
    response = client.post(reverse("approval:item_retire", args=[item.pk]), follow=True)
    assert "没有已发布的版本" in response.content.decode()


def test_submit_and_review_through_the_pages(client, admin_a, leader_a, item):
    draft = item_services.item_new_version(item=item, by=admin_a)
    client.force_login(admin_a)
    assert client.post(reverse("approval:item_submit", args=[draft.pk]), {"note": "x" * 600})
    assert not ItemReview.objects.exists()
    client.post(reverse("approval:item_submit", args=[draft.pk]), {"note": "请审核"})
    review = ItemReview.objects.get()
    review_url = reverse("approval:item_review", args=[review.pk])
    # The submitter may not decide: refused.
    assert client.get(review_url).status_code == 403
    client.force_login(leader_a)
    inbox = client.get(reverse("platform_core:inbox")).content.decode()
    assert "审核事项发布" in inbox and review_url in inbox
    page = client.get(review_url)
    assert page.status_code == 200 and item.name in page.content.decode()
    # Bad input: no decision; a return without a reason.
    assert client.post(review_url, {}).status_code == 200
    body = client.post(review_url, {"decision": "return", "reason": ""}).content.decode()
    assert "请填写退回原因" in body
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING
    assert client.post(review_url, {"decision": "approve"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == ItemStatus.PUBLISHED


def test_withdraw_through_the_page(client, admin_a, item):
    draft = item_services.item_new_version(item=item, by=admin_a)
    review = item_review.review_submit(item=draft, by=admin_a)
    client.force_login(admin_a)
    url = reverse("approval:item_review_withdraw", args=[review.pk])
    assert client.post(url).status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.WITHDRAWN


def _json_upload(records, name="items.json"):
    return SimpleUploadedFile(name, json.dumps({"items": records}, ensure_ascii=False).encode())


def test_import_is_all_or_nothing_with_the_refused_rows_on_the_page(
    client, admin_a, dept_a, dept_b
):
    client.force_login(admin_a)
    url = reverse("approval:items_import")
    assert client.get(url).status_code == 200
    good = {"code": "IM-1", "name": "导入事项一", "department": dept_a.code}
    foreign = {"code": "IM-2", "name": "导入事项二", "department": dept_b.code}
    bad_days = {"code": "IM-3", "name": "导入事项三", "department": dept_a.code, "visits": "两次"}
    response = client.post(url, {"file": _json_upload([good, foreign, bad_days])})
    body = response.content.decode()
    assert response.status_code == 200
    assert "有 2 行被拒绝，本次未导入任何事项" in body
    assert "第2条" in body and "无权导入部门" in body
    assert "第3条" in body and "应为非负整数" in body
    assert not LicensingItem.objects.filter(code__startswith="IM-").exists()

    response = client.post(url, {"file": _json_upload([good])})
    assert response.status_code == 302
    imported = LicensingItem.objects.get(code="IM-1")
    assert imported.status == ItemStatus.DRAFT and imported.department == dept_a


def test_import_refuses_files_the_upload_check_refuses(client, admin_a):
    client.force_login(admin_a)
    url = reverse("approval:items_import")
    cases = [
        SimpleUploadedFile("items.exe", b"MZ\x90\x00binary"),  # not an allowed kind
        SimpleUploadedFile("items.xlsx", b'{"items": []}'),  # content does not match
        SimpleUploadedFile("items.json", b"not json at all"),  # unreadable
        SimpleUploadedFile("../items.json", b"{}"),  # a path in the name
    ]
    for upload in cases:
        response = client.post(url, {"file": upload})
        assert response.status_code == 200, upload.name
        assert 'class="error"' in response.content.decode(), upload.name
    assert client.post(url, {}).status_code == 200
    assert not LicensingItem.objects.exists()


def test_export_reimports_in_both_formats(client, admin_a, item, admin_b):
    client.force_login(admin_a)
    xlsx = client.get(reverse("approval:items_export_xlsx"))
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].endswith('items.xlsx"')
    rows = catalogue_io.records_from_xlsx(xlsx.content)
    assert [r["code"] for _w, r in rows] == [item.code]
    data = json.loads(client.get(reverse("approval:items_export_json")).content)
    assert [i["code"] for i in data["items"]] == [item.code]
    # Another department's administrator exports none of A's items.
    client.force_login(admin_b)
    other = json.loads(client.get(reverse("approval:items_export_json")).content)
    assert other["items"] == []
    assert io.BytesIO(xlsx.content).read(2) == b"PK"


def test_phone_layout_has_no_fixed_width_tables(client, admin_a, item):
    """The pages use the shared responsive blocks (scrollable table wrappers, stacked forms)."""
    client.force_login(admin_a)
    body = client.get(reverse("approval:item_detail", args=[item.pk])).content.decode()
    assert 'class="table-wrap"' in body and 'name="viewport"' in body
    body = client.get(reverse("approval:item_create")).content.decode()
    assert 'class="stack-form"' in body and "csrfmiddlewaretoken" in body
