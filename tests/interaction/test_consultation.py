"""One consultation for the whole portal: the service-hall guide's 咨询 button and the 招商引资
online consultation both become 政民互动 咨询 cases; the old investment consultations are moved
over by a data migration that leaves nothing open in anyone's inbox."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from interaction.models import Case
from interaction.services import cases as case_services
from interaction.services import replies as reply_services
from platform_core.constants import RoleCode
from platform_core.models import RouteProcess, Subsystem, TaskInfo
from platform_core.selectors.inbox import Kind, inbox_list, inbox_viewer
from platform_core.services.workflow import case_start
from portal.models import InvestmentConsultation
from tests.approval.conftest import build_form, build_item, build_route
from tests.factories import staff_with_role

pytestmark = pytest.mark.django_db

MOVE = importlib.import_module("portal.migrations.0008_investment_moved").move


def _form(categories, **overrides):
    return {
        "kind": "consultation",
        "category": categories["market"].pk,
        "title": "食品经营许可需要哪些材料",
        "content": "我想在城关镇开一家小餐馆，请问办理食品经营许可需要准备哪些材料？",
        "township": "",
        "address": "",
        "allow_public": "on",
        **overrides,
    }


@pytest.fixture
def item(gov, dept_a):
    from approval.services import items as item_services

    admin = staff_with_role(RoleCode.SYSTEM_ADMIN, gov)
    build_form(admin)
    build_route(admin)
    return item_services.item_publish(item=build_item(admin, dept_a), by=admin)


def _login(client, citizen):
    client.force_login(citizen, backend="platform_core.auth_backends.CitizenSessionBackend")


def test_guide_page_has_a_consultation_button(client, item):
    page = client.get(reverse("approval:guide", args=[item.code])).content.decode()
    assert f"{reverse('interaction:submit')}?kind=consultation&amp;item={item.code}" in page


def test_consultation_about_an_item_links_back_to_its_guide(
    client, item, office, categories, citizen, triager, handler_a, reviewer, dept_a
):
    _login(client, citizen)
    url = reverse("interaction:submit")
    page = client.get(url, {"kind": "consultation", "item": item.code}).content.decode()
    assert "咨询事项" in page and "食品经营许可" in page
    response = client.post(url, _form(categories, item=item.code))
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.kind, case.source, case.source_ref) == ("consultation", "service_item", item.code)
    assert case.source_title == "食品经营许可"
    assert case.source_url == reverse("approval:guide", args=[item.code])
    # Answered and shown publicly like every other case, with the link to the item.
    case_services.case_assign(case=case, by=triager, department=dept_a)
    body = "<p>需要食品经营许可申请书和营业执照复印件等材料。</p>"
    reply_services.reply_save(case=case, by=handler_a, body=body, submit=True)
    reply_services.reply_approve(case=case, by=reviewer, public=True)
    public = client.get(reverse("interaction:public_case", args=[case.number])).content.decode()
    assert case.source_url in public and "营业执照复印件" in public


def test_consultation_form_refuses_an_unknown_item_and_a_wrong_kind(
    client, item, office, categories, citizen
):
    _login(client, citizen)
    url = reverse("interaction:submit")
    response = client.post(url, _form(categories, item="no-such-item"))
    assert response.status_code == 400
    assert "所咨询的办事事项不存在或已停止办理" in response.content.decode()
    response = client.post(url, _form(categories, item=item.code, kind="complaint"))
    assert response.status_code == 400 and "请选择“咨询”" in response.content.decode()
    assert not Case.objects.exists()


def _old_consultation(dept_a, handler, reference="ZS20261201000001"):
    process = case_start(
        title="投资咨询：王先生",
        subsystem=Subsystem.PORTAL,
        owner_unit=dept_a,
        by=handler,
        handlers=[handler],
        data={"consultation": reference},
    )
    return InvestmentConsultation.objects.create(
        reference=reference,
        name="王先生",
        company="深圳某新材料有限公司",
        phone="0746-2212345",
        email="wang@example.com",
        sector="materials",
        content="想了解工业园区标准厂房租金和入园优惠政策。",
        handling_unit=dept_a,
        process=process,
    )


def test_migration_moves_investment_consultations_and_closes_their_tasks(
    dept_a, office, triager, handler_a, reviewer
):
    head = staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="招商科长")
    old = _old_consultation(dept_a, head)
    assert len(list(inbox_list(inbox_viewer(head), Kind.TODO))) == 1

    MOVE(apps, None)
    MOVE(apps, None)  # a second run moves nothing twice

    old.refresh_from_db()
    case = Case.objects.get()
    assert old.case_number == case.number
    assert (case.kind, case.status, case.source, case.source_ref) == (
        "consultation",
        "submitted",
        "investment",
        "ZS20261201000001",
    )
    assert case.content == old.content and case.mobile == "0746-2212345"
    assert case.category.name == "招商引资" and case.allow_public is False
    assert "深圳某新材料有限公司" in case.events.get().comment
    # Nothing of the old workflow case is left open in anyone's inbox.
    assert not TaskInfo.objects.filter(process_id=old.process_id, is_open=True).exists()
    assert list(inbox_list(inbox_viewer(head), Kind.TODO)) == []
    assert RouteProcess.objects.get(pk=old.process_id).status == "CANCELED"
    # The moved case is triaged and answered like any other; its clock starts on assignment.
    case_services.case_assign(case=case, by=triager, department=dept_a)
    case.refresh_from_db()
    assert case.clock is not None and case.clock.due_date is not None
    body = "<p>欢迎来园区考察，标准厂房租金每月每平方米十元。</p>"
    reply_services.reply_save(case=case, by=handler_a, body=body, submit=True)
    reply_services.reply_approve(case=case, by=reviewer)
    case.refresh_from_db()
    assert case.replied_at is not None
