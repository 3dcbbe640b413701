"""Issue 17, browser journey (the helper's part): a clerk drafts a notice with the shared editor
and sends it for approval; the section head finds the review in the inbox and approves it; a
colleague reads it on a phone from the office home; the clerk sees who has read it and who has
not, and reminds the rest. Then the section head makes the duty roster over National Day
(2026-10-01..08, from the platform holiday calendar) and checks it on a phone.
"""

import pytest

from oa.services.notices import ensure_route
from platform_core.constants import RoleCode
from tests.browser import assert_no_horizontal_scroll, shot
from tests.factories import OrgUnitFactory, staff_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于做好2026年国庆节期间值班工作的通知"


@pytest.fixture
def office(gov):
    office = OrgUnitFactory(parent=gov, name="县政府办公室", code="zfb")
    ensure_route(by=staff_with_role(RoleCode.SYSTEM_ADMIN, gov, username="majunjie"))
    staff_with_role(RoleCode.REVIEW_CLERK, office, name="周敏", username="zhoumin")
    staff_with_role(RoleCode.REVIEW_CLERK, office, name="黄磊", username="huanglei")
    staff_with_role(RoleCode.REVIEW_CLERK, office, name="孙倩", username="sunqian")
    staff_with_role(RoleCode.SECTION_HEAD, office, name="刘芳", username="liufang")
    return office


def _message(page) -> str:
    return page.locator(".messages").inner_text()


def test_notice_after_approval_and_national_day_roster(live_server, staff_login, office):
    url = live_server.url

    # 1. The clerk drafts the notice in the shared editor and sends it for approval.
    clerk = staff_login("zhoumin")
    clerk.goto(url + "/office/oa/notices/new/")
    clerk.locator("#id_unit").select_option(label=office.name)
    clerk.locator("#id_title").fill(TITLE)
    clerk.wait_for_function("() => document.querySelector('#id_body')?.richtextEditor")
    clerk.evaluate(
        "html => document.querySelector('#id_body').richtextEditor.setHtml(html)",
        "<p>各单位：</p><p>国庆节期间实行24小时值班和领导带班制度，请保持通讯畅通。</p>",
    )
    clerk.locator("#save-notice").click()
    assert "已保存草稿" in _message(clerk)
    detail = clerk.url
    clerk.locator("#notice-submit").click()
    assert "已送审核" in _message(clerk)

    # 2. The section head finds the review in the unified inbox and approves it.
    head = staff_login("liufang")
    head.goto(url + "/office/inbox/")
    assert head.locator("li.inbox-row", has_text=TITLE).count() == 1
    head.goto(detail)
    head.locator("#notice-approve").click()
    assert "已审核" in _message(head)
    assert "已发布" in head.locator("article.notice .meta").inner_text()

    # 3. A colleague sees it among the new notices on the office home (phone) and reads it.
    colleague = staff_login("huanglei", phone=True)
    block = colleague.locator("#block-oanotices")
    assert TITLE in block.inner_text()
    block.get_by_role("link", name=TITLE).click()
    assert "24小时值班" in colleague.locator(".richtext").inner_text()
    assert_no_horizontal_scroll(colleague)

    # 4. The clerk sees who has read it and who has not, and reminds the rest.
    clerk.goto(detail)
    # The section head read it while approving; the author's own visits do not count.
    assert "已读 2 人，未读 1 人" in clerk.locator("#read-summary").inner_text()
    readers = clerk.locator("#read-list").inner_text()
    assert "黄磊" in readers and "刘芳" in readers and "周敏" not in readers
    unread = clerk.locator("#unread-list").inner_text()
    assert "孙倩" in unread and "黄磊" not in unread
    shot(clerk, "oa-notice-reads")
    clerk.locator("#notice-remind").click()
    assert "已提醒" in _message(clerk)

    # 5. The section head makes the National Day roster and checks it on a phone.
    head.goto(url + "/office/oa/duty/new/")
    head.locator("#id_unit").select_option(label=office.name)
    head.locator("#id_title").fill("2026年国庆节值班表")
    head.locator("#id_start").fill("2026-10-01")
    head.locator("#id_end").fill("2026-10-08")
    head.locator("#id_phone").fill("0746-2220000")
    for name in ("周敏", "黄磊", "孙倩"):
        head.locator("#id_officers").get_by_label(name).check()
    head.locator("#id_leaders").get_by_label("刘芳").check()
    head.get_by_role("button", name="生成值班表").click()
    assert "已生成值班表" in _message(head)
    roster = head.url
    phone = staff_login("sunqian", phone=True)
    phone.goto(roster)
    first = phone.locator('tr[data-date="2026-10-01"]').inner_text()
    assert "国庆节" in first and "白班" in first and "夜班" in first
    seventh = phone.locator('tr[data-date="2026-10-07"]').inner_text()
    assert "法定节假日" in seventh
    eighth = phone.locator('tr[data-date="2026-10-08"]').inner_text()
    assert "工作日" in eighth and "白班" not in eighth
    shot(phone, "oa-duty-national-day-phone")
    assert_no_horizontal_scroll(phone)
