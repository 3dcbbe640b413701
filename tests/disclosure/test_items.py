"""Entry, review route (entry → 保密审查 → 签发 → publish), send-back, validity, links, rights."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from disclosure.constants import ItemAction, ItemStatus, Validity
from disclosure.models import Item
from disclosure.services import items as services
from platform_core.models import TaskInfo
from tests.disclosure.conftest import days_ago, make_item, publish

pytestmark = pytest.mark.django_db


def test_review_route_publishes_with_index_number(columns, officer_a, head_a, leader_a, dept_a):
    item = make_item(officer_a, columns["zcwj"])
    assert item.status == ItemStatus.DRAFT and item.clock.limit_days == 20
    services.item_submit(item=item, by=officer_a)
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_REVIEW
    # 保密审查 is a task in the section head's inbox, with its deadline.
    info = TaskInfo.objects.get(process=item.review_process, is_open=True)
    assert info.step_name == "保密审查" and info.due_date is not None
    assert info.unit_id == dept_a.pk
    services.item_approve(item=item, by=head_a, comment="无涉密内容")
    info = TaskInfo.objects.get(process=item.review_process, is_open=True)
    assert info.step_name == "签发"
    services.item_approve(item=item, by=leader_a, comment="同意")
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED
    year = item.published_at.year
    assert item.index_number == f"{dept_a.code.upper()}/{year}-00001"
    assert item.clock.finished_on is not None
    actions = list(item.events.values_list("action", flat=True))
    assert actions == [
        ItemAction.CREATE,
        ItemAction.SCAN,
        ItemAction.SUBMIT,
        ItemAction.APPROVE,
        ItemAction.APPROVE,
        ItemAction.PUBLISH,
    ]


def test_send_back_with_comment_then_resubmit(columns, officer_a, head_a, leader_a):
    item = make_item(officer_a, columns["zcwj"])
    services.item_submit(item=item, by=officer_a)
    with pytest.raises(ValidationError):
        services.item_send_back(item=item, by=head_a, comment="")
    services.item_send_back(item=item, by=head_a, comment="请补充文号")
    item.refresh_from_db()
    assert item.status == ItemStatus.RETURNED
    assert item.events.last().comment == "请补充文号"
    services.item_update(item=item, by=officer_a, document_number="蓝政发〔2026〕9号")
    services.item_submit(item=item, by=officer_a)
    services.item_approve(item=item, by=head_a)
    services.item_approve(item=item, by=leader_a)
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED
    assert item.document_number == "蓝政发〔2026〕9号"


def test_department_isolation(columns, officer_a, officer_b, head_a, dept_a):
    item = make_item(officer_a, columns["zcwj"])
    with pytest.raises(PermissionDenied):
        services.item_update(item=item, by=officer_b, title="改")
    with pytest.raises(PermissionDenied):
        make_item(officer_b, columns["zcwj"], unit=dept_a)
    services.item_submit(item=item, by=officer_a)
    with pytest.raises(PermissionDenied):
        services.item_approve(item=item, by=officer_b)


def test_validity_and_interpretation_links(columns, officer_a, head_a, leader_a):
    policy = publish(make_item(officer_a, columns["zcwj"]), officer_a, head_a, leader_a)
    newer = publish(
        make_item(officer_a, columns["zcwj"], title="蓝山县促进民营经济发展若干措施（修订）"),
        officer_a,
        head_a,
        leader_a,
    )
    reading = make_item(
        officer_a,
        columns["zcjd"],
        title="《促进民营经济发展若干措施》政策解读",
        genre="interpretation",
    )
    services.interpretation_link(interpretation=reading, policy=policy, by=officer_a)
    assert list(policy.interpretations.all()) == [reading]
    services.item_set_validity(
        item=policy, by=officer_a, validity=Validity.REPEALED, on=days_ago(0), replaced_by=newer
    )
    policy.refresh_from_db()
    assert policy.validity == Validity.REPEALED and policy.replaced_by == newer
    assert newer.index_number.endswith("-00002")
    with pytest.raises(ValidationError):
        services.item_set_validity(item=reading, by=officer_a, validity=Validity.EXPIRED)


def test_formed_date_in_future_refused(columns, officer_a):
    with pytest.raises(ValidationError):
        make_item(officer_a, columns["zcwj"], formed_on=days_ago(-2))
    assert not Item.objects.exists()
