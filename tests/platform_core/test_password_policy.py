"""Password policy: length, character classes, no reuse of the last five, 90-day change."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from platform_core.forms.staff_auth import StaffPasswordChangeForm
from platform_core.models import PasswordHistory, User
from tests.factories import DEFAULT_PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db

CHANGE_URL = reverse("platform_core:password_change")
HOME_URL = reverse("platform_core:office_home")


def change(user, old, new):
    form = StaffPasswordChangeForm(
        user, data={"old_password": old, "new_password1": new, "new_password2": new}
    )
    if form.is_valid():
        form.save()
    return form


def post_change(client, old, new):
    return client.post(
        CHANGE_URL, {"old_password": old, "new_password1": new, "new_password2": new}
    )


def test_too_short_is_refused(client):
    staff = StaffFactory()
    client.force_login(staff)
    response = post_change(client, DEFAULT_PASSWORD, "Ab1!x")
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    staff.refresh_from_db()
    assert staff.check_password(DEFAULT_PASSWORD)


def test_too_few_character_classes_is_refused(client):
    staff = StaffFactory()
    client.force_login(staff)
    response = post_change(client, DEFAULT_PASSWORD, "onlylowercase2024")
    assert response.status_code == 200
    assert "至少三类" in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(DEFAULT_PASSWORD)


def test_wrong_old_password_is_refused(client):
    staff = StaffFactory()
    client.force_login(staff)
    response = post_change(client, "Not@thePass1", "Fresh#Pass2026")
    assert "原密码不正确" in response.content.decode()


def test_each_of_last_five_refused_and_sixth_back_allowed():
    staff = StaffFactory()  # DEFAULT_PASSWORD is the first in its history
    passwords = [DEFAULT_PASSWORD] + [f"Cycle#{n}pass" for n in range(1, 6)]
    for old, new in zip(passwords, passwords[1:], strict=False):
        assert change(staff, old, new).is_valid(), new
    current = passwords[-1]
    assert PasswordHistory.objects.filter(user=staff).count() == settings.PASSWORD_HISTORY_COUNT
    for reused in passwords[1:]:  # the five most recent, including the current one
        form = change(staff, current, reused)
        assert not form.is_valid(), reused
        assert "最近 5 次" in str(form.errors)
    # Six changes back: allowed again.
    assert change(staff, current, passwords[0]).is_valid()
    staff.refresh_from_db()
    assert staff.check_password(passwords[0])


def test_change_keeps_the_user_logged_in_and_records_time(client):
    staff = StaffFactory(password_changed_at=timezone.now() - datetime.timedelta(days=10))
    client.force_login(staff)
    response = post_change(client, DEFAULT_PASSWORD, "Brand#New2026")
    assert response.status_code == 302
    assert response["Location"] == HOME_URL
    assert client.session[SESSION_KEY] == str(staff.pk)
    assert client.get(HOME_URL).status_code == 200
    staff.refresh_from_db()
    assert staff.check_password("Brand#New2026")
    assert timezone.now() - staff.password_changed_at < datetime.timedelta(minutes=1)


def test_expired_password_redirects_until_changed(client):
    staff = StaffFactory()
    User.objects.filter(pk=staff.pk).update(
        password_changed_at=timezone.now() - datetime.timedelta(days=91)
    )
    client.force_login(staff)
    response = client.get(HOME_URL)
    assert response.status_code == 302
    assert response["Location"] == CHANGE_URL + "?expired=1"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "超过 90 天未修改" in page.content.decode()
    # Other back-office pages are closed too.
    assert client.get(reverse("platform_core:audit_logins")).status_code == 302
    response = post_change(client, DEFAULT_PASSWORD, "Renewed#2026pw")
    assert response.status_code == 302
    assert client.get(HOME_URL).status_code == 200


def test_password_page_needs_a_staff_login(client):
    response = client.get(CHANGE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("platform_core:staff_login"))
