"""Provincial push: outbox per event, HMAC-signed JSON, back-off, exactly once and in order per case
across a real receiver outage, failures visible and resendable."""

import datetime
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from approval.models import ApplicationEvent, ExportEvent
from approval.models.supervision import ExportStatus
from approval.services import acceptance, export
from approval.services.export import MAX_ATTEMPTS, export_push
from approval.tasks import province_export
from platform_core.constants import RoleCode
from tests.approval.conftest import submitted
from tests.factories import staff_with_role

SECRET = "province-test-secret"


class Receiver:
    """A real HTTP server in a thread that checks the signature and records what it accepted."""

    def __init__(self, port: int = 0):
        self.received: list[dict] = []
        self.fail_with: int | None = None
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
                if not hmac.compare_digest(self.headers.get("X-Egov-Signature", ""), expected):
                    self.send_response(401)
                elif receiver.fail_with:
                    self.send_response(receiver.fail_with)
                else:
                    payload = json.loads(body)
                    assert self.headers["X-Egov-Event-Id"] == str(payload["event_id"])
                    receiver.received.append(payload)
                    self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self.stopped = False
        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/events"

    def stop(self):
        if self.stopped:
            return
        self.stopped = True
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def receiver(settings):
    r = Receiver()
    settings.PROVINCE_EXPORT_URL = r.url
    settings.PROVINCE_EXPORT_SECRET = SECRET
    yield r
    r.stop()


def two_events(item, clerk, name, *, reject=False):
    application = submitted(item, clerk, name=name)
    if reject:
        acceptance.application_reject(application=application, by=clerk, reason="不属于本机关职权")
    else:
        acceptance.application_accept(application=application, by=clerk)
    return application


def by_case(received):
    cases: dict[str, list[int]] = {}
    for p in received:
        cases.setdefault(p["application"], []).append(p["seq"])
    return cases


def test_every_event_is_queued_in_its_transaction_with_seq(item, clerk_a):
    application = two_events(item, clerk_a, "李四")
    rows = list(ExportEvent.objects.filter(application=application).order_by("seq"))
    events = list(ApplicationEvent.objects.filter(application=application).order_by("id"))
    assert [r.event_id for r in rows] == [e.pk for e in events]
    assert [r.seq for r in rows] == [1, 2]
    assert rows[1].payload["kind"] == "accept" and rows[1].payload["actor"] == "窗口甲"
    assert rows[1].payload["application"] == application.number
    assert all(r.status == ExportStatus.PENDING for r in rows)


def test_disabled_without_url(settings, item, clerk_a):
    settings.PROVINCE_EXPORT_URL = ""
    two_events(item, clerk_a, "李四")
    assert export_push() == {"sent": 0, "failed": 0}
    assert ExportEvent.objects.filter(status=ExportStatus.PENDING).count() == 2


def test_exactly_once_in_order_across_receiver_outage(receiver, settings, item, clerk_a):
    a = two_events(item, clerk_a, "甲")
    b = two_events(item, clerk_a, "乙", reject=True)
    assert province_export() == {"sent": 4, "failed": 0}
    assert by_case(receiver.received) == {a.number: [1, 2], b.number: [1, 2]}

    # The receiver goes down; new events queue up and fail with back-off, in order per case.
    port = receiver.port
    receiver.stop()
    c = two_events(item, clerk_a, "丙")
    d = two_events(item, clerk_a, "丁", reject=True)
    now = timezone.now()
    assert export_push(now=now) == {"sent": 0, "failed": 2}  # only the head of each case tried
    heads = ExportEvent.objects.filter(application__in=[c, d], seq=1)
    assert all(r.attempts == 1 and r.last_error for r in heads)
    assert all(r.next_attempt_at > now for r in heads)
    tails = ExportEvent.objects.filter(application__in=[c, d], seq=2)
    assert all(r.attempts == 0 for r in tails)  # never sent before its predecessor
    assert export_push(now=now) == {"sent": 0, "failed": 0}  # backing off: nothing tried

    # It comes back on the same address: the backlog goes out once, in order.
    back = Receiver(port)
    try:
        later = now + datetime.timedelta(minutes=2)
        assert export_push(now=later) == {"sent": 4, "failed": 0}
        assert by_case(back.received) == {c.number: [1, 2], d.number: [1, 2]}
        assert export_push(now=later + datetime.timedelta(hours=2)) == {"sent": 0, "failed": 0}
    finally:
        back.stop()
    everything = receiver.received + back.received
    ids = [p["event_id"] for p in everything]
    assert len(ids) == len(set(ids)) == ApplicationEvent.objects.count() == 8
    assert not ExportEvent.objects.exclude(status=ExportStatus.SENT).exists()


def test_wrong_signature_is_a_failure(receiver, settings, item, clerk_a):
    settings.PROVINCE_EXPORT_SECRET = "not-the-shared-secret"
    two_events(item, clerk_a, "甲")
    assert export_push() == {"sent": 0, "failed": 1}
    assert "401" in ExportEvent.objects.get(seq=1).last_error
    assert receiver.received == []


def test_failed_for_good_is_listed_and_resent_from_back_office(
    client, receiver, gov, item, clerk_a
):
    application = two_events(item, clerk_a, "甲")
    receiver.fail_with = 503
    now = timezone.now()
    for i in range(MAX_ATTEMPTS):
        export_push(now=now + datetime.timedelta(hours=i + 1))
    head = ExportEvent.objects.get(application=application, seq=1)
    assert head.status == ExportStatus.FAILED and head.attempts == MAX_ATTEMPTS
    assert "503" in head.last_error
    # A failed head blocks the case; nothing is retried automatically any more.
    assert export_push(now=now + datetime.timedelta(days=2)) == {"sent": 0, "failed": 0}

    client.force_login(clerk_a)
    assert client.get("/office/approval/supervision/export/").status_code == 403
    client.force_login(staff_with_role(RoleCode.SUPERVISOR, gov))
    page = client.get("/office/approval/supervision/export/").content.decode()
    assert application.number in page and "推送失败" in page and "503" in page
    receiver.fail_with = None
    response = client.post(f"/office/approval/supervision/export/{head.pk}/resend/", follow=True)
    assert "已重新排队" in response.content.decode()
    assert export_push() == {"sent": 2, "failed": 0}
    assert by_case(receiver.received) == {application.number: [1, 2]}
    # Resending a delivered event is refused with a message, not sent twice.
    response = client.post(f"/office/approval/supervision/export/{head.pk}/resend/", follow=True)
    assert "无需重发" in response.content.decode()
    assert export_push() == {"sent": 0, "failed": 0}
    assert len(receiver.received) == 2


def test_backoff_grows_and_is_capped():
    assert export.backoff(1) == datetime.timedelta(minutes=1)
    assert export.backoff(3) == datetime.timedelta(minutes=4)
    assert export.backoff(20) == datetime.timedelta(hours=1)
