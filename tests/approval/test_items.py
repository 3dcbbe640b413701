"""The item catalogue: versions, read-only published versions, the publish checklist."""

import pytest
from django.core.exceptions import ValidationError

from approval.constants import ItemStatus
from approval.models import LicensingItem
from approval.services import items as item_services
from tests.approval.conftest import build_form, build_item, build_route, submitted


@pytest.fixture
def routes_and_forms(sysadmin):
    build_form(sysadmin)
    build_route(sysadmin)


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("name", "事项名称"),
        ("legal_basis", "设定依据"),
        ("conditions", "申请条件"),
        ("place", "办理地点"),
        ("hours", "办理时间"),
        ("phone", "咨询电话"),
        ("route_code", "办理流程"),
    ],
)
def test_publish_refused_while_a_required_field_is_empty(
    routes_and_forms, sysadmin, dept_a, field, label
):
    draft = build_item(sysadmin, dept_a)
    item_services.item_update(item=draft, by=sysadmin, **{field: ""})
    with pytest.raises(ValidationError) as exc:
        item_services.item_publish(item=draft, by=sysadmin)
    assert f"“{label}”不能为空。" in exc.value.messages
    assert LicensingItem.objects.get(pk=draft.pk).status == ItemStatus.DRAFT


def test_publish_refused_without_materials_or_with_unknown_route(
    routes_and_forms, sysadmin, dept_a
):
    draft = item_services.item_create(
        code="X-1",
        name="测试事项",
        department=dept_a,
        by=sysadmin,
        legal_basis="依据",
        conditions="条件",
        place="地点",
        hours="时间",
        phone="电话",
        route_code="no_such_route",
    )
    with pytest.raises(ValidationError) as exc:
        item_services.item_publish(item=draft, by=sysadmin)
    assert "“申请材料”不能为空。" in exc.value.messages
    assert "办理流程“no_such_route”不存在或尚未发布。" in exc.value.messages


def test_promised_limit_may_not_exceed_statutory(routes_and_forms, sysadmin, dept_a):
    with pytest.raises(ValidationError) as exc:
        build_item(sysadmin, dept_a, statutory_days=5, promised_days=10)
    assert "承诺时限不能长于法定时限。" in exc.value.messages


def test_published_version_is_read_only_and_new_version_leaves_running_applications(
    item, sysadmin, clerk_a
):
    with pytest.raises(ValidationError):
        item_services.item_update(item=item, by=sysadmin, name="改名")
    with pytest.raises(ValidationError):
        item_services.material_add(item=item, name="新增材料")
    application = submitted(item, clerk_a)

    draft = item_services.item_new_version(item=item, by=sysadmin)
    assert draft.version == 2 and draft.status == ItemStatus.DRAFT
    assert [m.name for m in draft.materials.all()] == [m.name for m in item.materials.all()]
    item_services.item_update(item=draft, by=sysadmin, promised_days=5, name="食品经营许可（新）")
    item_services.item_publish(item=draft, by=sysadmin)

    item.refresh_from_db()
    assert item.status == ItemStatus.RETIRED
    application.refresh_from_db()
    assert application.item_id == item.pk  # the running application keeps its version
    assert application.item.promised_days == 10
    assert application.clock.limit_days == 10
    assert LicensingItem.objects.get(code=item.code, status=ItemStatus.PUBLISHED).version == 2
