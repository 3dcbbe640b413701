"""短信收发: sending through the outbox to a local HTTP server that plays the gateway, statuses
and resending, and the gateway's webhook (signature, freshness, replay, rate limit, matching)."""

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from oa.models import SmsMessage, SmsThread
from oa.services import sms as sms_services
from oa.services.sms_replies import register_reply_handler, unregister_reply_handler
from platform_core.constants import RoleCode
from platform_core.services.notifications import notification_send
from tests.factories import CitizenFactory, staff_with_role

SECRET = "test-webhook-secret"  # noqa: S105


class _Gateway(BaseHTTPRequestHandler):
    received: list = []
    status = 200

    def do_POST(self):  # noqa: N802 (http.server's naming)
        length = int(self.headers["Content-Length"])
        _Gateway.received.append(json.loads(self.rfile.read(length)))
        self.send_response(_Gateway.status)
        self.end_headers()

    def log_message(self, *args):
        """Quiet."""


@pytest.fixture
def gateway(settings):
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Gateway.received, _Gateway.status = [], 200
    settings.SMS_BACKEND = "platform_core.sms.HttpGatewaySmsBackend"
    settings.SMS_HTTP_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.OUTBOX_MAX_ATTEMPTS = 1
    yield _Gateway
    server.shutdown()


@pytest.fixture(autouse=True)
def _secret(settings):
    settings.OA_SMS_WEBHOOK_SECRET = SECRET


@pytest.fixture
def clerk(dept_a):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="周敏", mobile="13900000001")


@pytest.fixture
def colleague(dept_a):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="黄磊", mobile="13900000002")


def signed_post(client, payload, *, secret=SECRET, timestamp=None, nonce=None, ip="10.0.0.9"):
    body = json.dumps(payload, ensure_ascii=False).encode()
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    nonce = nonce or uuid.uuid4().hex
    signature = sms_services.webhook_signature(secret, timestamp, nonce, body)
    return client.post(
        reverse("oa:sms_webhook"),
        data=body,
        content_type="application/json",
        headers={
            "X-Egov-Timestamp": timestamp,
            "X-Egov-Nonce": nonce,
            "X-Egov-Signature": signature,
        },
        REMOTE_ADDR=ip,
    )


def send_through_gateway(clerk, **kw):
    messages = sms_services.sms_send(by=clerk, body=kw.pop("body", "请于明天9时到三楼开会。"), **kw)
    for message in messages:
        notification_send(notification_id=message.notification_id)
    return messages


# --- sending ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_send_to_people_units_and_numbers_once_each(clerk, colleague, dept_a, dept_b):
    other = staff_with_role(RoleCode.REVIEW_CLERK, dept_b, mobile="13900000003")
    sent = sms_services.sms_send(
        by=clerk,
        body="明天上午防汛演练。",
        people=[colleague],
        units=[dept_b],
        numbers=["13800001111", "13900000002"],  # a colleague's number typed again: once
    )
    assert sorted(m.mobile for m in sent) == ["13800001111", "13900000002", other.mobile]
    by_number = {m.mobile: m for m in sent}
    assert by_number["13900000002"].thread.counterpart == colleague
    assert by_number["13800001111"].thread.counterpart is None
    assert all(m.status == "queued" and m.notification_id for m in sent)


@pytest.mark.django_db
def test_gateway_receives_signed_text_then_delivery_report(client, gateway, clerk, colleague):
    [message] = send_through_gateway(clerk, people=[colleague])
    body = gateway.received[0]
    assert body["mobile"] == colleague.mobile
    assert body["content"].startswith("【县人民政府】请于明天9时")
    assert body["msgid"] == f"egov-{message.notification_id}"
    message.refresh_from_db()
    assert sms_services.sync_status(message) == "sent"
    response = signed_post(
        client, {"type": "report", "msgid": body["msgid"], "status": "delivered"}
    )
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == "delivered" and message.delivered_at


@pytest.mark.django_db
def test_failed_message_can_be_resent(gateway, clerk, colleague):
    gateway.status = 500
    [message] = send_through_gateway(clerk, people=[colleague])
    message.refresh_from_db()
    assert sms_services.sync_status(message) == "failed"
    gateway.status = 200
    message = sms_services.sms_resend(message=message, by=clerk)
    assert message.status == "queued" and message.attempts == 2
    notification_send(notification_id=message.notification_id)
    message.refresh_from_db()
    assert sms_services.sync_status(message) == "sent"
    assert len(gateway.received) == 2
    with pytest.raises(PermissionDenied):
        sms_services.sms_resend(message=message, by=colleague)


@pytest.mark.django_db
def test_bad_input_is_refused(clerk, colleague):
    with pytest.raises(ValidationError):
        sms_services.sms_send(by=clerk, body="  ", people=[colleague])
    with pytest.raises(ValidationError):
        sms_services.sms_send(by=clerk, body="x" * 501, people=[colleague])
    with pytest.raises(ValidationError):
        sms_services.parse_numbers("1390000, 12345678901")
    with pytest.raises(ValidationError):
        sms_services.sms_send(by=clerk, body="无人可发")
    assert sms_services.parse_numbers("13900000001，13800001111\n") == [
        "13900000001",
        "13800001111",
    ]


# --- the webhook: who may call it ---------------------------------------------------------------


@pytest.mark.django_db
def test_missing_and_bad_signatures_are_refused(client, clerk, colleague):
    [message] = sms_services.sms_send(by=clerk, body="测试", people=[colleague])
    payload = {"type": "report", "msgid": f"egov-{message.notification_id}", "status": "delivered"}
    assert (
        client.post(reverse("oa:sms_webhook"), payload, content_type="application/json").status_code
        == 403
    )
    assert signed_post(client, payload, secret="wrong-secret").status_code == 403
    # A body changed after signing.
    body = json.dumps(payload).encode()
    ts, nonce = str(int(time.time())), uuid.uuid4().hex
    signature = sms_services.webhook_signature(SECRET, ts, nonce, body)
    tampered = json.dumps({**payload, "status": "failed"}).encode()
    response = client.post(
        reverse("oa:sms_webhook"),
        data=tampered,
        content_type="application/json",
        headers={"X-Egov-Timestamp": ts, "X-Egov-Nonce": nonce, "X-Egov-Signature": signature},
    )
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.status == "queued"


@pytest.mark.django_db
def test_stale_and_replayed_requests_are_refused(client, clerk, colleague):
    [message] = sms_services.sms_send(by=clerk, body="测试", people=[colleague])
    payload = {"type": "report", "msgid": f"egov-{message.notification_id}", "status": "delivered"}
    assert signed_post(client, payload, timestamp=int(time.time()) - 3600).status_code == 403
    assert signed_post(client, payload, nonce="same-nonce-1").status_code == 200
    assert signed_post(client, payload, nonce="same-nonce-1").status_code == 403


@pytest.mark.django_db
def test_unconfigured_secret_refuses_everything(client, settings):
    settings.OA_SMS_WEBHOOK_SECRET = ""
    assert signed_post(client, {"type": "report"}, secret="").status_code == 403


@pytest.mark.django_db
def test_webhook_is_rate_limited_per_address(client):
    codes = [
        client.post(
            reverse("oa:sms_webhook"),
            b"{}",
            content_type="application/json",
            REMOTE_ADDR="10.1.1.1",
        ).status_code
        for _ in range(121)
    ]
    assert codes[:120] == [403] * 120 and codes[120] == 429
    other = client.post(
        reverse("oa:sms_webhook"), b"{}", content_type="application/json", REMOTE_ADDR="10.1.1.2"
    )
    assert other.status_code == 403


@pytest.mark.django_db
def test_signed_garbage_is_a_400(client):
    assert signed_post(client, ["not", "an", "object"]).status_code == 400
    assert signed_post(client, {"type": "report", "msgid": "x", "status": "?"}).status_code == 400
    assert (
        signed_post(client, {"type": "inbound", "from": "123", "text": "", "id": "g"}).status_code
        == 400
    )


# --- the webhook: matching ----------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_reply_joins_the_thread_it_answers(client, gateway, clerk, colleague):
    [message] = send_through_gateway(clerk, people=[colleague])
    response = signed_post(
        client,
        {
            "type": "inbound",
            "from": colleague.mobile,
            "text": "收到，准时参加。",
            "id": "gw-1001",
            "reply_to": f"egov-{message.notification_id}",
        },
    )
    assert response.json() == {"ok": True, "matched": True}
    reply = SmsMessage.objects.get(gateway_id="gw-1001")
    assert reply.thread_id == message.thread_id and reply.in_reply_to == message
    assert reply.sender == colleague and reply.sender_kind == "staff"
    assert SmsThread.objects.get(pk=message.thread_id).unread == 1
    # The gateway retries the same message: stored once.
    signed_post(
        client, {"type": "inbound", "from": colleague.mobile, "text": "收到", "id": "gw-1001"}
    )
    assert SmsMessage.objects.filter(direction="in").count() == 1
    # The two-way thread shows both and marks the reply read.
    client.force_login(clerk)
    page = client.get(reverse("oa:sms_thread", args=[message.thread_id])).content.decode()
    assert "请于明天9时" in page and "收到，准时参加。" in page
    assert SmsThread.objects.get(pk=message.thread_id).unread == 0


@pytest.mark.django_db
def test_citizen_and_unknown_numbers(client, clerk):
    citizen = CitizenFactory(mobile="13811112222")
    sms_services.sms_send(by=clerk, body="您反映的路灯问题已处理。", numbers=["13811112222"])
    sms_services.sms_send(by=clerk, body="请回复确认。", numbers=["13711112222"])
    signed_post(client, {"type": "inbound", "from": "13811112222", "text": "谢谢", "id": "g-1"})
    signed_post(client, {"type": "inbound", "from": "13711112222", "text": "确认", "id": "g-2"})
    first = SmsMessage.objects.get(gateway_id="g-1")
    assert first.sender == citizen and first.sender_kind == "citizen"
    second = SmsMessage.objects.get(gateway_id="g-2")
    assert second.sender is None and second.sender_kind == "unknown"
    # A number nobody wrote to answers no conversation.
    response = signed_post(
        client, {"type": "inbound", "from": "13611112222", "text": "广告", "id": "g-3"}
    )
    assert response.json()["matched"] is False


@pytest.mark.django_db
def test_reply_goes_to_the_registered_business_handler(client, clerk, colleague):
    seen = []

    def meeting_reply(*, context_id, message, sender):
        seen.append((context_id, message.body, sender))
        return "已登记参会回执"

    register_reply_handler("test.meeting", meeting_reply)
    try:
        sms_services.sms_send(
            by=clerk,
            body="请回复1参加，2不参加。",
            people=[colleague],
            context_kind="test.meeting",
            context_id=42,
        )
        signed_post(client, {"type": "inbound", "from": colleague.mobile, "text": "1", "id": "g-9"})
    finally:
        unregister_reply_handler("test.meeting")
    assert seen == [(42, "1", colleague)]
    assert SmsMessage.objects.get(gateway_id="g-9").handled_as == "已登记参会回执"


@pytest.mark.django_db
def test_threads_are_private_and_list_queries_constant(client, clerk, colleague, dept_b):
    sms_services.sms_send(by=clerk, body="甲", people=[colleague])
    thread = SmsThread.objects.get(owner=clerk)
    client.force_login(colleague)
    assert client.get(reverse("oa:sms_thread", args=[thread.pk])).status_code == 404
    client.force_login(clerk)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("oa:sms_threads")).status_code == 200
        return len(ctx.captured_queries)

    count()  # warm the per-person caches of the shell (unread mail, badges)
    before = count()
    for i in range(5):
        sms_services.sms_send(by=clerk, body="乙", numbers=[f"1370000000{i}"])
    assert count() == before


@pytest.mark.django_db
def test_send_form_with_template_and_bad_input(client, clerk, colleague):
    from oa.models import SmsTemplate

    template = SmsTemplate.objects.create(name="会议提醒", body="请准时参加会议。")
    client.force_login(clerk)
    response = client.post(
        reverse("oa:sms_new"), {"template": template.pk, "people": [colleague.pk]}
    )
    assert response.status_code == 302
    assert SmsMessage.objects.get().body == "请准时参加会议。"
    bad = client.post(reverse("oa:sms_new"), {"numbers": "abc", "body": "x"})
    assert bad.status_code == 200 and "号码格式不正确" in bad.content.decode()
    empty = client.post(reverse("oa:sms_new"), {"people": [colleague.pk]})
    assert "请填写短信内容或选择模板" in empty.content.decode()
