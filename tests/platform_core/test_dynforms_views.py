"""Form builder pages, versioning, JSON export/import and protected file downloads."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from platform_core.constants import RoleCode
from platform_core.models import FormDefinition, FormField, FormSubmission, SubmissionFile
from platform_core.selectors import dynforms as selectors
from platform_core.services import dynforms as services
from tests.factories import CitizenFactory, staff_with_role
from tests.platform_core.test_dynforms_fields import PDF, spec


@pytest.fixture
def admin(gov):
    return staff_with_role(RoleCode.SYSTEM_ADMIN, gov)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def field_post(**overrides):
    data = {"key": "", "label": "", "field_type": "text", "help_text": "", "default": ""}
    data.update(overrides)
    return data


def published_form(admin, specs, code="shop"):
    form = services.form_create(code=code, name="个体工商户登记", by=admin, specs=specs)
    services.form_version_publish(form=form, by=admin)
    return form


# --- Builder --------------------------------------------------------------------------------------


def test_system_admin_builds_previews_and_publishes(admin_client):
    response = admin_client.post(
        reverse("platform_core:dynform_create"), {"code": "shop", "name": "个体工商户登记"}
    )
    form = FormDefinition.objects.get(code="shop")
    assert response.status_code == 302
    add_url = reverse("platform_core:dynform_field_add", args=[form.pk])
    assert admin_client.post(add_url, field_post(key="owner", label="经营者", required="on"))
    admin_client.post(add_url, field_post(key="has_agent", label="是否委托", field_type="yesno"))
    admin_client.post(
        add_url,
        field_post(
            key="agent",
            label="代理人",
            condition_field="has_agent",
            condition_value="yes",
            required="on",
        ),
    )
    admin_client.post(
        add_url, field_post(key="holders", label="股东", field_type="table", max_rows="3")
    )
    table = FormField.objects.get(key="holders")
    response = admin_client.post(
        f"{add_url}?parent={table.pk}", field_post(key="name", label="姓名", required="on")
    )
    assert response.status_code == 302
    draft = selectors.draft_version(form)
    assert [f.key for f in selectors.version_fields(draft)] == [
        "owner",
        "has_agent",
        "agent",
        "holders",
    ]
    assert [c.key for c in table.columns.all()] == ["name"]

    # Move "holders" up (no JavaScript needed: a POST button).
    admin_client.post(reverse("platform_core:dynform_field_move", args=[table.pk, "up"]))
    assert [f.key for f in selectors.version_fields(draft)][2:] == ["holders", "agent"]

    detail = admin_client.get(reverse("platform_core:dynform_detail", args=[form.pk]))
    assert detail.status_code == 200
    assert "股东" in detail.content.decode()

    preview_url = reverse("platform_core:dynform_preview", args=[form.pk])
    page = admin_client.get(preview_url)
    assert page.status_code == 200
    assert 'name="t_holders-TOTAL_FORMS"' in page.content.decode()
    trial = {
        "owner": "张三",
        "has_agent": "no",
        "agent": "",
        "t_holders-TOTAL_FORMS": "1",
        "t_holders-INITIAL_FORMS": "0",
        "t_holders-0-name": "李四",
    }
    response = admin_client.post(preview_url, trial)
    assert "试填内容通过校验" in response.content.decode()
    assert FormSubmission.objects.count() == 0  # a preview never saves
    response = admin_client.post(preview_url, {**trial, "owner": "", "has_agent": "yes"})
    content = response.content.decode()
    assert "该字段是必填项" in content
    assert "试填内容通过校验" not in content

    response = admin_client.post(reverse("platform_core:dynform_publish", args=[form.pk]))
    assert response.status_code == 302
    assert selectors.draft_version(form) is None
    assert selectors.latest_published(form).number == 1


def test_review_clerk_gets_403(client, dept_a, admin):
    clerk = staff_with_role(RoleCode.REVIEW_CLERK, dept_a)
    form = services.form_create(code="shop", name="登记", by=admin)
    client.force_login(clerk)
    for url in (
        reverse("platform_core:dynform_list"),
        reverse("platform_core:dynform_create"),
        reverse("platform_core:dynform_detail", args=[form.pk]),
        reverse("platform_core:dynform_export", args=[form.pk]),
    ):
        assert client.get(url).status_code == 403
    response = client.post(reverse("platform_core:dynform_publish", args=[form.pk]))
    assert response.status_code == 403
    assert selectors.draft_version(form) is not None


def test_bad_builder_input_shows_chinese_errors(admin_client, admin):
    form = services.form_create(code="shop", name="登记", by=admin)
    add_url = reverse("platform_core:dynform_field_add", args=[form.pk])
    response = admin_client.post(
        add_url, field_post(key="1bad", label="选项", field_type="choice", choices_text="")
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "字段标识“1bad”不合法" in content
    assert "请至少填写一个选项" in content
    response = admin_client.post(
        add_url,
        field_post(key="n", label="数量", field_type="number", min_value="9", max_value="1"),
    )
    assert "最大值不能小于最小值" in response.content.decode()
    response = admin_client.post(
        reverse("platform_core:dynform_create"), {"code": "Bad Code!", "name": "x"}
    )
    assert "表单代码只能包含" in response.content.decode()
    assert not FormField.objects.exists()


def test_publish_empty_draft_is_refused_with_message(admin_client, admin):
    form = services.form_create(code="shop", name="登记", by=admin)
    response = admin_client.post(
        reverse("platform_core:dynform_publish", args=[form.pk]), follow=True
    )
    assert "表单至少需要一个字段才能发布" in response.content.decode()
    assert selectors.latest_published(form) is None


def test_field_used_by_a_condition_cannot_be_deleted(admin_client, admin):
    specs = [spec("a", "yesno"), spec("b", "text", condition_field="a", condition_value="yes")]
    form = services.form_create(code="shop", name="登记", by=admin, specs=specs)
    field_a = FormField.objects.get(key="a")
    response = admin_client.post(
        reverse("platform_core:dynform_field_delete", args=[field_a.pk]), follow=True
    )
    assert "显示条件引用" in response.content.decode()
    assert FormField.objects.filter(pk=field_a.pk).exists()
    # Moving "b" above its controller would break the condition: refused as well.
    field_b = FormField.objects.get(key="b")
    response = admin_client.post(
        reverse("platform_core:dynform_field_move", args=[field_b.pk, "up"]), follow=True
    )
    assert "不存在或不在其前面" in response.content.decode()
    assert [f.key for f in selectors.version_fields(selectors.draft_version(form))] == ["a", "b"]


# --- Versions -------------------------------------------------------------------------------------


def test_published_version_refuses_edits(admin_client, admin):
    published_form(admin, [spec("name", "text", label="姓名")])
    field = FormField.objects.get(key="name")
    with pytest.raises(ValidationError, match="已发布的版本不能修改"):
        services.form_field_update(field=field, spec=spec("name", "text", label="改名"))
    with pytest.raises(ValidationError):
        services.form_field_add(version=field.version, spec=spec("x", "text"))
    with pytest.raises(ValidationError):
        services.form_field_delete(field=field)
    response = admin_client.post(
        reverse("platform_core:dynform_field_edit", args=[field.pk]),
        field_post(key="name", label="改名"),
        follow=True,
    )
    assert "已发布的版本不能修改" in response.content.decode()
    field.refresh_from_db()
    assert field.label == "姓名"


def test_submission_on_v1_still_renders_after_v2(client, admin):
    form = published_form(admin, [spec("name", "text", label="姓名")])
    v1 = selectors.latest_published(form)
    citizen = CitizenFactory()
    filled = selectors.form_class_for(v1)({"name": "王小明"})
    submission = services.submission_create(version=v1, form=filled, by=citizen)

    v2 = services.form_draft_start(form=form, by=admin)
    assert v2.number == 2
    copied = FormField.objects.get(version=v2, key="name")
    services.form_field_update(field=copied, spec=spec("name", "text", label="法定代表人姓名"))
    services.form_field_add(version=v2, spec=spec("phone", "mobile", label="联系电话"))
    services.form_version_publish(form=form, by=admin)
    assert selectors.latest_published(form).number == 2

    client.force_login(citizen)
    response = client.get(reverse("platform_core:dynform_submission", args=[submission.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "姓名" in content and "王小明" in content
    assert "法定代表人姓名" not in content and "联系电话" not in content
    submission.refresh_from_db()
    assert submission.version_id == v1.pk


def test_submission_refused_on_draft(admin):
    form = services.form_create(code="shop", name="登记", by=admin, specs=[spec("a", "text")])
    draft = selectors.draft_version(form)
    filled = selectors.form_class_for(draft)({"a": "x"})
    with pytest.raises(ValidationError, match="尚未发布"):
        services.submission_create(version=draft, form=filled, by=admin)


# --- Copy, export, import -------------------------------------------------------------------------


def full_specs():
    table = spec("holders", "table", options={"min_rows": 1, "max_rows": 5})
    table.columns = [spec("name", "text"), spec("share", "money", required=False)]
    return [
        spec("kind", "choice", options={"choices": [["p", "个人"], ["c", "企业"]]}),
        spec("uscc", "uscc", condition_field="kind", condition_value="c"),
        spec("area", "region", help_text="经营场所所在地"),
        spec("att", "file", options={"allowed_types": ["pdf", "ofd"], "max_size_mb": 5}),
        table,
    ]


def test_export_import_export_gives_the_same_json(admin_client, admin):
    form = published_form(admin, full_specs())
    first = admin_client.get(reverse("platform_core:dynform_export", args=[form.pk]))
    assert first["Content-Disposition"].startswith("attachment")
    upload = SimpleUploadedFile("shop.json", first.content, content_type="application/json")
    response = admin_client.post(
        reverse("platform_core:dynform_import"), {"file": upload, "code": "shop2"}
    )
    assert response.status_code == 302
    imported = FormDefinition.objects.get(code="shop2")
    second = admin_client.get(reverse("platform_core:dynform_export", args=[imported.pk]))
    one, two = json.loads(first.content), json.loads(second.content)
    assert two.pop("code") == "shop2" and one.pop("code") == "shop"
    assert one == two
    assert len(one["fields"]) == 5


def test_import_refuses_unknown_field_type(admin_client, admin):
    form = published_form(admin, full_specs())
    document = json.loads(
        admin_client.get(reverse("platform_core:dynform_export", args=[form.pk])).content
    )
    document["fields"][1]["type"] = "face_scan"
    upload = SimpleUploadedFile("x.json", json.dumps(document).encode())
    response = admin_client.post(
        reverse("platform_core:dynform_import"), {"file": upload, "code": "other"}
    )
    assert response.status_code == 200
    assert "字段类型“face_scan”不受支持" in response.content.decode()
    assert not FormDefinition.objects.filter(code="other").exists()


def test_import_of_existing_code_is_refused(admin_client, admin):
    form = published_form(admin, full_specs())
    content = admin_client.get(reverse("platform_core:dynform_export", args=[form.pk])).content
    response = admin_client.post(
        reverse("platform_core:dynform_import"), {"file": SimpleUploadedFile("x.json", content)}
    )
    assert "已被使用" in response.content.decode()


def test_copy_form(admin_client, admin):
    form = published_form(admin, full_specs())
    response = admin_client.post(
        reverse("platform_core:dynform_copy", args=[form.pk]), {"code": "shop-b", "name": "副本"}
    )
    copy = FormDefinition.objects.get(code="shop-b")
    assert response.status_code == 302
    draft = selectors.draft_version(copy)
    assert [s.key for s in selectors.version_specs(draft)] == [
        s.key for s in selectors.version_specs(selectors.latest_published(form))
    ]
    assert FormField.objects.get(version=draft, key="holders").columns.count() == 2


# --- Files ----------------------------------------------------------------------------------------


@pytest.fixture
def stored_file(admin, dept_a):
    form = published_form(
        admin, [spec("att", "file", options={"allowed_types": ["pdf"], "max_size_mb": 1})]
    )
    version = selectors.latest_published(form)
    citizen = CitizenFactory()
    filled = selectors.form_class_for(version)({}, {"att": SimpleUploadedFile("营业执照.pdf", PDF)})
    submission = services.submission_create(
        version=version, form=filled, by=citizen, owner_unit=dept_a
    )
    return submission.files.get(), citizen


def test_file_stored_under_random_name(stored_file, settings):
    stored, _citizen = stored_file
    assert re.fullmatch(r"forms/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", stored.file.name)
    assert stored.original_name == "营业执照.pdf"
    assert (settings.MEDIA_ROOT / stored.file.name).read_bytes() == PDF
    assert stored.submission.data["att"] == {"file": stored.pk, "name": "营业执照.pdf"}


def test_file_download_permissions(client, stored_file, dept_a, dept_b):
    stored, citizen = stored_file
    url = reverse("platform_core:dynform_file", args=[stored.pk])

    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/" in response["Location"] or "login" in response["Location"]

    client.force_login(citizen)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]

    client.force_login(CitizenFactory())
    assert client.get(url).status_code == 404
    submission_url = reverse("platform_core:dynform_submission", args=[stored.submission_id])
    assert client.get(submission_url).status_code == 404

    client.force_login(staff_with_role(RoleCode.REVIEW_CLERK, dept_a))
    assert client.get(url).status_code == 200
    client.force_login(staff_with_role(RoleCode.REVIEW_CLERK, dept_b))
    assert client.get(url).status_code == 404


def test_upload_through_the_form_refuses_disguised_file(admin):
    form = published_form(
        admin, [spec("att", "file", options={"allowed_types": ["pdf"], "max_size_mb": 1})]
    )
    version = selectors.latest_published(form)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
    filled = selectors.form_class_for(version)({}, {"att": SimpleUploadedFile("a.pdf", png)})
    with pytest.raises(ValidationError):
        services.submission_create(version=version, form=filled, by=None)
    assert not SubmissionFile.objects.exists()
