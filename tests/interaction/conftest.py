"""An interaction office, two departments with handlers, two townships, a category tree."""

import pytest

from interaction.models import Category, Office
from interaction.services import cases as case_services
from platform_core.constants import RoleCode, UnitKind
from tests.factories import CitizenFactory, OrgUnitFactory, staff_with_role


@pytest.fixture
def office(gov):
    unit = OrgUnitFactory(parent=gov, name="县政民互动办公室", code="zmhd")
    Office.objects.create(unit=unit)
    return unit


@pytest.fixture
def triager(office):
    return staff_with_role(RoleCode.WINDOW_CLERK, office, name="分办员")


@pytest.fixture
def reviewer(office):
    return staff_with_role(RoleCode.SECTION_HEAD, office, name="审核员")


@pytest.fixture
def handler_a(dept_a):
    section = OrgUnitFactory(parent=dept_a, name="办公室", code="scjg-bgs", kind=UnitKind.SECTION)
    return staff_with_role(RoleCode.REVIEW_CLERK, section, name="承办甲")


@pytest.fixture
def handler_b(dept_b):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_b, name="承办乙")


@pytest.fixture
def township(gov):
    return OrgUnitFactory(parent=gov, name="城关镇人民政府", code="cgz", kind=UnitKind.TOWNSHIP)


@pytest.fixture
def township2(gov):
    return OrgUnitFactory(parent=gov, name="塔峰镇人民政府", code="tfz", kind=UnitKind.TOWNSHIP)


@pytest.fixture
def categories(db):
    root = Category.objects.create(name="城乡建设")
    return {
        "root": root,
        "roads": Category.objects.create(name="道路维修", parent=root),
        "market": Category.objects.create(name="市场监管"),
        "edu": Category.objects.create(name="教育"),
    }


@pytest.fixture
def citizen(db):
    return CitizenFactory(name="王小明", mobile="13812345678")


@pytest.fixture
def submit(office, categories, township):
    def _submit(**overrides):
        fields = {
            "kind": "complaint",
            "category": categories["market"],
            "title": "超市销售过期食品",
            "content": "城关镇某超市货架上有多件过期的牛奶，希望有关部门尽快查处。",
            "name": "王小明",
            "mobile": "13812345678",
            "township": township,
            "address": "城关镇解放路12号",
            "allow_public": True,
        }
        fields.update(overrides)
        return case_services.case_submit(**fields)

    return _submit
