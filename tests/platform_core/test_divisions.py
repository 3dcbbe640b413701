"""Base data (统一基础数据): the national administrative divisions and the region field."""

from __future__ import annotations

from io import StringIO

import pytest
from django import forms
from django.core.management import call_command
from django.urls import reverse

from platform_core.dynforms import regions
from platform_core.dynforms.fields import RegionField
from platform_core.models import Division, DivisionLevel
from platform_core.selectors import divisions as division_selectors
from platform_core.services.divisions import read_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _divisions(divisions):
    """tests/conftest.py: the divisions, loaded again if a transactional test flushed them."""


LANSHAN_TOWNSHIPS = {"塔峰镇", "毛俊镇", "楠市镇", "所城镇", "新圩镇", "祠堂圩镇", "土市镇"}


class AddressForm(forms.Form):
    area = RegionField(label="所在地区")


def test_every_county_of_the_country_is_loaded_by_the_migration():
    _source, rows = read_data()
    counties = {row[0] for row in rows if row[3] == 3}
    assert len(counties) > 2800
    loaded = set(Division.objects.filter(level=DivisionLevel.COUNTY).values_list("code", flat=True))
    assert loaded == counties
    assert Division.objects.filter(level=DivisionLevel.PROVINCE).count() == 31
    lanshan = Division.objects.get(level=DivisionLevel.COUNTY, code="431127")
    assert lanshan.name == "蓝山县"
    assert lanshan.parent.name == "永州市"
    assert lanshan.parent.parent.name == "湖南省"


def test_the_region_field_offers_every_county_of_the_country():
    """Walking the field's own lists (province → city → county), as a person choosing would,
    reaches every county of the national dataset, and 蓝山县 under 湖南省 › 永州市."""
    _source, rows = read_data()
    counties = {row[0] for row in rows if row[3] == 3}
    offered = set()
    for province, _name in regions.province_choices():
        for city, _name in regions.children_choices(province, 1):
            offered.update(code for code, _name in regions.children_choices(city, 2))
    assert offered == counties
    assert ("431127", "蓝山县") in regions.children_choices("431100", 2)


def test_lanshan_townships_are_present():
    townships = dict(division_selectors.children("431127", DivisionLevel.COUNTY))
    assert set(townships.values()) >= LANSHAN_TOWNSHIPS
    assert townships["431127100"] == "塔峰镇"


def test_load_divisions_is_idempotent_and_updates_names():
    out = StringIO()
    call_command("load_divisions", stdout=out)
    assert "新增 0，更新 0，停用 0" in out.getvalue()
    Division.objects.filter(level=4, code="431127100").update(name="旧名称")
    Division.objects.create(code="431127999", name="已撤销乡", level=4, parent=None)
    out = StringIO()
    call_command("load_divisions", stdout=out)
    assert "新增 0，更新 1，停用 1" in out.getvalue()
    assert Division.objects.get(level=4, code="431127100").name == "塔峰镇"
    assert not Division.objects.get(code="431127999").is_active


def test_a_city_without_counties_still_has_townships():
    """东莞市 (441900) has no counties: it repeats at county level, as in GB/T 2260 data."""
    assert ("441900", "东莞市") in division_selectors.children("440000", 1)
    assert division_selectors.children("441900", 2) == [("441900", "东莞市")]
    assert len(division_selectors.children("441900", 3)) > 20


def test_region_field_accepts_a_full_chain_and_refuses_a_broken_one():
    form = AddressForm(
        {"area_0": "430000", "area_1": "431100", "area_2": "431127", "area_3": "431127100"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["area"]["township"] == "431127100"
    assert regions.value_names(form.cleaned_data["area"]) == "湖南省永州市蓝山县塔峰镇"
    wrong = AddressForm(
        {"area_0": "430000", "area_1": "431100", "area_2": "431127", "area_3": "110101001"}
    )
    assert not wrong.is_valid()
    assert "不属于" in str(wrong.errors)


def test_without_javascript_the_refresh_step_fills_the_next_list_and_does_not_submit():
    """The no-JavaScript path: choose the province, press 更新下级选项, the cities appear."""
    first = AddressForm().as_p()
    assert "湖南省" in first and "永州市" not in first  # only provinces at first
    step = AddressForm({"area_0": "430000", "area__refresh": "1"})
    assert not step.is_valid()
    html = step.as_p()
    assert "永州市" in html and "长沙市" in html
    assert "广州市" not in html  # only Hunan's cities
    step2 = AddressForm(
        {"area_0": "430000", "area_1": "431100", "area_2": "431127", "area__refresh": "1"}
    )
    assert not step2.is_valid()  # a complete choice + refresh still does not submit
    assert "已更新下级选项" in str(step2.errors)
    assert "塔峰镇" in step2.as_p()


def test_children_endpoint_for_the_script(client):
    response = client.get(reverse("platform_core:division_children", args=[3, "431127"]))
    assert response.status_code == 200
    names = {name for _code, name in response.json()["children"]}
    assert names >= LANSHAN_TOWNSHIPS
    assert client.get("/divisions/3/abc/children/").status_code == 404


def test_children_lists_are_cached(django_assert_num_queries):
    division_selectors.children("431100", 2)
    with django_assert_num_queries(0):
        assert ("431127", "蓝山县") in division_selectors.children("431100", 2)
