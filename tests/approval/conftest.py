"""A small licensing catalogue: one department with a section-based window, a published form and
route, one published item with materials (one may be missing at acceptance)."""

import pytest
from django.utils import timezone

from approval.services import applications as app_services
from approval.services import items as item_services
from platform_core.constants import RoleCode, UnitKind
from platform_core.dynforms.types import FieldSpec
from platform_core.selectors.dynforms import form_class_for
from platform_core.services import dynforms as form_services
from platform_core.services import routes as route_services
from tests.factories import CitizenFactory, OrgUnitFactory, role, staff_with_role


@pytest.fixture
def sysadmin(gov):
    return staff_with_role(RoleCode.SYSTEM_ADMIN, gov)


@pytest.fixture
def window_a(dept_a):
    return OrgUnitFactory(parent=dept_a, name="综合受理窗口", code="scjg-ck", kind=UnitKind.SECTION)


@pytest.fixture
def clerk_a(window_a):
    # The clerk sits in a section of the department, as in the demo county.
    return staff_with_role(RoleCode.WINDOW_CLERK, window_a, name="窗口甲")


@pytest.fixture
def clerk_b(dept_b):
    return staff_with_role(RoleCode.WINDOW_CLERK, dept_b, name="他局窗口")


@pytest.fixture
def citizen(db):
    return CitizenFactory(name="张三丰", mobile="13812345678")


def build_form(by, code="food_licence_form"):
    form = form_services.form_create(
        code=code,
        name="食品经营许可申请表",
        by=by,
        specs=[
            FieldSpec(key="company", label="经营者名称", type="text", required=True),
            FieldSpec(key="address", label="经营场所", type="text", required=True),
            FieldSpec(
                key="plan",
                label="平面布局图",
                type="file",
                options={"allowed_types": ["pdf"], "max_size_mb": 5},
            ),
        ],
    )
    return form_services.form_version_publish(form=form, by=by)


def build_route(by, code="food_licence_route"):
    definition = route_services.definition_create(code=code, name="食品经营许可审查", by=by)
    draft = definition.versions.get()
    review = route_services.step_add(
        version=draft, by=by, key="review", name="审查", role=role(RoleCode.REVIEW_CLERK)
    )
    route_services.transition_add(version=draft, source=review, target=None, by=by)
    return route_services.version_publish(version=draft, by=by)


def build_item(by, department, code="431127-XK-001", **overrides):
    fields = {
        "kind": "licensing",
        "legal_basis": "《中华人民共和国食品安全法》第三十五条",
        "conditions": "有与经营的食品品种、数量相适应的经营场所。",
        "fees": "不收费",
        "statutory_days": 20,
        "promised_days": 10,
        "visits": 0,
        "place": "县政务服务中心二楼12号窗口",
        "hours": "工作日 8:30-12:00，14:30-17:30",
        "phone": "0746-2222201",
        "form_code": "food_licence_form",
        "route_code": "food_licence_route",
        **overrides,
    }
    item = item_services.item_create(
        code=code, name="食品经营许可", department=department, by=by, **fields
    )
    item_services.material_add(item=item, name="食品经营许可申请书", form="original")
    item_services.material_add(item=item, name="营业执照复印件", form="copy")
    item_services.material_add(
        item=item, name="食品安全管理制度文本", form="original", may_defer=True
    )
    return item


@pytest.fixture
def item(sysadmin, dept_a):
    build_form(sysadmin)
    build_route(sysadmin)
    draft = build_item(sysadmin, dept_a)
    return item_services.item_publish(item=draft, by=sysadmin)


def fill(item, **data):
    from approval.selectors.applications import item_form_version

    version = item_form_version(item)
    form = form_class_for(version)({"company": "蓝山县好味餐饮店", "address": "城关镇1号", **data})
    assert form.is_valid(), form.errors
    return version, form


def submitted(item, clerk, name="李四", mobile="13900001111"):
    """An application registered at the window (status 待受理)."""
    version, form = fill(item)
    application, _code = app_services.application_register(
        item=item,
        by=clerk,
        version=version,
        form=form,
        applicant_name=name,
        applicant_id_number="",
        applicant_uscc="91431127MA4L0K1X23",
        applicant_mobile=mobile,
    )
    return application


@pytest.fixture
def today():
    return timezone.localdate()
