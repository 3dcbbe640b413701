"""In headless Chromium: the dashboard shows an overdue case's red card, and its same-origin script
picks up a new case at the next one-minute refresh (Playwright's clock skips the wait)."""

import re

import pytest
from playwright.sync_api import expect

from approval.services import supervision
from platform_core.constants import RoleCode
from tests.approval.conftest import submitted
from tests.approval.test_supervision import accepted, age_clock
from tests.browser import DESKTOP, _context, shot
from tests.factories import DEFAULT_PASSWORD, staff_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_red_card_and_live_refresh(browser, live_server, item, clerk_a, gov):  # noqa: F811
    supervisor = staff_with_role(RoleCode.SUPERVISOR, gov, name="督查员甲")
    late = accepted(item, clerk_a, name="超期申请人")
    age_clock(late, 12)
    supervision.supervision_scan()

    context = _context(browser, DESKTOP)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.clock.install()
    page.goto(live_server.url + "/office/login/")
    page.get_by_label("用户名").fill(supervisor.username)
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=re.compile(r"登\s*录")).click()
    page.wait_for_url(re.compile(r"/office/$"))
    page.goto(live_server.url + "/office/approval/supervision/")
    assert page.locator('[data-metric="overdue"]').inner_text() == "1"
    assert page.locator('[data-metric="red_cards"]').inner_text() == "1"
    page.wait_for_selector(".echart canvas")  # ECharts drew the trend table
    assert page.locator("[data-field='trend'] tbody tr").count() == 30
    assert "县市场监督管理局" in page.locator("table").last.inner_text()
    shot(page, "supervision-dashboard")

    submitted(item, clerk_a, name="新收件")
    # Jump over the minute (each due timer fires once): running every animation frame of the
    # chart through a fake minute would take minutes of real time.
    page.clock.fast_forward(61_000)
    expect(page.locator('[data-metric="received_today"]')).to_have_text("2")
    assert page.locator(".echart").count() == 1  # redrawn in place, not added
    assert page.locator("[data-field='trend'] tbody tr").count() == 30

    # Drill-down from the overdue tile to the case.
    page.locator('a[href$="?metric=overdue"]').click()
    assert late.number in page.locator("table").inner_text()
    assert errors == []  # no CSP violation or script error
    context.close()
