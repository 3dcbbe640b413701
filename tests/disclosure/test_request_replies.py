"""Reply outcomes (条例 第三十六条) with their letters: validation per outcome, the legal ground
cited, the right to 行政复议/行政诉讼, the seal and the verification QR code in the PDF."""

import datetime
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from disclosure.constants import LetterKind, RequestStatus
from disclosure.services import requests as services
from disclosure.services.letters import grounds_text, letter_pdf

from .requests_helpers import register

pytestmark = pytest.mark.django_db
VERIFY = "http://testserver/service/verify/X/"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return "".join(result.stdout.decode().split())


@pytest.fixture
def request_a(officer_a, dept_a):
    request, _code = register(officer_a, dept_a, datetime.date(2026, 11, 30))
    return request


def _file(request, officer, name="改造资金安排.pdf"):
    upload = SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")
    return services.reply_file_add(request=request, by=officer, upload=upload, pages=3)


def _reply(request, officer, **kwargs):
    letter = services.request_reply(request=request, by=officer, **kwargs)
    request.refresh_from_db()
    assert request.status == RequestStatus.REPLIED
    assert request.clock.finished_on is not None
    assert letter.kind == LetterKind.REPLY
    text = pdf_text(letter_pdf(letter, VERIFY))
    assert "行政复议" in text and "行政诉讼" in text
    assert "县人民政府" in text  # the government above the department hears reconsideration
    assert letter.number in text and "核验本文书" in text
    return text


def test_already_public_says_where(request_a, officer_a):
    with pytest.raises(ValidationError):
        services.request_reply(request=request_a, by=officer_a, outcome="already_public")
    text = _reply(
        request_a,
        officer_a,
        outcome="already_public",
        public_location="蓝山县人民政府门户网站政策文件栏目",
    )
    assert "已经主动公开" in text and "政策文件栏目" in text and "第三十六条第（一）项" in text


def test_granted_with_files(request_a, officer_a):
    with pytest.raises(ValidationError):
        services.request_reply(request=request_a, by=officer_a, outcome="granted")
    _file(request_a, officer_a)
    text = _reply(request_a, officer_a, outcome="granted")
    assert "予以公开" in text and "改造资金安排.pdf" in text and "电子文件" in text


def test_partial_needs_grounds_reason_and_the_public_part(request_a, officer_a):
    with pytest.raises(ValidationError):  # no file
        services.request_reply(
            request=request_a,
            by=officer_a,
            outcome="partial",
            grounds=["third_party"],
            reply_text="中标人的报价明细",
        )
    _file(request_a, officer_a)
    with pytest.raises(ValidationError):  # no ground
        services.request_reply(request=request_a, by=officer_a, outcome="partial", grounds=[])
    text = _reply(
        request_a,
        officer_a,
        outcome="partial",
        grounds=["third_party"],
        reply_text="中标人的报价明细涉及商业秘密，第三方不同意公开。",
    )
    assert "部分内容保护第三方合法权益" in text
    assert "第十五条" in text and "第三十七条" in text


@pytest.mark.parametrize(
    ("ground", "label", "article"),
    [
        ("state_secret", "属于国家秘密", "第十四条"),
        ("forbidden_by_law", "其他法律行政法规禁止公开", "第十四条"),
        ("three_safeties", "危及“三安全一稳定”", "第十四条"),
        ("third_party", "保护第三方合法权益", "第十五条"),
        ("internal", "属于内部事务信息", "第十六条第一款"),
        ("process", "属于过程性信息", "第十六条第二款"),
        ("enforcement", "属于行政执法案卷", "第十六条第二款"),
    ],
)
def test_refused_cites_each_legal_ground(request_a, officer_a, ground, label, article):
    with pytest.raises(ValidationError):
        services.request_reply(
            request=request_a, by=officer_a, outcome="refused", grounds=["bogus"], reply_text="x"
        )
    assert grounds_text("refused", [ground]) == (label, article)
    text = _reply(
        request_a, officer_a, outcome="refused", grounds=[ground], reply_text="依法不予公开。"
    )
    assert "决定不予公开" in text and article in text and "第三十六条第（三）项" in text


@pytest.mark.parametrize(
    ("reason", "label"),
    [("not_held", "本机关不掌握相关政府信息"), ("needs_making", "没有现成信息需要另行制作")],
)
def test_unavailable(request_a, officer_a, reason, label):
    text = _reply(request_a, officer_a, outcome="unavailable", grounds=[reason])
    assert label in text and "无法提供" in text


def test_still_unclear_only_after_a_clarification_was_answered(request_a, officer_a):
    with pytest.raises(ValidationError, match="补正后"):
        services.request_reply(
            request=request_a, by=officer_a, outcome="unavailable", grounds=["unclear"]
        )
    services.clarification_request(request=request_a, by=officer_a, items=["请说明文件名称"])
    services.clarification_answer(request=request_a, by=officer_a, answer="有关文件")
    text = _reply(request_a, officer_a, outcome="unavailable", grounds=["unclear"])
    assert "补正后申请内容仍不明确" in text and "第三十条" in text


@pytest.mark.parametrize(
    ("reason", "label", "article"),
    [
        ("petition", "信访、投诉、举报等诉求", "第三十九条第一款"),
        ("repeated", "重复申请", "第三十六条第（六）项"),
        ("publication", "要求提供公开出版物", "第三十九条第二款"),
    ],
)
def test_not_processed(request_a, officer_a, reason, label, article):
    text = _reply(request_a, officer_a, outcome="not_processed", grounds=[reason])
    assert label in text and article in text and "不予处理" in text


def test_no_reply_while_waiting_for_the_applicant(request_a, officer_a):
    services.clarification_request(request=request_a, by=officer_a, items=["请说明年度"])
    with pytest.raises(ValidationError, match="待申请人补正"):
        services.request_reply(
            request=request_a, by=officer_a, outcome="unavailable", grounds=["not_held"]
        )


def test_reply_file_upload_is_validated(request_a, officer_a):
    bad = SimpleUploadedFile("假文件.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.reply_file_add(request=request_a, by=officer_a, upload=bad)
    assert not request_a.files.exists()


@pytest.mark.parametrize("kind", ["receipt", "clarification", "consultation", "extension", "fee"])
def test_other_letters_render(officer_a, head_a, dept_a, kind):
    request, _ = register(officer_a, dept_a, datetime.date(2026, 11, 30))
    if kind == "clarification":
        services.clarification_request(request=request, by=officer_a, items=["请说明文号"])
    elif kind == "consultation":
        services.consultation_start(
            request=request, by=officer_a, third_party="宏达公司", matter="报价明细"
        )
    elif kind == "extension":
        services.extension_ask(request=request, by=officer_a, days=10, reason="需要调取档案")
        services.extension_decide(request=request, by=head_a, approve=True)
    elif kind == "fee":
        services.fee_notice_issue(request=request, by=officer_a, mode="by_volume", pages=40)
    letter = request.letters.get(kind=kind)
    text = pdf_text(letter_pdf(letter, VERIFY))
    expected = {
        "receipt": "20个工作日",
        "clarification": "一次性告知",
        "consultation": "15个工作日",
        "extension": "延长10个工作日",
        "fee": "人民币100元",
    }[kind]
    assert expected in text and letter.get_kind_display() in text
    if kind in ("clarification", "extension", "fee"):
        assert "行政复议" in text
