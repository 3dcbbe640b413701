"""The platform's services for issued documents: PDF rendering with Chinese fonts, QR codes, the
seal provider and the public verification registry (/service/verify/<number>/)."""

import datetime
import subprocess

import pytest
from django.urls import reverse

from platform_core import verification
from platform_core.services.pdf import html_to_pdf, qr_data_uri, render_pdf
from platform_core.services.seal import LocalSealProvider, get_seal_provider
from platform_core.verification import IssuedDocument, mask_name, register_document_resolver
from tests.factories import OrgUnitFactory


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode()


def test_a_document_extending_the_base_template_renders_chinese_text_and_page_numbers(
    tmp_path, settings
):
    (tmp_path / "letter.html").write_text(
        '{% extends "platform_core/pdf/base.html" %}{% block title %}告知书{% endblock %}'
        '{% block body %}<h1>{{ unit }}<br>告知书</h1><p class="body">{{ text }}</p>'
        '<div class="verify"><img class="qr" src="{{ qr }}" alt=""></div>{% endblock %}',
        encoding="utf-8",
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], str(tmp_path)]},
        *settings.TEMPLATES[1:],
    ]
    data = render_pdf(
        "letter.html",
        {"unit": "县人民政府办公室", "text": "经审查，予以公开。", "qr": qr_data_uri("x")},
    )
    text = "".join(pdf_text(data).split())
    assert "县人民政府办公室" in text and "经审查，予以公开。" in text
    assert "第1页，共1页" in text  # the footer set on @page by the base stylesheet


def test_html_to_pdf_and_qr_code():
    assert "你好" in pdf_text(html_to_pdf('<html lang="zh-CN"><body>你好</body></html>'))
    uri = qr_data_uri("https://gov.example.cn/service/verify/SL1/")
    assert uri.startswith("data:image/svg+xml;base64,")
    assert qr_data_uri("a") != qr_data_uri("b")


@pytest.mark.django_db
def test_seal_provider_is_chosen_by_setting_and_the_old_name_still_counts(settings):
    unit = OrgUnitFactory(name="县市场监督管理局")
    assert isinstance(get_seal_provider(), LocalSealProvider)
    assert get_seal_provider().seal_data_uri(unit).startswith("data:image/svg+xml;base64,")
    assert "县" in LocalSealProvider().svg(unit)

    settings.SEAL_PROVIDER = "tests.platform_core.test_documents.PlainSeal"
    assert get_seal_provider().seal_data_uri(unit) == "data:plain"
    settings.SEAL_PROVIDER = "platform_core.services.seal.LocalSealProvider"
    settings.APPROVAL_SEAL_PROVIDER = "tests.platform_core.test_documents.PlainSeal"
    assert get_seal_provider().seal_data_uri(unit) == "data:plain"
    settings.APPROVAL_SEAL_PROVIDER = "approval.seal.LocalSealProvider"  # where it used to live
    assert isinstance(get_seal_provider(), LocalSealProvider)


class PlainSeal:
    def seal_data_uri(self, unit) -> str:
        return "data:plain"


@pytest.mark.parametrize(
    ("name", "masked"),
    [("", ""), ("李", "李"), ("李四", "李*"), ("李小四", "李*四"), ("某某公司", "某**司")],
)
def test_holder_names_are_masked(name, masked):
    assert mask_name(name) == masked


@pytest.fixture
def letters():
    """A resolver for test letters, registered for one test only."""
    saved = dict(verification._RESOLVERS)
    issued = {
        "GK2026000001": IssuedDocument(
            number="GK2026000001",
            kind="政府信息公开申请答复书",
            holder="王小明",
            subject="依申请公开",
            issuer="县人民政府办公室",
            issued_on=datetime.date(2026, 3, 2),
            valid_until=datetime.date(2026, 9, 2),
        )
    }
    register_document_resolver("letters", issued.get)
    yield issued
    verification._RESOLVERS.clear()
    verification._RESOLVERS.update(saved)


@pytest.mark.django_db
def test_verification_page_asks_every_registered_resolver(client, letters):
    url = reverse("platform_core:verify", args=["GK2026000001"])
    assert url == "/service/verify/GK2026000001/"
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "核验通过" in body and "政府信息公开申请答复书" in body and "县人民政府办公室" in body
    assert "王*明" in body and "王小明" not in body
    assert "2026-09-02" in body and "长期有效" not in body
    missing = client.get(reverse("platform_core:verify", args=["GK2026999999"]))
    assert missing.status_code == 404 and "未找到编号为" in missing.content.decode()
    # Approval's notices are found by the same page (its resolver is registered at start-up).
    assert "approval" in verification._RESOLVERS


def test_verification_url_is_absolute(rf):
    request = rf.get("/")
    assert verification.verification_url(request, "SL1") == "http://testserver/service/verify/SL1/"
