"""Issue 17, browser journey (calendar and meetings): a clerk of the county government office
books a room and sends a meeting notice to two bureaus; one bureau replies on a phone, the other
by SMS: the gateway posts the bureau's answer to the office's webhook, signed (HMAC), and it is
recorded as that bureau's reply; the clerk sees both replies. Then the clerk puts an event with an
SMS reminder on their calendar and the reminder scan runs twice: the SMS reaches the gateway once.
The month view fits a 375-px phone.

People are created in Python; everything else is clicking.
"""

import datetime
import json
import re
import time
import urllib.request
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from oa.models import MeetingNotice, MeetingRoom, RoomBooking
from oa.services.calendar import reminders_scan
from oa.services.sms import webhook_signature
from platform_core.constants import Channel, RoleCode
from platform_core.models import Notification
from platform_core.sms import LocmemSmsBackend
from tests.browser import assert_no_horizontal_scroll, shot
from tests.factories import OrgUnitFactory, staff_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


SECRET = "journey-webhook-secret"  # noqa: S105


def fmt(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def gateway_posts(url: str, payload: dict) -> dict:
    """What the SMS gateway does with an answer it received: a signed POST to the webhook."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    timestamp, nonce = str(int(time.time())), uuid.uuid4().hex
    request = urllib.request.Request(
        url + reverse("oa:sms_webhook"),
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Egov-Timestamp": timestamp,
            "X-Egov-Nonce": nonce,
            "X-Egov-Signature": webhook_signature(SECRET, timestamp, nonce, body),
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (the live server)
        assert response.status == 200
        return json.loads(response.read())


@pytest.fixture
def people(gov, dept_a, dept_b):
    office = OrgUnitFactory(parent=gov, name="县政府办公室", code="zfb")
    return {
        "clerk": staff_with_role(
            RoleCode.REVIEW_CLERK, office, name="周敏", username="zhoumin", mobile="13977770001"
        ),
        "a": staff_with_role(
            RoleCode.REVIEW_CLERK, dept_a, name="刘芳", username="liufang", mobile="13977770002"
        ),
        "b": staff_with_role(
            RoleCode.REVIEW_CLERK, dept_b, name="钟华", username="zhonghua", mobile="13977770003"
        ),
        "office": office,
    }


def test_book_room_send_notice_replies_and_sms_reminder_once(
    staff_login, live_server, people, dept_a, dept_b, settings
):
    settings.OA_SMS_WEBHOOK_SECRET = SECRET
    LocmemSmsBackend.outbox = []
    MeetingRoom.objects.create(name="县政府第一会议室", capacity=60, has_video=True)
    start = (timezone.localtime() + datetime.timedelta(days=2)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )

    # The clerk books the room with the notice and sends it.
    page = staff_login("zhoumin")
    page.goto(live_server.url + "/office/oa/meetings/new/")
    page.get_by_label("会议名称").fill("全县冬春火灾防控工作电视电话会议")
    page.get_by_label("会议形式").select_option(label="电视电话会议")
    page.get_by_label("开始时间").fill(fmt(start))
    page.get_by_label("结束时间").fill(fmt(start + datetime.timedelta(hours=2)))
    page.get_by_label("会议室", exact=True).select_option(label="县政府第一会议室")
    page.get_by_label("回执截止时间").fill(fmt(start - datetime.timedelta(days=1)))
    page.get_by_label("会议议程").fill("一、通报火灾形势\n二、部署防控工作")
    page.get_by_label("县市场监督管理局").check()
    page.get_by_label("县自然资源局").check()
    page.locator("#save-meeting").click()
    page.wait_for_url(re.compile(r"/office/oa/meetings/\d+/$"))
    meeting = MeetingNotice.objects.get(title="全县冬春火灾防控工作电视电话会议")
    assert RoomBooking.objects.get(meeting=meeting).room.name == "县政府第一会议室"
    page.locator("#send-meeting").click()
    assert page.locator("#meeting-status").inner_text() == "已发通知"
    assert Notification.objects.filter(recipient=people["a"], channel=Channel.SMS).count() == 1
    assert {m.mobile for m in LocmemSmsBackend.outbox} == {"13977770002", "13977770003"}

    # Department A replies on a phone.
    phone = staff_login("liufang", phone=True)
    phone.goto(live_server.url + f"/office/oa/meetings/{meeting.pk}/")
    box = phone.locator(".reply-box")
    box.get_by_label("刘芳").check()
    box.locator(".reply-submit").click()
    assert "回执已提交" in phone.locator(".messages").inner_text()
    assert_no_horizontal_scroll(phone)
    shot(phone, "oa-meeting-reply-phone")

    # Department B answers the SMS; the gateway hands the answer to the webhook, signed.
    answer = {"type": "inbound", "from": "13977770003", "text": "钟华副局长参加", "id": "gw-88"}
    assert gateway_posts(live_server.url, answer) == {"ok": True, "matched": True}

    # The sender sees both replies.
    page.reload()
    replies = page.locator("#replies").inner_text()
    assert "刘芳" in replies and "钟华副局长参加" in replies and "短信" in replies
    assert "未回执" not in replies
    shot(page, "oa-meeting-replies")

    # An event with an SMS reminder; the scan runs twice and sends one SMS.
    soon = timezone.localtime() + datetime.timedelta(minutes=10)
    page.goto(live_server.url + "/office/oa/calendar/new/")
    page.get_by_label("标题").fill("约见企业代表")
    page.get_by_label("开始时间").fill(fmt(soon))
    page.get_by_label("结束时间").fill(fmt(soon + datetime.timedelta(hours=1)))
    page.get_by_label("提醒时间").select_option(label="提前 15 分钟")
    page.get_by_label("短信").check()
    page.locator("#save-event").click()
    assert "约见企业代表" in page.locator("main").inner_text()
    reminders_scan()
    reminders_scan()
    sms = Notification.objects.filter(
        recipient=people["clerk"], channel=Channel.SMS, subject__contains="约见企业代表"
    )
    assert sms.count() == 1
    sent = [m for m in LocmemSmsBackend.outbox if "约见企业代表" in m.text]
    assert [m.mobile for m in sent] == ["13977770001"]  # reached the gateway once

    # The month view on a phone: the meeting is on the clerk's calendar, nothing scrolls sideways.
    mobile = staff_login("zhoumin", phone=True)
    mobile.goto(live_server.url + f"/office/oa/calendar/?date={start.date()}")
    assert "全县冬春火灾防控工作电视电话会议" in mobile.locator(".cal-days").inner_text()
    assert_no_horizontal_scroll(mobile)
    shot(mobile, "oa-calendar-month-phone")
