"""Issue 13 in a real browser, on a 375-px phone: a citizen asked for a correction (补正) opens the
form and finds it filled in as sent, with the table's rows, the date range and the region picker
(省/市/县/乡镇, which region.js must not empty on load), then sends it back unchanged."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from approval.constants import AppStatus
from approval.services import acceptance
from approval.services import applications as app_services
from platform_core.constants import RoleCode
from tests.approval.test_prefill import SAVED, build_canteen_item, prepared
from tests.browser import assert_no_horizontal_scroll, shot
from tests.factories import CitizenFactory, staff_with_role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("divisions"),
]


def test_a_correction_opens_filled_in_on_a_phone(live_server, phone_page, gov, dept_a):
    item = build_canteen_item(staff_with_role(RoleCode.SYSTEM_ADMIN, gov), dept_a)
    clerk = staff_with_role(RoleCode.WINDOW_CLERK, dept_a, name="窗口甲")
    citizen = CitizenFactory(name="张三丰", mobile="13812345678")
    application, _code = app_services.application_submit(
        application=prepared(item, citizen), user=citizen
    )
    acceptance.application_request_correction(
        application=application, by=clerk, items=["从业人员健康证明未上传"]
    )
    client = Client()
    client.force_login(citizen)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page = phone_page
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )

    page.goto(f"{live_server.url}/service/my/applications/{application.number}/resubmit/")
    page.wait_for_load_state("load")  # region.js has run: it must not have emptied the picker
    for name, value in {
        "company": "蓝山县好味餐饮店",
        "period_0": "2026-01-01",
        "period_1": "2030-12-31",
        "area_0": "430000",
        "area_1": "431100",
        "area_2": "431127",
        "area_3": "431127100",
        "t_staff-0-name": "张三",
        "t_staff-1-post": "食品安全管理员",
        "t_staff-1-term_0": "2025-03-01",
        "t_staff-1-term_1": "2027-02-28",
    }.items():
        expect(page.locator(f'[name="{name}"]')).to_have_value(value)
    expect(page.locator('[name="area_3"] option:checked')).to_have_text("塔峰镇")
    expect(page.get_by_role("radio", name="否")).to_be_checked()
    assert_no_horizontal_scroll(page)
    shot(page, "approval-correction-prefilled-phone")

    page.get_by_label("补正说明").fill("已补健康证明")
    page.get_by_role("button", name="提交补正").click()
    page.wait_for_url(re.compile(rf"/{application.number}/$"))
    application.refresh_from_db()
    assert application.status == AppStatus.SUBMITTED
    assert application.submission.data == SAVED
