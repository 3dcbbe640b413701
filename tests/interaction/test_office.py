"""The back office over HTTP: lists with constant query counts, the case page's actions (assign,
return, reassign, reply, review), staff entry of a call, department isolation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interaction.models import Case, RoutingRule
from interaction.services import cases as case_services

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _login(client, user):
    client.force_login(user, backend="platform_core.auth_backends.StaffBackend")
    return client


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response.content.decode()


@pytest.mark.parametrize("list_name", ["triage_list", "department_list", "all_list"])
def test_lists_keep_a_constant_query_count(client, submit, triager, handler_a, dept_a, list_name):
    user = handler_a if list_name == "department_list" else triager

    def add(n):
        for _i in range(n):
            case, _c = submit()
            if list_name == "department_list":
                case_services.case_assign(case=case, by=triager, department=dept_a)

    add(1)
    _login(client, user)
    url = reverse(f"interaction:{list_name}")
    client.get(url)
    few, _body = _queries(client, url)
    add(8)
    many, body = _queries(client, url)
    assert body.count("超市销售过期食品") == 9
    assert many == few


def test_office_assigns_department_returns_office_reassigns(
    client, submit, triager, handler_a, handler_b, dept_a, dept_b, categories
):
    RoutingRule.objects.create(category=categories["market"], department=dept_a)
    case, _c = submit()
    detail = reverse("interaction:case_detail", args=[case.number])
    office = _login(client, triager)
    page = office.get(detail).content.decode()
    assert "按分办规则建议交办" in page and dept_a.name in page
    response = office.post(
        reverse("interaction:case_assign", args=[case.number]), {"department": dept_a.pk}
    )
    assert response.status_code == 302
    # The department returns it; an empty reason is refused with a message.
    dept = _login(client.__class__(), handler_a)
    assert "拟写答复" in dept.get(detail).content.decode()
    bad = dept.post(reverse("interaction:case_return", args=[case.number]), {"reason": ""})
    assert bad.status_code == 400 and "请填写退回理由" in bad.content.decode()
    dept.post(reverse("interaction:case_return", args=[case.number]), {"reason": "属自然资源局"})
    case.refresh_from_db()
    assert case.status == "returned"
    office.post(reverse("interaction:case_assign", args=[case.number]), {"department": dept_b.pk})
    case.refresh_from_db()
    assert case.department == dept_b
    # Department A keeps reading the case it returned, but may no longer act on it.
    page = dept.get(detail).content.decode()
    assert "属自然资源局" in page and "拟写答复" not in page
    other = _login(client.__class__(), handler_b)
    response = other.post(
        reverse("interaction:case_reply", args=[case.number]),
        {"body": "<p>经核查，该地块已依法处理完毕。</p>", "submit": "1"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "review"


def test_reviewer_approves_or_sends_back(client, submit, triager, handler_a, reviewer, dept_a):
    case, _c = submit()
    case_services.case_assign(case=case, by=triager, department=dept_a)
    dept = _login(client, handler_a)
    reply_url = reverse("interaction:case_reply", args=[case.number])
    dept.post(reply_url, {"body": "<p>已责令下架过期食品。</p>", "submit": "1"})
    rev = _login(client.__class__(), reviewer)
    review_url = reverse("interaction:case_review", args=[case.number])
    bad = rev.post(review_url, {"decision": "send_back", "comment": ""})
    assert bad.status_code == 400 and "请填写退回修改的意见" in bad.content.decode()
    rev.post(review_url, {"decision": "send_back", "comment": "请写明处罚结果"})
    page = dept.get(reverse("interaction:case_detail", args=[case.number])).content.decode()
    assert "请写明处罚结果" in page
    dept.post(reply_url, {"body": "<p>已责令下架并罚款五千元。</p>", "submit": "1"})
    # A triage clerk is not a reviewer.
    clerk = _login(client.__class__(), triager)
    assert clerk.post(review_url, {"decision": "approve"}).status_code == 403
    assert rev.post(review_url, {"decision": "approve", "public": "on"}).status_code == 302
    case.refresh_from_db()
    assert case.status == "replied" and case.is_public


def test_staff_register_a_call_and_read_its_attachment(client, office, categories, triager):
    _login(client, triager)
    assert client.get(reverse("interaction:register")).status_code == 200
    data = {
        "channel": "call",
        "kind": "consultation",
        "category": categories["edu"].pk,
        "title": "咨询小学入学材料",
        "content": "孩子明年上小学，需要准备哪些入学登记材料？",
        "name": "李四",
        "mobile": "13900001111",
        "attachments": SimpleUploadedFile("记录.png", PNG),
    }
    response = client.post(reverse("interaction:register"), data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.channel == "call" and case.entered_by == triager
    page = client.get(response["Location"]).content.decode()
    assert "已登记" in page and case.number in page
    file_url = reverse("interaction:attachment", args=[case.number, case.attachments.get().pk])
    download = client.get(file_url)
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    bad = client.post(reverse("interaction:register"), {**data, "channel": "online"})
    assert bad.status_code == 400


def test_department_isolation_over_http(client, submit, triager, handler_a, handler_b, dept_a):
    case, _c = submit(uploads=[SimpleUploadedFile("p.png", PNG)])
    case_services.case_assign(case=case, by=triager, department=dept_a)
    _login(client, handler_b)
    assert client.get(reverse("interaction:case_detail", args=[case.number])).status_code == 404
    file_url = reverse("interaction:attachment", args=[case.number, case.attachments.get().pk])
    assert client.get(file_url).status_code == 404
    assert client.get(reverse("interaction:triage_list")).status_code == 403
    listing = client.get(reverse("interaction:all_list")).content.decode()
    assert case.title not in listing
    ret = client.post(reverse("interaction:case_return", args=[case.number]), {"reason": "x"})
    assert ret.status_code == 404
