"""Issue 17, browser journey (mail and address book): a clerk mails a colleague and an outside
address, with an attachment and a read receipt; the outside copy arrives at a real local SMTP
server; the colleague reads it on a phone and the clerk sees the receipt; then the clerk finds a
colleague by the pinyin initials of the name in the address book.

People are created in Python; everything else is clicking.
"""

import re

import pytest

from oa.services.contacts import contact_update
from platform_core.constants import RoleCode
from tests.browser import assert_no_horizontal_scroll, shot
from tests.factories import OrgUnitFactory, staff_with_role
from tests.smtp import smtp_server_fixture  # noqa: F401 (the `smtp_server` fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBJECT = "关于报送2026年度安全生产工作总结的通知"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(gov, dept_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    office = OrgUnitFactory(parent=gov, name="县政府办公室", code="zfb")
    staff_with_role(RoleCode.REVIEW_CLERK, office, name="周敏", username="zhoumin")
    colleague = staff_with_role(RoleCode.REVIEW_CLERK, office, name="黄磊", username="huanglei")
    zm = staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="张明", username="zhangming")
    contact_update(by=zm, office_phone="0746-8823456", room="402", mobile_scope="unit")
    return colleague


def test_clerk_mails_a_colleague_and_an_outside_address_then_finds_by_pinyin(
    live_server, staff_login, people, smtp_server
):
    url = live_server.url
    clerk = staff_login("zhoumin")

    # 1. Write: a colleague (picked as the address book writes them) and an outside address.
    clerk.goto(url + "/office/oa/mail/")
    clerk.locator("#mail-compose").click()
    clerk.locator("#id_to").fill("黄磊 <huanglei>；zhang.san@example.cn")
    clerk.locator("#id_subject").fill(SUBJECT)
    clerk.locator("#id_body").fill("各位同事：\n请于12月20日前报送本单位安全生产工作总结。")
    clerk.set_input_files(
        "#id_files", files=[{"name": "报送模板.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    clerk.get_by_label("要求已读回执").check()
    shot(clerk, "oa-mail-compose-desktop")
    clerk.locator("#mail-send").click()
    assert "邮件已发送" in clerk.locator(".messages").inner_text()
    assert SUBJECT in clerk.locator("main").inner_text()

    # 2. The outside copy arrived at the SMTP server, once.
    received = smtp_server.wait_for(1)
    assert len(received) == 1
    assert received[0]["To"] == "zhang.san@example.cn"
    assert received[0]["Subject"].strip() == SUBJECT  # a long header is folded
    assert "安全生产工作总结" in received[0].get_body(preferencelist=("plain",)).get_content()
    # The attachment goes out with it, as its own MIME part.
    [attached] = received[0].iter_attachments()
    assert attached.get_filename() == "报送模板.pdf" and attached.get_content() == PDF

    # 3. The colleague sees one unread message in the top bar and reads it on a phone.
    phone = staff_login("huanglei", phone=True)
    assert phone.locator("#mail-unread-count").inner_text() == "1"
    phone.goto(url + "/office/oa/mail/")
    assert_no_horizontal_scroll(phone)
    phone.get_by_role("link", name=SUBJECT).click()
    assert "请于12月20日前报送" in phone.locator(".mail-body").inner_text()
    assert phone.get_by_role("link", name="报送模板.pdf").is_visible()
    assert_no_horizontal_scroll(phone)
    shot(phone, "oa-mail-read-phone")
    phone.goto(url + "/office/oa/mail/")
    assert phone.locator("#mail-unread-count").inner_text() == "0"

    # 4. The clerk sees the receipt: the colleague has read it.
    clerk.goto(url + "/office/oa/mail/box/sent/")
    clerk.get_by_role("link", name=SUBJECT).click()
    receipts = clerk.locator("table").inner_text()
    assert "黄磊" in receipts and "已读" in receipts

    # 5. The address book: "zm" finds 张明 of another unit, whose mobile is for their unit only.
    clerk.goto(url + "/office/oa/contacts/")
    clerk.locator("#id_q").fill("zm")
    clerk.locator("#contact-search").click()
    clerk.wait_for_url(re.compile(r"q=zm"))
    table = clerk.locator(".contacts-table").inner_text()
    assert "张明" in table and "0746-8823456" in table and "仅本单位可见" in table
    shot(clerk, "oa-contacts-pinyin-desktop")
    # From the address book straight to a new message.
    clerk.locator(".contacts-table tr", has_text="张明").get_by_role("link", name="写邮件").click()
    assert clerk.locator("#id_to").input_value() == "张明 <zhangming>"
