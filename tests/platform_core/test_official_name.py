"""The name a unit issues documents under (notices, licences, seals, guides)."""

import pytest

from platform_core.constants import UnitKind
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


def test_official_names_carry_the_county(gov, dept_a, settings):
    settings.GOVERNMENT_NAME = "蓝山县人民政府"
    town = OrgUnitFactory(parent=gov, name="城关镇", code="cgz", kind=UnitKind.TOWNSHIP)
    street = OrgUnitFactory(parent=gov, name="塔峰街道", code="tfjd", kind=UnitKind.TOWNSHIP)
    section = OrgUnitFactory(parent=dept_a, name="办公室", code="scjg-bgs", kind=UnitKind.SECTION)
    named = OrgUnitFactory(parent=gov, name="蓝山县教育局", code="jyj")
    assert gov.official_name == "蓝山县人民政府"
    assert dept_a.official_name == "蓝山县市场监督管理局"
    assert town.official_name == "蓝山县城关镇人民政府"
    assert street.official_name == "蓝山县塔峰街道办事处"
    assert section.official_name == "蓝山县市场监督管理局办公室"
    assert named.official_name == "蓝山县教育局"  # already full: not doubled


def test_unit_choosers_name_each_section_with_its_department(gov, dept_a, dept_b):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from platform_core.forms.org import UnitChoiceField
    from platform_core.models import OrgUnit

    for dept in (dept_a, dept_b):
        OrgUnitFactory(parent=dept, name="办公室", code=f"{dept.code}-bgs", kind=UnitKind.SECTION)
    field = UnitChoiceField(queryset=OrgUnit.objects.order_by("path"))
    with CaptureQueriesContext(connection) as queries:
        labels = [label.strip("　") for _value, label in field.choices]
    assert "县市场监督管理局 / 办公室" in labels and "县自然资源局 / 办公室" in labels
    assert "办公室" not in labels
    assert len(queries) == 2  # the units, then their departments' names
