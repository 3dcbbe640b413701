"""收文: registration (exchange, scanned barcode, by hand), 拟办 → 批示 with handling units on
the case clock → each unit concludes → 办结; 传阅 in order, in parallel, and recall; the work
of each step in the right person's inbox, typed 收文 / 传阅."""

import io

import pytest
import qrcode
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from oa.models import Dispatch, IncomingDocument, IncomingSource, IncomingStatus
from oa.selectors.incoming import incoming_visible_to
from oa.services import dispatch as dispatch_services
from oa.services import incoming as services
from oa.services.layout import barcode_text, document_pdf
from platform_core.constants import RoleCode
from platform_core.inbox_sources import work_by_type, work_items
from platform_core.models import User
from platform_core.selectors.inbox import inbox_counts, request_viewer
from tests.factories import staff_with_role
from tests.oa.conftest import make_document, sign


def fresh(user):
    return User.objects.get(pk=user.pk)


def actions(user):
    return sorted(w.action for w in work_items(fresh(user)))


@pytest.fixture
def signed(route, issuer, office, clerk, head, leader, dept_a):
    document = make_document(
        clerk,
        issuer,
        office,
        recipients=[dept_a],
        secrecy="secret",
        urgency="urgent",
        openness="not_public",
    )
    return sign(document, clerk, head, [], leader)


@pytest.fixture
def reader_a(dept_a):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="王强")


@pytest.fixture
def registered(dept_a, head_a):
    return services.incoming_register(
        unit=dept_a,
        by=head_a,
        sender="市人民政府办公室",
        number="市政办发〔2026〕8号",
        title="关于开展安全生产大检查的通知",
        copies=2,
    )


@pytest.mark.django_db
def test_signed_dispatch_becomes_incoming_once(signed, clerk, head_a, dept_a):
    dispatch_services.document_dispatch(document=signed, by=clerk)
    dispatch = Dispatch.objects.get(document=signed, unit=dept_a)
    dispatch_services.receipt_sign(dispatch=dispatch, by=head_a)
    record = IncomingDocument.objects.get(dispatch=dispatch)
    assert record.source == IncomingSource.EXCHANGE and record.unit == dept_a
    assert record.number == signed.number and record.title == signed.title
    assert record.sender == "蓝山县人民政府" and record.secrecy == "secret"
    assert services.incoming_from_dispatch(dispatch=dispatch, by=head_a) == record
    assert actions(head_a) == ["拟办"]


@pytest.mark.django_db
@pytest.mark.slow
def test_barcode_round_trip_from_the_rendered_pdf(signed):
    """Print the outgoing PDF, read its barcode back: the registration fields are filled."""
    fields = services.barcode_fields(document_pdf(signed), "pdf")
    assert fields == {
        "sender": "蓝山县人民政府",
        "number": signed.number,
        "title": signed.title,
        "secrecy": "secret",
        "urgency": "urgent",
    }


@pytest.mark.django_db
def test_barcode_from_a_scanned_image_upload(signed):
    buffer = io.BytesIO()
    qrcode.make(barcode_text(signed)).get_image().convert("RGB").save(buffer, "PNG")
    upload = SimpleUploadedFile("scan.png", buffer.getvalue(), content_type="image/png")
    fields = services.scan_read(upload)
    assert fields["number"] == signed.number and fields["urgency"] == "urgent"
    blank = io.BytesIO()
    qrcode.make("随便什么文字").get_image().convert("RGB").save(blank, "PNG")
    with pytest.raises(ValidationError):
        services.scan_read(SimpleUploadedFile("x.png", blank.getvalue()))


@pytest.mark.django_db
def test_register_by_hand_only_for_own_unit(dept_a, clerk_b):
    with pytest.raises(PermissionDenied):
        services.incoming_register(unit=dept_a, by=clerk_b, sender="某单位", title="某文")


@pytest.mark.django_db
def test_instruction_with_two_units_and_deadlines(
    registered, head_a, leader, dept_a, dept_b, clerk_b, reader_a
):
    assert actions(head_a) == ["拟办"]
    services.incoming_propose(
        document=registered, by=head_a, proposal="拟请李县长阅示", leader=leader
    )
    assert actions(head_a) == [] and actions(leader) == ["批示"]
    with pytest.raises(PermissionDenied):
        services.incoming_instruct(
            document=registered, by=head_a, instruction="同意", units=[(dept_a, 5)]
        )
    services.incoming_instruct(
        document=registered,
        by=leader,
        instruction="请市场监管局牵头、自然资源局配合，抓紧落实。",
        units=[(dept_a, 5), (dept_b, 10)],
    )
    registered.refresh_from_db()
    assert registered.status == IncomingStatus.HANDLING
    handlings = {h.unit_id: h for h in registered.handlings.select_related("clock")}
    a, b = handlings[dept_a.pk], handlings[dept_b.pk]
    assert a.clock.limit_days == 5 and b.clock.limit_days == 10
    assert a.clock.due_date < b.clock.due_date
    (item,) = work_items(fresh(clerk_b))
    assert item.action == "承办" and item.due_date == b.clock.due_date
    assert dict(work_by_type(fresh(clerk_b))) == {"收文": 1}
    # A unit outside the instruction sees nothing of it (department isolation).
    assert registered in incoming_visible_to(clerk_b)
    # The stable lookup for 督办.
    found = services.instruction_get(registered.pk)
    assert found.leader_id == leader.pk and "牵头" in found.text
    assert [(u.unit_id, u.due_date) for u in found.units] == [
        (dept_a.pk, a.clock.due_date),
        (dept_b.pk, b.clock.due_date),
    ]
    # Each unit reports and concludes; then the receiving unit concludes the document.
    services.handling_report(handling=a, by=reader_a, report="已部署检查", conclude=False)
    with pytest.raises(ValidationError):
        services.incoming_conclude(document=registered, by=head_a)
    services.handling_report(handling=a, by=reader_a, report="检查完毕", conclude=True)
    assert "办结" not in actions(head_a)
    services.handling_report(handling=b, by=clerk_b, report="已配合完成", conclude=True)
    b.clock.refresh_from_db()
    assert b.clock.finished_on is not None
    assert "办结" in actions(head_a)
    services.incoming_conclude(document=registered, by=head_a)
    registered.refresh_from_db()
    assert registered.status == IncomingStatus.CONCLUDED
    assert registered.history.count() >= 4  # 登记, 拟办, 批示, 办结


@pytest.mark.django_db
def test_instruction_unknown_or_pending_is_none(registered):
    assert services.instruction_get(registered.pk) is None
    assert services.instruction_get(0) is None


@pytest.mark.django_db
def test_circulation_in_order(registered, head_a, reader_a, clerk_b, leader):
    circulation = services.circulation_start(
        document=registered, by=head_a, readers=[reader_a, leader], mode="sequential"
    )
    assert "阅文" in actions(reader_a) and "阅文" not in actions(leader)
    first, second = circulation.readers.order_by("position")
    with pytest.raises(ValidationError):
        services.circulation_read(entry=second, by=leader)
    with pytest.raises(PermissionDenied):
        services.circulation_read(entry=first, by=clerk_b)
    services.circulation_read(entry=first, by=reader_a, comment="已阅，同意")
    assert "阅文" not in actions(reader_a) and "阅文" in actions(leader)
    assert dict(work_by_type(fresh(leader))) == {"传阅": 1}
    # The reader sees the document; the circulator sees who has read.
    assert registered in incoming_visible_to(leader)
    read = {r.reader_id: r.read_at is not None for r in circulation.readers.all()}
    assert read == {reader_a.pk: True, leader.pk: False}


@pytest.mark.django_db
def test_circulation_in_parallel_and_recall(registered, head_a, reader_a, leader):
    circulation = services.circulation_start(
        document=registered, by=head_a, readers=[reader_a, leader], mode="parallel"
    )
    assert "阅文" in actions(reader_a) and "阅文" in actions(leader)
    with pytest.raises(PermissionDenied):
        services.circulation_recall(circulation=circulation, by=reader_a)
    services.circulation_recall(circulation=circulation, by=head_a)
    assert "阅文" not in actions(reader_a) and "阅文" not in actions(leader)
    entry = circulation.readers.get(reader=leader)
    with pytest.raises(ValidationError):
        services.circulation_read(entry=entry, by=leader)


@pytest.mark.django_db
def test_outgoing_route_tasks_counted_as_type(route, issuer, office, clerk, head):
    document = make_document(clerk, issuer, office)
    from oa.services import route as route_services

    route_services.document_submit(document=document, by=clerk)
    user = fresh(head)
    inbox_counts(request_viewer(user), user)
    assert dict(work_by_type(user)).get("发文") == 1


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.django_db
def test_handling_report_carries_checked_attachments(
    registered, head_a, leader, dept_a, reader_a, monkeypatch
):
    """A handling unit's report (办理情况) carries its material; every file is checked (type by
    content, size, name) before anything is saved."""
    from oa.models import IncomingAttachment

    services.incoming_propose(document=registered, by=head_a, proposal="拟请阅示", leader=leader)
    services.incoming_instruct(
        document=registered, by=leader, instruction="办理", units=[(dept_a, 5)]
    )
    handling = registered.handlings.get()
    bad = [
        SimpleUploadedFile("检查报告.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
        SimpleUploadedFile("检查报告.exe", b"MZ\x90\x00", "application/octet-stream"),
        SimpleUploadedFile("..\\..\\etc\\passwd.pdf", PDF, "application/pdf"),
        SimpleUploadedFile("检查报告", PDF, "application/pdf"),  # no extension
    ]
    monkeypatch.setattr(services, "ATTACHMENT_MAX_BYTES", len(PDF) - 1)
    with pytest.raises(ValidationError, match="超过大小限制"):
        services.handling_report(
            handling=handling,
            by=reader_a,
            report="已检查",
            conclude=True,
            uploads=[SimpleUploadedFile("大.pdf", PDF, "application/pdf")],
        )
    monkeypatch.undo()
    for upload in bad:
        with pytest.raises(ValidationError):
            services.handling_report(
                handling=handling, by=reader_a, report="已检查", conclude=True, uploads=[upload]
            )
    handling.refresh_from_db()
    assert handling.report == "" and handling.concluded_at is None
    assert not IncomingAttachment.objects.exists()
    with pytest.raises(ValidationError):  # one bad file refuses the whole report
        services.handling_report(
            handling=handling,
            by=reader_a,
            report="已检查",
            conclude=False,
            uploads=[SimpleUploadedFile("a.pdf", PDF, "application/pdf"), bad[0]],
        )
    assert not IncomingAttachment.objects.exists()
    services.handling_report(
        handling=handling,
        by=reader_a,
        report="检查完毕，情况见附件。",
        conclude=True,
        uploads=[SimpleUploadedFile("检查情况报告.pdf", PDF, "application/pdf")],
    )
    (attachment,) = handling.attachments.all()
    assert (
        attachment.document_id == registered.pk and attachment.original_name == "检查情况报告.pdf"
    )
    assert attachment.uploaded_by == reader_a and attachment.size == len(PDF)
    with attachment.file.open("rb") as f:
        assert f.read() == PDF
