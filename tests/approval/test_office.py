"""The acceptance desk: department isolation matrix, decisions through the pages, notice PDFs."""

import pytest
from django.urls import reverse

from approval.constants import AppStatus, NoticeKind
from approval.models import Application
from approval.services import acceptance
from platform_core.constants import RoleCode
from tests.approval.conftest import submitted
from tests.approval.test_public import pdf_text
from tests.factories import staff_with_role


def application_urls(application, notice):
    n = application.number
    return [
        ("get", reverse("approval:office_detail", args=[n]), {}),
        ("post", reverse("approval:office_decide", args=[n, "accept"]), {"note": "x"}),
        ("post", reverse("approval:office_decide", args=[n, "correct"]), {"other": "x"}),
        ("post", reverse("approval:office_decide", args=[n, "reject"]), {"reason": "x"}),
        ("post", reverse("approval:office_decide", args=[n, "defer"]), {"promise_days": "5"}),
        ("get", reverse("approval:office_notice_pdf", args=[n, notice.number]), {}),
    ]


@pytest.fixture
def other_department_staff(dept_b, gov):
    return {
        "window clerk": staff_with_role(RoleCode.WINDOW_CLERK, dept_b),
        "review clerk": staff_with_role(RoleCode.REVIEW_CLERK, dept_b),
        "section head": staff_with_role(RoleCode.SECTION_HEAD, dept_b),
        "leader": staff_with_role(RoleCode.LEADER, dept_b),
    }


def test_other_departments_get_404_on_every_application_url(
    client, item, clerk_a, other_department_staff
):
    application = submitted(item, clerk_a)
    # A notice on a second application, so that every URL exists for the owning department.
    other = submitted(item, clerk_a)
    notice = acceptance.application_request_correction(application=other, by=clerk_a, items=["x"])
    for who, user in other_department_staff.items():
        client.force_login(user)
        assert (
            application.number not in client.get(reverse("approval:office_home")).content.decode()
        )
        for method, url, data in application_urls(other, notice):
            response = getattr(client, method)(url, data)
            assert response.status_code == 404, (who, url, response.status_code)
    assert Application.objects.get(pk=other.pk).status == AppStatus.CORRECTION
    # The owning department's clerk sees both.
    client.force_login(clerk_a)
    listing = client.get(reverse("approval:office_home")).content.decode()
    assert application.number in listing
    assert client.get(reverse("approval:office_detail", args=[other.number])).status_code == 200


def test_review_clerk_of_same_department_sees_but_cannot_decide(client, item, clerk_a, dept_a):
    reviewer = staff_with_role(RoleCode.REVIEW_CLERK, dept_a)
    application = submitted(item, clerk_a)
    client.force_login(reviewer)
    assert (
        client.get(reverse("approval:office_detail", args=[application.number])).status_code == 200
    )
    response = client.post(reverse("approval:office_decide", args=[application.number, "accept"]))
    assert response.status_code == 403
    assert Application.objects.get(pk=application.pk).status == AppStatus.SUBMITTED


def test_citizen_cannot_open_the_office(client, item, citizen):
    client.force_login(citizen)
    assert client.get(reverse("approval:office_home")).status_code == 403


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("correct", {"other": ""}, "请一次性列出需要补正的全部材料或内容。"),
        ("correct", {"materials": ["不存在"]}, "所选材料不属于本事项。"),
        ("reject", {"reason": ""}, "请填写不予受理的理由。"),
        ("defer", {"promise_days": "5"}, "请选择暂缺的材料。"),
        ("defer", {"promise_days": "99"}, "承诺补交期限不超过30个工作日。"),
    ],
)
def test_decision_forms_give_chinese_errors(client, item, clerk_a, action, data, message):
    application = submitted(item, clerk_a)
    client.force_login(clerk_a)
    response = client.post(
        reverse("approval:office_decide", args=[application.number, action]), data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == AppStatus.SUBMITTED


def test_decisions_through_pages_and_notice_pdf_text(client, item, clerk_a):
    client.force_login(clerk_a)
    corrected = submitted(item, clerk_a, name="蓝山县好味餐饮店")
    response = client.post(
        reverse("approval:office_decide", args=[corrected.number, "correct"]),
        {"materials": ["营业执照复印件"], "other": "平面布局图需标注尺寸"},
    )
    assert response.status_code == 302
    notice = corrected.notices.get()
    assert notice.body["items"] == ["营业执照复印件", "平面布局图需标注尺寸"]
    pdf = client.get(reverse("approval:office_notice_pdf", args=[corrected.number, notice.number]))
    text = pdf_text(pdf.content)
    for expected in (
        "补正材料通知书",
        "蓝山县好味餐饮店",
        "食品经营许可",
        notice.number,
        corrected.number,
        "营业执照复印件",
        "平面布局图需标注尺寸",
        "县市场监督管理局",
    ):
        assert expected in text.replace("\n", ""), expected

    accepted = submitted(item, clerk_a, name="王五")
    deferrable = item.materials.get(may_defer=True)
    client.post(
        reverse("approval:office_decide", args=[accepted.number, "defer"]),
        {"materials": [str(deferrable.pk)], "promise_days": "5"},
    )
    notice = accepted.notices.get()
    assert notice.kind == NoticeKind.DEFERRED
    text = pdf_text(
        client.get(
            reverse("approval:office_notice_pdf", args=[accepted.number, notice.number])
        ).content
    ).replace("\n", "")
    assert "容缺受理通知书" in text and "食品安全管理制度文本" in text and "王五" in text

    rejected = submitted(item, clerk_a, name="赵六")
    client.post(
        reverse("approval:office_decide", args=[rejected.number, "reject"]),
        {"reason": "申请人不具备经营场所", "redirect_body": ""},
    )
    notice = rejected.notices.get()
    text = pdf_text(
        client.get(
            reverse("approval:office_notice_pdf", args=[rejected.number, notice.number])
        ).content
    ).replace("\n", "")
    assert "不予受理通知书" in text and "申请人不具备经营场所" in text and "行政复议" in text


def test_counter_registration_page(client, item, clerk_a, clerk_b, sms_outbox):
    url = reverse("approval:counter_register", args=[item.code])
    client.force_login(clerk_b)
    assert client.get(url).status_code == 404  # not an item of their department
    client.force_login(clerk_a)
    assert item.name in client.get(reverse("approval:counter_items")).content.decode()
    bad = client.post(url, {"applicant_name": "", "applicant_mobile": "123"})
    body = bad.content.decode()
    assert bad.status_code == 400
    assert "请填写申请人姓名或单位名称。" in body
    missing_id = client.post(
        url,
        {
            "applicant_name": "钱七",
            "applicant_mobile": "13900003333",
            "company": "甲",
            "address": "乙",
        },
    )
    assert "请填写居民身份证号或统一社会信用代码。" in missing_id.content.decode()
    bad_id = client.post(
        url,
        {"applicant_name": "钱七", "applicant_id_number": "123", "applicant_mobile": "13900003333"},
    )
    assert bad_id.status_code == 400 and "身份证" in bad_id.content.decode()
    ok = client.post(
        url,
        {
            "applicant_name": "钱七",
            "applicant_uscc": "91431127MA4L0K1X23",
            "applicant_mobile": "13900003333",
            "company": "钱七小吃店",
            "address": "城关镇8号",
        },
    )
    application = Application.objects.get(applicant_name="钱七")
    assert ok.status_code == 302
    assert application.channel == "counter" and application.status == AppStatus.SUBMITTED
    assert application.created_by == clerk_a
