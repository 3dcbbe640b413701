"""Issue 16 in a real browser, on the demo county of `manage.py load_demo`.

A citizen on a 375-px phone writes a complaint with a photo, proving the mobile by SMS code, and
gets a case number and query code. The interaction office finds it in the unified inbox and assigns
it to the wrong department, which returns it with a reason; the office reassigns it to the
department the routing rule suggests. The handler inserts a knowledge-base suggestion into the
reply and submits it; the office's reviewer approves it for the public. The reply appears on the
published 政民互动 channel with the name masked. The citizen rates it 不满意; the case reopens, is
answered again, and is rated 满意. Screenshots: test-artifacts/screenshots/interaction-*.png.
"""

import re

import pytest
from django.core.management import call_command

from interaction.models import Case
from platform_core.demo_data import DEMO_PASSWORD
from tests.browser import DESKTOP, PHONE, _context, assert_no_horizontal_scroll, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOBILE = "13974619999"
TITLE = "舜乡路超市销售过期酸奶"
OFFICE_CLERK, REVIEWER = "liqing", "zhoumin"
WRONG_HANDLER, HANDLER = "qinli", "caiming"  # 县住房和城乡建设局, 县市场监督管理局
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def people(browser, live_server):
    contexts = []

    def staff(username: str):
        context = _context(browser, DESKTOP)
        contexts.append(context)
        page = context.new_page()
        page.goto(live_server.url + "/office/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(DEMO_PASSWORD)
        page.get_by_role("button", name=re.compile(r"登\s*录")).click()
        page.wait_for_url(re.compile(r"/office/$"))
        return page

    def phone():
        context = _context(browser, PHONE, is_mobile=True, has_touch=True)
        contexts.append(context)
        return context.new_page()

    staff.phone = phone
    yield staff
    for context in contexts:
        context.close()


def _body(page) -> str:
    return page.locator("body").inner_text()


def _open_from_inbox(page, url: str, number: str, action: str) -> None:
    page.goto(url + "/office/inbox/")
    row = page.locator("li.inbox-row", has_text=number)
    assert row.count() == 1, _body(page)
    assert action in row.inner_text()
    row.get_by_role("link").first.click()
    page.wait_for_url(re.compile(rf"/office/interaction/cases/{number}/$"))


def _reply(page, url: str, number: str) -> None:
    _open_from_inbox(page, url, number, "办理答复")
    suggestions = page.locator(".zmhd-knowledge li")
    assert suggestions.count() >= 1, _body(page)
    assert "过期食品" in suggestions.first.inner_text()
    suggestions.first.get_by_role("button", name="插入答复").click()
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_url(re.compile(rf"/cases/{number}/$"))
    assert "答复已提交审核" in _body(page)


def _approve(page, url: str, number: str) -> None:
    _open_from_inbox(page, url, number, "审核答复")
    form = page.locator("form[action$='/review/']")
    form.get_by_label("同意发布").check()
    form.get_by_label(re.compile("在网站公开")).check()
    form.get_by_role("button", name="提交").click()
    assert "答复已审核发布" in _body(page)


def _rate(phone, url: str, number: str, code: str, score: str) -> None:
    phone.goto(url + "/zmhd/cx/")
    phone.get_by_label("来件编号").fill(number)
    phone.get_by_label("查询码").fill(code)
    phone.get_by_role("button", name="查询").click()
    phone.wait_for_url(re.compile(rf"/zmhd/cx/{number}/$"))
    assert_no_horizontal_scroll(phone)
    phone.get_by_label(score, exact=True).check()
    phone.get_by_role("button", name="提交评议").click()
    assert "感谢您的评议" in _body(phone)


def test_complaint_from_phone_to_published_reply_and_second_handling(
    live_server, people, sms_outbox, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLISH_ROOT = tmp_path / "site"
    call_command("load_demo", verbosity=0)
    url = live_server.url

    # 1. A citizen writes on a phone: the SMS code comes, the form keeps what was typed.
    phone = people.phone()
    phone.goto(url + "/zmhd/xj/")
    assert_no_horizontal_scroll(phone)
    form = phone.locator("main form")
    form.get_by_label("类型", exact=True).select_option("complaint")
    form.get_by_label("问题分类").select_option(label="市场监管 / 食品安全")
    form.get_by_label("标题", exact=True).fill(TITLE)
    form.get_by_label("内容", exact=True).fill(
        "舜乡路一家超市冷柜里的酸奶已过保质期三天仍在销售，请尽快查处。"
    )
    form.get_by_label("所在乡镇（街道）").select_option(label="城关镇")
    form.get_by_label("详细地址", exact=True).fill("舜乡路88号")
    form.get_by_label(re.compile("同意在网站公开")).check()
    form.get_by_label("姓名", exact=True).fill("王小明")
    form.get_by_label("手机号码", exact=True).fill(MOBILE)
    form.get_by_role("button", name="获取验证码").click()
    assert "验证码已发送" in _body(phone)
    assert phone.get_by_label("标题", exact=True).input_value() == TITLE
    code = re.search(r"验证码为(\d{6})", sms_outbox[-1].text).group(1)
    phone.get_by_label("短信验证码").fill(code)
    phone.locator("input[name=attachments]").set_input_files(
        {"name": "photo.png", "mimeType": "image/png", "buffer": PNG}
    )
    shot(phone, "interaction-submit-phone")
    phone.get_by_role("button", name="提交", exact=True).click()
    phone.wait_for_url(re.compile(r"/zmhd/xj/done/$"))
    assert_no_horizontal_scroll(phone)
    shot(phone, "interaction-submitted-phone")
    number = phone.locator("#case-number").inner_text()
    query_code = phone.locator("#query-code").inner_text()
    case = Case.objects.get(number=number)
    assert case.attachments.count() == 1 and case.mobile == MOBILE
    assert any(query_code in m.text for m in sms_outbox), "no query code by SMS"

    # 2. The office assigns it to the wrong department, which returns it.
    office = people(OFFICE_CLERK)
    _open_from_inbox(office, url, number, "分办交办")
    assert "县市场监督管理局" in office.locator("#suggested").inner_text()
    assign = office.locator("form[action$='/assign/']")
    assign.get_by_label("承办单位").select_option(label="县住房和城乡建设局")
    assign.get_by_role("button", name="交办").click()
    assert "已交办县住房和城乡建设局" in _body(office)
    wrong = people(WRONG_HANDLER)
    _open_from_inbox(wrong, url, number, "办理答复")
    wrong.locator("form[action$='/return/'] textarea").fill("食品安全属市场监管局职责。")
    wrong.get_by_role("button", name="退回", exact=True).click()
    assert "已退回政民互动办公室" in _body(wrong)

    # 3. The office reassigns it to the suggested department (with a note, as asked).
    _open_from_inbox(office, url, number, "分办交办")
    assert "食品安全属市场监管局职责" in _body(office)
    assign = office.locator("form[action$='/assign/']")
    assign.get_by_label("承办单位").select_option(label="县市场监督管理局")
    assign.get_by_role("button", name="交办").click()
    assert "已交办县市场监督管理局" in _body(office)

    # 4. The handler answers with a knowledge-base suggestion; the reviewer approves it.
    handler = people(HANDLER)
    _reply(handler, url, number)
    shot(handler, "interaction-handler-desktop")
    reviewer = people(REVIEWER)
    _approve(reviewer, url, number)
    case.refresh_from_db()
    assert case.status == "replied" and "过期食品" in case.replies.get().body

    # 5. The published channel page and the case page show the reply, name masked.
    channel = phone.context.new_page()
    channel.goto(url + "/zmhd/")
    assert TITLE in _body(channel)
    channel.get_by_role("link", name=TITLE).click()
    channel.wait_for_url(re.compile(rf"/zmhd/hf/{number}/$"))
    text = _body(channel)
    assert (
        "王**" in text and "王小明" not in text and MOBILE not in text and "舜乡路88号" not in text
    )
    assert_no_horizontal_scroll(channel)
    shot(channel, "interaction-public-case-phone")

    # 6. 不满意 reopens the case; the second answer is rated 满意.
    _rate(phone, url, number, query_code, "不满意")
    case.refresh_from_db()
    assert case.status == "assigned" and case.round == 2
    _reply(handler, url, number)
    _approve(reviewer, url, number)
    _rate(phone, url, number, query_code, "满意")
    case.refresh_from_db()
    assert case.status == "closed"
    assert list(case.ratings.order_by("round").values_list("score", flat=True)) == [
        "unsatisfied",
        "satisfied",
    ]
