"""The document back office over HTTP: drafting, the route's buttons, Word in and out, the PDF,
department isolation (another unit's document is a 404) and constant query counts."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from oa.constants import DocStatus
from oa.models import OutgoingDocument
from platform_core.constants import RoleCode
from tests.factories import OrgUnitFactory, staff_with_role
from tests.oa.conftest import make_document, sign


def docx_bytes(*paragraphs: str) -> bytes:
    from docx import Document

    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_draft_in_the_browser(client, route, issuer, office, clerk, dept_a):
    client.force_login(clerk)
    page = client.get(reverse("oa:document_new"))
    assert page.status_code == 200 and "拟稿" in page.content.decode()
    response = client.post(
        reverse("oa:document_new"),
        {
            "issuer": issuer.pk,
            "unit": office.pk,
            "kind": "notice",
            "title": "关于开展冬季森林防火检查的通知",
            "main_to": "各乡镇人民政府",
            "openness": "proactive",
            "countersign_units": [dept_a.pk],
            "copies": 20,
            "body": "<p>正文内容</p>",
        },
    )
    document = OutgoingDocument.objects.get()
    assert response.status_code == 302 and response.url == f"/office/oa/documents/{document.pk}/"
    assert document.drafter == clerk and list(document.countersign_units.all()) == [dept_a]
    detail = client.get(response.url).content.decode()
    assert "关于开展冬季森林防火检查的通知" in detail and "送核稿" in detail


@pytest.mark.django_db
def test_import_and_export_word(client, route, issuer, office, clerk):
    document = make_document(clerk, issuer, office)
    client.force_login(clerk)
    upload = io.BytesIO(docx_bytes("一、总体要求", "二、工作措施"))
    upload.name = "通知.docx"
    response = client.post(reverse("oa:document_import", args=[document.pk]), {"docx-file": upload})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.body == "<p>一、总体要求</p><p>二、工作措施</p>"
    assert document.versions.count() == 2
    exported = client.get(reverse("oa:document_docx", args=[document.pk]))
    from docx import Document

    texts = [p.text for p in Document(io.BytesIO(exported.content)).paragraphs]
    assert texts == [document.title, "一、总体要求", "二、工作措施"]


@pytest.mark.django_db
def test_a_renamed_file_is_not_imported(client, route, issuer, office, clerk):
    document = make_document(clerk, issuer, office)
    client.force_login(clerk)
    upload = io.BytesIO(b"%PDF-1.4 not a word file")
    upload.name = "通知.docx"
    client.post(reverse("oa:document_import", args=[document.pk]), {"docx-file": upload})
    document.refresh_from_db()
    assert document.versions.count() == 1


@pytest.mark.django_db
def test_route_buttons_follow_the_step(client, route, issuer, office, clerk, head, leader):
    document = make_document(clerk, issuer, office)
    client.force_login(clerk)
    client.post(reverse("oa:document_submit", args=[document.pk]))
    client.force_login(head)
    page = client.get(reverse("oa:document_detail", args=[document.pk])).content.decode()
    assert "核稿通过" in page
    client.post(reverse("oa:document_review", args=[document.pk]), {"comment": "可"})
    client.force_login(leader)
    client.post(reverse("oa:document_sign_off", args=[document.pk]), {"comment": "同意"})
    document.refresh_from_db()
    assert document.status == DocStatus.SIGNED and document.number


@pytest.mark.django_db
def test_another_department_gets_404(client, route, issuer, office, clerk, clerk_b):
    document = make_document(clerk, issuer, office)
    client.force_login(clerk_b)
    for name in ("document_detail", "document_edit", "document_revisions", "document_docx"):
        assert client.get(reverse(f"oa:{name}", args=[document.pk])).status_code == 404
    assert client.post(reverse("oa:document_submit", args=[document.pk])).status_code == 404
    assert "关于做好" not in client.get(reverse("oa:documents")).content.decode()


@pytest.mark.django_db
def test_security_administrators_have_no_business_here(client, route, issuer, office, clerk, gov):
    make_document(clerk, issuer, office)
    admin = staff_with_role(RoleCode.SECURITY_ADMIN, gov)
    client.force_login(admin)
    assert client.get(reverse("oa:documents")).status_code == 403


@pytest.mark.django_db
def test_document_list_keeps_a_constant_query_count(client, route, issuer, office, clerk, gov):
    client.force_login(clerk)
    make_document(clerk, issuer, office)
    url = reverse("oa:documents")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        unit = OrgUnitFactory(parent=gov, code=f"u{n}")
        make_document(clerk, issuer, office, title=f"文件{n}", recipients=[unit])
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("/office/oa/documents/") >= 7
    assert len(many) == len(few)


@pytest.mark.django_db
def test_receipt_list_keeps_a_constant_query_count(
    client, route, issuer, office, clerk, head, leader, dept_b, clerk_b
):
    from oa.services.dispatch import document_dispatch

    client.force_login(clerk_b)
    url = reverse("oa:receipts")

    def one(title):
        document = make_document(
            clerk, issuer, office, title=title, recipients=[dept_b], openness="not_public"
        )
        document = sign(document, clerk, head, [], leader)
        document_dispatch(document=document, by=clerk)

    one("文件一")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(4):
        one(f"文件{n + 2}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count('class="receipt-sign"') == 5
    assert len(many) == len(few)
