"""Rate limits, lockout and session expiry, in one place.

tests/platform_core and tests/approval already check the first 429 of the SMS-code, citizen-login
and progress-lookup endpoints and the basic staff lockout; this module covers the rest: public
submission, limits being per address (or per person) rather than global, the lockout reaching
Django admin and lifting after its cool-off, and sessions that really end.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from approval.services import items as item_services
from platform_core.constants import RoleCode
from tests.approval.conftest import build_form, build_item, build_route
from tests.factories import DEFAULT_PASSWORD, CitizenFactory, StaffFactory, staff_with_role

IP_A, IP_B = "203.0.113.7", "198.51.100.9"


def _is_429_page(response):
    text = response.content.decode()
    return response.status_code == 429 and "操作过于频繁" in text


# --- Public submission ---------------------------------------------------------------------------


@pytest.fixture
def item(gov, dept_a):
    admin = staff_with_role(RoleCode.SYSTEM_ADMIN, gov)
    build_form(admin)
    build_route(admin)
    return item_services.item_publish(item=build_item(admin, dept_a), by=admin)


@pytest.mark.django_db
def test_public_submission_is_limited_per_person(client, item, citizen):
    url = f"/service/items/{item.code}/apply/"
    client.force_login(citizen)
    data = {"action": "save", "company": "蓝山县好味餐饮店", "address": "城关镇1号"}
    codes = [client.post(url, data, REMOTE_ADDR=IP_A).status_code for _ in range(10)]
    assert codes == [302] * 10
    refused = client.post(url, data, REMOTE_ADDR=IP_A)
    assert _is_429_page(refused)
    # The refusal page is a normal page of ours: security headers, no traceback.
    assert "script-src 'self'" in refused["Content-Security-Policy"]
    # Reading still works, and another person at the same address may still submit.
    assert client.get(url).status_code == 200
    other = Client()
    other.force_login(CitizenFactory())
    assert other.post(url, data, REMOTE_ADDR=IP_A).status_code == 302


# --- Per-address limits ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_sms_code_limit_is_per_address(client):
    for n in range(5):
        client.post("/accounts/sms-code/", {"mobile": f"1391234{n:04d}"}, REMOTE_ADDR=IP_A)
    assert _is_429_page(
        client.post("/accounts/sms-code/", {"mobile": "13912349999"}, REMOTE_ADDR=IP_A)
    )
    response = Client().post("/accounts/sms-code/", {"mobile": "13912349999"}, REMOTE_ADDR=IP_B)
    assert response.status_code == 302


@pytest.mark.django_db
def test_progress_lookup_limit_is_per_address_and_get_is_free(client):
    data = {"number": "431127-20261009-00001", "code": "123456"}
    for _ in range(10):
        assert client.post("/service/progress/", data, REMOTE_ADDR=IP_A).status_code == 400
    assert _is_429_page(client.post("/service/progress/", data, REMOTE_ADDR=IP_A))
    # Guessing from one address is stopped; the page itself and other addresses are not.
    assert client.get("/service/progress/", REMOTE_ADDR=IP_A).status_code == 200
    assert client.post("/service/progress/", data, REMOTE_ADDR=IP_B).status_code == 400


# --- Staff lockout ------------------------------------------------------------------------------


def _fail_until_locked(client, username):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/office/login/", {"username": username, "password": "Wrong@pass1"}, REMOTE_ADDR=IP_A
        )


@pytest.mark.django_db
def test_lockout_reaches_django_admin_and_spares_other_users(client):
    root = StaffFactory(is_staff=True, is_superuser=True)
    colleague = StaffFactory()
    _fail_until_locked(client, root.username)
    # Locked at the back-office login, the same account cannot get in through /admin/ either.
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": root.username, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR=IP_A,
    )
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    # The lock is on (user name, address): a colleague at the same address still logs in.
    response = client.post(
        "/office/login/",
        {"username": colleague.username, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR=IP_A,
    )
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(colleague.pk)


@pytest.mark.django_db
def test_lockout_lifts_after_cool_off(client):
    staff = StaffFactory()
    _fail_until_locked(client, staff.username)
    good = {"username": staff.username, "password": DEFAULT_PASSWORD}
    assert client.post("/office/login/", good, REMOTE_ADDR=IP_A).status_code == 429
    # 31 minutes later (AXES_COOLOFF_TIME is 30), the right password works again.
    past = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    assert AccessAttempt.objects.filter(username=staff.username).update(attempt_time=past) == 1
    response = client.post("/office/login/", good, REMOTE_ADDR=IP_A)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(staff.pk)
    # A successful login resets the counter (AXES_RESET_ON_SUCCESS).
    assert not AccessAttempt.objects.filter(username=staff.username).exists()


# --- Sessions ------------------------------------------------------------------------------------


def _expire_now(client):
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )


@pytest.mark.django_db
def test_idle_staff_session_ends_and_asks_to_log_in_again(client, clerk):
    client.force_login(clerk)
    assert client.get("/office/").status_code == 200
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_IDLE_SECONDS
    _expire_now(client)  # 30 idle minutes have passed
    response = client.get("/office/")
    assert response.status_code == 302
    assert response["Location"].startswith("/office/login/")


@pytest.mark.django_db
def test_citizen_session_idle_limit_and_expiry(client, citizen):
    client.force_login(citizen)
    assert client.get("/accounts/").status_code == 200
    assert client.session.get_expiry_age() == settings.CITIZEN_SESSION_IDLE_SECONDS
    assert settings.STAFF_SESSION_IDLE_SECONDS < settings.CITIZEN_SESSION_IDLE_SECONDS
    _expire_now(client)
    response = client.get("/accounts/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_logout_kills_the_session_on_the_server(client, citizen):
    client.force_login(citizen)
    stolen = client.cookies["sessionid"].value
    assert client.post("/accounts/logout/").status_code == 302
    assert not Session.objects.filter(session_key=stolen).exists()
    # Replaying the old cookie does not bring the person back.
    replay = Client()
    replay.cookies["sessionid"] = stolen
    assert replay.get("/accounts/").status_code == 302


@pytest.mark.django_db
def test_login_rotates_the_session_key(client, clerk):
    client.get("/office/login/")
    client.session.save()
    before = client.session.session_key
    response = client.post(
        "/office/login/", {"username": clerk.username, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    # Session fixation: a key planted before login is worthless after it.
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()
