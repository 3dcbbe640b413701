"""The public service hall: browsing, guides and their PDF, applying online, progress lookup,
verification, and Chinese messages for bad input."""

import re
import subprocess

import pytest
from django.urls import reverse

from approval.constants import AppStatus
from approval.models import Application
from approval.services import acceptance
from tests.approval.conftest import submitted


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode()


def test_hall_lists_by_department_and_search(client, item, dept_a, dept_b):
    page = client.get(reverse("approval:hall"))
    assert page.status_code == 200
    assert "食品经营许可" in page.content.decode() and dept_a.name in page.content.decode()
    assert client.get(reverse("approval:hall"), {"dept": dept_a.code}).status_code == 200
    found = client.get(reverse("approval:hall"), {"q": "食品"})
    assert "食品经营许可" in found.content.decode()
    missing = client.get(reverse("approval:hall"), {"q": "不存在的事项"})
    assert "没有找到符合条件的事项。" in missing.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "长" * 51}, "关键词不能超过50个字。"),
        ({"dept": "no-such"}, "没有该部门的办事事项。"),
        ({"dept": "坏 参数"}, "部门参数无效。"),
    ],
)
def test_hall_bad_input_gets_chinese_error(client, item, params, message):
    page = client.get(reverse("approval:hall"), params)
    assert page.status_code == 400
    assert message in page.content.decode()


def test_guide_page_and_pdf_contain_name_and_code(client, item):
    page = client.get(reverse("approval:guide", args=[item.code]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "食品安全管理制度文本" in body and "可容缺" in body
    response = client.get(reverse("approval:guide_pdf", args=[item.code]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "食品经营许可" in text
    assert item.code in text
    assert "县政务服务中心二楼12号窗口" in text
    assert client.get(reverse("approval:guide", args=["nope"])).status_code == 404


def test_the_guide_offers_online_application_to_citizens_and_tells_staff_where_to_go(
    client, item, citizen, clerk_a
):
    """Staff accounts may not apply online (403): the button is not shown to them."""
    apply = reverse("approval:apply", args=[item.code])
    guide = reverse("approval:guide", args=[item.code])
    assert apply in client.get(guide).content.decode()  # anonymous: asked to log in on click
    client.force_login(citizen)
    assert apply in client.get(guide).content.decode()
    client.force_login(clerk_a)
    page = client.get(guide).content.decode()
    assert apply not in page and "窗口登记" in page


def test_online_application_draft_resume_confirm_and_sms(
    client, item, citizen, sms_outbox, django_capture_on_commit_callbacks
):
    url = reverse("approval:apply", args=[item.code])
    assert client.get(url).status_code == 302  # login first
    client.force_login(citizen)
    saved = client.post(url, {"action": "save", "company": "蓝山县好味餐饮店", "address": ""})
    assert saved.status_code == 302
    draft = Application.objects.get(applicant=citizen, status=AppStatus.DRAFT)
    assert draft.draft_data["company"] == ["蓝山县好味餐饮店"]
    resumed = client.get(url).content.decode()
    assert "已载入您上次暂存的内容。" in resumed and 'value="蓝山县好味餐饮店"' in resumed
    assert "这个字段是必填项" not in resumed and "必填" not in resumed.split("暂存的内容")[1][:0]

    bad = client.post(url, {"action": "submit", "company": "蓝山县好味餐饮店", "address": ""})
    assert bad.status_code == 200
    assert "error" in bad.content.decode()
    ok = client.post(
        url, {"action": "submit", "company": "蓝山县好味餐饮店", "address": "城关镇1号"}
    )
    assert ok.status_code == 302 and ok["Location"] == reverse("approval:confirm", args=[item.code])
    confirm = client.get(ok["Location"])
    assert "城关镇1号" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(ok["Location"])
    application = Application.objects.get(applicant=citizen)
    assert application.status == AppStatus.SUBMITTED and application.channel == "internet"
    assert done["Location"] == reverse("approval:my_detail", args=[application.number])
    assert application.applicant_name == "张三丰"
    (sms,) = sms_outbox
    assert sms.mobile == "13812345678" and application.number in sms.text
    mine = client.get(reverse("approval:my_list")).content.decode()
    assert application.number in mine
    detail = client.get(done["Location"]).content.decode()
    assert "提交申请" in detail and "受理审查" in detail  # the step so far and the next one


def _code_from(sms_outbox):
    text = sms_outbox[-1].text
    return re.search(r"查询码(\d+)", text)[1]


def test_progress_lookup_by_number_and_code(
    client, item, clerk_a, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted(item, clerk_a)
    code = _code_from(sms_outbox)
    acceptance.application_accept(application=application, by=clerk_a)
    url = reverse("approval:progress")
    wrong = "000000" if code != "000000" else "111111"
    refused = client.post(url, {"number": application.number, "code": wrong})
    assert refused.status_code == 400
    assert "申请编号或查询码不正确。" in refused.content.decode()
    assert "窗口登记" not in refused.content.decode()
    found = client.post(url, {"number": application.number, "code": code})
    body = found.content.decode()
    assert found.status_code == 200
    assert "窗口登记" in body and "受理" in body and "审查决定" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"number": "", "code": ""}, "请输入申请编号。"),
        ({"number": "abc", "code": "123456"}, "申请编号格式应为"),
        ({"number": "431127-20261009-00001", "code": "12ab"}, "查询码为6位或8位数字。"),
        ({"number": "431127-20261009-00001", "code": ""}, "请输入查询码。"),
    ],
)
def test_progress_lookup_bad_input_gets_chinese_errors(client, db, data, message):
    page = client.post(reverse("approval:progress"), data)
    assert page.status_code == 400
    assert message in page.content.decode()


def test_progress_lookup_is_rate_limited(client, db):
    url = reverse("approval:progress")
    codes = [
        client.post(url, {"number": "431127-20261009-00001", "code": "123456"}).status_code
        for _ in range(11)
    ]
    assert codes[:10] == [400] * 10
    assert codes[10] == 429


def test_verify_page_shows_number_masked_holder_and_validity(client, item, clerk_a):
    application = submitted(item, clerk_a, name="李小四")
    notice = acceptance.application_accept(application=application, by=clerk_a)
    page = client.get(reverse("approval:verify", args=[notice.number]))
    body = page.content.decode()
    assert page.status_code == 200
    assert notice.number in body and "李*四" in body and "李小四" not in body
    assert "长期有效" in body and "受理通知书" in body
    missing = client.get(reverse("approval:verify", args=["SL2026999999"]))
    assert missing.status_code == 404 and "未找到编号为" in missing.content.decode()


def test_citizen_resubmits_correction_online(client, item, clerk_a, citizen):
    from approval.services import applications as app_services
    from tests.approval.conftest import fill

    version, form = fill(item)
    app_services.application_prepare(item=item, user=citizen, version=version, form=form)
    application, _code = app_services.application_submit(
        application=Application.objects.get(applicant=citizen), user=citizen
    )
    acceptance.application_request_correction(
        application=application, by=clerk_a, items=["经营场所地址不完整"]
    )
    client.force_login(citizen)
    url = reverse("approval:resubmit", args=[application.number])
    page = client.get(url).content.decode()
    assert "经营场所地址不完整" in page and 'value="蓝山县好味餐饮店"' in page
    done = client.post(
        url, {"company": "蓝山县好味餐饮店", "address": "城关镇1号3栋", "note": "已补"}
    )
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.status == AppStatus.SUBMITTED
    assert application.submission.data["address"] == "城关镇1号3栋"


def test_other_citizens_get_404_on_my_application_pages(client, item, clerk_a, citizen):
    from approval.services import applications as app_services
    from tests.approval.conftest import fill
    from tests.factories import CitizenFactory

    version, form = fill(item)
    app_services.application_prepare(item=item, user=citizen, version=version, form=form)
    application, _code = app_services.application_submit(
        application=Application.objects.get(applicant=citizen), user=citizen
    )
    notice = acceptance.application_accept(application=application, by=clerk_a)
    client.force_login(CitizenFactory())
    n = application.number
    for url in (
        reverse("approval:my_detail", args=[n]),
        reverse("approval:resubmit", args=[n]),
        reverse("approval:my_notice_pdf", args=[n, notice.number]),
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(citizen)
    pdf = client.get(reverse("approval:my_notice_pdf", args=[n, notice.number]))
    text = pdf_text(pdf.content).replace("\n", "")
    assert "受理通知书" in text and "张三丰" in text and n in text
