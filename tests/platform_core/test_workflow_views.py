"""The case and task pages over HTTP: start, claim, complete, return, graph, and who may see."""

import pytest
from django.urls import reverse

from platform_core.constants import RoleCode
from platform_core.models import RouteProcess, TaskInfo
from platform_core.services import routes as route_services
from tests.factories import CitizenFactory, staff_with_role
from tests.platform_core.routes_sample import build_route


@pytest.fixture
def route(sysadmin, dept_b):
    definition, draft = build_route(sysadmin, fixed_unit=dept_b)
    route_services.version_publish(version=draft, by=sysadmin)
    return definition


@pytest.fixture
def clerk(dept_a):
    return staff_with_role(RoleCode.WINDOW_CLERK, dept_a, name="窗口甲")


@pytest.fixture
def reviewer(dept_a):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="审查乙")


def _open(process, step):
    return TaskInfo.objects.get(process=process, step_key=step, is_open=True)


@pytest.mark.django_db(transaction=True)
def test_start_claim_complete_return_over_http(client, route, clerk, reviewer, dept_a):
    client.force_login(clerk)
    page = client.get(reverse("platform_core:case_start"))
    assert page.status_code == 200
    bad = client.post(reverse("platform_core:case_start"), {"title": "", "owner_unit": dept_a.pk})
    assert bad.status_code == 200 and "请选择固定流程" in bad.content.decode()
    response = client.post(
        reverse("platform_core:case_start"),
        {"title": "建设许可申请", "owner_unit": dept_a.pk, "definition": route.pk},
    )
    process = RouteProcess.objects.get(title="建设许可申请")
    assert response.status_code == 302
    accept = _open(process, "accept")
    url = reverse("platform_core:task_detail", args=[accept.pk])
    assert "认领并办理" in client.get(url).content.decode()
    client.post(reverse("platform_core:task_action", args=[accept.pk, "claim"]))
    response = client.post(
        reverse("platform_core:task_action", args=[accept.pk, "complete"]), {"comment": "齐全"}
    )
    assert response.status_code == 302
    review = _open(process, "review")
    client.force_login(reviewer)
    client.post(reverse("platform_core:task_action", args=[review.pk, "claim"]))
    # Returning needs a reason: the page comes back with the error, nothing moves.
    response = client.post(
        reverse("platform_core:task_action", args=[review.pk, "return"]),
        {"to_step": "accept", "comment": ""},
    )
    assert response.status_code == 400
    response = client.post(
        reverse("platform_core:task_action", args=[review.pk, "return"]),
        {"to_step": "accept", "comment": "缺少营业执照"},
    )
    assert response.status_code == 302
    again = _open(process, "accept")
    assert again.owner == clerk
    detail = client.get(reverse("platform_core:case_detail", args=[process.pk])).content.decode()
    assert "缺少营业执照" in detail and "退回" in detail
    # The history names the steps, never their keys; a claim happens at one step.
    assert "（窗口受理 → 审查）" in detail and "（审查 → 窗口受理）" in detail
    assert "（窗口受理）" in detail and "accept" not in detail.split('id="h-history"')[1]
    assert "viewflow" not in detail
    svg = client.get(reverse("platform_core:case_graph", args=[process.pk]))
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert b'class="current' in svg.content or b"current" in svg.content
    # The bpmn-js viewer (issue 18) reads the case's route as BPMN and marks the current step.
    assert 'data-current="accept"' in detail and "bpmn-navigated-viewer" in detail
    bpmn = client.get(reverse("platform_core:case_bpmn", args=[process.pk]))
    assert bpmn["Content-Type"].startswith("application/xml")
    assert b'<bpmn:userTask id="Task_accept"' in bpmn.content and b"BPMNDiagram" in bpmn.content


@pytest.mark.django_db(transaction=True)
def test_visibility_of_case_and_task_pages(client, route, clerk, dept_a, dept_b):
    from platform_core.services import workflow as wf

    process = wf.case_start(
        title="内部事项", subsystem="oa", owner_unit=dept_a, by=clerk, definition_code=route.code
    )
    accept = _open(process, "accept")
    urls = [
        reverse("platform_core:case_detail", args=[process.pk]),
        reverse("platform_core:case_graph", args=[process.pk]),
        reverse("platform_core:task_detail", args=[accept.pk]),
        reverse("platform_core:case_bpmn", args=[process.pk]),
    ]
    outsider = staff_with_role(RoleCode.WINDOW_CLERK, dept_b)
    client.force_login(outsider)
    assert [client.get(u).status_code for u in urls] == [404, 404, 404, 404]
    response = client.post(reverse("platform_core:task_action", args=[accept.pk, "claim"]))
    assert response.status_code == 404
    client.force_login(CitizenFactory())
    assert [client.get(u).status_code for u in urls] == [403, 403, 403, 403]
    client.logout()
    assert all(client.get(u).status_code == 302 for u in urls)
    client.force_login(clerk)
    assert [client.get(u).status_code for u in urls] == [200, 200, 200, 200]
    # A task action that does not exist is a 404, not a 500.
    assert (
        client.post(reverse("platform_core:task_action", args=[accept.pk, "explode"])).status_code
        == 404
    )


@pytest.mark.django_db(transaction=True)
def test_unwritable_upload_storage_saves_nothing(
    client, settings, tmp_path, sysadmin, dept_a, clerk
):
    """Disk full or an unwritable upload directory: a clear message, no half-saved record."""
    from platform_core.dynforms.types import FieldSpec, normalise_options
    from platform_core.models import FormSubmission, SubmissionFile
    from platform_core.services import dynforms as form_services
    from platform_core.services import workflow as wf

    form = form_services.form_create(
        code="accept_sheet",
        name="受理单",
        by=sysadmin,
        specs=[
            FieldSpec(
                key="scan",
                label="扫描件",
                type="file",
                required=True,
                options=normalise_options("file", {"allowed_types": ["png", "pdf"]}),
            )
        ],
    )
    form_services.form_version_publish(form=form, by=sysadmin)
    definition = route_services.definition_create(code="simple", name="简单流程", by=sysadmin)
    draft = definition.versions.get()
    step = route_services.step_add(
        version=draft,
        by=sysadmin,
        key="accept",
        name="受理",
        role=clerk.posts.first().role,
        form_code="accept_sheet",
    )
    route_services.transition_add(version=draft, source=step, target=None, by=sysadmin)
    route_services.version_publish(version=draft, by=sysadmin)
    process = wf.case_start(
        title="存储故障", subsystem="oa", owner_unit=dept_a, by=clerk, definition_code="simple"
    )
    info = _open(process, "accept")
    client.force_login(clerk)
    client.post(reverse("platform_core:task_action", args=[info.pk, "claim"]))
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    settings.MEDIA_ROOT = str(blocker / "media")  # mkdir under a file fails: storage unusable
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("platform_core:task_action", args=[info.pk, "complete"]),
        {"comment": "", "scan": SimpleUploadedFile("scan.png", png, content_type="image/png")},
    )
    assert response.status_code == 503
    assert "附件保存失败" in response.content.decode()
    assert FormSubmission.objects.count() == 0 and SubmissionFile.objects.count() == 0
    info.refresh_from_db()
    assert info.is_open  # the step was not completed


@pytest.mark.django_db(transaction=True)
def test_engine_chart_of_the_viewflow_flow(client, route, clerk, dept_a, dept_b):
    from platform_core.services import workflow as wf

    process = wf.case_start(
        title="引擎图", subsystem="oa", owner_unit=dept_a, by=clerk, definition_code=route.code
    )
    client.force_login(clerk)
    whole = client.get(reverse("platform_core:engine_chart"))
    assert whole.status_code == 200 and whole["Content-Type"].startswith("image/svg+xml")
    mine = client.get(reverse("platform_core:engine_chart") + f"?case={process.pk}")
    assert mine.status_code == 200 and b"<svg" in mine.content
    client.force_login(staff_with_role(RoleCode.WINDOW_CLERK, dept_b))
    assert (
        client.get(reverse("platform_core:engine_chart") + f"?case={process.pk}").status_code == 404
    )
    assert client.get(reverse("platform_core:engine_chart") + "?case=abc").status_code == 404


@pytest.mark.django_db
def test_drafts_save_list_resume_and_send(client, route, clerk, dept_a, dept_b):
    from platform_core.models import CaseDraft

    client.force_login(clerk)
    start = reverse("platform_core:case_start")
    response = client.post(start, {"title": "", "save_draft": "1"})
    assert response.status_code == 200 and "请填写标题" in response.content.decode()
    response = client.post(start, {"title": "未写完的请示", "save_draft": "1"})
    assert response.status_code == 302 and response["Location"].endswith("?kind=drafts")
    draft = CaseDraft.objects.get(created_by=clerk)
    inbox = client.get(reverse("platform_core:inbox") + "?kind=drafts").content.decode()
    assert "未写完的请示" in inbox
    page = client.get(start + f"?draft={draft.pk}").content.decode()
    assert 'value="未写完的请示"' in page
    response = client.post(
        start,
        {
            "draft": draft.pk,
            "title": "已写完的请示",
            "owner_unit": dept_a.pk,
            "definition": route.pk,
        },
    )
    assert response.status_code == 302
    assert not CaseDraft.objects.filter(pk=draft.pk).exists()
    assert RouteProcess.objects.filter(title="已写完的请示").exists()
    other = CaseDraft.objects.create(
        created_by=staff_with_role(RoleCode.WINDOW_CLERK, dept_b), title="别人的草稿"
    )
    assert client.get(start + f"?draft={other.pk}").status_code == 404
    assert client.get(start + "?draft=abc").status_code == 404


@pytest.mark.django_db
def test_delegation_page_creates_lists_and_revokes(client, clerk, reviewer):
    from platform_core.models import Delegation

    client.force_login(clerk)
    url = reverse("platform_core:delegations")
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {
            "delegate": clerk.pk,
            "start_date": "2026-12-01",
            "end_date": "2026-11-01",
            "reason": "出差",
        },
    )
    assert bad.status_code == 200 and not Delegation.objects.exists()
    response = client.post(
        url,
        {
            "delegate": reviewer.pk,
            "start_date": "2026-12-01",
            "end_date": "2026-12-05",
            "reason": "出差",
        },
    )
    assert response.status_code == 302
    delegation = Delegation.objects.get(principal=clerk)
    assert delegation.history.first().history_user == clerk  # audited
    client.force_login(reviewer)
    assert "出差" in client.get(url).content.decode()  # shown to the delegate
    assert (
        client.post(reverse("platform_core:delegation_revoke", args=[delegation.pk])).status_code
        == 404
    )
    client.force_login(clerk)
    client.post(reverse("platform_core:delegation_revoke", args=[delegation.pk]))
    delegation.refresh_from_db()
    assert delegation.revoked_at is not None
