"""Organisation services: every rule, the actor on each history row, refusals."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from guardian.models import UserObjectPermission

from platform_core import permissions
from platform_core.constants import RoleCode, UnitKind
from platform_core.models import CalendarDay, OrgUnit, Post, User
from platform_core.selectors import org as selectors
from platform_core.services import org as services
from tests.factories import StaffFactory, role, staff_with_role

GOOD_PASSWORD = "Lanshan#2026x"


def fresh(user: User) -> User:
    """The user as a new request would load it: no cached scope or permissions."""
    return User.objects.get(pk=user.pk)


# --- Units ----------------------------------------------------------------------------------------


def test_unit_create_records_actor(sysadmin, dept_a):
    unit = services.unit_create(
        parent=dept_a, by=sysadmin, name="综合科", code="scjg-zh", kind=UnitKind.SECTION
    )
    assert unit.is_descendant_of(dept_a)
    assert unit.path.startswith(dept_a.path)
    record = unit.history.latest()
    assert record.history_type == "+"
    assert record.history_user == sysadmin


def test_unit_create_rejects_duplicate_code(sysadmin, dept_a):
    with pytest.raises(ValidationError) as exc:
        services.unit_create(parent=dept_a, by=sysadmin, name="重复", code="scjg", kind="section")
    assert "code" in exc.value.message_dict


@pytest.mark.parametrize(
    "code", [RoleCode.SECURITY_ADMIN, RoleCode.AUDIT_ADMIN, RoleCode.SECTION_HEAD]
)
def test_unit_create_refused_without_system_admin(code, gov, dept_a):
    actor = staff_with_role(code, dept_a)
    before = OrgUnit.objects.count()
    with pytest.raises(PermissionDenied):
        services.unit_create(parent=dept_a, by=actor, name="综合科", code="x1", kind="section")
    assert OrgUnit.objects.count() == before


def test_unit_update_records_actor_and_resorts(sysadmin, gov, dept_a, dept_b):
    # dept_a (code scjg) sorts before dept_b (code zrzy) with equal sort_order.
    assert dept_a.path < dept_b.path
    services.unit_update(unit=dept_a, by=sysadmin, name="县市场监管局", sort_order=200)
    dept_a.refresh_from_db()
    dept_b.refresh_from_db()
    assert dept_a.name == "县市场监管局"
    assert dept_a.path > dept_b.path  # moved behind dept_b in display order
    assert dept_a.history.latest().history_user == sysadmin


def test_unit_update_validates(sysadmin, dept_a):
    with pytest.raises(ValidationError) as exc:
        services.unit_update(unit=dept_a, by=sysadmin, uscc="123")
    assert "uscc" in exc.value.message_dict
    dept_a.refresh_from_db()
    assert dept_a.uscc == ""


def test_unit_move_moves_subtree_and_records_actor(sysadmin, dept_a, dept_b, section_a):
    services.unit_move(unit=section_a, new_parent=dept_b, by=sysadmin)
    section_a.refresh_from_db()
    dept_a.refresh_from_db()
    dept_b.refresh_from_db()
    assert section_a.path.startswith(dept_b.path)
    assert dept_a.numchild == 0
    assert dept_b.numchild == 1
    record = section_a.history.latest()
    assert record.history_user == sysadmin
    assert "县自然资源局" in record.history_change_reason


def test_unit_move_refuses_own_descendant(sysadmin, dept_a, section_a):
    with pytest.raises(ValidationError):
        services.unit_move(unit=dept_a, new_parent=section_a, by=sysadmin)
    with pytest.raises(ValidationError):
        services.unit_move(unit=dept_a, new_parent=dept_a, by=sysadmin)
    section_a.refresh_from_db()
    assert section_a.path.startswith(dept_a.path)


def test_unit_move_refused_for_security_admin(secadmin, dept_b, section_a):
    with pytest.raises(PermissionDenied):
        services.unit_move(unit=section_a, new_parent=dept_b, by=secadmin)


# --- Staff ----------------------------------------------------------------------------------------


def test_staff_create(sysadmin):
    person = services.staff_create(
        by=sysadmin,
        username="zhangsan",
        name="张三",
        mobile="13900001111",
        email="zs@example.cn",
        password=GOOD_PASSWORD,
    )
    person = fresh(person)
    assert person.kind == "staff"
    assert person.check_password(GOOD_PASSWORD)
    assert person.password_changed_at is None  # must change the initial password at first login
    assert person.history.earliest().history_user == sysadmin


@pytest.mark.parametrize("password", ["short1A", "alllowercase", "zhangsan2026"])
def test_staff_create_enforces_password_policy(sysadmin, password):
    with pytest.raises(ValidationError) as exc:
        services.staff_create(
            by=sysadmin,
            username="zhangsan",
            name="张三",
            mobile="",
            email="",
            password=password,
        )
    assert "password" in exc.value.message_dict
    assert not User.objects.filter(username="zhangsan").exists()


def test_staff_create_rejects_duplicates(sysadmin):
    existing = StaffFactory(mobile="13900002222")
    with pytest.raises(ValidationError) as exc:
        services.staff_create(
            by=sysadmin,
            username=existing.username,
            name="李四",
            mobile="13900002222",
            email="",
            password=GOOD_PASSWORD,
        )
    assert "username" in exc.value.message_dict


def test_staff_create_refused_for_security_admin(secadmin):
    with pytest.raises(PermissionDenied):
        services.staff_create(
            by=secadmin, username="x", name="x", mobile="", email="", password=GOOD_PASSWORD
        )


def test_staff_update_and_deactivate(sysadmin, dept_a):
    person = staff_with_role(RoleCode.WINDOW_CLERK, dept_a)
    services.staff_update(person=person, by=sysadmin, name="王五", email="ww@example.cn")
    services.staff_deactivate(person=person, by=sysadmin)
    person.refresh_from_db()
    assert person.name == "王五"
    assert not person.is_active
    assert User.objects.filter(pk=person.pk).exists()  # never deleted
    assert [h.history_user for h in person.history.all()[:2]] == [sysadmin, sysadmin]
    services.staff_activate(person=person, by=sysadmin)
    person.refresh_from_db()
    assert person.is_active


def test_staff_update_rejects_bad_mobile(sysadmin, dept_a):
    person = staff_with_role(RoleCode.WINDOW_CLERK, dept_a)
    with pytest.raises(ValidationError) as exc:
        services.staff_update(person=person, by=sysadmin, mobile="12345")
    assert "mobile" in exc.value.message_dict


def test_staff_deactivate_refuses_self(sysadmin):
    with pytest.raises(ValidationError):
        services.staff_deactivate(person=sysadmin, by=sysadmin)


def test_staff_update_refused_for_section_head(dept_a):
    head = staff_with_role(RoleCode.SECTION_HEAD, dept_a)
    clerk = staff_with_role(RoleCode.WINDOW_CLERK, dept_a)
    with pytest.raises(PermissionDenied):
        services.staff_update(person=clerk, by=head, name="改名")
    with pytest.raises(PermissionDenied):
        services.staff_deactivate(person=clerk, by=head)


# --- Posts ----------------------------------------------------------------------------------------


def test_post_assign_gives_scope_and_records_actor(secadmin, dept_a, dept_b):
    clerk = staff_with_role(RoleCode.REVIEW_CLERK, dept_a)
    assert not permissions.unit_in_scope(clerk, dept_b)
    post = services.post_assign(
        user=clerk, unit=dept_b, role=role(RoleCode.REVIEW_CLERK), by=secadmin, is_primary=False
    )
    assert post.history.latest().history_user == secadmin
    # The service cleared the cached scope on the object it was given.
    assert permissions.unit_in_scope(clerk, dept_b)


def test_post_assign_refuses_duplicate_active_post(secadmin, dept_a):
    clerk = staff_with_role(RoleCode.REVIEW_CLERK, dept_a)
    with pytest.raises(ValidationError):
        services.post_assign(user=clerk, unit=dept_a, role=role(RoleCode.REVIEW_CLERK), by=secadmin)


def test_post_assign_keeps_security_roles_apart(secadmin, gov):
    sysadmin = staff_with_role(RoleCode.SYSTEM_ADMIN, gov)
    with pytest.raises(ValidationError) as exc:
        services.post_assign(user=sysadmin, unit=gov, role=role(RoleCode.AUDIT_ADMIN), by=secadmin)
    assert "role" in exc.value.message_dict


@pytest.mark.parametrize("code", [RoleCode.SYSTEM_ADMIN, RoleCode.LEADER, RoleCode.AUDIT_ADMIN])
def test_post_assign_refused_without_assign_post(code, gov, dept_a):
    actor = staff_with_role(code, gov)
    clerk = staff_with_role(RoleCode.WINDOW_CLERK, dept_a)
    with pytest.raises(PermissionDenied):
        services.post_assign(user=clerk, unit=dept_a, role=role(RoleCode.LEADER), by=actor)
    assert clerk.posts.count() == 1


def test_post_assign_refuses_self(secadmin, gov):
    with pytest.raises(PermissionDenied):
        services.post_assign(user=secadmin, unit=gov, role=role(RoleCode.LEADER), by=secadmin)


def test_post_assign_refuses_citizen_and_inactive(secadmin, dept_a):
    from tests.factories import CitizenFactory

    citizen = CitizenFactory()
    with pytest.raises(ValidationError):
        services.post_assign(
            user=citizen, unit=dept_a, role=role(RoleCode.WINDOW_CLERK), by=secadmin
        )
    inactive = StaffFactory(is_active=False)
    with pytest.raises(ValidationError):
        services.post_assign(
            user=inactive, unit=dept_a, role=role(RoleCode.WINDOW_CLERK), by=secadmin
        )
    assert not Post.objects.filter(user__in=[citizen, inactive]).exists()


def test_post_end(secadmin, dept_a):
    clerk = staff_with_role(RoleCode.REVIEW_CLERK, dept_a)
    post = clerk.posts.get()
    ended = services.post_end(post=post, by=secadmin)
    assert ended.end_date == timezone.localdate()
    assert ended.history.latest().history_user == secadmin
    with pytest.raises(ValidationError):
        services.post_end(post=post, by=secadmin)


def test_post_end_yesterday_removes_scope(secadmin, dept_a):
    clerk = staff_with_role(RoleCode.REVIEW_CLERK, dept_a)
    post = clerk.posts.get()
    Post.objects.filter(pk=post.pk).update(start_date=datetime.date(2024, 1, 1))
    post.refresh_from_db()
    services.post_end(post=post, by=secadmin, end_date=timezone.localdate() - datetime.timedelta(1))
    assert not permissions.unit_in_scope(fresh(clerk), dept_a)


def test_post_end_before_start_refused(secadmin, dept_a):
    clerk = staff_with_role(RoleCode.REVIEW_CLERK, dept_a)
    with pytest.raises(ValidationError):
        services.post_end(post=clerk.posts.get(), by=secadmin, end_date=datetime.date(2000, 1, 1))


def test_post_end_refused_for_system_admin(sysadmin, dept_a):
    clerk = staff_with_role(RoleCode.REVIEW_CLERK, dept_a)
    with pytest.raises(PermissionDenied):
        services.post_end(post=clerk.posts.get(), by=sysadmin)
    assert clerk.posts.get().end_date is None


# --- Unit grants ----------------------------------------------------------------------------------


def test_unit_grant_and_revoke(secadmin, dept_a, dept_b):
    clerk = staff_with_role(RoleCode.WINDOW_CLERK, dept_a)
    grant = services.unit_grant(user=clerk, unit=dept_b, by=secadmin)
    assert grant.history.latest().history_user == secadmin
    assert permissions.unit_in_scope(fresh(clerk), dept_b)
    # Granting twice keeps one row.
    services.unit_grant(user=clerk, unit=dept_b, by=secadmin)
    assert UserObjectPermission.objects.filter(user=clerk).count() == 1
    assert list(selectors.unit_grants(dept_b).values_list("user", flat=True)) == [clerk.pk]

    assert services.unit_revoke(user=clerk, unit=dept_b, by=secadmin) is True
    assert not permissions.unit_in_scope(fresh(clerk), dept_b)
    deleted = UserObjectPermission.history.filter(history_type="-").get()
    assert deleted.history_user == secadmin
    assert services.unit_revoke(user=clerk, unit=dept_b, by=secadmin) is False


def test_unit_grant_refused_for_system_admin(sysadmin, dept_a, dept_b):
    clerk = staff_with_role(RoleCode.WINDOW_CLERK, dept_a)
    with pytest.raises(PermissionDenied):
        services.unit_grant(user=clerk, unit=dept_b, by=sysadmin)
    assert not UserObjectPermission.objects.exists()


# --- Calendar -------------------------------------------------------------------------------------


def test_calendar_day_set_update_delete(sysadmin):
    day = services.calendar_day_set(
        date=datetime.date(2031, 10, 1), is_working_day=False, name="国庆节", by=sysadmin
    )
    assert day.history.latest().history_user == sysadmin
    again = services.calendar_day_set(
        date=datetime.date(2031, 10, 1), is_working_day=False, name="国庆节假期", by=sysadmin
    )
    assert again.pk == day.pk
    assert CalendarDay.objects.get().name == "国庆节假期"
    services.calendar_day_delete(day=again, by=sysadmin)
    assert not CalendarDay.objects.exists()
    assert CalendarDay.history.filter(history_type="-").get().history_user == sysadmin


@pytest.mark.parametrize("code", [RoleCode.SECURITY_ADMIN, RoleCode.SUPERVISOR])
def test_calendar_refused_for_others(code, gov, sysadmin):
    actor = staff_with_role(code, gov)
    with pytest.raises(PermissionDenied):
        services.calendar_day_set(
            date=datetime.date(2031, 10, 1), is_working_day=False, name="国庆节", by=actor
        )
    day = services.calendar_day_set(
        date=datetime.date(2031, 10, 8), is_working_day=True, name="调休上班", by=sysadmin
    )
    with pytest.raises(PermissionDenied):
        services.calendar_day_delete(day=day, by=actor)
    assert CalendarDay.objects.count() == 1


# --- Selectors ------------------------------------------------------------------------------------


def test_people_visible_to_follows_scope(gov, dept_a, dept_b, section_a):
    head = staff_with_role(RoleCode.SECTION_HEAD, dept_a)
    in_section = staff_with_role(RoleCode.WINDOW_CLERK, section_a)
    in_b = staff_with_role(RoleCode.WINDOW_CLERK, dept_b)
    no_post = StaffFactory()
    visible = set(selectors.people_visible_to(head))
    assert visible == {head, in_section}
    supervisor = staff_with_role(RoleCode.SUPERVISOR, gov)
    assert {head, in_section, in_b, no_post} <= set(selectors.people_visible_to(supervisor))
    for person in (in_section, in_b, no_post):
        assert (person in visible) == permissions.can_on_person(
            head, "platform_core.view_user", person
        )


def test_people_visible_to_search(gov, dept_a):
    supervisor = staff_with_role(RoleCode.SUPERVISOR, gov)
    wang = StaffFactory(name="王小明")
    StaffFactory(name="李大伟")
    assert list(selectors.people_visible_to(supervisor, search="小明")) == [wang]
