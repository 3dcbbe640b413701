"""Organisation pages over HTTP: bad input gives the form again with Chinese errors, bad IDs 404."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from platform_core.constants import RoleCode
from platform_core.models import CalendarDay, OrgUnit, Post, User
from platform_core.services import org as services
from tests.factories import (
    CitizenFactory,
    StaffFactory,
    role,
    staff_with_role,
)

BACKEND = "platform_core.auth_backends.StaffBackend"


@pytest.fixture
def as_sysadmin(client, sysadmin):
    client.force_login(sysadmin, backend=BACKEND)
    return client


@pytest.fixture
def as_secadmin(client, secadmin):
    client.force_login(secadmin, backend=BACKEND)
    return client


def url(name, *args):
    return reverse(f"platform_core:{name}", args=args)


def unit_data(parent, /, **overrides):
    data = {
        "parent": parent.pk,
        "name": "综合科",
        "code": "zhk",
        "kind": "section",
        "sort_order": 100,
        "is_active": "on",
    }
    data.update(overrides)
    return data


# --- Units ----------------------------------------------------------------------------------------


def test_tree_lists_units_and_links_only_those_in_scope(client, dept_a, dept_b, section_a):
    head = staff_with_role(RoleCode.SECTION_HEAD, dept_a)
    client.force_login(head, backend=BACKEND)
    html = client.get(url("org_tree")).content.decode()
    assert "县自然资源局" in html  # names are a directory
    assert url("unit_detail", section_a.pk) in html
    assert url("unit_detail", dept_b.pk) not in html


def test_unit_detail_shows_members_and_children(as_sysadmin, dept_a, section_a):
    staff_with_role(RoleCode.WINDOW_CLERK, dept_a, name="赵受理")
    html = as_sysadmin.get(url("unit_detail", dept_a.pk)).content.decode()
    assert "赵受理" in html
    assert "窗口受理员" in html
    assert "许可科" in html


def test_unit_create(as_sysadmin, dept_a):
    response = as_sysadmin.post(url("unit_create"), unit_data(dept_a))
    unit = OrgUnit.objects.get(code="zhk")
    assert response.status_code == 302
    assert response["Location"] == url("unit_detail", unit.pk)
    assert unit.path.startswith(dept_a.path)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "该字段是必填项"),
        ({"code": "scjg"}, "单位代码已被使用"),
        ({"code": "带中文"}, "code"),
        ({"parent": "999999"}, "所选单位不存在"),
        ({"kind": "empire"}, "kind"),
        ({"uscc": "91430100MA0000000X"}, "uscc"),
    ],
)
def test_unit_create_bad_input(as_sysadmin, dept_a, overrides, message):
    before = OrgUnit.objects.count()
    response = as_sysadmin.post(url("unit_create"), unit_data(dept_a, **overrides))
    assert response.status_code == 200
    assert OrgUnit.objects.count() == before
    form = response.context["form"]
    assert form.errors
    html = response.content.decode()
    if message.isascii():
        assert message in form.errors
    else:
        assert message in html


def test_unit_create_ignores_bad_parent_query(as_sysadmin):
    assert as_sysadmin.get(url("unit_create") + "?parent=abc").status_code == 200


def test_unit_edit_moves_unit(as_sysadmin, dept_a, dept_b, section_a):
    response = as_sysadmin.post(
        url("unit_edit", section_a.pk),
        unit_data(dept_b, name="许可科", code="scjg-xk"),
    )
    assert response.status_code == 302
    section_a.refresh_from_db()
    assert section_a.path.startswith(dept_b.path)


def test_unit_edit_refuses_own_descendant_as_parent(as_sysadmin, dept_a, section_a):
    response = as_sysadmin.post(
        url("unit_edit", dept_a.pk), unit_data(section_a, name="县市场监督管理局", code="scjg")
    )
    assert response.status_code == 200
    assert "所选单位不存在" in response.content.decode()
    section_a.refresh_from_db()
    assert section_a.path.startswith(dept_a.path)


def test_unit_pages_404_for_unknown_id(as_sysadmin):
    for name in ("unit_detail", "unit_edit"):
        assert as_sysadmin.get(url(name, 999999)).status_code == 404


def test_unit_grants_page(as_secadmin, secadmin, dept_a, dept_b):
    clerk = staff_with_role(RoleCode.WINDOW_CLERK, dept_a, name="钱受理")
    page = url("unit_grants", dept_b.pk)
    assert as_secadmin.get(url("unit_grants", 999999)).status_code == 404

    bad = as_secadmin.post(page, {"action": "grant", "username": "nobody"})
    assert bad.status_code == 200
    assert "没有用户名为“nobody”的工作人员" in bad.content.decode()
    own = as_secadmin.post(page, {"action": "grant", "username": secadmin.username})
    assert "不能给自己授权" in own.content.decode()

    assert (
        as_secadmin.post(page, {"action": "grant", "username": clerk.username}).status_code == 302
    )
    assert [g.user for g in as_secadmin.get(page).context["grants"]] == [clerk]
    assert as_secadmin.post(page, {"action": "revoke", "user": clerk.pk}).status_code == 302
    assert list(as_secadmin.get(page).context["grants"]) == []
    assert as_secadmin.post(page, {"action": "revoke", "user": "x"}).status_code == 404


# --- People ---------------------------------------------------------------------------------------


def test_people_list_search_and_pagination(as_sysadmin, dept_a):
    for n in range(25):
        staff_with_role(RoleCode.WINDOW_CLERK, dept_a, name=f"测试人员{n:02d}")
    staff_with_role(RoleCode.WINDOW_CLERK, dept_a, name="孙小美")
    first = as_sysadmin.get(url("people_list"))
    assert first.status_code == 200
    assert first.context["page"].paginator.count == 27  # 26 + the administrator
    assert len(first.context["page"].object_list) == 20
    assert as_sysadmin.get(url("people_list") + "?page=2").context["page"].number == 2
    assert as_sysadmin.get(url("people_list") + "?page=abc").context["page"].number == 1
    found = as_sysadmin.get(url("people_list"), {"q": "小美"})
    assert [p.name for p in found.context["page"].object_list] == ["孙小美"]
    none = as_sysadmin.get(url("people_list"), {"q": "不存在的人"})
    assert "没有找到与“不存在的人”相符的人员" in none.content.decode()


def test_people_list_constant_query_count(client, dept_a, section_a):
    head = staff_with_role(RoleCode.SECTION_HEAD, dept_a)
    client.force_login(head, backend=BACKEND)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("people_list")).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(3):
        staff_with_role(RoleCode.WINDOW_CLERK, section_a)
    count()  # warm the per-process caches (content types, site settings)
    few = count()
    for _ in range(15):
        person = staff_with_role(RoleCode.WINDOW_CLERK, section_a)
        Post.objects.create(user=person, unit=dept_a, role=role(RoleCode.LEADER), is_primary=False)
    assert count() == few


def test_person_detail_404s(as_sysadmin):
    citizen = CitizenFactory()
    assert as_sysadmin.get(url("person_detail", citizen.pk)).status_code == 404
    assert as_sysadmin.get(url("person_detail", 999999)).status_code == 404
    assert as_sysadmin.get(url("person_edit", citizen.pk)).status_code == 404
    assert as_sysadmin.get(url("person_posts", 999999)).status_code == 403  # not security admin


def test_person_create(as_sysadmin):
    data = {
        "username": "lisi",
        "name": "李四",
        "mobile": "13900003333",
        "email": "",
        "password": "Lanshan#2026x",
        "password2": "Lanshan#2026x",
    }
    response = as_sysadmin.post(url("person_create"), data)
    person = User.objects.get(username="lisi")
    assert response.status_code == 302
    assert response["Location"] == url("person_detail", person.pk)
    assert person.kind == "staff"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password2": "Other#2026x"}, "两次输入的密码不一致"),
        ({"password": "abc", "password2": "abc"}, "密码"),
        ({"mobile": "12345"}, "手机号码"),
        ({"username": "has space"}, "username"),
        ({"email": "not-an-email"}, "email"),
    ],
)
def test_person_create_bad_input(as_sysadmin, overrides, message):
    data = {
        "username": "lisi",
        "name": "李四",
        "mobile": "",
        "email": "",
        "password": "Lanshan#2026x",
        "password2": "Lanshan#2026x",
        **overrides,
    }
    response = as_sysadmin.post(url("person_create"), data)
    assert response.status_code == 200
    assert not User.objects.filter(username__in=["lisi", "has space"]).exists()
    errors = response.context["form"].errors
    assert errors
    if message.isascii():
        assert message in errors
    else:
        assert message in response.content.decode()


def test_person_edit_bad_mobile_and_duplicate(as_sysadmin, dept_a):
    person = staff_with_role(RoleCode.WINDOW_CLERK, dept_a, name="周一")
    other = StaffFactory(mobile="13900004444")
    bad = as_sysadmin.post(
        url("person_edit", person.pk), {"name": "周一", "mobile": "1", "email": ""}
    )
    assert bad.status_code == 200
    assert "mobile" in bad.context["form"].errors
    dup = as_sysadmin.post(
        url("person_edit", person.pk), {"name": "周一", "mobile": other.mobile, "email": ""}
    )
    assert dup.status_code == 200
    assert dup.context["form"].errors
    person.refresh_from_db()
    assert person.mobile != other.mobile


def test_deactivate_and_activate(as_sysadmin, sysadmin, dept_a):
    person = staff_with_role(RoleCode.WINDOW_CLERK, dept_a)
    assert as_sysadmin.get(url("person_deactivate", person.pk)).status_code == 405
    assert as_sysadmin.post(url("person_deactivate", person.pk)).status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    assert as_sysadmin.post(url("person_activate", person.pk)).status_code == 302
    person.refresh_from_db()
    assert person.is_active
    # Deactivating oneself is refused with a message, not an error page.
    response = as_sysadmin.post(url("person_deactivate", sysadmin.pk), follow=True)
    assert "不能停用自己的账号" in response.content.decode()
    sysadmin.refresh_from_db()
    assert sysadmin.is_active


# --- Posts ----------------------------------------------------------------------------------------


def test_person_posts_assign_and_end(as_secadmin, dept_a, section_a):
    person = staff_with_role(RoleCode.WINDOW_CLERK, dept_a)
    page = url("person_posts", person.pk)
    data = {
        "action": "assign",
        "unit": section_a.pk,
        "role": role(RoleCode.SECTION_HEAD).pk,
        "title": "科长",
        "is_primary": "",
    }
    assert as_secadmin.post(page, data).status_code == 302
    post = Post.objects.get(user=person, unit=section_a)
    assert post.title == "科长" and not post.is_primary

    duplicate = as_secadmin.post(page, data)
    assert duplicate.status_code == 200
    assert duplicate.context["assign_form"].errors

    too_early = as_secadmin.post(page, {"action": "end", "post": post.pk, "end_date": "2000-01-01"})
    assert too_early.status_code == 200
    assert "离任日期不能早于任职日期" in too_early.content.decode()

    assert (
        as_secadmin.post(page, {"action": "end", "post": post.pk, "end_date": ""}).status_code
        == 302
    )
    post.refresh_from_db()
    assert post.end_date == timezone.localdate()
    again = as_secadmin.post(page, {"action": "end", "post": post.pk})
    assert "该岗位已于" in again.content.decode()


def test_person_posts_bad_input(as_secadmin, dept_a, gov):
    person = staff_with_role(RoleCode.WINDOW_CLERK, dept_a)
    page = url("person_posts", person.pk)
    bad_unit = as_secadmin.post(page, {"action": "assign", "unit": 999999, "role": "x"})
    assert bad_unit.status_code == 200
    assert "所选单位不存在" in bad_unit.content.decode()
    assert "role" in bad_unit.context["assign_form"].errors
    # A post of somebody else cannot be ended through this person's page.
    other = staff_with_role(RoleCode.WINDOW_CLERK, dept_a)
    response = as_secadmin.post(page, {"action": "end", "post": other.posts.get().pk})
    assert response.status_code == 404
    assert other.posts.get().end_date is None


def test_person_posts_keeps_security_roles_apart(as_secadmin, gov):
    auditor = staff_with_role(RoleCode.AUDIT_ADMIN, gov)
    response = as_secadmin.post(
        url("person_posts", auditor.pk),
        {"action": "assign", "unit": gov.pk, "role": role(RoleCode.SYSTEM_ADMIN).pk},
    )
    assert response.status_code == 200
    assert "三员分立" in response.content.decode()


def test_security_admin_cannot_assign_self(as_secadmin, secadmin, gov):
    page = url("person_posts", secadmin.pk)
    assert "不能为自己任免岗位" in as_secadmin.get(page).content.decode()
    response = as_secadmin.post(
        page, {"action": "assign", "unit": gov.pk, "role": role(RoleCode.LEADER).pk}
    )
    assert response.status_code == 403
    assert secadmin.posts.count() == 1


# --- Calendar -------------------------------------------------------------------------------------


def test_calendar_add_list_delete(as_sysadmin):
    page = url("org_calendar")
    r1 = as_sysadmin.post(
        page, {"action": "set", "date": "2031-10-01", "kind": "holiday", "name": "国庆节"}
    )
    assert r1.status_code == 302
    assert r1["Location"] == page + "?year=2031"
    as_sysadmin.post(
        page, {"action": "set", "date": "2031-10-11", "kind": "workday", "name": "国庆调休上班"}
    )
    html = as_sysadmin.get(page + "?year=2031").content.decode()
    assert "节假日" in html and "调休上班" in html and "2031-10-11" in html
    day = CalendarDay.objects.get(date=datetime.date(2031, 10, 11))
    assert day.is_working_day
    assert as_sysadmin.post(page, {"action": "delete", "day": day.pk}).status_code == 302
    assert not CalendarDay.objects.filter(pk=day.pk).exists()
    assert as_sysadmin.post(page, {"action": "delete", "day": 999999}).status_code == 404
    assert as_sysadmin.get(page + "?year=abc").status_code == 200


@pytest.mark.parametrize(
    "data",
    [
        {"date": "2031-02-30", "kind": "holiday", "name": "x"},
        {"date": "", "kind": "holiday", "name": "x"},
        {"date": "2031-10-01", "kind": "sometimes", "name": "x"},
        {"date": "2031-10-01", "kind": "holiday", "name": ""},
    ],
)
def test_calendar_bad_input(as_sysadmin, data):
    response = as_sysadmin.post(url("org_calendar"), {"action": "set", **data})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not CalendarDay.objects.exists()


def test_posts_need_csrf_token(sysadmin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(sysadmin, backend=BACKEND)
    response = client.post(
        url("org_calendar"), {"action": "set", "date": "2031-10-01", "kind": "holiday", "name": "x"}
    )
    assert response.status_code == 403
    assert not CalendarDay.objects.exists()
    assert 'name="csrfmiddlewaretoken"' in client.get(url("org_calendar")).content.decode()


def test_services_used_by_views_record_actor(as_sysadmin, sysadmin, dept_a):
    as_sysadmin.post(
        url("unit_edit", dept_a.pk),
        unit_data(OrgUnit.objects.get(depth=1), name="新名称", code="scjg"),
    )
    assert dept_a.history.latest().history_user == sysadmin
    services.unit_update(unit=dept_a, by=sysadmin, phone="0746-1234567")
    assert dept_a.history.latest().history_user == sysadmin
