"""督办 and 归档 pages: department isolation, CSRF-protected forms working end to end, the
leader's view at a constant query count, and the archive package download."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from oa.constants import SupervisionStatus
from oa.models import SupervisionItem
from oa.services import archive as archive_svc
from oa.services import supervision as svc
from platform_core.constants import RoleCode
from tests.factories import staff_with_role

from .conftest import make_document, sign


@pytest.fixture
def inspector(office):
    return staff_with_role(RoleCode.SUPERVISOR, office, name="督查员甲")


@pytest.fixture
def handler_a(dept_a):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="承办人")


@pytest.fixture
def signed_doc(route, clerk, issuer, office, head, leader):
    return sign(make_document(clerk, issuer, office), clerk, head, [], leader)


def _item(inspector, doc, unit, n=0):
    return svc.item_create(
        by=inspector,
        source_kind="document" if n == 0 else "instruction",
        source_id=doc.pk if n == 0 else n,
        lead_unit=unit,
        due_date=timezone.localdate() + datetime.timedelta(days=20),
    )


def test_pages_and_forms_with_isolation(client, inspector, signed_doc, dept_a, handler_a, clerk_b):
    client.force_login(inspector)
    url = reverse("oa:supervision_new") + f"?source=document&id={signed_doc.pk}"
    assert signed_doc.title in client.get(url).content.decode()
    due = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    response = client.post(
        url,
        {
            "source_kind": "document",
            "source_id": signed_doc.pk,
            "lead_unit": dept_a.pk,
            "due_date": due,
            "milestones": f"拟定方案，{due}",
        },
    )
    item = SupervisionItem.objects.get()
    assert response.status_code == 302 and item.milestones.count() == 1
    detail = reverse("oa:supervision_detail", args=[item.pk])
    client.force_login(clerk_b)  # another department
    assert client.get(detail).status_code == 404
    assert client.post(reverse("oa:supervision_progress", args=[item.pk])).status_code == 404
    assert client.get(reverse("oa:supervision_new")).status_code == 403
    client.force_login(handler_a)
    assert "反馈办理进展" in client.get(detail).content.decode()
    client.post(
        reverse("oa:supervision_progress", args=[item.pk]),
        {"text": "已完成", "completion": "on"},
    )
    client.force_login(inspector)
    client.post(reverse("oa:supervision_review", args=[item.pk]), {"decision": "close"})
    item.refresh_from_db()
    assert item.status == SupervisionStatus.CLOSED
    client.post(reverse("oa:supervision_archive", args=[item.pk]), {"retention": "D10"})
    record = item.archive
    response = client.get(reverse("oa:archive_package", args=[record.pk]))
    assert response["Content-Type"] == "application/zip"
    assert record.archival_code in client.get(reverse("oa:archive")).content.decode()
    client.force_login(clerk_b)
    assert client.get(reverse("oa:archive_package", args=[record.pk])).status_code == 404


def test_leaders_view_keeps_a_constant_query_count(
    client, inspector, signed_doc, dept_a, leader, monkeypatch
):
    # The registry is process-wide: put the real resolver back afterwards (a later crawl of the
    # demo in this process followed the fake "/x/" link of a real instruction: 404).
    monkeypatch.setattr(svc, "_RESOLVERS", dict(svc._RESOLVERS))
    svc.register_source_resolver(
        "instruction", lambda pk: svc.SourceInfo(title=f"批示{pk}", link="/x/")
    )
    _item(inspector, signed_doc, dept_a)
    client.force_login(leader)
    url = reverse("oa:supervision")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(1, 8):
        _item(inspector, signed_doc, dept_a, n)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert "批示7" in response.content.decode()
    assert len(many) == len(few)


def test_document_archive_view(client, clerk, signed_doc):
    client.force_login(clerk)
    client.post(reverse("oa:document_archive", args=[signed_doc.pk]), {"retention": "Y"})
    assert archive_svc.ArchiveRecord.objects.get(document=signed_doc).retention == "Y"


def test_only_the_units_archivist_archives_a_document(
    client, clerk, head, leader, inspector, signed_doc
):
    """归档 needs the permission oa.archive_record (the unit's 审批科员 by default) in the
    document's unit: the section head, the county leader above it and the supervisor may read the
    document but neither see the 归档 button nor archive it."""
    from django.core.exceptions import PermissionDenied

    url = reverse("oa:document_archive", args=[signed_doc.pk])
    detail = reverse("oa:document_detail", args=[signed_doc.pk])
    for person in (head, leader, inspector):
        with pytest.raises(PermissionDenied):
            archive_svc.document_archive(document=signed_doc, by=person, retention="Y")
        client.force_login(person)
        assert 'id="archive-document"' not in client.get(detail).content.decode()
        assert client.post(url, {"retention": "Y"}).status_code == 403
    assert not archive_svc.ArchiveRecord.objects.exists()
    client.force_login(clerk)
    assert 'id="archive-document"' in client.get(detail).content.decode()
    response = client.post(url, {"retention": "bad"})  # bad input: nothing archived
    assert response.status_code == 302 and not archive_svc.ArchiveRecord.objects.exists()
    client.post(url, {"retention": "D30"})
    record = archive_svc.ArchiveRecord.objects.get(document=signed_doc)
    page = client.get(detail).content.decode()
    assert record.archival_code in page and 'id="archive-document"' not in page


def test_the_archivist_role_archives_its_units_documents(
    client, gov, office, dept_a, signed_doc, inspector, handler_a
):
    """档案员 holds oa.archive_record: in the office (or above it) she archives its documents and
    sees the 归档 button; an archivist of another department may not, and does not see it."""
    from django.core.exceptions import PermissionDenied

    from platform_core.models import Role

    assert (
        Role.objects.get(code=RoleCode.ARCHIVIST)
        .permissions.filter(codename="archive_record", content_type__app_label="oa")
        .exists()
    )
    archivist = staff_with_role(RoleCode.ARCHIVIST, office, name="李文静")
    elsewhere = staff_with_role(RoleCode.ARCHIVIST, dept_a, name="外单位档案员")
    detail = reverse("oa:document_detail", args=[signed_doc.pk])
    url = reverse("oa:document_archive", args=[signed_doc.pk])
    with pytest.raises(PermissionDenied):
        archive_svc.document_archive(document=signed_doc, by=elsewhere, retention="Y")
    client.force_login(elsewhere)
    assert client.post(url, {"retention": "Y"}).status_code in (403, 404)
    client.force_login(archivist)
    assert 'id="archive-document"' in client.get(detail).content.decode()
    client.post(url, {"retention": "D30"})
    record = archive_svc.ArchiveRecord.objects.get(document=signed_doc)
    assert record.archived_by == archivist and record.retention == "D30"
    assert record.archival_code in client.get(reverse("oa:archive")).content.decode()
    # The lead unit's archivist archives a closed supervision item of that unit.
    item = _item(inspector, signed_doc, dept_a)
    svc.progress_report(item=item, by=handler_a, text="已办结", completion=True)
    svc.item_review(item=item, by=inspector, approve=True)
    with pytest.raises(PermissionDenied):
        archive_svc.supervision_archive(item=item, by=archivist, retention="D10")
    assert archive_svc.supervision_archive(item=item, by=elsewhere, retention="D10").piece == 1


def test_supervision_items_are_archived_by_the_office_or_the_lead_units_archivist(
    client, inspector, signed_doc, dept_a, handler_a, head_a
):
    from django.core.exceptions import PermissionDenied

    item = _item(inspector, signed_doc, dept_a)
    svc.progress_report(item=item, by=handler_a, text="已办结", completion=True)
    svc.item_review(item=item, by=inspector, approve=True)
    detail = reverse("oa:supervision_detail", args=[item.pk])
    archive = reverse("oa:supervision_archive", args=[item.pk])
    client.force_login(head_a)  # the lead unit's section head: reads, may not archive
    assert archive not in client.get(detail).content.decode()
    with pytest.raises(PermissionDenied):
        archive_svc.supervision_archive(item=item, by=head_a, retention="D10")
    client.force_login(handler_a)
    assert archive in client.get(detail).content.decode()
    client.force_login(inspector)
    client.post(archive, {"retention": "D10"})
    assert archive_svc.ArchiveRecord.objects.get(supervision=item).archived_by == inspector


def test_document_page_offers_supervision_to_the_office(
    client, inspector, clerk, signed_doc, dept_a
):
    detail = reverse("oa:document_detail", args=[signed_doc.pk])
    new = f"{reverse('oa:supervision_new')}?source=document&amp;id={signed_doc.pk}"
    client.force_login(clerk)
    assert new not in client.get(detail).content.decode()
    client.force_login(inspector)
    assert new in client.get(detail).content.decode()
    item = _item(inspector, signed_doc, dept_a)
    page = client.get(detail).content.decode()
    assert new not in page and reverse("oa:supervision_detail", args=[item.pk]) in page


def test_meeting_action_item_turns_into_a_supervision_item(
    client, inspector, clerk, office, dept_a
):
    """转督办 on an action item of the minutes: the supervision office opens the form filled from
    the item (title, lead unit, due date), creates it, and the minutes then link to it."""
    from oa.services import meetings as mt

    start = timezone.now() + datetime.timedelta(days=2)
    meeting = mt.meeting_create(
        by=clerk,
        unit=office,
        title="县政府专题会议",
        start=start,
        end=start + datetime.timedelta(hours=2),
        reply_deadline=start - datetime.timedelta(hours=2),
        place="县政府会议室",
        units=[dept_a],
    )
    mt.meeting_send(meeting=meeting, by=clerk)
    due = timezone.localdate() + datetime.timedelta(days=10)
    action = mt.action_item_add(
        meeting=meeting, by=clerk, title="整改背街小巷路灯问题", owner_unit=dept_a, due_date=due
    )
    detail = reverse("oa:meeting_detail", args=[meeting.pk])
    link = f"{reverse('oa:supervision_new')}?source=meeting&amp;id={action.pk}"
    client.force_login(clerk)
    assert link not in client.get(detail).content.decode()
    client.force_login(inspector)
    assert link in client.get(detail).content.decode()
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert "整改背街小巷路灯问题" in form and due.isoformat() in form
    response = client.post(
        link.replace("&amp;", "&"),
        {
            "source_kind": "meeting",
            "source_id": action.pk,
            "title": "整改背街小巷路灯问题",
            "lead_unit": dept_a.pk,
            "due_date": due.isoformat(),
        },
    )
    item = SupervisionItem.objects.get(source_kind="meeting", source_id=action.pk)
    assert response.status_code == 302 and item.lead_unit == dept_a
    page = client.get(detail).content.decode()
    assert link not in page and reverse("oa:supervision_detail", args=[item.pk]) in page


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_progress_attachments_download_from_the_item_page(
    client, inspector, signed_doc, dept_a, handler_a, clerk_b, monkeypatch
):
    """A progress report's files are links on the item page; they download for whoever may open
    the item and are a 404 for another department."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = _item(inspector, signed_doc, dept_a)
    event = svc.progress_report(
        item=item,
        by=handler_a,
        text="方案已拟定",
        uploads=[SimpleUploadedFile("实施方案.pdf", PDF, "application/pdf")],
    )
    (attachment,) = event.attachments.all()
    url = reverse("oa:supervision_attachment", args=[item.pk, attachment.pk])
    for person in (inspector, handler_a):
        client.force_login(person)
        assert url in client.get(reverse("oa:supervision_detail", args=[item.pk])).content.decode()
        response = client.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
        assert "attachment" in response["Content-Disposition"]
    client.force_login(clerk_b)
    assert client.get(url).status_code == 404
    monkeypatch.setattr(svc, "_RESOLVERS", dict(svc._RESOLVERS))  # process-wide: restored
    svc.register_source_resolver(
        "instruction", lambda pk: svc.SourceInfo(title=f"批示{pk}", link="/x/")
    )
    other = _item(inspector, signed_doc, dept_a, n=999)  # another item: not its attachment
    client.force_login(inspector)
    wrong = reverse("oa:supervision_attachment", args=[other.pk, attachment.pk])
    assert client.get(wrong).status_code == 404


def test_instruction_item_shows_the_handling_reports_with_their_files(
    client, inspector, dept_a, dept_b, head_a, leader, handler_a, clerk_b
):
    """An item from a leader's instruction shows each handling unit's report (承办 办理情况)
    with its material, downloadable by who may open the 收文."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from oa.services import incoming as incoming_svc

    document = incoming_svc.incoming_register(
        unit=dept_a, by=head_a, sender="市人民政府办公室", title="关于开展安全生产大检查的通知"
    )
    incoming_svc.incoming_propose(document=document, by=head_a, proposal="拟请阅示", leader=leader)
    incoming_svc.incoming_instruct(
        document=document, by=leader, instruction="抓紧落实", units=[(dept_a, 5), (dept_b, 8)]
    )
    item = svc.item_create(
        by=inspector,
        source_kind="instruction",
        source_id=document.pk,
        lead_unit=dept_a,
        due_date=timezone.localdate() + datetime.timedelta(days=20),
    )
    handling = document.handlings.get(unit=dept_a)
    incoming_svc.handling_report(
        handling=handling,
        by=handler_a,
        report="已检查经营主体46家。",
        conclude=True,
        uploads=[SimpleUploadedFile("检查台账.pdf", PDF, "application/pdf")],
    )
    (attachment,) = handling.attachments.all()
    download = reverse("oa:incoming_attachment_download", args=[document.pk, attachment.pk])
    detail = reverse("oa:supervision_detail", args=[item.pk])
    client.force_login(inspector)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(detail).content.decode()
    assert "承办单位办理情况" in page and "已检查经营主体46家。" in page
    assert download in page and "县自然资源局" in page
    assert client.get(download).status_code == 200
    # More reports with files: the page's query count stays.
    incoming_svc.handling_report(
        handling=document.handlings.get(unit=dept_b),
        by=clerk_b,
        report="已配合完成。",
        conclude=True,
        uploads=[SimpleUploadedFile(f"材料{n}.pdf", PDF, "application/pdf") for n in range(3)],
    )
    with CaptureQueriesContext(connection) as more:
        page = client.get(detail).content.decode()
    assert "材料2.pdf" in page and len(more) == len(queries)
