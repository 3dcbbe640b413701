"""Django admin: who may enter, citizen accounts never staff, audit data read-only."""

import sys
import types

import pytest
from django.contrib import admin
from django.db import IntegrityError, transaction
from django.urls import reverse

from platform_core.admin import StaffUserChangeForm
from platform_core.constants import Channel, LoginEventKind, OutboxStatus, UnitKind
from platform_core.models import LoginEvent, Notification, OrgUnit, User
from portal.models import SiteSettings
from tests.factories import CitizenFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superadmin():
    return StaffFactory(is_staff=True, is_superuser=True, username="root", name="超级管理员")


def test_every_model_is_registered():
    from django.apps import apps

    for model in apps.get_app_config("platform_core").get_models():
        if model.__name__ in {"PasswordHistory", "SmsCode", "HistoricalRole_permissions"}:
            assert not admin.site.is_registered(model)  # secrets / part of the role history
        else:
            assert admin.site.is_registered(model), model
    assert admin.site.is_registered(SiteSettings)
    assert admin.site.is_registered(OrgUnit.history.model)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/platform_core/user/",
        "/admin/platform_core/user/add/",
        "/admin/platform_core/citizenprofile/",
        "/admin/platform_core/orgunit/",
        "/admin/platform_core/orgunit/add/",
        "/admin/platform_core/role/",
        "/admin/platform_core/post/",
        "/admin/platform_core/calendarday/",
        "/admin/platform_core/notification/",
        "/admin/platform_core/loginevent/",
        "/admin/platform_core/historicalorgunit/",
        "/admin/portal/sitesettings/",
    ],
)
def test_admin_pages_open_for_staff_administrator(client, superadmin, gov, url):
    client.force_login(superadmin)
    assert client.get(url).status_code == 200


def test_staff_without_is_staff_cannot_enter_admin(client):
    client.force_login(StaffFactory())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_citizen_cannot_be_made_staff_in_admin_form():
    citizen = CitizenFactory()
    form = StaffUserChangeForm(
        instance=citizen,
        data={
            "username": citizen.username,
            "name": citizen.name,
            "kind": "citizen",
            "mobile": citizen.mobile,
            "is_active": "on",
            "is_staff": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
        },
    )
    assert not form.is_valid()
    assert "公众用户不能设为" in str(form.errors["is_staff"])
    # And the database refuses it whatever the code path.
    citizen.is_staff = True
    with pytest.raises(IntegrityError), transaction.atomic():
        citizen.save()


def test_citizen_change_through_admin_shows_message_not_500(client, superadmin):
    citizen = CitizenFactory()
    client.force_login(superadmin)
    url = reverse("admin:platform_core_user_change", args=[citizen.pk])
    response = client.post(
        url,
        {
            "username": citizen.username,
            "name": citizen.name,
            "kind": "citizen",
            "mobile": citizen.mobile,
            "email": "",
            "is_active": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
        },
    )
    assert response.status_code == 200
    assert "公众用户不能设为" in response.content.decode()
    citizen.refresh_from_db()
    assert not citizen.is_superuser


def test_login_events_are_read_only_in_admin(client, superadmin):
    event = LoginEvent.objects.create(username="x", kind=LoginEventKind.FAILED)
    client.force_login(superadmin)
    change_url = reverse("admin:platform_core_loginevent_change", args=[event.pk])
    assert client.get(change_url).status_code == 200  # view only
    client.post(change_url, {"username": "forged", "kind": "login"})
    assert LoginEvent.objects.get(pk=event.pk).username == "x"
    assert client.get(reverse("admin:platform_core_loginevent_add")).status_code == 403
    delete_url = reverse("admin:platform_core_loginevent_delete", args=[event.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    model_admin = admin.site._registry[LoginEvent]
    request = type("R", (), {"user": superadmin})()
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)


def test_history_admin_is_read_only(superadmin):
    for model, model_admin in admin.site._registry.items():
        if model.__name__.startswith("Historical"):
            request = type("R", (), {"user": superadmin})()
            assert not model_admin.has_add_permission(request)
            assert not model_admin.has_change_permission(request)
            assert not model_admin.has_delete_permission(request)


def test_orgunit_added_through_treebeard_admin_records_history_user(client, superadmin, gov):
    client.force_login(superadmin)
    response = client.post(
        reverse("admin:platform_core_orgunit_add"),
        {
            "name": "县教育局",
            "short_name": "",
            "code": "jyj",
            "uscc": "",
            "kind": UnitKind.DEPARTMENT,
            "sort_order": 100,
            "phone": "",
            "address": "",
            "is_active": "on",
            "treebeard_position": "sorted-child",
            "treebeard_ref_node": gov.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = OrgUnit.objects.get(code="jyj")
    assert OrgUnit.objects.get_parent(unit) == gov
    assert unit.history.latest().history_user == superadmin


def test_notification_resend_action_calls_the_service(client, superadmin, monkeypatch):
    calls = []
    try:
        import platform_core.services.notifications as service
    except ImportError:  # written by another module; stand in for it
        service = types.ModuleType("platform_core.services.notifications")
        monkeypatch.setitem(sys.modules, "platform_core.services.notifications", service)
    monkeypatch.setattr(
        service,
        "notification_resend",
        lambda *, notification: calls.append(notification.pk),
        raising=False,
    )
    failed = Notification.objects.create(
        channel=Channel.SMS,
        address="13900000000",
        subject="提醒",
        body="内容",
        status=OutboxStatus.FAILED,
    )
    sent = Notification.objects.create(
        channel=Channel.SMS,
        address="13900000001",
        subject="提醒",
        body="内容",
        status=OutboxStatus.SENT,
    )
    client.force_login(superadmin)
    response = client.post(
        reverse("admin:platform_core_notification_changelist"),
        {"action": "resend", "_selected_action": [failed.pk, sent.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert calls == [failed.pk]
    assert "已重新发送 1 条消息" in response.content.decode()


def test_site_settings_single_row_never_deleted(client, superadmin):
    SiteSettings.load()
    client.force_login(superadmin)
    assert client.get(reverse("admin:portal_sitesettings_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:portal_sitesettings_delete", args=[1]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert SiteSettings.objects.count() == 1


def test_citizen_gets_no_password_in_admin_add_form(client, superadmin):
    client.force_login(superadmin)
    response = client.post(
        reverse("admin:platform_core_user_add"),
        {
            "username": "c_13700000000",
            "name": "市民丙",
            "kind": "citizen",
            "mobile": "13700000000",
            "email": "",
            "usable_password": "true",
            "password1": "Strong#Pass2026",
            "password2": "Strong#Pass2026",
        },
    )
    assert response.status_code == 200
    assert "不能设置密码" in response.content.decode()
    assert not User.objects.filter(username="c_13700000000").exists()


def _admin_user(code):
    from platform_core.constants import RoleCode
    from platform_core.services.roles import roles_sync
    from tests.factories import root_unit, staff_with_role

    roles_sync()
    return staff_with_role(RoleCode(code), root_unit(), is_staff=True)


@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        # The system administrator keeps the configuration (三员分立: not credentials).
        ("system_admin", "/admin/approval/licensingitem/", 200),
        ("system_admin", "/admin/approval/licensingitem/add/", 200),
        ("system_admin", "/admin/approval/supervisionrule/", 200),
        ("system_admin", "/admin/platform_core/clockpolicy/", 200),
        ("system_admin", "/admin/portal/channel/", 200),
        ("system_admin", "/admin/portal/sensitiveword/", 200),
        ("system_admin", "/admin/portal/article/", 200),
        ("system_admin", "/admin/portal/sitesettings/", 200),
        ("system_admin", "/admin/approval/apiclient/", 403),
        # The security administrator: the systems that call the API, and lockouts.
        ("security_admin", "/admin/approval/apiclient/", 200),
        ("security_admin", "/admin/axes/accessattempt/", 200),
        ("security_admin", "/admin/approval/licensingitem/", 403),
        ("security_admin", "/admin/portal/channel/", 403),
    ],
)
def test_admin_follows_the_three_roles(client, role, url, status):
    client.force_login(_admin_user(role))
    assert client.get(url).status_code == status


def test_articles_are_read_only_in_admin(client):
    client.force_login(_admin_user("system_admin"))
    page = client.get("/admin/portal/article/").content.decode()
    assert "/admin/portal/article/add/" not in page
