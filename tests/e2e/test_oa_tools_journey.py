"""Issue 17, one browser journey through the office tools of a bureau clerk's day: a colleague of
the county government office mails her and an outside address (the outside copy arrives at the
local SMTP server with its attachment); on a 375-px phone she reads the mail, finds the meeting
on her calendar, sees its reply (回执) in the inbox with the case clock's deadline, replies, and
reads a new notice from the office home.

People, the sent meeting notice and the approved notice are made in Python; the rest is clicking.
"""

import datetime

import pytest
from django.utils import timezone

from oa.models import MeetingInvitee, NoticeRead
from oa.services import meetings as meeting_services
from oa.services import notices as notice_services
from platform_core.constants import RoleCode
from tests.browser import assert_no_horizontal_scroll, shot
from tests.factories import OrgUnitFactory, staff_with_role
from tests.smtp import smtp_server_fixture  # noqa: F401 (the `smtp_server` fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SUBJECT = "关于报送冬季安全生产检查情况的通知"
MEETING = "全县冬季安全生产工作会议"
NOTICE = "关于做好元旦期间值班工作的通知"


@pytest.fixture
def world(gov, dept_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    office = OrgUnitFactory(parent=gov, name="县政府办公室", code="zfb")
    notice_services.ensure_route(by=staff_with_role(RoleCode.SYSTEM_ADMIN, gov))
    clerk = staff_with_role(RoleCode.REVIEW_CLERK, office, name="周敏", username="zhoumin")
    head = staff_with_role(RoleCode.SECTION_HEAD, office, name="谢伟", username="xiewei")
    liufang = staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="刘芳", username="liufang")
    start = (timezone.localtime() + datetime.timedelta(days=5)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    meeting = meeting_services.meeting_create(
        by=clerk,
        unit=office,
        title=MEETING,
        start=start,
        end=start + datetime.timedelta(hours=2),
        reply_deadline=start - datetime.timedelta(days=2),
        place="县政府礼堂",
        agenda="部署冬季安全生产工作",
        persons=[liufang],
        send_sms=False,
    )
    meeting_services.meeting_send(meeting=meeting, by=clerk)
    notice = notice_services.notice_save(
        by=clerk,
        unit=office,
        title=NOTICE,
        body="<p>元旦期间实行24小时值班和领导带班制度。</p>",
        scope="units",
        units=[dept_a],
    )
    notice_services.notice_submit(notice=notice, by=clerk)
    notice_services.notice_review(notice=notice, by=head, approve=True)
    return {"meeting": meeting, "notice": notice, "liufang": liufang, "start": start}


def test_mail_calendar_meeting_reply_and_notice_on_a_phone(
    live_server, staff_login, world, smtp_server
):
    url = live_server.url

    # 1. Mail: the office clerk writes to 刘芳 and an outside address, with an attachment.
    clerk = staff_login("zhoumin")
    clerk.goto(url + "/office/oa/mail/compose/")
    clerk.locator("#id_to").fill("刘芳 <liufang>；wang.wu@example.cn")
    clerk.locator("#id_subject").fill(SUBJECT)
    clerk.locator("#id_body").fill("请于本周五前报送检查情况。")
    clerk.set_input_files(
        "#id_files", files=[{"name": "检查表.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    clerk.locator("#mail-send").click()
    assert "邮件已发送" in clerk.locator(".messages").inner_text()
    [received] = smtp_server.wait_for(1)
    assert received["To"] == "wang.wu@example.cn"
    [attached] = received.iter_attachments()
    assert attached.get_filename() == "检查表.pdf" and attached.get_content() == PDF

    # 2. 刘芳 reads it on a phone.
    phone = staff_login("liufang", phone=True)
    assert phone.locator("#mail-unread-count").inner_text() == "1"
    phone.goto(url + "/office/oa/mail/")
    phone.get_by_role("link", name=SUBJECT).click()
    assert "请于本周五前报送检查情况。" in phone.locator(".mail-body").inner_text()
    assert phone.get_by_role("link", name="检查表.pdf").is_visible()
    assert_no_horizontal_scroll(phone)

    # 3. Calendar: the meeting she was invited to is on her month view.
    start = world["start"]
    phone.goto(url + f"/office/oa/calendar/?date={start.date()}")
    days = phone.locator(".cal-days")
    assert MEETING in days.inner_text()
    assert_no_horizontal_scroll(phone)
    shot(phone, "oa-tools-calendar-phone")

    # 4. The reply waits in her inbox with the case clock's deadline; she replies from there.
    invitee = MeetingInvitee.objects.select_related("clock").get(person=world["liufang"])
    due = invitee.clock.due_date
    phone.goto(url + "/office/inbox/")
    row = phone.locator("li.inbox-row", has_text=MEETING)
    assert row.count() == 1
    assert f"期限 {due:%Y-%m-%d}" in row.inner_text()
    row.get_by_role("link").first.click()
    phone.wait_for_url(f"**/office/oa/meetings/{world['meeting'].pk}/")
    box = phone.locator(".reply-box")
    box.get_by_label("参会", exact=True).check()
    box.locator(".reply-submit").click()
    assert "回执已提交" in phone.locator(".messages").inner_text()
    assert_no_horizontal_scroll(phone)
    shot(phone, "oa-tools-meeting-reply-phone")
    invitee.clock.refresh_from_db()
    assert invitee.clock.finished_on == timezone.localdate()
    phone.goto(url + "/office/inbox/")
    assert phone.locator("li.inbox-row", has_text=MEETING).count() == 0

    # 5. The new notice on the office home: she opens and reads it.
    phone.goto(url + "/office/")
    block = phone.locator("#block-oanotices")
    block.get_by_role("link", name=NOTICE).click()
    assert "24小时值班" in phone.locator(".richtext").inner_text()
    assert_no_horizontal_scroll(phone)
    assert NoticeRead.objects.filter(notice=world["notice"], user=world["liufang"]).exists()
