"""Fixed routes: the back-office designer pages (permissions, graph, export, import, editing)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from platform_core.constants import RoleCode
from platform_core.models import ProcessDefinition, StepDefinition, Transition, VersionStatus
from platform_core.routes.xmlio import safe_parse
from platform_core.services import routes as services
from tests.factories import role, staff_with_role
from tests.platform_core.routes_sample import build_route


@pytest.fixture
def designer(gov):
    return staff_with_role(RoleCode.SYSTEM_ADMIN, gov)


@pytest.fixture
def admin_client(client, designer):
    client.force_login(designer)
    return client


@pytest.fixture
def route(designer, dept_b):
    definition, draft = build_route(designer, dept_b)
    services.version_publish(version=draft, by=designer)
    return definition, draft


def _urls():
    return [
        reverse("platform_core:route_list"),
        reverse("platform_core:route_detail", args=["license"]),
        reverse("platform_core:route_graph", args=["license", 1]),
        reverse("platform_core:route_export_bpmn", args=["license", 1]),
        reverse("platform_core:route_export_xpdl", args=["license", 1]),
    ]


def test_system_admin_sees_every_page(route, admin_client):
    for url in _urls():
        assert admin_client.get(url).status_code == 200, url


def test_review_clerk_is_refused(route, client, dept_a):
    client.force_login(staff_with_role(RoleCode.REVIEW_CLERK, dept_a))
    for url in _urls():
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("platform_core:route_list"), {"new-code": "x", "new-name": "x"})
    assert response.status_code == 403
    assert not ProcessDefinition.objects.filter(code="x").exists()


def test_anonymous_is_sent_to_login(route, client):
    for url in _urls():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("platform_core:staff_login"))


def test_detail_page_shows_versions_steps_graph_and_links(route, admin_client):
    response = admin_client.get(reverse("platform_core:route_detail", args=["license"]))
    html = response.content.decode()
    assert "建设许可审批" in html and "第 1 版" in html and "已发布" in html
    for text in ("窗口受理", "部门会签", "县自然资源局", "amount 大于 100", "（流程结束）"):
        assert text in html
    assert 'src="/office/routes/license/v1/graph.svg"' in html
    assert "/office/routes/license/v1/export.bpmn" in html
    assert "/office/routes/license/v1/export.xpdl" in html
    assert 'enctype="multipart/form-data"' in html
    assert "<script" not in html and "style=" not in html


def test_graph_view_is_svg_with_the_current_step_marked(route, admin_client):
    url = reverse("platform_core:route_graph", args=["license", 1])
    response = admin_client.get(url, {"current": "joint", "visited": "accept,review"})
    assert response["Content-Type"].startswith("image/svg+xml")
    root = safe_parse(response.content)
    ns = "{http://www.w3.org/2000/svg}"
    marked = [
        g.get("data-step")
        for g in root.iter(f"{ns}g")
        if "current" in (g.get("class") or "").split()
    ]
    assert marked == ["joint"]
    missing = admin_client.get(reverse("platform_core:route_graph", args=["license", 7]))
    assert missing.status_code == 404


def test_export_downloads(route, admin_client):
    response = admin_client.get(reverse("platform_core:route_export_bpmn", args=["license", 1]))
    assert response["Content-Disposition"] == 'attachment; filename="license-v1.bpmn"'
    assert b"http://www.omg.org/spec/BPMN/20100524/MODEL" in response.content
    response = admin_client.get(reverse("platform_core:route_export_xpdl", args=["license", 1]))
    assert b"http://www.wfmc.org/2009/XPDL2.2" in response.content


def test_import_upload_creates_a_draft(route, admin_client):
    exported = admin_client.get(
        reverse("platform_core:route_export_bpmn", args=["license", 1])
    ).content
    upload = SimpleUploadedFile("license.bpmn", exported, content_type="application/xml")
    response = admin_client.post(
        reverse("platform_core:route_import"),
        {"imp-code": "license", "imp-file": upload},
        follow=True,
    )
    assert "已导入为第 2 版草稿。" in response.content.decode()
    definition, _v1 = route
    assert definition.versions.get(number=2).status == VersionStatus.DRAFT


def test_import_upload_with_entity_is_refused_with_a_message(designer, admin_client):
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    upload = SimpleUploadedFile("evil.xml", bomb, content_type="application/xml")
    response = admin_client.post(
        reverse("platform_core:route_import"), {"imp-code": "evil", "imp-file": upload}, follow=True
    )
    assert response.status_code == 200
    assert "不接受含有 DOCTYPE 或 ENTITY 声明" in response.content.decode()
    assert not ProcessDefinition.objects.filter(code="evil").exists()
    upload = SimpleUploadedFile("route.txt", b"<a/>", content_type="text/plain")
    response = admin_client.post(
        reverse("platform_core:route_import"), {"imp-code": "evil", "imp-file": upload}, follow=True
    )
    assert "只能导入 .bpmn 或 .xml 文件。" in response.content.decode()


def test_editing_a_draft_through_the_forms(designer, admin_client):
    response = admin_client.post(
        reverse("platform_core:route_list"),
        {"new-code": "letters", "new-name": "来信办理", "new-description": ""},
    )
    assert response.status_code == 302
    definition = ProcessDefinition.objects.get(code="letters")
    step_url = reverse("platform_core:route_step_new", args=["letters", 1])
    assert admin_client.get(step_url).status_code == 200
    base = {
        "role": role(RoleCode.REVIEW_CLERK).pk,
        "unit_scope": "case_unit",
        "time_limit_days": 5,
        "countersign": "none",
    }
    admin_client.post(step_url, {**base, "key": "register", "name": "登记"})
    admin_client.post(step_url, {**base, "key": "reply", "name": "答复"})
    bad = admin_client.post(
        step_url, {**base, "key": "x", "name": "固定", "unit_scope": "fixed_unit"}
    )
    assert "选择“指定单位”时须选择单位。" in bad.content.decode()
    assert list(
        StepDefinition.objects.filter(version__definition=definition).values_list("key", flat=True)
    ) == [
        "register",
        "reply",
    ]
    link_url = reverse("platform_core:route_transition_new", args=["letters", 1])
    admin_client.post(link_url, {"source": "register", "target": "reply", "priority": 100})
    admin_client.post(
        link_url,
        {
            "source": "register",
            "target": "__end__",
            "field": "kind",
            "op": "in",
            "value": "咨询，投诉",
            "priority": 10,
        },
    )
    admin_client.post(link_url, {"source": "reply", "target": "__end__", "priority": 100})
    conditional = Transition.objects.get(
        version__definition=definition, source__key="register", target=None
    )
    assert conditional.condition == {"field": "kind", "op": "in", "value": ["咨询", "投诉"]}
    bad = admin_client.post(
        link_url,
        {
            "source": "reply",
            "target": "__end__",
            "field": "n",
            "op": "gt",
            "value": "多",
            "priority": 1,
        },
    )
    assert "大小比较的比较值须是数字。" in bad.content.decode()

    publish = reverse("platform_core:route_publish", args=["letters", 1])
    response = admin_client.post(publish, follow=True)
    assert "已发布" in response.content.decode()
    version = definition.versions.get(number=1)
    assert version.status == VersionStatus.PUBLISHED
    # A published version's edit pages send the user back with a message instead of a form.
    response = admin_client.get(step_url, follow=True)
    assert "已发布或停用的版本不能修改" in response.content.decode()


def test_publish_with_errors_shows_them(designer, admin_client):
    definition = services.definition_create(code="empty", name="空流程", by=designer)
    response = admin_client.post(
        reverse("platform_core:route_publish", args=["empty", 1]), follow=True
    )
    assert "流程至少需要一个步骤。" in response.content.decode()
    assert definition.versions.get().status == VersionStatus.DRAFT
