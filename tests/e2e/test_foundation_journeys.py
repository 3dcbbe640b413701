"""Foundation journeys in a real browser: a staff member, a citizen, an administrator."""

import re

import pytest

from platform_core.constants import RoleCode
from platform_core.models import CitizenProfile, LoginEvent
from tests.browser import assert_no_horizontal_scroll, shot
from tests.factories import DEFAULT_PASSWORD, StaffFactory, staff_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_portal_home_on_desktop_and_phone(live_server, page, phone_page):
    for p, name in ((page, "portal-home-desktop"), (phone_page, "portal-home-phone")):
        response = p.goto(live_server.url + "/")
        assert response.status == 200
        assert p.locator("header").count() >= 1 and p.locator("footer").count() >= 1
        assert p.locator("main").count() == 1
        shot(p, name)
    assert_no_horizontal_scroll(phone_page)
    # The large-text switch works without JavaScript and persists across pages.
    phone_page.get_by_role("link", name=re.compile("大字")).first.click()
    phone_page.goto(live_server.url + "/")
    assert "mode-large" in (phone_page.locator("html").get_attribute("class") or "")
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, "portal-home-phone-large")


def test_staff_logs_in_and_sees_the_shell(live_server, page, phone_page, dept_a):
    clerk = staff_with_role(RoleCode.WINDOW_CLERK, dept_a, name="王晓燕", username="wangxy")
    page.goto(live_server.url + "/office/")
    assert "/office/login/" in page.url
    shot(page, "office-login-desktop")
    page.get_by_label("用户名").fill("wangxy")
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=re.compile(r"登\s*录")).click()
    page.wait_for_url(re.compile(r"/office/$"))
    body = page.locator("body").inner_text()
    assert "王晓燕" in body and dept_a.name in body and "窗口受理员" in body
    shot(page, "office-home-desktop")
    assert LoginEvent.objects.filter(user=clerk, kind="login").exists()

    # The same shell on a phone.
    phone_page.goto(live_server.url + "/office/login/")
    phone_page.get_by_label("用户名").fill("wangxy")
    phone_page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    phone_page.get_by_role("button", name=re.compile(r"登\s*录")).click()
    phone_page.wait_for_url(re.compile(r"/office/$"))
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, "office-home-phone")


def test_citizen_registers_and_logs_in_by_sms(live_server, page, sms_outbox):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("手机号码").fill("13912345678")
    page.get_by_role("button", name=re.compile("获取验证码")).click()
    assert sms_outbox, "no SMS was sent"
    code = re.search(r"\d{6}", sms_outbox[-1].text).group(0)
    page.get_by_label("手机号码").fill("13912345678")
    page.get_by_label("验证码").fill(code)
    shot(page, "citizen-login-desktop")
    page.get_by_role("button", name=re.compile("^登录")).click()
    page.wait_for_url(re.compile(r"/accounts/register/"))
    page.get_by_label("姓名").fill("李建国")
    page.get_by_label("居民身份证号").fill("430124199003071232")
    shot(page, "citizen-register-desktop")
    page.get_by_role("button", name=re.compile("注册")).click()
    page.wait_for_url(re.compile(r"/accounts/$"))
    assert "李建国" in page.locator("body").inner_text()
    assert CitizenProfile.objects.filter(id_number="430124199003071232").exists()
    shot(page, "citizen-home-desktop")
    # A citizen session never opens the back office.
    response = page.goto(live_server.url + "/office/")
    assert response.status == 403


def test_administrator_uses_django_admin(live_server, page):
    StaffFactory(username="root", name="超级管理员", is_staff=True, is_superuser=True)
    page.goto(live_server.url + "/admin/")
    page.get_by_label("用户名").fill("root")
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=re.compile(r"登\s*录")).click()
    page.get_by_role("link", name="组织机构").first.click()
    assert page.locator("#content h1").inner_text()
    shot(page, "admin-orgunits-desktop")
