"""The citizen's side of disclosure on request over HTTP: applying online (bad input refused),
my requests, answering a clarification, downloading the reply and files, rating, and the lookup
by number and query code (rate-limited, paused after five wrong codes)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from disclosure.constants import RequestStatus
from disclosure.models import DisclosureRequest
from disclosure.services import requests as services

from .requests_helpers import citizen, company, register

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _citizen_client(user):
    client = Client()
    client.force_login(user, backend="platform_core.auth_backends.CitizenSessionBackend")
    return client


def _apply_data(dept, **extra):
    data = {
        "unit": dept.pk,
        "description": "2026年县城区老旧小区改造项目资金安排文件",
        "form_wanted": "electronic",
        "delivery_method": "online",
        "legal_subtype": "",
        "email": "",
        "address": "",
        "postcode": "",
    }
    data.update(extra)
    return data


def test_anonymous_is_sent_to_the_citizen_login(client):
    response = client.get(reverse("disclosure:apply"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_citizen_applies_online(dept_a, officer_a):
    user = citizen()
    client = _citizen_client(user)
    assert "政府信息公开申请" in client.get(reverse("disclosure:apply")).content.decode()
    response = client.post(reverse("disclosure:apply"), _apply_data(dept_a))
    row = DisclosureRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("disclosure:my_request", args=[row.number])
    assert row.status == RequestStatus.SUBMITTED and row.applicant_user == user
    page = client.get(reverse("disclosure:my_requests")).content.decode()
    assert row.number in page


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"description": ""}, "必填"),
        ({"description": "文件"}, "特征性描述"),
        ({"delivery_method": "pigeon"}, "有效"),
        ({"delivery_method": "mail"}, "通信地址"),
        ({"delivery_method": "email", "email": "not-an-email"}, "电子邮件"),
        ({"postcode": "4252"}, "邮政编码"),
        ({"unit": "999999"}, "有效"),
    ],
)
def test_apply_refuses_bad_input(dept_a, extra, message):
    client = _citizen_client(citizen())
    response = client.post(reverse("disclosure:apply"), _apply_data(dept_a, **extra))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DisclosureRequest.objects.exists()


def test_a_company_must_say_which_kind_of_organisation(dept_a):
    client = _citizen_client(company())
    response = client.post(reverse("disclosure:apply"), _apply_data(dept_a))
    assert "法人或其他组织的类型" in response.content.decode()
    client.post(reverse("disclosure:apply"), _apply_data(dept_a, legal_subtype="charity"))
    assert DisclosureRequest.objects.get().legal_subtype == "charity"


def test_others_cannot_see_my_request(dept_a):
    user = citizen()
    _citizen_client(user).post(reverse("disclosure:apply"), _apply_data(dept_a))
    row = DisclosureRequest.objects.get()
    other = _citizen_client(citizen(2))
    assert other.get(reverse("disclosure:my_request", args=[row.number])).status_code == 404
    assert row.number not in other.get(reverse("disclosure:my_requests")).content.decode()


def test_citizen_answers_downloads_and_rates(dept_a, officer_a):
    user = citizen()
    client = _citizen_client(user)
    client.post(reverse("disclosure:apply"), _apply_data(dept_a))
    row = services.request_confirm(request=DisclosureRequest.objects.get(), by=officer_a)
    services.clarification_request(request=row, by=officer_a, items=["请说明文件的年度"])
    detail = reverse("disclosure:my_request", args=[row.number])
    assert "请说明文件的年度" in client.get(detail).content.decode()
    answer = reverse("disclosure:my_answer", args=[row.number])
    assert client.post(answer, {"answer": ""}).status_code == 400
    assert client.post(answer, {"answer": "2026年度"}).status_code == 302
    row.refresh_from_db()
    assert row.status == RequestStatus.PROCESSING
    upload = SimpleUploadedFile("资金安排.pdf", PDF, content_type="application/pdf")
    f = services.reply_file_add(request=row, by=officer_a, upload=upload)
    assert client.get(reverse("disclosure:my_file", args=[row.number, f.pk])).status_code == 404
    services.request_reply(request=row, by=officer_a, outcome="granted")
    page = client.get(detail).content.decode()
    assert "予以公开" in page and "资金安排.pdf" in page
    reply = row.letters.get(kind="reply")
    response = client.get(reverse("disclosure:my_letter", args=[row.number, reply.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    response = client.get(reverse("disclosure:my_file", args=[row.number, f.pk]))
    assert b"".join(response.streaming_content) == PDF
    rate = reverse("disclosure:my_rate", args=[row.number])
    assert client.post(rate, {"rating": "7"}).status_code == 400
    assert client.post(rate, {"rating": "5", "comment": "答复及时"}).status_code == 302
    row.refresh_from_db()
    assert row.rating == 5


def test_citizen_withdraws(dept_a):
    client = _citizen_client(citizen())
    client.post(reverse("disclosure:apply"), _apply_data(dept_a))
    row = DisclosureRequest.objects.get()
    client.post(reverse("disclosure:my_withdraw", args=[row.number]))
    row.refresh_from_db()
    assert row.status == RequestStatus.WITHDRAWN


def test_lookup_by_number_and_code(client, officer_a, dept_a):
    row, code = register(officer_a, dept_a, datetime.date(2026, 11, 30))
    url = reverse("disclosure:lookup")
    receipt = row.letters.get()
    letter_url = reverse("disclosure:lookup_letter", args=[row.number, receipt.pk])
    assert client.get(letter_url).status_code == 403
    wrong = "1" * 8 if code != "1" * 8 else "2" * 8
    response = client.post(url, {"number": row.number, "code": wrong})
    assert response.status_code == 400 and "不正确" in response.content.decode()
    assert client.post(url, {"number": row.number, "code": "12ab"}).status_code == 400
    unknown = client.post(url, {"number": "YSQ-2026-none-00001", "code": code})
    assert unknown.status_code == 400 and "不正确" in unknown.content.decode()
    response = client.post(url, {"number": row.number, "code": code})
    assert response.status_code == 200 and "办理中" in response.content.decode()
    response = client.get(letter_url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert Client().get(letter_url).status_code == 403


def test_lookup_pauses_after_five_wrong_codes(client, officer_a, dept_a):
    row, code = register(officer_a, dept_a, datetime.date(2026, 11, 30))
    url = reverse("disclosure:lookup")
    wrong = "1" * 8 if code != "1" * 8 else "2" * 8
    statuses = [
        client.post(
            url, {"number": row.number, "code": wrong}, REMOTE_ADDR=f"10.0.0.{i}"
        ).status_code
        for i in range(5)
    ]
    assert statuses == [400, 400, 400, 400, 429]
    response = client.post(url, {"number": row.number, "code": code}, REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 429 and response["Retry-After"]


def test_lookup_is_rate_limited_per_address(client, officer_a, dept_a):
    url = reverse("disclosure:lookup")
    statuses = [
        client.post(url, {"number": f"YSQ-2026-x-{i:05d}", "code": "12345678"}).status_code
        for i in range(11)
    ]
    assert statuses[:10] == [400] * 10 and statuses[10] == 429
