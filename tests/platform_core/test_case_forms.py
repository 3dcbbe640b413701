"""Issue 13, form data on cases: on a designed route the starter fills in the case's form, each
step naming the form sees it filled in and saves a new version (files carried over), a step
without a form only reads it, and the case page shows the latest data and every earlier version."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from platform_core.constants import RoleCode
from platform_core.dynforms.types import FieldSpec, normalise_options
from platform_core.models import FormSubmission, RouteProcess, SubmissionFile, TaskInfo
from platform_core.selectors.case_forms import case_submissions
from platform_core.services import dynforms as form_services
from platform_core.services import routes as route_services
from tests.factories import role, staff_with_role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def route(sysadmin):
    form = form_services.form_create(
        code="purchase_sheet",
        name="采购申请单",
        by=sysadmin,
        specs=[
            FieldSpec(key="item", label="采购内容", type="text", required=True),
            FieldSpec(key="amount", label="金额", type="number", required=True),
            FieldSpec(
                key="quote",
                label="报价单",
                type="file",
                required=True,
                options=normalise_options("file", {"allowed_types": ["pdf"]}),
            ),
        ],
    )
    form_services.form_version_publish(form=form, by=sysadmin)
    definition = route_services.definition_create(code="purchase", name="采购审批", by=sysadmin)
    draft = definition.versions.get()
    add = route_services.step_add
    check = add(
        version=draft,
        by=sysadmin,
        key="check",
        name="科室核实",
        role=role(RoleCode.REVIEW_CLERK),
        form_code="purchase_sheet",
    )
    sign = add(
        version=draft, by=sysadmin, key="sign", name="领导审批", role=role(RoleCode.SECTION_HEAD)
    )
    route_services.transition_add(version=draft, source=check, target=sign, by=sysadmin)
    route_services.transition_add(version=draft, source=sign, target=None, by=sysadmin)
    route_services.version_publish(version=draft, by=sysadmin)
    return definition


def _pdf(name="quote.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_data_filled_at_start_carried_versioned_and_shown(client, route, dept_a, dept_b):
    starter = staff_with_role(RoleCode.WINDOW_CLERK, dept_a, name="发起人")
    checker = staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="核实人")
    head = staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="科长")
    outsider = staff_with_role(RoleCode.REVIEW_CLERK, dept_b, name="他局")
    start = reverse("platform_core:case_start")
    base = {"title": "采购打印机", "owner_unit": dept_a.pk, "definition": route.pk}

    client.force_login(starter)
    asked = client.post(start, base)  # the route asks for its form: shown, nothing started yet
    assert asked.status_code == 200 and "表单数据" in asked.content.decode()
    assert not RouteProcess.objects.exists()
    assert 'name="amount"' in asked.content.decode(), asked.content.decode()[-6000:]
    bad = client.post(start, {**base, "case_form": "1", "item": "打印机", "amount": "abc"})
    assert bad.status_code == 400 and not RouteProcess.objects.exists()
    done = client.post(
        start, {**base, "case_form": "1", "item": "打印机", "amount": "3000", "quote": _pdf()}
    )
    assert done.status_code == 302
    process = RouteProcess.objects.get()
    assert process.data["amount"] == "3000" and len(case_submissions(process)) == 1
    page = client.get(done["Location"]).content.decode()
    assert "打印机" in page and "第 1 版" in page and "quote.pdf" in page

    # The step naming the form shows it filled in; an empty file field keeps the file.
    info = TaskInfo.objects.get(process=process, step_key="check", is_open=True)
    client.force_login(checker)
    client.post(reverse("platform_core:task_action", args=[info.pk, "claim"]))
    task = client.get(reverse("platform_core:task_detail", args=[info.pk])).content.decode()
    assert 'value="打印机"' in task and "不重新上传则沿用" in task
    completed = client.post(
        reverse("platform_core:task_action", args=[info.pk, "complete"]),
        {"item": "打印机（激光）", "amount": "2800", "comment": "已核实报价。"},
    )
    assert completed.status_code == 302, completed.content.decode()[-3000:]
    process.refresh_from_db()
    first, second = case_submissions(process)
    assert process.data["amount"] == "2800" and second.data["item"] == "打印机（激光）"
    assert first.data["item"] == "打印机"  # the earlier version is kept as it was
    (carried,) = second.files.all()
    assert carried.file.name == first.files.get().file.name  # one stored file, two versions
    assert FormSubmission.objects.count() == 2 and SubmissionFile.objects.count() == 2

    # A step without a form reads the data; the case page shows both versions.
    sign = TaskInfo.objects.get(process=process, step_key="sign", is_open=True)
    client.force_login(head)
    client.post(reverse("platform_core:task_action", args=[sign.pk, "claim"]))
    task = client.get(reverse("platform_core:task_detail", args=[sign.pk])).content.decode()
    assert "打印机（激光）" in task and 'name="item"' not in task
    assert "第 2 版" in task and "历史版本" in task and "科室核实" in task
    # Whoever may see the case may open its files; others get 404.
    assert client.get(reverse("platform_core:dynform_file", args=[carried.pk])).status_code == 200
    client.force_login(outsider)
    assert client.get(reverse("platform_core:dynform_file", args=[carried.pk])).status_code == 404
