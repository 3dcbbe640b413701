"""The permission matrix of the organisation back office, over HTTP.

Two departments A and B, each with a section. One staff member per role, every one posted in
department A (the global roles too: their reach comes from the role, not from the post), plus a
citizen and an anonymous client. Each page is tried on an object of department A and on the same
kind of object of department B, reached by guessing its ID.

Reading the table: one row per page × side × action, one column per actor. A number is the HTTP
status; "lgn" is a redirect to the staff login page. A 302 on "change" is a successful write,
and the test checks that the write really happened; any other outcome must leave the audit
history untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import transaction
from django.urls import reverse
from guardian.models import UserObjectPermission

from platform_core.constants import RoleCode, UnitKind
from platform_core.models import CalendarDay, OrgUnit, Post, User
from platform_core.services import org as services
from tests.factories import CitizenFactory, OrgUnitFactory, role, root_unit, staff_with_role

ACTORS = [
    RoleCode.WINDOW_CLERK,
    RoleCode.REVIEW_CLERK,
    RoleCode.SECTION_HEAD,
    RoleCode.LEADER,
    RoleCode.DISCLOSURE_OFFICER,
    RoleCode.WEB_EDITOR,
    RoleCode.SUPERVISOR,
    RoleCode.SYSTEM_ADMIN,
    RoleCode.SECURITY_ADMIN,
    RoleCode.AUDIT_ADMIN,
    RoleCode.ITEM_ADMIN,
    RoleCode.ARCHIVIST,
    "citizen",
    "anonymous",
]

# fmt: off
# Columns: wc window clerk, rc review clerk, sh section head, ld leader, do disclosure officer,
# we web editor, su supervisor, sy system admin, se security admin, au audit admin, ia item
# admin (事项管理员: the staff directory, like a window clerk), ar archivist (档案员: the staff
# directory too), ci citizen, an anonymous.
# "lgn" = redirect to the staff login page.
MATRIX = """
page          side action wc  rc  sh  ld  do  we  su  sy  se  au  ia  ar  ci  an
org_tree      -    view   200 200 200 200 200 200 200 200 200 403 200 200 403 lgn
unit_detail   A    view   200 200 200 200 200 200 200 200 200 403 200 200 403 lgn
unit_detail   B    view   404 404 404 404 404 404 200 200 200 403 404 404 403 lgn
unit_create   -    view   403 403 403 403 403 403 403 200 403 403 403 403 403 lgn
unit_create   -    change 403 403 403 403 403 403 403 302 403 403 403 403 403 lgn
unit_edit     A    view   403 403 403 403 403 403 403 200 403 403 403 403 403 lgn
unit_edit     A    change 403 403 403 403 403 403 403 302 403 403 403 403 403 lgn
unit_edit     B    view   403 403 403 403 403 403 403 200 403 403 403 403 403 lgn
unit_edit     B    change 403 403 403 403 403 403 403 302 403 403 403 403 403 lgn
unit_grants   A    view   403 403 403 403 403 403 403 403 200 403 403 403 403 lgn
unit_grants   A    change 403 403 403 403 403 403 403 403 302 403 403 403 403 lgn
unit_grants   B    view   403 403 403 403 403 403 403 403 200 403 403 403 403 lgn
unit_grants   B    change 403 403 403 403 403 403 403 403 302 403 403 403 403 lgn
people_list   -    view   200 200 200 200 200 200 200 200 200 403 200 200 403 lgn
person_create -    view   403 403 403 403 403 403 403 200 403 403 403 403 403 lgn
person_create -    change 403 403 403 403 403 403 403 302 403 403 403 403 403 lgn
person_detail A    view   200 200 200 200 200 200 200 200 200 403 200 200 403 lgn
person_detail B    view   404 404 404 404 404 404 200 200 200 403 404 404 403 lgn
person_edit   A    view   403 403 403 403 403 403 403 200 403 403 403 403 403 lgn
person_edit   A    change 403 403 403 403 403 403 403 302 403 403 403 403 403 lgn
person_edit   B    view   403 403 403 403 403 403 403 200 403 403 403 403 403 lgn
person_edit   B    change 403 403 403 403 403 403 403 302 403 403 403 403 403 lgn
person_posts  A    view   403 403 403 403 403 403 403 403 200 403 403 403 403 lgn
person_posts  A    change 403 403 403 403 403 403 403 403 302 403 403 403 403 lgn
person_posts  B    view   403 403 403 403 403 403 403 403 200 403 403 403 403 lgn
person_posts  B    change 403 403 403 403 403 403 403 403 302 403 403 403 403 lgn
org_calendar  -    view   403 403 403 403 403 403 403 200 403 403 403 403 403 lgn
org_calendar  -    change 403 403 403 403 403 403 403 302 403 403 403 403 403 lgn
"""
# fmt: on


def _parse(table: str) -> list[tuple[str, str, str, str, str]]:
    lines = [line.split() for line in table.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert len(header) == 3 + len(ACTORS)
    cases = []
    for page, side, action, *outcomes in rows:
        assert len(outcomes) == len(ACTORS), page
        for actor, expected in zip(ACTORS, outcomes, strict=True):
            cases.append((page, side, action, str(actor), expected))
    return cases


CASES = _parse(MATRIX)


@dataclass
class World:
    dept_a: OrgUnit
    dept_b: OrgUnit
    section_a: OrgUnit
    section_b: OrgUnit
    person_a: User
    person_b: User
    actors: dict[str, User | None]

    def side(self, side: str) -> tuple[OrgUnit, User, User]:
        """The section, the person in it and a person of the other department."""
        if side == "B":
            return self.section_b, self.person_b, self.person_a
        return self.section_a, self.person_a, self.person_b


def _build_world() -> World:
    gov = root_unit()
    dept_a = OrgUnitFactory(parent=gov, name="县市场监督管理局", code="scjg")
    dept_b = OrgUnitFactory(parent=gov, name="县自然资源局", code="zrzy")
    section_a = OrgUnitFactory(parent=dept_a, name="登记注册科", code="scjg-dj", kind="section")
    section_b = OrgUnitFactory(parent=dept_b, name="用地审批科", code="zrzy-yd", kind="section")
    actors: dict[str, User | None] = {
        str(code): staff_with_role(code, dept_a, username=f"m_{code}") for code in RoleCode
    }
    actors["citizen"] = CitizenFactory()
    actors["anonymous"] = None
    return World(
        dept_a=dept_a,
        dept_b=dept_b,
        section_a=section_a,
        section_b=section_b,
        person_a=staff_with_role(RoleCode.WINDOW_CLERK, section_a, name="甲科员"),
        person_b=staff_with_role(RoleCode.WINDOW_CLERK, section_b, name="乙科员"),
        actors=actors,
    )


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    # Built once for the ~340 cases, inside a transaction that is rolled back at the end; each
    # test runs in its own savepoint within it (pytest-django's `db`), so writes made by one case
    # never reach the next.
    with django_db_blocker.unblock(), transaction.atomic():
        world = _build_world()
        yield world, _history_rows()
        transaction.set_rollback(True)


@pytest.fixture
def world(_module_world, db) -> World:
    world, baseline = _module_world
    # Each case starts from the same state: nothing an earlier case wrote has survived.
    assert _history_rows() == baseline
    return world


def _request(world: World, page: str, side: str, action: str):
    """(url, POST data or None, check run after a successful change)."""
    unit, person, other = world.side(side)
    dept = world.dept_b if side == "B" else world.dept_a
    if page in ("org_tree", "people_list", "unit_create", "person_create", "org_calendar"):
        url = reverse(f"platform_core:{page}")
    elif page.startswith("unit_"):
        url = reverse(f"platform_core:{page}", args=[unit.pk])
    else:
        url = reverse(f"platform_core:{page}", args=[person.pk])
    if action == "view":
        return url, None, None

    if page == "unit_create":
        data = {
            "parent": dept.pk,
            "name": "综合科",
            "code": "new-zh",
            "kind": UnitKind.SECTION,
            "sort_order": 100,
            "is_active": "on",
        }

        def check():
            assert OrgUnit.objects.get(code="new-zh").path.startswith(dept.path)
    elif page == "unit_edit":
        data = {
            "parent": dept.pk,
            "name": "改名科",
            "code": unit.code,
            "kind": unit.kind,
            "sort_order": 100,
            "is_active": "on",
        }

        def check():
            assert OrgUnit.objects.get(pk=unit.pk).name == "改名科"
    elif page == "unit_grants":
        data = {"action": "grant", "username": other.username}

        def check():
            assert UserObjectPermission.objects.filter(user=other, object_pk=str(unit.pk)).exists()
    elif page == "person_create":
        data = {
            "username": "newbie",
            "name": "新同事",
            "mobile": "",
            "email": "",
            "password": "Lanshan#2026x",
            "password2": "Lanshan#2026x",
        }

        def check():
            assert User.objects.filter(username="newbie", kind="staff").exists()
    elif page == "person_edit":
        data = {"name": "改名人", "mobile": person.mobile, "email": ""}

        def check():
            assert User.objects.get(pk=person.pk).name == "改名人"
    elif page == "person_posts":
        data = {
            "action": "assign",
            "unit": unit.pk,
            "role": role(RoleCode.LEADER).pk,
            "title": "副科长",
        }

        def check():
            assert Post.objects.filter(user=person, unit=unit, role__code="leader").exists()
    elif page == "org_calendar":
        data = {"action": "set", "date": "2031-10-01", "kind": "holiday", "name": "国庆节"}

        def check():
            assert CalendarDay.objects.filter(date="2031-10-01", is_working_day=False).exists()
    else:  # pragma: no cover - a row in the table without a request here is a test bug
        raise AssertionError(f"no change request for {page}")
    return url, data, check


def _history_rows() -> int:
    return sum(
        model.history.count() for model in (OrgUnit, User, Post, CalendarDay, UserObjectPermission)
    )


def _login(client, user: User | None) -> None:
    if user is not None:
        client.force_login(user, backend="platform_core.auth_backends.StaffBackend")


@pytest.mark.parametrize(("page", "side", "action", "actor", "expected"), CASES)
def test_permission_matrix(client, world, page, side, action, actor, expected):
    url, data, check = _request(world, page, side, action)
    _login(client, world.actors[actor])
    before = _history_rows()

    response = client.get(url) if data is None else client.post(url, data)

    if expected == "lgn":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("platform_core:staff_login"))
    else:
        body = response.content.decode()
        assert response.status_code == int(expected), body[body.find('id="main"') :][:3000]
    if data is not None:
        if expected == "302":
            assert not response["Location"].startswith(reverse("platform_core:staff_login"))
            check()
            assert _history_rows() > before
        else:
            assert _history_rows() == before


def test_matrix_covers_every_role_and_page():
    """Every RoleCode is a column, and every organisation URL name appears in the table."""
    assert {str(code) for code in RoleCode} <= {case[3] for case in CASES}
    from platform_core.urls import org as org_urls

    named = {p.name for p in org_urls.urlpatterns}
    # Activation switches are POST-only buttons on the person page, tested in test_org_views;
    # the code tables (数据字典) have their role rows in the HTTP matrix (codes_*, code_*) and
    # their rules in test_code_views.
    elsewhere = {"person_activate", "person_deactivate"} | {
        "code_tables",
        "code_table_detail",
        "code_entry_create",
        "code_entry_edit",
        "code_entry_retire",
        "code_entry_restore",
    }
    assert named - elsewhere == {case[0] for case in CASES}


def test_citizen_never_gets_a_back_office_page(client, world):
    _login(client, world.actors["citizen"])
    for page, side, _action, _actor, _expected in CASES:
        url, _data, _check = _request(world, page, side, "view")
        assert client.get(url).status_code == 403, url


def test_act_in_unit_grant_lets_clerk_see_other_department(client, world):
    clerk = world.actors[str(RoleCode.WINDOW_CLERK)]
    secadmin = world.actors[str(RoleCode.SECURITY_ADMIN)]
    _login(client, clerk)
    detail_b = reverse("platform_core:person_detail", args=[world.person_b.pk])
    people = reverse("platform_core:people_list")

    assert client.get(detail_b).status_code == 404
    assert "乙科员" not in client.get(people).content.decode()
    assert (
        client.get(reverse("platform_core:unit_detail", args=[world.section_b.pk])).status_code
        == 404
    )

    services.unit_grant(user=clerk, unit=world.dept_b, by=secadmin)

    assert client.get(detail_b).status_code == 200
    assert "乙科员" in client.get(people).content.decode()
    # The grant covers everything below department B, as a post there would.
    response = client.get(reverse("platform_core:unit_detail", args=[world.section_b.pk]))
    assert response.status_code == 200
    assert "乙科员" in response.content.decode()

    services.unit_revoke(user=clerk, unit=world.dept_b, by=secadmin)
    assert client.get(detail_b).status_code == 404
