"""The public side on the portal: submitting (SMS-verified or logged in), refusals with a clear
Chinese message and nothing written, rate limits, lookup by query code, rating, public pages with
masking and a constant number of queries."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interaction.models import Case
from interaction.services import cases as case_services
from interaction.services import replies as reply_services
from portal.models import SensitiveWord

pytestmark = pytest.mark.django_db

MOBILE = "13987654321"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _form(categories, township, **overrides):
    data = {
        "kind": "complaint",
        "category": categories["market"].pk,
        "title": "超市销售过期食品",
        "content": "城关镇某超市货架上有多件过期的牛奶，希望有关部门尽快查处。",
        "township": township.pk,
        "address": "城关镇解放路12号",
        "allow_public": "on",
        "name": "王小明",
        "mobile": MOBILE,
        "code": "",
    }
    data.update(overrides)
    return data


def _code(client, capture, sms_outbox, data):
    with capture(execute=True):
        response = client.post(reverse("interaction:sms_code"), data)
    assert response.status_code == 200
    # What was typed comes back (nothing lost), with the message.
    assert "超市销售过期食品" in response.content.decode()
    assert "验证码已发送" in response.content.decode()
    # The page now lives at the code URL: the form must still post to the submission view.
    assert f'action="{reverse("interaction:submit")}"' in response.content.decode()
    return re.search(r"验证码为(\d{6})", sms_outbox[-1].text).group(1)


def test_anonymous_citizen_submits_with_sms_code_and_gets_number_and_query_code(
    client, office, categories, township, django_capture_on_commit_callbacks, sms_outbox
):
    page = client.get(reverse("interaction:submit"))
    assert page.status_code == 200 and "获取验证码" in page.content.decode()
    data = _form(categories, township)
    code = _code(client, django_capture_on_commit_callbacks, sms_outbox, data)
    data["code"] = code
    data["attachments"] = SimpleUploadedFile("photo.png", PNG)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("interaction:submit"), data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.citizen is None and case.mobile == MOBILE and case.attachments.count() == 1
    done = client.get(response["Location"]).content.decode()
    assert case.number in done
    query_code = re.search(r'id="query-code">(\w+)<', done).group(1)
    assert case_services.query_code_matches(case, query_code)
    assert query_code in sms_outbox[-1].text  # and by SMS
    # The number and code are shown once.
    assert client.get(reverse("interaction:submitted")).status_code == 302


def test_logged_in_citizen_submits_without_code(client, office, categories, township, citizen):
    client.force_login(citizen, backend="platform_core.auth_backends.CitizenSessionBackend")
    page = client.get(reverse("interaction:submit")).content.decode()
    assert "获取验证码" not in page
    data = _form(categories, township)
    for name in ("name", "mobile", "code"):
        data.pop(name)
    response = client.post(reverse("interaction:submit"), data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.citizen == citizen and case.name == "王小明" and case.mobile == citizen.mobile
    # The submitter reads the case page without the query code.
    assert client.get(reverse("interaction:my_case", args=[case.number])).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "请填写标题。"),
        ({"content": "太短"}, "内容应为10至3000个字"),
        ({"content": "长" * 3001}, "内容不能超过3000个字"),
        ({"category": "999999"}, "请选择问题分类。"),
        ({"kind": "rumour"}, "请选择来件类型。"),
        ({"mobile": "123"}, "请输入11位中国大陆手机号码。"),
        ({"code": ""}, "请输入6位短信验证码"),
        ({"code": "000000"}, "验证码已失效或不存在"),
        ({"content": "有人在城关镇组织赌博活动，请有关部门查处。"}, "不宜发布的词语“赌博”"),
        (
            {"attachments": SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 64)},
            "类型不允许上传",
        ),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(
    client, office, categories, township, overrides, message
):
    SensitiveWord.objects.create(word="赌博")
    SensitiveWord.objects.create(word="付县长", suggestion="副县长")
    response = client.post(reverse("interaction:submit"), _form(categories, township, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Case.objects.exists()
    # What was typed is still there.
    assert "城关镇" in response.content.decode()


def test_a_misspelling_on_the_portal_list_does_not_refuse_a_citizen(
    client, office, categories, township, citizen
):
    SensitiveWord.objects.create(word="付县长", suggestion="副县长")
    client.force_login(citizen, backend="platform_core.auth_backends.CitizenSessionBackend")
    data = _form(categories, township, content="写给付县长：城关镇超市销售过期食品，请查处。")
    response = client.post(reverse("interaction:submit"), data)
    assert response.status_code == 302


def test_submission_is_rate_limited(client, office, categories, township):
    data = _form(categories, township, title="")
    statuses = [client.post(reverse("interaction:submit"), data).status_code for _i in range(6)]
    assert statuses[:5] == [400] * 5 and statuses[5] == 429
    assert "频繁" in client.post(reverse("interaction:submit"), data).content.decode()


def test_lookup_with_wrong_code_is_refused_and_rate_limited(client, submit):
    case, code = submit()
    url = reverse("interaction:lookup")
    wrong = client.post(url, {"number": case.number, "query_code": "ZZZZZZ"})
    assert wrong.status_code == 400 and "编号或查询码不正确" in wrong.content.decode()
    assert client.get(reverse("interaction:my_case", args=[case.number])).status_code == 404
    right = client.post(url, {"number": case.number, "query_code": code})
    assert right.status_code == 302
    assert client.get(right["Location"]).status_code == 200
    statuses = [
        client.post(url, {"number": case.number, "query_code": "ZZZZZZ"}).status_code
        for _i in range(9)
    ]
    assert statuses[-1] == 429


def _reply(case, triager, handler, reviewer, department, text):
    if case.status != "assigned":
        case_services.case_assign(case=case, by=triager, department=department)
    reply_services.reply_save(case=case, by=handler, body=f"<p>{text}</p>", submit=True)
    reply_services.reply_approve(case=case, by=reviewer, public=True)


def test_rating_page_unsatisfied_reopens_then_satisfied_closes(
    client, submit, triager, handler_a, reviewer, dept_a
):
    case, code = submit()
    _reply(case, triager, handler_a, reviewer, dept_a, "已责令超市下架过期食品。")
    client.post(reverse("interaction:lookup"), {"number": case.number, "query_code": code})
    page = client.get(reverse("interaction:my_case", args=[case.number])).content.decode()
    assert "已责令超市下架过期食品" in page and "提交评议" in page
    rate = reverse("interaction:rate", args=[case.number])
    bad = client.post(rate, {"score": "great"})
    assert bad.status_code == 400 and "请选择评议结果" in bad.content.decode()
    assert client.post(rate, {"score": "unsatisfied", "comment": "没有罚款"}).status_code == 302
    case.refresh_from_db()
    assert case.status == "assigned" and case.round == 2
    _reply(case, triager, handler_a, reviewer, dept_a, "已依法对超市罚款五千元。")
    assert client.post(rate, {"score": "satisfied"}).status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"
    # Someone else cannot rate it.
    other = client.__class__()
    assert other.post(rate, {"score": "satisfied"}).status_code == 404


def test_public_pages_mask_personal_data_and_show_only_agreed_cases(
    client, submit, triager, handler_a, reviewer, dept_a
):
    shown, _c = submit()
    _reply(shown, triager, handler_a, reviewer, dept_a, "已责令超市下架过期食品。")
    hidden, _c = submit(allow_public=False, title="不愿公开的来件标题")
    case_services.case_assign(case=hidden, by=triager, department=dept_a)
    reply_services.reply_save(
        case=hidden, by=handler_a, body="<p>已处理完毕，感谢监督。</p>", submit=True
    )
    reply_services.reply_approve(case=hidden, by=reviewer)
    listing = client.get(reverse("interaction:public_list")).content.decode()
    assert "超市销售过期食品" in listing and "不愿公开的来件标题" not in listing
    page = client.get(reverse("interaction:public_case", args=[shown.number])).content.decode()
    assert "王**" in page and "王小明" not in page
    assert "13812345678" not in page and "解放路" not in page
    assert "城关镇人民政府" in page and dept_a.name in page and "已责令超市下架" in page
    assert client.get(reverse("interaction:public_case", args=[hidden.number])).status_code == 404


def test_public_list_takes_constant_queries(client, submit, triager, handler_a, reviewer, dept_a):
    case, _c = submit()
    _reply(case, triager, handler_a, reviewer, dept_a, "已责令超市下架过期食品。")
    url = reverse("interaction:public_list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _i in range(6):
        case, _c = submit()
        _reply(case, triager, handler_a, reviewer, dept_a, "已责令超市下架过期食品。")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("超市销售过期食品") == 7
    assert len(many) == len(few)
