"""Staff pages on a 375-px phone and on a desktop: axe-core finds no serious or critical
violation and no page scrolls sideways (a wide table scrolls inside its own box). The pages are
those of a supervisor and a window clerk with real work on them: a card, a case, an inbox row."""

import re

import pytest

from platform_core.constants import RoleCode
from tests.approval.test_supervision import accepted, age_clock
from tests.browser import DESKTOP, PHONE, _context, horizontal_overflow, shot
from tests.e2e.axe import ensure_axe, run_axe
from tests.factories import DEFAULT_PASSWORD, staff_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "supervisor": [
        "/office/",
        "/office/inbox/",
        "/office/approval/supervision/",
        "/office/approval/supervision/cards/",
        "/office/approval/supervision/cases/",
        "/office/approval/supervision/performance/",
        "/office/org/people/",
    ],
    "clerk": [
        "/office/inbox/",
        "/office/approval/",
        "/office/approval/handling/",
        "/office/cases/new/",
        "/office/delegations/",
    ],
}


@pytest.fixture
def work(item, clerk_a, gov):
    from approval.services import supervision

    supervisor = staff_with_role(RoleCode.SUPERVISOR, gov, name="督查员甲")
    application = accepted(item, clerk_a, name="欧阳明远")
    age_clock(application, 30)
    supervision.supervision_scan()
    return {"supervisor": supervisor, "clerk": clerk_a, "application": application}


def _login(browser, live_server, username, viewport):
    extra = {"is_mobile": True, "has_touch": True} if viewport == PHONE else {}
    context = _context(browser, viewport, bypass_csp=True, **extra)
    page = context.new_page()
    page.goto(live_server.url + "/office/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=re.compile(r"登\s*录")).click()
    page.wait_for_url(re.compile(r"/office/$"))
    return context, page


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_staff_pages_pass_axe_and_fit_a_phone(browser, live_server, work, viewport):
    axe_js = ensure_axe()
    application = work["application"]
    pages = {
        **PAGES,
        "clerk": [*PAGES["clerk"], f"/office/approval/applications/{application.number}/"],
    }
    problems, sideways = {}, {}
    for who, urls in pages.items():
        context, page = _login(browser, live_server, work[who].username, viewport)
        try:
            for url in urls:
                response = page.goto(live_server.url + url)
                assert response.status == 200, (who, url, response.status)
                violations = run_axe(page, axe_js)
                if violations:
                    problems[url] = violations
                overflow = horizontal_overflow(page)
                if overflow > 0:
                    sideways[url] = overflow
                label = "phone" if viewport == PHONE else "desktop"
                shot(page, f"staff-{who}-{url.strip('/').replace('/', '-') or 'home'}-{label}")
        finally:
            context.close()
    assert problems == {}
    assert sideways == {}
