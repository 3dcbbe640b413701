"""The back office of disclosure on request over HTTP: the list (filters, constant queries, red
card), registration with bad input, every action from the request page, letter PDFs, department
isolation, and the inbox entries."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from disclosure.constants import RequestStatus
from disclosure.models import DisclosureRequest
from platform_core.inbox_sources import work_items

from .requests_helpers import natural_fields, register

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _post(client, row, action, data=None):
    url = reverse("disclosure:request_action", args=[row.pk, action])
    response = client.post(url, data or {})
    assert response.status_code == 302
    row.refresh_from_db()
    return client.get(reverse("disclosure:request_detail", args=[row.pk]))


def test_list_filters_and_keeps_a_constant_query_count(client, officer_a, dept_a):
    client.force_login(officer_a)
    url = reverse("disclosure:requests")
    register(officer_a, dept_a, datetime.date(2026, 11, 30))
    client.get(url)  # warm the cached navigation
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(6):
        register(officer_a, dept_a, datetime.date(2026, 11, 2), n=10 + i)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert response.content.decode().count("YSQ-") >= 7
    # Received 2 Nov: due 30 Nov, past: the red card shows.
    assert "红牌" in response.content.decode()
    page = client.get(url, {"status": "clarifying"}).content.decode()
    assert "YSQ-" not in page and "暂无" in page
    page = client.get(url, {"q": "王建军", "channel": "letter"}).content.decode()
    assert "YSQ-" in page


def test_register_in_person_shows_the_code_once(client, officer_a, dept_a):
    client.force_login(officer_a)
    data = {**natural_fields(), "unit": dept_a.pk, "channel": "in_person", "received_on": ""}
    response = client.post(reverse("disclosure:request_new"), data, follow=True)
    row = DisclosureRequest.objects.get()
    assert row.channel == "in_person" and row.status == RequestStatus.PROCESSING
    assert "查询码" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "123", "居民身份证号码"),
        ("mobile", "abc", "手机号码"),
        ("description", "", "必填"),
        ("channel", "online", "有效"),
        ("received_on", "2099-01-01", "不能晚于今天"),
        ("postcode", "12", "邮政编码"),
    ],
)
def test_register_refuses_bad_input(client, officer_a, dept_a, field, value, message):
    client.force_login(officer_a)
    data = {**natural_fields(), "unit": dept_a.pk, "channel": "letter", "received_on": "2026-11-02"}
    data[field] = value
    response = client.post(reverse("disclosure:request_new"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DisclosureRequest.objects.exists()


def test_other_unit_gets_404_and_cannot_register_for_us(client, officer_b, officer_a, dept_a):
    row, _ = register(officer_a, dept_a, datetime.date(2026, 11, 30))
    client.force_login(officer_b)
    assert client.get(reverse("disclosure:request_detail", args=[row.pk])).status_code == 404
    url = reverse("disclosure:request_action", args=[row.pk, "clarify"])
    assert client.post(url, {"items": "x", "answer_days": 5}).status_code == 404
    data = {**natural_fields(), "unit": dept_a.pk, "channel": "in_person"}
    response = client.post(reverse("disclosure:request_new"), data)
    assert response.status_code == 200 and not DisclosureRequest.objects.exclude(pk=row.pk).exists()


def test_officer_and_head_work_a_request_through_the_pages(client, officer_a, head_a, dept_a):
    row, _ = register(officer_a, dept_a, datetime.date.today() - datetime.timedelta(days=1))
    client.force_login(officer_a)
    page = client.get(reverse("disclosure:request_detail", args=[row.pk])).content.decode()
    assert "一次性告知补正" in page and "作出答复" in page
    page = _post(client, row, "clarify", {"items": "请说明文件名称\n请说明年度", "answer_days": 10})
    assert row.status == RequestStatus.CLARIFYING and "请说明年度" in page.content.decode()
    _post(client, row, "answer", {"answer": "2026年老旧小区改造资金文件"})
    assert row.status == RequestStatus.PROCESSING
    _post(client, row, "consult", {"third_party": "宏达公司", "matter": "报价明细"})
    assert row.status == RequestStatus.CONSULTING
    _post(client, row, "consulted", {"outcome": "objected", "note": "商业秘密"})
    assert row.status == RequestStatus.PROCESSING
    _post(client, row, "extend", {"days": 10, "reason": "需要调取档案"})
    assert row.extension_days_asked == 10
    assert any(w.action == "审批延期答复" for w in work_items(head_a))
    client.force_login(head_a)
    _post(client, row, "decide", {"approve": "1", "comment": "同意"})
    assert row.extended_days == 10
    client.force_login(officer_a)
    upload = SimpleUploadedFile("资金文件（删减版）.pdf", PDF, content_type="application/pdf")
    _post(client, row, "file", {"file": upload, "pages": 3})
    assert row.files.count() == 1
    page = _post(
        client,
        row,
        "reply",
        {"outcome": "partial", "grounds": ["third_party"], "reply_text": "报价明细不予公开。"},
    ).content.decode()
    assert row.status == RequestStatus.REPLIED and row.outcome == "partial"
    reply = row.letters.get(kind="reply")
    response = client.get(reverse("disclosure:request_letter", args=[row.pk, reply.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert "政府信息公开申请答复书" in page
    f = row.files.get()
    response = client.get(reverse("disclosure:request_file", args=[row.pk, f.pk]))
    assert b"".join(response.streaming_content) == PDF


def test_a_refused_action_says_why(client, officer_a, dept_a):
    row, _ = register(officer_a, dept_a, datetime.date(2026, 2, 10))
    client.force_login(officer_a)
    page = _post(client, row, "clarify", {"items": "请说明", "answer_days": 5}).content.decode()
    assert "7个工作日" in page and row.status == RequestStatus.PROCESSING
    page = _post(client, row, "reply", {"outcome": "refused"}).content.decode()
    assert "法定理由" in page


def test_unknown_action_is_404(client, officer_a, dept_a):
    row, _ = register(officer_a, dept_a, datetime.date(2026, 11, 30))
    client.force_login(officer_a)
    url = reverse("disclosure:request_action", args=[row.pk, "delete"])
    assert client.post(url).status_code == 404
