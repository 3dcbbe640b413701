"""Issue 5 in a real browser, on the demo county of `manage.py load_demo`.

A citizen logs in by SMS and applies online for 食品经营许可 (form and two uploads); the window
asks for a correction (一次性告知); the citizen resubmits online; the window accepts; the review
route's two steps are worked by two people (审查, 审核); the leader, from the inbox, grants the
licence; the window
delivers and concludes; the decision PDF carries the licence number and the names, and its QR code
opens the public verification page with the same number, holder and validity; the citizen rates
the service. A supervisor sees the demo's overdue case with its red card on the dashboard.

Each person has their own browser context; key pages are photographed on a desktop and a 375-px
phone (test-artifacts/screenshots/approval-*.png).
"""

import datetime
import re
import subprocess

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from pyzbar.pyzbar import decode

from approval.constants import AppStatus, EventKind
from approval.models import Application, Rating, SupervisionCard
from approval.models.supervision import RuleKind
from platform_core.demo_data import DEMO_PASSWORD
from tests.approval.decision.helpers import pdf_text
from tests.browser import (
    DESKTOP,
    PHONE,
    SHOTS,
    _context,
    assert_no_horizontal_scroll,
    body_text,
    expect_message,
    shot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ITEM = "431127-SC-001"  # 食品经营许可, 县市场监督管理局
CITIZEN_MOBILE = "13974610101"  # 王建军 (platform_core/demo_data.py)
CLERK, REVIEWER, HEAD, LEADER = "tiantian", "caiming", "yuanweimin", "panzhiqiang"
SUPERVISOR = "zhaolijuan"
BUSINESS = "建军家常菜馆"


def _pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": _tiny_pdf(name)}


def _tiny_pdf(title: str) -> bytes:
    """A small valid one-page PDF, so the upload is sniffed as what it claims to be."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n% " + title.encode("ascii", "ignore") + b"\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@pytest.fixture
def people(browser, live_server):
    """Open browser contexts for staff (password) and citizens (SMS code); close them at the end."""
    contexts = []

    def _new(phone=False):
        if phone:
            context = _context(browser, PHONE, is_mobile=True, has_touch=True)
        else:
            context = _context(browser, DESKTOP)
        contexts.append(context)
        return context

    def staff(username: str):
        page = _new().new_page()
        page.goto(live_server.url + "/office/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(DEMO_PASSWORD)
        page.get_by_role("button", name=re.compile(r"登\s*录")).click()
        page.wait_for_url(re.compile(r"/office/$"))
        return page

    def citizen(mobile: str, outbox):
        page = _new().new_page()
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("手机号码").fill(mobile)
        page.get_by_role("button", name=re.compile("获取验证码")).click()
        code = re.search(r"\d{6}", outbox[-1].text).group(0)
        page.get_by_label("手机号码").fill(mobile)
        page.get_by_label("验证码").fill(code)
        page.get_by_role("button", name=re.compile("^登录")).click()
        page.wait_for_url(re.compile(r"/accounts/$"))
        return page

    def phone_of(page):
        """A 375-px phone sharing the session of `page` (same person, second device)."""
        context = _new(phone=True)
        context.add_cookies(page.context.cookies())
        return context.new_page()

    _new.staff, _new.citizen, _new.phone_of = staff, citizen, phone_of
    yield _new
    for context in contexts:
        context.close()


def _both(page, phone, address: str, name: str) -> None:
    """Screenshot a page at desktop size and on the phone; the phone must not scroll sideways."""
    page.goto(address)
    shot(page, f"approval-{name}-desktop")
    phone.goto(address)
    assert_no_horizontal_scroll(phone)
    shot(phone, f"approval-{name}-phone")


def _work_step(page, url: str, number: str, step: str, comment: str, expected: str) -> None:
    page.goto(url + "/office/inbox/")
    row = page.locator("li.inbox-row", has_text=number)
    assert row.count() == 1, body_text(page)
    row.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/office/tasks/\d+/$"))
    assert page.locator("h1").inner_text().startswith(step)
    page.get_by_role("button", name="认领并办理").click()
    page.locator("form[action$='/complete/'] [name=comment]").fill(comment)
    page.locator("form[action$='/complete/']").get_by_role("button", name="提交办理").click()
    page.wait_for_url(re.compile(r"/office/cases/\d+/$"))
    expect_message(page, expected)


def test_citizen_applies_corrects_is_granted_verifies_and_rates(
    live_server, people, sms_outbox, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)
    url = live_server.url
    today = timezone.localdate()

    # 1. The citizen logs in by SMS, finds the item in the hall and applies with two uploads.
    citizen = people.citizen(CITIZEN_MOBILE, sms_outbox)
    citizen_phone = people.phone_of(citizen)
    _both(citizen, citizen_phone, url + f"/service/items/{ITEM}/", "guide")
    _both(citizen, citizen_phone, url + "/service/", "hall")
    citizen.locator("main").get_by_label("搜索事项").fill("食品经营")
    citizen.locator("main").get_by_label("搜索事项").press("Enter")
    citizen.locator("main").get_by_role("link", name="食品经营许可", exact=True).click()
    # The guide is a published page (issue 19): the dynamic address redirects to the file.
    citizen.wait_for_url(re.compile(rf"/bsdt/sx/{ITEM}\.html$"))
    citizen.locator("main").get_by_role("link", name="在线申请").click()
    citizen.wait_for_url(re.compile(r"/apply/$"))
    shot(citizen, "approval-apply-desktop")
    citizen_phone.goto(citizen.url)
    assert_no_horizontal_scroll(citizen_phone)
    shot(citizen_phone, "approval-apply-phone")
    form = citizen.locator("main form[enctype='multipart/form-data']")
    form.locator("[name=business]").fill(BUSINESS)
    form.locator("[name=contact]").fill("王建军")
    form.locator("[name=address]").fill("蓝山县塔峰镇舜峰路8号")
    form.locator("[name=layout]").set_input_files(_pdf("layout.pdf"))
    form.locator("[name=licence_scan]").set_input_files(_pdf("licence.pdf"))
    form.get_by_role("button", name="下一步：确认").click()
    citizen.wait_for_url(re.compile(r"/confirm/$"))
    assert BUSINESS in body_text(citizen)
    shot(citizen, "approval-confirm-desktop")
    citizen.get_by_role("button", name="确认提交").click()
    citizen.wait_for_url(re.compile(r"/service/my/applications/[^/]+/$"))
    number = citizen.url.rstrip("/").rsplit("/", 1)[-1]
    application = Application.objects.get(number=number)
    assert application.status == AppStatus.SUBMITTED and application.applicant_name == "王建军"
    assert application.submission.files.count() == 2
    assert any(number in m.text and "查询码" in m.text for m in sms_outbox), "no number by SMS"
    assert "待受理" in body_text(citizen)

    # 2. The window asks for every correction at once (一次性告知补正).
    clerk = people.staff(CLERK)
    clerk.goto(url + f"/office/approval/applications/{number}/")
    shot(clerk, "approval-clerk-detail-desktop")
    # The clerk opens the uploaded materials from the application page; other departments cannot
    # (the 自然资源局's window: the 政务服务中心's comprehensive window, granted to accept for the
    # 市场监管局, may).
    plan = clerk.get_by_role("link", name="layout.pdf").get_attribute("href")
    download = clerk.request.get(url + plan)
    assert download.ok and download.body() == _tiny_pdf("layout.pdf")
    assert people.staff("qiuxiaoyan").request.get(url + plan).status == 404
    assert people.staff("fengxue").request.get(url + plan).ok
    correction = clerk.locator(f"form[action$='/{number}/correct/']")
    correction.get_by_label("食品安全管理制度文本").check()
    correction.locator("textarea").fill("经营场所平面图未标注操作间面积")
    correction.get_by_role("button", name="出具补正材料通知书").click()
    expect_message(clerk, "补正材料通知书")
    application.refresh_from_db()
    assert application.status == AppStatus.CORRECTION and len(application.correction_items) == 2

    # 3. The citizen reads the list and resubmits online, uploading the corrected plan again.
    _both(citizen, citizen_phone, url + f"/service/my/applications/{number}/", "correction")
    assert "经营场所平面图未标注操作间面积" in body_text(citizen)
    citizen.get_by_role("link", name="补正材料", exact=True).click()
    citizen.wait_for_url(re.compile(r"/resubmit/$"))
    form = citizen.locator("main form[enctype='multipart/form-data']")
    assert form.locator("[name=business]").input_value() == BUSINESS  # carried over
    form.locator("[name=layout]").set_input_files(_pdf("layout-v2.pdf"))
    form.locator("[name=licence_scan]").set_input_files(_pdf("licence.pdf"))
    form.locator("[name=note]").fill("已补充食品安全管理制度文本，平面图已标注面积。")
    shot(citizen, "approval-resubmit-desktop")
    form.get_by_role("button").last.click()
    expect_message(citizen, "补正材料已提交")
    application.refresh_from_db()
    assert application.status == AppStatus.SUBMITTED

    # 4. The window accepts: the review route starts.
    clerk.goto(url + f"/office/approval/applications/{number}/")
    clerk.get_by_role("button", name="受理并出具受理通知书").click()
    expect_message(clerk, "受理通知书")
    application.refresh_from_db()
    assert application.status == AppStatus.ACCEPTED and application.process_id

    # 5. Two review steps, two people: 审查 (review clerk), then 审核 (the section head).
    reviewer = people.staff(REVIEWER)
    _work_step(reviewer, url, number, "审查", "材料齐全，现场核查符合要求。", "已办理")
    head = people.staff(HEAD)
    _work_step(head, url, number, "审核", "同意。", "事项已办结")

    # 6. The decision waits in the leader's inbox with its deadline; its link leads to the
    # handling page, where the leader grants the licence (valid five years).
    leader = people.staff(LEADER)
    leader.goto(url + "/office/inbox/")
    row = leader.locator("li.inbox-row", has_text=number)
    assert row.count() == 1 and "作出许可决定" in row.inner_text(), body_text(leader)
    row.get_by_role("link").first.click()
    leader.wait_for_url(re.compile(rf"/office/approval/handling/{number}/$"))
    assert "待决定" in body_text(leader)
    valid_until = today.replace(year=today.year + 5) - datetime.timedelta(days=1)
    grant = leader.locator(f"form[action$='/{number}/grant/']")
    grant.get_by_label("许可有效期至").fill(valid_until.isoformat())
    grant.get_by_role("button", name="出具准予行政许可决定书").click()
    expect_message(leader, "已作出准予行政许可决定")
    shot(leader, "approval-granted-desktop")
    application.refresh_from_db()
    licence = application.decision.notice.number
    assert application.status == AppStatus.GRANTED and licence.startswith("湘蓝审许")

    # 7. The window records delivery and concludes the case.
    clerk.goto(url + f"/office/approval/handling/{number}/")
    deliver = clerk.locator(f"form[action$='/{number}/deliver/']")
    deliver.get_by_label("送达方式").select_option("electronic")
    deliver.get_by_label("送达日期").fill(today.isoformat())
    deliver.get_by_role("button", name="登记送达").click()
    expect_message(clerk, "已登记送达")
    conclude = clerk.locator(f"form[action$='/{number}/conclude/']")
    conclude.get_by_label("确认办结").check()
    conclude.get_by_role("button", name="办结").click()
    expect_message(clerk, "已办结")
    clerk_phone = people.phone_of(clerk)
    _both(clerk, clerk_phone, url + f"/office/approval/handling/{number}/", "handling")
    kinds = list(application.events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.SUBMIT,
        EventKind.CORRECTION,
        EventKind.RESUBMIT,
        EventKind.ACCEPT,
        EventKind.REVIEW_DONE,
        EventKind.GRANT,
        EventKind.DELIVER,
        EventKind.CONCLUDE,
    ]

    # 8. The decision PDF: licence number, holder, item and department in its text.
    _both(citizen, citizen_phone, url + f"/service/my/applications/{number}/", "concluded")
    link = citizen.get_by_role("link", name=re.compile(re.escape(licence)))
    response = citizen.request.get(url + link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    data = response.body()
    text = pdf_text(data)
    flat = re.sub(r"\s+", "", text)
    for expected in (licence, "王建军", "食品经营许可", "县市场监督管理局", "准予行政许可决定书"):
        assert expected in flat, (expected, text)
    (SHOTS / "approval-decision.pdf").write_bytes(data)

    # 9. Its QR code (decoded from the rendered page) opens the verification page.
    prefix = tmp_path / "decision"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-", str(prefix)],
        input=data,
        check=True,
    )
    (image,) = tmp_path.glob("decision*.png")
    codes = decode(Image.open(image))
    assert len(codes) == 1, codes
    target = codes[0].data.decode()
    assert "/service/verify/" in target
    citizen.goto(target)
    verified = body_text(citizen)
    assert "核验通过" in verified and licence in verified and "王*军" in verified
    assert valid_until.strftime("%Y-%m-%d") in verified and "食品经营许可" in verified
    shot(citizen, "approval-verify-desktop")
    citizen_phone.goto(target)
    assert_no_horizontal_scroll(citizen_phone)
    shot(citizen_phone, "approval-verify-phone")

    # 10. The citizen rates the service.
    citizen.goto(url + f"/service/my/applications/{number}/")
    citizen.get_by_role("link", name="服务评价").click()
    citizen.get_by_label("非常满意").check()
    citizen.get_by_label("意见建议").fill("一次告知补正很清楚，网上就办完了。")
    shot(citizen, "approval-rate-desktop")
    citizen.get_by_role("button", name="提交评价").click()
    expect_message(citizen, "感谢您的评价")
    rating = Rating.objects.get(application=application)
    assert rating.score == 5 and rating.follow_up is None

    # 11. The supervisor sees the demo's overdue case with its red card on the dashboard.
    overdue = SupervisionCard.objects.get(rule__kind=RuleKind.OVERDUE).application
    supervisor = people.staff(SUPERVISOR)
    supervisor_phone = people.phone_of(supervisor)
    _both(supervisor, supervisor_phone, url + "/office/approval/supervision/", "dashboard")
    assert int(supervisor.locator('[data-metric="red_cards"]').inner_text()) >= 1
    assert int(supervisor.locator('[data-metric="overdue"]').inner_text()) >= 1
    supervisor.locator('a[href$="?metric=overdue"]').click()
    assert overdue.number in supervisor.locator("table").inner_text()
    _both(supervisor, supervisor_phone, url + "/office/approval/supervision/cards/", "cards")
    cards = supervisor.locator("main").inner_text()
    assert overdue.number in cards and "红牌" in cards
