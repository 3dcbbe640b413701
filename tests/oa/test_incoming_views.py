"""收文 pages: the register keeps a constant query count, the detail page shows each step's
form to the right person only, scanning fills the registration, and the inbox shows 收文 and
传阅 work by type."""

import io

import pytest
import qrcode
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from oa.models import IncomingDocument, IncomingStatus
from oa.services import incoming as services
from platform_core.constants import RoleCode
from tests.factories import OrgUnitFactory, staff_with_role


@pytest.fixture
def reader_a(dept_a):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="王强")


def register(unit, by, title):
    return services.incoming_register(unit=unit, by=by, sender="市人民政府办公室", title=title)


@pytest.mark.django_db
def test_register_list_keeps_a_constant_query_count(client, dept_a, head_a, leader, dept_b):
    client.force_login(head_a)
    first = register(dept_a, head_a, "收文一")
    services.incoming_propose(document=first, by=head_a, proposal="拟请阅示", leader=leader)
    url = reverse("oa:incoming")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        doc = register(dept_a, head_a, f"收文{n + 2}")
        services.incoming_propose(document=doc, by=head_a, proposal="拟请阅示", leader=leader)
        services.incoming_instruct(
            document=doc, by=leader, instruction="办理", units=[(dept_a, 5), (dept_b, 6)]
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("/office/oa/incoming/") >= 7
    assert len(many) == len(few)


@pytest.mark.django_db
def test_manual_registration_and_the_steps_on_the_page(client, dept_a, head_a, leader, clerk_b):
    client.force_login(head_a)
    response = client.post(
        reverse("oa:incoming_new"),
        {
            "unit": dept_a.pk,
            "sender": "市财政局",
            "title": "关于预算执行的通知",
            "number": "市财〔2026〕3号",
            "received_on": "2026-12-01",
            "copies": 3,
            "source": "manual",
        },
    )
    document = IncomingDocument.objects.get(title="关于预算执行的通知")
    assert response.status_code == 302 and document.copies == 3
    page = client.get(reverse("oa:incoming_detail", args=[document.pk])).content.decode()
    assert "拟办意见" in page and "批示意见" not in page
    response = client.post(
        reverse("oa:incoming_propose", args=[document.pk]),
        {"proposal": "拟请县长阅示", "leader": leader.pk},
    )
    document.refresh_from_db()
    assert document.status == IncomingStatus.PROPOSED
    client.force_login(leader)
    page = client.get(reverse("oa:incoming_detail", args=[document.pk])).content.decode()
    assert "批示意见" in page
    # Another department's staff: not found.
    client.force_login(clerk_b)
    assert client.get(reverse("oa:incoming_detail", args=[document.pk])).status_code == 404


@pytest.mark.django_db
def test_scan_fills_the_registration_form(client, head_a):
    client.force_login(head_a)
    text = "文号:蓝政发〔2026〕5号\n标题:关于冬季防火的通知\n发文机关:蓝山县人民政府\n紧急程度:特急"
    buffer = io.BytesIO()
    qrcode.make(text).get_image().convert("RGB").save(buffer, "PNG")
    upload = SimpleUploadedFile("scan.png", buffer.getvalue(), content_type="image/png")
    page = client.post(reverse("oa:incoming_new"), {"scan": upload}).content.decode()
    assert "关于冬季防火的通知" in page and "蓝政发〔2026〕5号" in page
    assert 'value="barcode"' in page and 'value="extra_urgent" selected' in page


@pytest.mark.django_db
def test_inbox_shows_work_by_type(client, dept_a, head_a, reader_a):
    document = register(dept_a, head_a, "待传阅的收文")
    services.circulation_start(document=document, by=head_a, readers=[reader_a], mode="parallel")
    client.force_login(reader_a)
    page = client.get(reverse("platform_core:inbox")).content.decode()
    assert "公文待办按类型" in page and "传阅" in page and "待传阅的收文" in page


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.django_db
def test_handling_report_with_attachments_on_the_page(
    client, dept_a, head_a, leader, dept_b, clerk_b, reader_a
):
    """The handling unit reports with files; the material shows under its report for whoever
    may open the document and downloads; a bad file is refused with a message, nothing saved;
    the page keeps a constant query count with more reports."""
    from django.test import Client

    from oa.models import IncomingAttachment

    document = register(dept_a, head_a, "关于开展安全生产大检查的通知")
    services.incoming_propose(document=document, by=head_a, proposal="拟请阅示", leader=leader)
    services.incoming_instruct(
        document=document, by=leader, instruction="办理", units=[(dept_a, 5), (dept_b, 6)]
    )
    mine = document.handlings.get(unit=dept_b)
    detail = reverse("oa:incoming_detail", args=[document.pk])
    report_url = reverse("oa:incoming_handling_report", args=[document.pk, mine.pk])
    client.force_login(clerk_b)
    assert 'enctype="multipart/form-data"' in client.get(detail).content.decode()
    with CaptureQueriesContext(connection) as few:
        client.get(detail)
    response = client.post(
        report_url,
        {"report": "已检查", "files": [SimpleUploadedFile("清单.pdf", b"MZ\x90\x00")]},
        follow=True,
    )
    assert "类型不允许上传" in response.content.decode()
    assert not IncomingAttachment.objects.exists()
    mine.refresh_from_db()
    assert mine.report == ""
    response = client.post(
        report_url,
        {
            "report": "已配合完成检查。",
            "conclude": "on",
            "files": [
                SimpleUploadedFile("检查清单.pdf", PDF, "application/pdf"),
                SimpleUploadedFile("整改台账.pdf", PDF, "application/pdf"),
            ],
        },
    )
    assert response.status_code == 302
    files = list(mine.attachments.order_by("pk"))
    assert [f.original_name for f in files] == ["检查清单.pdf", "整改台账.pdf"]
    services.handling_report(
        handling=document.handlings.get(unit=dept_a),
        by=reader_a,
        report="已完成",
        conclude=True,
        uploads=[SimpleUploadedFile("报告.pdf", PDF, "application/pdf")],
    )
    with CaptureQueriesContext(connection) as many:
        page = client.get(detail).content.decode()
    assert len(many) == len(few)
    download = reverse("oa:incoming_attachment_download", args=[document.pk, files[0].pk])
    assert download in page and "报告.pdf" in page
    # The receiving unit sees the material too, and downloads it.
    other = Client()
    other.force_login(head_a)
    assert download in other.get(detail).content.decode()
    response = other.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    # Someone the document is not shown to meets a 404.
    outsider = staff_with_role(RoleCode.REVIEW_CLERK, OrgUnitFactory(code="wsj"), name="外单位")
    other.force_login(outsider)
    assert other.get(download).status_code == 404
