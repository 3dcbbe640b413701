"""Issue 14, browser journey 2: a citizen requests information online; the officer confirms it
and asks for clarification (补正), the citizen answers; the officer consults a third party,
asks for an extension which the office head approves (both from their inboxes), and replies
部分公开 with a file; the citizen downloads the sealed reply letter and the file. A late request
shows a red card in the officer's list.

People are created in Python; everything else is clicking.
"""

import datetime
import re
import subprocess

import pytest

from disclosure.constants import RequestStatus
from disclosure.models import DisclosureRequest
from platform_core.constants import RoleCode
from tests.browser import PHONE, _context, assert_no_horizontal_scroll, shot
from tests.disclosure.requests_helpers import register
from tests.factories import CitizenFactory, staff_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(gov, dept_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    officer = staff_with_role(RoleCode.DISCLOSURE_OFFICER, dept_a, name="钟华", username="zhonghua")
    staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="龙海燕", username="longhaiyan")
    CitizenFactory(name="王建军", mobile="13974610101")
    return dept_a, officer


def _message(page, text: str) -> None:
    messages = page.locator(".messages")
    assert messages.count() == 1, page.locator("body").inner_text()
    assert text in messages.inner_text(), messages.inner_text()


def _citizen_login(browser, live_server, mobile: str, outbox):
    context = _context(browser, {"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("手机号码").fill(mobile)
    page.get_by_role("button", name=re.compile("获取验证码")).click()
    code = re.search(r"\d{6}", outbox[-1].text).group(0)
    page.get_by_label("手机号码").fill(mobile)
    page.get_by_label("验证码").fill(code)
    page.get_by_role("button", name=re.compile("^登录")).click()
    page.wait_for_url(re.compile(r"/accounts/$"))
    return page


def _pdf_text(data: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return "".join(result.stdout.decode().split())


def test_request_to_partial_reply_downloaded(browser, live_server, staff_login, people, sms_outbox):
    url = live_server.url
    dept, officer_user = people

    # 1. The citizen applies online.
    citizen = _citizen_login(browser, live_server, "13974610101", sms_outbox)
    citizen.goto(url + "/ysqgk/")
    citizen.locator("#id_unit").select_option(label=dept.name)
    citizen.locator("#id_description").fill("2026年本局食品安全抽检不合格企业的处罚文件")
    citizen.locator("#id_form_wanted").select_option(label="电子文件")
    citizen.locator("#id_delivery_method").select_option(label="网上下载")
    citizen.get_by_role("button", name="提交申请").click()
    _message(citizen, "申请已提交")
    row = DisclosureRequest.objects.get()
    assert citizen.locator("#request-status").inner_text() == "待确认收到"
    mine = citizen.url

    # 2. The officer finds it in the inbox, confirms receipt and asks for clarification.
    officer = staff_login("zhonghua")
    officer.goto(url + "/office/inbox/")
    officer.get_by_role("link", name=re.compile(row.number)).first.click()
    officer.locator("#action-confirm").click()
    _message(officer, "已确认收到申请")
    officer.locator("#id_clarify_items").fill("请写明抽检的批次或时间\n请写明企业名称")
    officer.locator("#id_clarify_answer_days").fill("10")
    officer.locator("#action-clarify").click()
    _message(officer, "已告知申请人补正")
    assert officer.locator("#request-status").inner_text() == "待申请人补正"
    detail = officer.url

    # 3. The citizen answers.
    citizen.goto(mine)
    assert "请写明企业名称" in citizen.locator("main").inner_text()
    citizen.locator("#id_answer").fill("2026年第三季度抽检，企业为蓝山县某某食品有限公司")
    citizen.locator("#submit-answer").click()
    _message(citizen, "补正已提交")
    assert citizen.locator("#request-status").inner_text() == "办理中"

    # 4. The officer consults the third party and records its objection.
    officer.goto(detail)
    officer.locator("#id_consult_third_party").fill("蓝山县某某食品有限公司")
    officer.locator("#id_consult_matter").fill("处罚决定书中贵公司的经营数据是否同意公开？")
    officer.locator("#action-consult").click()
    _message(officer, "已发函征求第三方意见")
    officer.locator("#id_consulted_outcome").select_option(label="不同意公开")
    officer.locator("#id_consulted_note").fill("经营数据属于商业秘密")
    officer.locator("#action-consulted").click()
    _message(officer, "已登记第三方意见")

    # 5. Extension: asked by the officer, approved by the head from the inbox.
    officer.locator("#id_extend_days").fill("10")
    officer.locator("#id_extend_reason").fill("需要调取执法案卷并作区分处理")
    officer.locator("#action-extend").click()
    _message(officer, "已报负责人审批延期")
    head = staff_login("longhaiyan")
    head.goto(url + "/office/inbox/")
    assert "审批延期答复" in head.locator("main").inner_text()
    head.get_by_role("link", name=re.compile(row.number)).first.click()
    head.locator("#id_decide_approve").select_option(label="同意延期")
    head.locator("#action-decide").click()
    _message(head, "已审批延期申请")
    row.refresh_from_db()
    assert row.extended_days == 10

    # 6. The officer uploads the public part and replies 部分公开.
    officer.goto(detail)
    officer.set_input_files(
        "#id_file_file",
        files=[{"name": "处罚决定书（删减版）.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    officer.locator("#id_file_pages").fill("2")
    officer.locator("#action-file").click()
    _message(officer, "已上传文件")
    officer.locator("#id_reply_outcome").select_option(label="部分公开")
    officer.get_by_label("不予公开：保护第三方合法权益").check()
    officer.locator("#id_reply_reply_text").fill("处罚决定书中的企业经营数据涉及商业秘密，已删除。")
    officer.locator("#action-reply").click()
    _message(officer, "已答复申请人")
    shot(officer, "disclosure-request-detail-desktop")
    row.refresh_from_db()
    assert row.status == RequestStatus.REPLIED and row.outcome == "partial"

    # 7. The citizen sees the reply and downloads the letter and the file.
    citizen.goto(mine)
    assert "部分公开" in citizen.locator("#request-outcome").inner_text()
    letter_href = citizen.get_by_role(
        "link", name=re.compile("政府信息公开申请答复书")
    ).get_attribute("href")
    response = citizen.request.get(url + letter_href)
    assert response.ok and response.body().startswith(b"%PDF-")
    text = _pdf_text(response.body())
    assert "第三十七条" in text and "行政复议" in text and row.number in text
    file_href = citizen.get_by_role("link", name="处罚决定书（删减版）.pdf").get_attribute("href")
    download = citizen.request.get(url + file_href)
    assert download.ok and download.body() == PDF
    citizen.get_by_label("5星").check()
    citizen.locator("#submit-rate").click()
    _message(citizen, "感谢您的评价")

    # The citizen's page on a 375-px phone.
    phone = _context(browser, PHONE, is_mobile=True, has_touch=True)
    phone.add_cookies(citizen.context.cookies())
    small = phone.new_page()
    small.goto(mine)
    assert_no_horizontal_scroll(small)
    shot(small, "disclosure-request-mine-phone")
    phone.close()

    # 8. A late request shows a red card in the officer's list.
    late, _code = register(officer_user, dept, datetime.date(2026, 10, 12))
    officer.goto(url + "/office/disclosure/requests/")
    late_row = officer.locator("tr", has_text=late.number)
    assert "红牌" in late_row.inner_text()
    citizen.context.close()
