"""Staff login, logout, lockout, session expiry and the login audit rows they write."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY, login
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory
from django.urls import reverse

from platform_core.constants import LoginEventKind, UserKind
from platform_core.models import LoginEvent, User
from tests.factories import DEFAULT_PASSWORD, CitizenFactory, StaffFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("platform_core:staff_login")
IP = "10.1.2.3"


def post_login(client, username, password, **extra):
    data = {"username": username, "password": password}
    if "next" in extra:
        data["next"] = extra.pop("next")
    return client.post(LOGIN_URL, data, REMOTE_ADDR=IP, **extra)


def test_login_page_is_a_chinese_login_card(client):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "工作人员登录" in html
    assert "csrfmiddlewaretoken" in html
    assert "<script" not in html and 'style="' not in html


def test_staff_login_success_redirects_home_and_writes_event(client):
    staff = StaffFactory()
    agent = "Mozilla/5.0 " + "x" * 400
    response = post_login(client, staff.username, DEFAULT_PASSWORD, HTTP_USER_AGENT=agent)
    assert response.status_code == 302
    assert response["Location"] == reverse("platform_core:office_home")
    assert client.session[SESSION_KEY] == str(staff.pk)
    event = LoginEvent.objects.get(kind=LoginEventKind.LOGIN)
    assert event.user == staff
    assert event.username == staff.username
    assert event.user_kind == UserKind.STAFF
    assert event.method == "password"
    assert event.ip_address == IP
    assert len(event.user_agent) == 255 and event.user_agent.startswith("Mozilla/5.0")
    staff.refresh_from_db()
    assert staff.last_login is not None


def test_login_does_not_add_an_empty_user_history_row(client):
    staff = StaffFactory()
    before = staff.history.count()
    post_login(client, staff.username, DEFAULT_PASSWORD)
    assert staff.history.count() == before


def test_login_follows_safe_next_and_ignores_foreign_next(client):
    staff = StaffFactory()
    audit = reverse("platform_core:audit_logins")
    response = post_login(client, staff.username, DEFAULT_PASSWORD, next=audit)
    assert response["Location"] == audit
    client.post(reverse("platform_core:staff_logout"))
    response = post_login(client, staff.username, DEFAULT_PASSWORD, next="https://evil.example/")
    assert response["Location"] == reverse("platform_core:office_home")


def test_wrong_password_shows_error_and_writes_failed_event(client):
    staff = StaffFactory()
    response = post_login(client, staff.username, "Wrong@pass1")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    assert SESSION_KEY not in client.session
    event = LoginEvent.objects.get()
    assert event.kind == LoginEventKind.FAILED
    assert event.user == staff and event.username == staff.username
    assert event.ip_address == IP


def test_unknown_user_failure_keeps_typed_name(client):
    post_login(client, "no-such-person", "Whatever@1")
    event = LoginEvent.objects.get()
    assert event.kind == LoginEventKind.FAILED
    assert event.user is None and event.username == "no-such-person"
    assert event.user_kind == ""


def test_citizen_with_password_cannot_log_in_at_staff_login(client):
    citizen = CitizenFactory()
    citizen.set_password(DEFAULT_PASSWORD)
    citizen.save()
    response = post_login(client, citizen.username, DEFAULT_PASSWORD)
    assert response.status_code == 200
    assert "公众用户账号，不能登录工作人员后台" in response.content.decode()
    assert SESSION_KEY not in client.session
    event = LoginEvent.objects.get()
    assert event.kind == LoginEventKind.FAILED and event.user == citizen
    assert event.user_kind == UserKind.CITIZEN


def test_citizen_cannot_use_admin_or_office(client):
    citizen = CitizenFactory()
    citizen.set_password(DEFAULT_PASSWORD)
    citizen.save()
    # Not through the admin's own login form either.
    client.post(
        reverse("admin:login"),
        {"username": citizen.username, "password": DEFAULT_PASSWORD, "next": "/admin/"},
    )
    assert SESSION_KEY not in client.session
    client.force_login(citizen)
    for url in ("/admin/", "/admin/platform_core/user/", "/office/", "/office/audit/logins/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"].startswith("/admin/login/"), url


def test_lockout_after_failure_limit_gives_429_and_locked_event(client):
    staff = StaffFactory()
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert post_login(client, staff.username, "Wrong@pass1").status_code == 200
    response = post_login(client, staff.username, "Wrong@pass1")
    assert response.status_code == 429
    assert "账号已锁定" in response.content.decode()
    assert LoginEvent.objects.filter(kind=LoginEventKind.LOCKED, user=staff).exists()
    assert LoginEvent.objects.filter(kind=LoginEventKind.FAILED).count() == limit
    # Even the right password is refused while locked.
    response = post_login(client, staff.username, DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    assert not LoginEvent.objects.filter(kind=LoginEventKind.LOGIN).exists()


def test_lockout_is_per_address(client):
    staff = StaffFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, staff.username, "Wrong@pass1")
    response = client.post(
        LOGIN_URL,
        {"username": staff.username, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="10.9.9.9",
    )
    assert response.status_code == 302


def test_logout_is_post_only_and_writes_event(client):
    staff = StaffFactory()
    post_login(client, staff.username, DEFAULT_PASSWORD)
    logout_url = reverse("platform_core:staff_logout")
    assert client.get(logout_url).status_code == 405
    assert SESSION_KEY in client.session
    response = client.post(logout_url, REMOTE_ADDR=IP)
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert SESSION_KEY not in client.session
    event = LoginEvent.objects.get(kind=LoginEventKind.LOGOUT)
    assert event.user == staff and event.ip_address == IP


def test_staff_session_idle_expiry_is_set_at_login(client):
    staff = StaffFactory()
    response = post_login(client, staff.username, DEFAULT_PASSWORD)
    assert client.get(reverse("platform_core:office_home")).status_code == 200
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_IDLE_SECONDS
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.STAFF_SESSION_IDLE_SECONDS
    assert settings.STAFF_SESSION_IDLE_SECONDS < settings.CITIZEN_SESSION_IDLE_SECONDS


def test_sms_login_method_is_recorded():
    """The citizen SMS login marks the request; the audit row keeps the method."""
    citizen = CitizenFactory()
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="192.0.2.8")
    SessionMiddleware(lambda r: None).process_request(request)
    request.login_method = "sms"
    login(request, citizen, backend="platform_core.auth_backends.CitizenSessionBackend")
    event = LoginEvent.objects.get(kind=LoginEventKind.LOGIN)
    assert event.method == "sms"
    assert event.user_kind == UserKind.CITIZEN
    assert event.ip_address == "192.0.2.8"


def test_forwarded_address_used_only_behind_configured_proxy(client, settings):
    staff = StaffFactory()
    forwarded = {"HTTP_X_FORWARDED_FOR": "1.1.1.1, 203.0.113.7"}
    post_login(client, staff.username, "Wrong@pass1", **forwarded)
    assert LoginEvent.objects.latest("id").ip_address == IP
    settings.AXES_IPWARE_PROXY_COUNT = 1
    post_login(client, staff.username, "Wrong@pass1", **forwarded)
    assert LoginEvent.objects.latest("id").ip_address == "203.0.113.7"


def test_inactive_staff_cannot_log_in(client):
    staff = StaffFactory(is_active=False)
    response = post_login(client, staff.username, DEFAULT_PASSWORD)
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert User.objects.get(pk=staff.pk).last_login is None


def test_one_address_trying_many_user_names_is_throttled(client, settings):
    """Credential stuffing: 8 user names x 1 wrong password from one address were all evaluated
    (django-axes counts per user name and address). Now the address is refused after 6."""
    assert settings.STAFF_LOGIN_IP_FAILURE_RATE == "6/10m"  # the default
    staff = [StaffFactory() for _ in range(8)]
    statuses = [post_login(client, s.username, "Wrong@pass1").status_code for s in staff]
    assert statuses == [200] * 6 + [429] * 2
    refused = post_login(client, staff[0].username, DEFAULT_PASSWORD)
    assert refused.status_code == 429  # even the right password: the address is throttled
    assert "本机登录失败次数过多" in refused.content.decode()
    assert 0 < int(refused["Retry-After"]) <= 600
    assert LoginEvent.objects.filter(kind=LoginEventKind.FAILED).count() == 6
    # Another address is not affected.
    other = client.post(
        LOGIN_URL,
        {"username": staff[0].username, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="10.9.9.9",
    )
    assert other.status_code == 302


def test_successful_logins_do_not_count_against_the_address(client, settings):
    """An office behind one NAT address: its staff logging in never throttle it."""
    settings.STAFF_LOGIN_IP_FAILURE_RATE = "2/10m"
    for _ in range(5):
        staff = StaffFactory()
        assert post_login(client, staff.username, DEFAULT_PASSWORD).status_code == 302
        client.post(reverse("platform_core:staff_logout"), REMOTE_ADDR=IP)


def test_the_address_behind_our_proxy_is_counted(client, settings):
    """Behind nginx (PROXY_COUNT=1) every request comes from nginx: the limit counts the client."""
    settings.STAFF_LOGIN_IP_FAILURE_RATE = "2/10m"
    settings.AXES_IPWARE_PROXY_COUNT = 1
    staff = StaffFactory()

    def attempt(client_address):
        return client.post(
            LOGIN_URL,
            {"username": staff.username, "password": "Wrong@pass1"},
            REMOTE_ADDR="172.18.0.2",
            HTTP_X_FORWARDED_FOR=client_address,
        ).status_code

    assert [attempt("203.0.113.7") for _ in range(3)] == [200, 200, 429]
    assert attempt("203.0.113.8") == 200


def test_idle_expiry_is_renewed_at_most_once_a_minute(client):
    """Renewing the expiry writes the session row: not on every request, but once the last
    renewal is a minute old (the idle limit then holds to within a minute)."""
    from django.contrib.sessions.models import Session

    from platform_core.middleware import RENEWED_KEY

    staff = StaffFactory()
    post_login(client, staff.username, DEFAULT_PASSWORD)
    home = reverse("platform_core:office_home")
    client.get(home)
    key = client.session.session_key
    first = Session.objects.get(pk=key).expire_date
    assert client.get(home).status_code == 200
    assert Session.objects.get(pk=key).expire_date == first  # not written again
    session = client.session
    session[RENEWED_KEY] -= 61  # the last renewal was 61 seconds ago
    session.save()
    written = Session.objects.get(pk=key).expire_date
    response = client.get(home)
    assert Session.objects.get(pk=key).expire_date > written
    assert int(response.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == (
        settings.STAFF_SESSION_IDLE_SECONDS
    )


def test_permissions_of_person_groups_and_roles_are_read_in_one_query(
    dept_a, django_assert_num_queries
):
    from django.contrib.auth.models import Group, Permission

    from platform_core.constants import RoleCode
    from tests.factories import staff_with_role

    staff = staff_with_role(RoleCode.SYSTEM_ADMIN, dept_a)
    own = Permission.objects.get(codename="view_loginevent")
    group = Group.objects.create(name="审计查看")
    group.permissions.add(Permission.objects.get(codename="view_notification"))
    staff.user_permissions.add(own)
    staff.groups.add(group)
    staff = User.objects.get(pk=staff.pk)
    from platform_core.permissions import user_posts

    user_posts(staff)  # posts are read once per request anyway
    with django_assert_num_queries(1):
        perms = staff.get_all_permissions()
        assert staff.has_perm("platform_core.view_loginevent")
        assert staff.has_perm("platform_core.view_notification")
        assert not staff.has_perm("platform_core.no_such_permission")
    role_perms = set(
        Permission.objects.filter(role__code=RoleCode.SYSTEM_ADMIN).values_list(
            "codename", flat=True
        )
    )
    assert role_perms and {p.split(".", 1)[1] for p in perms} >= role_perms | {
        "view_loginevent",
        "view_notification",
    }
