"""督办 and 归档 at the service level: sources, progress, review, reminders across National Day
(exactly once, escalation), department isolation, the 档号 without gaps and the package."""

import datetime
import io
import json
import threading
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from oa.constants import SupervisionSource, SupervisionStatus
from oa.models import (
    ArchiveRecord,
    OutgoingDocument,
    SupervisionEvent,
    SupervisionItem,
    SupervisionReminder,
)
from oa.selectors import supervision as sel
from oa.selectors.work import SupervisionReviewWork, SupervisionWork
from oa.services import archive as archive_svc
from oa.services import meetings as meeting_svc
from oa.services import supervision as svc
from platform_core.constants import Channel, RoleCode
from platform_core.models import ClockWatch, Notification
from tests.factories import staff_with_role

from .conftest import make_document, sign

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def inspector(office):
    return staff_with_role(RoleCode.SUPERVISOR, office, name="督查员甲")


@pytest.fixture
def handler_a(dept_a):
    user = staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="承办人")
    user.mobile = "13800000001"
    user.save()
    return user


@pytest.fixture
def head_a_mobile(head_a):
    head_a.mobile = "13800000002"
    head_a.save()
    return head_a


@pytest.fixture
def signed_doc(route, clerk, issuer, office, head, leader):
    return sign(make_document(clerk, issuer, office), clerk, head, [], leader)


def _due(days=20):
    return timezone.localdate() + datetime.timedelta(days=days)


def make_item(inspector, doc, unit, **kw):
    return svc.item_create(
        by=inspector,
        source_kind=SupervisionSource.DOCUMENT,
        source_id=doc.pk,
        lead_unit=unit,
        due_date=kw.pop("due_date", _due()),
        **kw,
    )


def test_item_from_a_document_runs_on_the_case_clock_and_reaches_the_inbox(
    inspector, signed_doc, dept_a, dept_b, handler_a, clerk_b
):
    item = make_item(
        inspector, signed_doc, dept_a, co_units=[dept_b], milestones=[("拟定方案", _due(5))]
    )
    assert item.source_title.startswith(signed_doc.title)
    assert item.clock.due_date is not None and item.clock.process == svc.CLOCK_PROCESS
    assert ClockWatch.objects.get(clock=item.clock).unit == dept_a
    assert list(SupervisionWork().pending(handler_a)) == [item]
    assert list(SupervisionWork().pending(clerk_b)) == []  # co-units report, the lead closes
    assert SupervisionWork().items(handler_a, 5)[0].due_date == item.due_date
    assert item.events.get().action == SupervisionEvent.Action.CREATE
    with pytest.raises(ValidationError):  # a source is supervised once
        make_item(inspector, signed_doc, dept_a)


def test_only_the_supervision_office_creates_and_an_unknown_source_is_refused(
    inspector, signed_doc, dept_a, handler_a
):
    with pytest.raises(PermissionDenied):
        make_item(handler_a, signed_doc, dept_a)
    with pytest.raises(ValidationError):
        svc.item_create(
            by=inspector,
            source_kind=SupervisionSource.DOCUMENT,
            source_id=999999,
            lead_unit=dept_a,
            due_date=_due(),
        )


def test_a_meeting_action_item_becomes_a_supervision_item(inspector, gov, dept_a):
    from tests.oa.test_meetings import make_meeting

    organiser = staff_with_role(RoleCode.REVIEW_CLERK, gov, name="会务")
    meeting = make_meeting(organiser, gov, [dept_a])
    meeting_svc.meeting_send(meeting=meeting, by=organiser)
    action = meeting_svc.action_item_add(
        meeting=meeting, by=organiser, title="完成河道清淤", owner_unit=dept_a, due_date=_due(10)
    )
    info = svc.resolve_source(SupervisionSource.MEETING, action.pk)
    assert info.unit == dept_a and info.due_date == action.due_date
    item = svc.item_create(
        by=inspector,
        source_kind=SupervisionSource.MEETING,
        source_id=action.pk,
        lead_unit=info.unit,
        due_date=info.due_date,
    )
    assert item.title == "完成河道清淤" and item.source_link.endswith(f"/{meeting.pk}/")


def test_a_registered_resolver_plugs_in_a_new_source(inspector, dept_a, monkeypatch):
    # The registry is process-wide: put the real resolver back afterwards (later tests in this
    # process, the HTTP matrix's world among them, supervise real instructions).
    monkeypatch.setattr(svc, "_RESOLVERS", dict(svc._RESOLVERS))
    svc.register_source_resolver(
        SupervisionSource.INSTRUCTION,
        lambda pk: svc.SourceInfo(title=f"批示{pk}", link="/x/") if pk == 7 else None,
    )
    item = svc.item_create(
        by=inspector,
        source_kind=SupervisionSource.INSTRUCTION,
        source_id=7,
        lead_unit=dept_a,
        due_date=_due(),
    )
    assert item.source_title == "批示7"


def test_progress_with_attachments_review_sends_back_then_closes(
    inspector, signed_doc, dept_a, dept_b, handler_a, clerk_b
):
    item = make_item(inspector, signed_doc, dept_a, co_units=[dept_b])
    svc.progress_report(
        item=item,
        by=clerk_b,
        text="协办单位已配合完成调查",
        uploads=[SimpleUploadedFile("调查.pdf", PDF, "application/pdf")],
    )
    with pytest.raises(ValidationError):  # a disguised executable is refused
        svc.progress_report(
            item=item,
            by=handler_a,
            text="x",
            uploads=[SimpleUploadedFile("a.pdf", b"MZ\x90\x00evil", "application/pdf")],
        )
    with pytest.raises(PermissionDenied):  # a co-unit cannot apply for closure
        svc.progress_report(item=item, by=clerk_b, text="办完了", completion=True)
    svc.progress_report(item=item, by=handler_a, text="已全部完成", completion=True)
    item.refresh_from_db()
    assert item.status == SupervisionStatus.SUBMITTED
    assert list(SupervisionReviewWork().pending(inspector)) == [item]
    assert list(SupervisionWork().pending(handler_a)) == []
    with pytest.raises(ValidationError):
        svc.item_review(item=item, by=inspector, approve=False, comment="")
    svc.item_review(item=item, by=inspector, approve=False, comment="缺少验收材料")
    item.refresh_from_db()
    assert item.status == SupervisionStatus.OPEN
    svc.progress_report(item=item, by=handler_a, text="补充验收材料", completion=True)
    with pytest.raises(PermissionDenied):
        svc.item_review(item=item, by=handler_a, approve=True)
    svc.item_review(item=item, by=inspector, approve=True, comment="同意办结")
    item.refresh_from_db()
    assert item.status == SupervisionStatus.CLOSED and item.clock.finished_on is not None
    actions = list(item.events.values_list("action", flat=True))
    assert actions == ["create", "progress", "submit", "return", "submit", "close"]
    assert item.events.get(action="progress").attachments.count() == 1


def test_reminder_points_across_national_day():
    offsets = (-3, -1, 0, 1, 3)
    points = dict(svc.reminder_points(datetime.date(2026, 9, 30), offsets))
    assert points[-3] == datetime.date(2026, 9, 24)
    assert points[0] == datetime.date(2026, 9, 30)
    # 10月1日–7日 are holidays: one working day after 9月30日 is 10月8日, and the third is
    # Saturday 10月10日, a make-up working day (调休上班).
    assert points[1] == datetime.date(2026, 10, 8)
    assert points[3] == datetime.date(2026, 10, 10)
    assert dict(svc.reminder_points(datetime.date(2026, 10, 9), offsets))[-1] == datetime.date(
        2026, 10, 8
    )


def test_reminders_scan_sends_each_point_once_and_escalates_after_the_due_date(
    inspector, signed_doc, dept_a, handler_a, head_a_mobile, settings
):
    settings.OA_SUPERVISION_REMINDERS = (-1, 1)
    item = make_item(inspector, signed_doc, dept_a)
    # Put the due date on 30 September 2026 to count across National Day.
    SupervisionItem.objects.filter(pk=item.pk).update(due_date=datetime.date(2026, 9, 30))
    assert svc.reminders_scan(today=datetime.date(2026, 9, 28)) == 0
    assert svc.reminders_scan(today=datetime.date(2026, 9, 29)) == 1
    assert svc.reminders_scan(today=datetime.date(2026, 9, 29)) == 0  # once per point
    assert svc.reminders_scan(today=datetime.date(2026, 10, 5)) == 0  # holiday: not yet +1
    sms = Notification.objects.filter(channel=Channel.SMS)
    assert set(sms.values_list("address", flat=True)) == {"13800000001", "13800000002"}
    assert not item.events.filter(action="escalate").exists()
    assert svc.reminders_scan(today=datetime.date(2026, 10, 8)) == 1
    assert item.events.filter(action="escalate").count() == 1
    assert Notification.objects.filter(
        recipient=head_a_mobile, channel=Channel.IN_APP, subject__startswith="督办超期"
    ).exists()
    assert SupervisionReminder.objects.filter(item=item).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_scans_send_a_point_once(gov, dept_a, settings):
    from oa.models import Issuer
    from tests.oa.conftest import make_document as mk

    settings.OA_SUPERVISION_REMINDERS = (-1,)
    office = dept_a
    inspector = staff_with_role(RoleCode.SUPERVISOR, office)
    staff_with_role(RoleCode.REVIEW_CLERK, dept_a)
    issuer = Issuer.objects.create(unit=gov, prefix="蓝政发", header="h", signature="s")
    doc = mk(inspector, issuer, office)
    SupervisionItem.objects.all().delete()
    OutgoingDocument.objects.filter(pk=doc.pk).update(status="signed")
    item = make_item(inspector, doc, dept_a, due_date=_due(30))
    today = item.due_date - datetime.timedelta(days=1)
    while svc.reminder_points(item.due_date, (-1,))[0][1] > today:
        today -= datetime.timedelta(days=1)
    today = svc.reminder_points(item.due_date, (-1,))[0][1]
    results, barrier = [], threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            results.append(svc.reminders_scan(today=today))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [0, 1]
    assert SupervisionReminder.objects.filter(item=item).count() == 1


def test_department_isolation_and_the_leaders_view(
    inspector, signed_doc, dept_a, dept_b, handler_a, clerk_b, leader
):
    item = make_item(inspector, signed_doc, dept_a)
    assert list(sel.items_visible_to(handler_a)) == [item]
    assert list(sel.items_visible_to(clerk_b)) == []
    assert list(sel.items_visible_to(leader)) == [item]  # the county leader's scope
    SupervisionItem.objects.filter(pk=item.pk).update(due_date=datetime.date(2026, 1, 5))
    assert list(sel.item_list(leader, late="overdue")) == [item]
    row = sel.item_summary(leader)[0]
    assert (row["lead_unit__name"], row["overdue"], row["open"]) == (dept_a.name, 1, 0)


def _closed_item(inspector, doc, unit, handler):
    item = make_item(inspector, doc, unit)
    svc.progress_report(
        item=item,
        by=handler,
        text="完成",
        completion=True,
        uploads=[SimpleUploadedFile("验收.pdf", PDF, "application/pdf")],
    )
    svc.item_review(item=item, by=inspector, approve=True)
    item.refresh_from_db()
    return item


def _signed_draft(clerk, issuer, office, formed_on):
    # The route itself is tested elsewhere: only the status and date matter for archiving.
    doc = make_document(clerk, issuer, office)
    OutgoingDocument.objects.filter(pk=doc.pk).update(status="signed", formed_on=formed_on)
    doc.refresh_from_db()
    return doc


def test_archive_codes_have_no_gap_per_fonds_year_retention_and_unit(
    inspector, signed_doc, dept_a, handler_a, clerk, issuer, office, head, leader
):
    item = _closed_item(inspector, signed_doc, dept_a, handler_a)
    with pytest.raises(ValidationError):  # not concluded yet
        archive_svc.document_archive(
            document=make_document(clerk, issuer, office), by=clerk, retention="Y"
        )
    rec_doc = archive_svc.document_archive(document=signed_doc, by=clerk, retention="D30")
    year = signed_doc.formed_on.year
    assert rec_doc.archival_code == f"A001-{year}-D30-{office.code}-0001"
    second = _signed_draft(clerk, issuer, office, signed_doc.formed_on)
    assert archive_svc.document_archive(document=second, by=clerk, retention="D30").piece == 2
    third = _signed_draft(clerk, issuer, office, signed_doc.formed_on)
    assert archive_svc.document_archive(document=third, by=clerk, retention="Y").piece == 1
    with pytest.raises(ValidationError):
        archive_svc.document_archive(document=signed_doc, by=clerk, retention="D30")
    rec_item = archive_svc.supervision_archive(item=item, by=handler_a, retention="D10")
    assert rec_item.archival_code.endswith(f"-D10-{dept_a.code}-0001")
    assert item.events.last().action == SupervisionEvent.Action.ARCHIVE
    pieces = list(
        ArchiveRecord.objects.filter(retention="D30")
        .order_by("piece")
        .values_list("piece", flat=True)
    )
    assert pieces == [1, 2]


def test_archive_code_of_a_hyphenated_unit_splits_into_five_parts(route, issuer, office, leader):
    """A section's code holds a hyphen (spj-spk); inside the 档号 it is written spj_spk, so
    every 档号 splits into exactly 全宗号-年度-保管期限-机构-件号."""
    from tests.factories import OrgUnitFactory

    section = OrgUnitFactory(parent=office, name="综合科", code="zfb-zhk", kind="section")
    clerk = staff_with_role(RoleCode.REVIEW_CLERK, section, name="王静")
    section_head = staff_with_role(RoleCode.SECTION_HEAD, section, name="张科长")
    doc = sign(make_document(clerk, issuer, section), clerk, section_head, [], leader)
    record = archive_svc.document_archive(document=doc, by=clerk, retention="D30")
    assert record.org_code == "zfb_zhk" == archive_svc.archive_org_code(section)
    parts = record.archival_code.split("-")
    assert parts == ["A001", str(record.year), "D30", "zfb_zhk", "0001"]
    assert archive_svc.split_archival_code(record.archival_code) == {
        "fonds": "A001",
        "year": record.year,
        "retention": "D30",
        "org_code": "zfb_zhk",
        "piece": 1,
    }
    with pytest.raises(ValueError):  # a 机构 part with a hyphen is refused, never stored
        archive_svc.archival_code("A001", 2026, "Y", "zfb-zhk", 1)


def test_archive_package_holds_metadata_history_and_pdf(
    inspector, signed_doc, dept_a, handler_a, clerk
):
    item = _closed_item(inspector, signed_doc, dept_a, handler_a)
    record = archive_svc.supervision_archive(item=item, by=handler_a, retention="D10")
    zf = zipfile.ZipFile(io.BytesIO(archive_svc.archive_package(record)))
    data = json.loads(zf.read("metadata.json"))
    assert data["档号"] == record.archival_code and data["保管期限"] == "10年"
    assert [e["操作"] for e in data["督办"]["办理记录"]][:3] == ["立项", "申请办结", "审核办结"]
    assert "档号" in zf.read("metadata.xml").decode()
    assert any(n.startswith("附件/") for n in zf.namelist())
    doc_record = archive_svc.document_archive(document=signed_doc, by=clerk, retention="Y")
    zf = zipfile.ZipFile(io.BytesIO(archive_svc.archive_package(doc_record)))
    assert zf.read(f"{doc_record.archival_code}.pdf").startswith(b"%PDF")
