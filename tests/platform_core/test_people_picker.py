"""Staff pickers: people grouped by the unit of their primary post (a section with its
department), searchable (data-picker), built with a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from platform_core.constants import RoleCode, UnitKind
from platform_core.forms.org import UnitMultipleChoiceField
from platform_core.forms.people import StaffMultiPicker, StaffPicker, staff_groups
from platform_core.models import OrgUnit, User
from tests.factories import OrgUnitFactory, PostFactory, StaffFactory, role, staff_with_role

pytestmark = pytest.mark.django_db


def staff():
    return User.objects.filter(kind="staff").order_by("name", "pk")


def test_people_grouped_by_their_primary_unit(dept_a, dept_b):
    section = OrgUnitFactory(parent=dept_a, name="综合科", code="scjg-zhk", kind=UnitKind.SECTION)
    liu = staff_with_role(RoleCode.SECTION_HEAD, section, name="刘芳")
    wang = staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="王强")
    # 兼职: her primary post is in 自然资源局, a second one in 市场监管局.
    zhong = staff_with_role(RoleCode.REVIEW_CLERK, dept_b, name="钟华")
    PostFactory(user=zhong, unit=dept_a, role=role(RoleCode.REVIEW_CLERK), is_primary=False)
    nobody = StaffFactory(name="待分配")
    groups = {label: [u.name for u in users] for label, users in staff_groups(staff())}
    assert groups == {
        "县市场监督管理局": ["王强"],
        "县市场监督管理局 / 综合科": ["刘芳"],
        "县自然资源局": ["钟华"],
        "其他人员": ["待分配"],
    }
    labels = [label for label, _users in staff_groups(staff())]
    assert labels[-1] == "其他人员"  # in the tree's order, the unplaced last
    field = StaffMultiPicker(queryset=staff())
    html = field.widget.render("readers", [liu.pk], attrs={"id": "id_readers"})
    assert 'data-picker=""' in html and 'data-picker-placeholder="输入姓名或单位筛选"' in html
    assert '<optgroup label="县市场监督管理局 / 综合科">' in html
    assert f'<option value="{liu.pk}" selected>刘芳</option>' in html
    single = StaffPicker(queryset=staff()).widget.render("leader", wang.pk)
    assert "<optgroup" in single and 'value="">---------' in single
    assert StaffPicker(queryset=staff()).clean(str(nobody.pk)) == nobody


def test_picker_queries_do_not_grow_with_people_and_units(gov):
    def render():
        field = StaffMultiPicker(queryset=staff())
        with CaptureQueriesContext(connection) as queries:
            html = field.widget.render("people", [])
        return len(queries), html.count("<option")

    unit = OrgUnitFactory(parent=gov, name="县教育局", code="jyj")
    staff_with_role(RoleCode.REVIEW_CLERK, unit)
    section = OrgUnitFactory(parent=unit, name="办公室", code="jyj-bgs", kind="section")
    staff_with_role(RoleCode.REVIEW_CLERK, section)
    few, options = render()
    assert options == 2
    for n in range(4):
        dept = OrgUnitFactory(parent=gov, name=f"测试单位{n}", code=f"dept{n}")
        section = OrgUnitFactory(parent=dept, name="办公室", code=f"dept{n}-bgs", kind="section")
        for unit in (dept, section):
            staff_with_role(RoleCode.REVIEW_CLERK, unit)
            staff_with_role(RoleCode.SECTION_HEAD, unit)
    many, options = render()
    assert options == 18 and many == few == 3


def test_unit_picker_reads_as_the_tree(dept_a):
    OrgUnitFactory(parent=dept_a, name="办公室", code="scjg-bgs", kind=UnitKind.SECTION)
    field = UnitMultipleChoiceField(queryset=OrgUnit.objects.order_by("path"))
    html = field.widget.render("units", [])
    assert 'data-picker=""' in html and "县市场监督管理局 / 办公室" in html


def test_circulation_and_handling_pickers_on_the_incoming_page(client, dept_a, dept_b):
    """传阅's readers and 拟办's leader are grouped by unit and searchable; 承办单位 reads as
    the tree with its search box."""
    from django.urls import reverse

    from oa.services import incoming as incoming_services

    head = staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="刘芳")
    staff_with_role(RoleCode.REVIEW_CLERK, dept_b, name="钟华")
    document = incoming_services.incoming_register(
        unit=dept_a, by=head, sender="市人民政府办公室", title="关于开展安全生产大检查的通知"
    )
    client.force_login(head)
    page = client.get(reverse("oa:incoming_detail", args=[document.pk])).content.decode()
    assert page.count("data-picker=") >= 2
    assert '<optgroup label="县自然资源局">' in page and "钟华" in page
    assert "office/js/picker.js" in page
