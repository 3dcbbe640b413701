"""load_demo's official documents: every state, revisions by several people, receipts, the
disclosure of 主动公开 documents, and gapless numbers per issuer."""

import pytest
from django.core.management import call_command

from oa import revisions
from oa.constants import DocStatus
from oa.models import Dispatch, OutgoingDocument, VoidedNumber
from platform_core.models import TaskInfo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.PUBLISH_ROOT = tmp_path / "site"
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", verbosity=0)


@pytest.mark.slow
def test_demo_documents(demo):
    documents = OutgoingDocument.objects.all()
    assert documents.count() >= 30
    assert set(documents.values_list("status", flat=True)) == set(DocStatus.values)
    steps = set(
        TaskInfo.objects.filter(
            process__subsystem="oa", is_open=True, process__pk__in=documents.values("process")
        ).values_list("step_name", flat=True)
    )
    assert steps == {"核稿", "会签", "签发"}
    assert Dispatch.objects.filter(received_at__isnull=False).exists()
    assert Dispatch.objects.filter(received_at__isnull=True).exists()
    assert VoidedNumber.objects.count() == 1
    disclosed = documents.filter(disclosure_item_id__isnull=False)
    assert disclosed.exists() and all(d.openness == "proactive" for d in disclosed)
    edited = [d for d in documents if d.versions.values("author").distinct().count() >= 2]
    assert len(edited) >= 10
    for document in edited[:5]:
        versions = list(document.versions.order_by("number"))
        assert revisions.rebuild([v.delta for v in versions]) == document.body
    for issuer_id in documents.values_list("issuer", flat=True).distinct():
        numbered = documents.filter(issuer_id=issuer_id, number_serial__isnull=False)
        serials = sorted(numbered.values_list("number_serial", flat=True))
        voided = VoidedNumber.objects.filter(issuer_id=issuer_id).values_list("serial", flat=True)
        assert sorted([*serials, *voided]) == list(range(1, len(serials) + len(voided) + 1))
    # Repeatable.
    call_command("load_demo", verbosity=0)
    assert OutgoingDocument.objects.count() == documents.count()


@pytest.mark.slow
def test_demo_calendar_and_meetings(demo):
    from django.utils import timezone

    from oa.demo import load_demo_calendar
    from oa.models import (
        ActionItem,
        CalendarDelegation,
        CalendarEvent,
        MeetingNotice,
        MeetingRoom,
        RoomBooking,
    )

    today = timezone.localdate()
    assert MeetingRoom.objects.count() >= 4
    this_month = CalendarEvent.objects.filter(start__year=today.year, start__month=today.month)
    assert this_month.values("owner").distinct().count() >= 4
    assert CalendarEvent.objects.exclude(rrule="").exists()
    assert CalendarDelegation.objects.filter(leader__username="lijianguo").exists()
    assert set(MeetingNotice.objects.values_list("status", flat=True)) == {"draft", "sent"}
    video = MeetingNotice.objects.get(kind="video")
    assert video.invitees.filter(replied_at__isnull=False, reply_via="sms").exists()
    assert video.invitees.filter(replied_at__isnull=True).exists()
    assert ActionItem.objects.count() == 2
    assert RoomBooking.objects.filter(is_active=True).count() == 3
    assert load_demo_calendar() == 0  # repeatable


def test_demo_office_tools(demo):
    """SMS templates and two-way threads, notices with reads and comments, duty rosters for the
    current month (public duty phone) and National Day, all loaded twice without duplicates."""
    from django.utils import timezone

    from oa.models import DutyRoster, DutyShift, Notice, NoticeComment, NoticeRead, SmsMessage
    from oa.selectors.duty import public_duty_phone

    assert SmsMessage.objects.filter(direction="in").count() == 3
    assert set(SmsMessage.objects.values_list("status", flat=True)) >= {
        "queued",
        "delivered",
        "failed",
        "received",
    }
    assert set(Notice.objects.values_list("status", flat=True)) == {
        "draft",
        "pending",
        "published",
    }
    assert NoticeRead.objects.count() > 10
    assert NoticeComment.objects.filter(status="pending").exists()
    today = timezone.localdate()
    assert DutyRoster.objects.filter(start__lte=today, end__gte=today, is_public=True).exists()
    assert public_duty_phone()["phone"] == "0746-2220000"
    national = DutyShift.objects.filter(date="2026-10-03", kind="day").get()
    assert national.holiday_name == "国庆节"
    counts = (SmsMessage.objects.count(), Notice.objects.count(), DutyShift.objects.count())
    call_command("load_demo", verbosity=0)
    assert (SmsMessage.objects.count(), Notice.objects.count(), DutyShift.objects.count()) == counts


@pytest.mark.slow
def test_demo_incoming(demo):
    """收文 in every state (hand-registered, scanned, and from the exchange on 签收), with
    circulations in order and in parallel."""
    from oa.models import CirculationReader, IncomingDocument, IncomingStatus

    incoming = IncomingDocument.objects.all()
    assert set(incoming.values_list("status", flat=True)) == set(IncomingStatus.values)
    assert set(incoming.values_list("source", flat=True)) == {"exchange", "barcode", "manual"}
    assert incoming.filter(status="handling", handlings__isnull=False).exists()
    from oa.models import IncomingAttachment

    assert IncomingAttachment.objects.filter(
        handling__isnull=False, document__status="concluded"
    ).exists()
    assert CirculationReader.objects.filter(read_at__isnull=False).exists()
    assert CirculationReader.objects.filter(read_at__isnull=True, sent_at__isnull=False).exists()


@pytest.mark.slow
def test_demo_supervision_and_archive(demo, client):
    """督办 items from a document, a leader's instruction and a meeting's action item in every
    state (open with progress, overdue and reminded, under review, closed, archived), and
    documents archived with their 档号; the supervisor and the county leader see the work."""
    from django.urls import reverse
    from django.utils import timezone

    from oa.models import ArchiveRecord, SupervisionEvent, SupervisionItem, SupervisionReminder
    from oa.services.archive import archival_code
    from platform_core.models import User

    items = SupervisionItem.objects.all()
    assert set(items.values_list("source_kind", flat=True)) == {
        "document",
        "instruction",
        "meeting",
    }
    assert set(items.values_list("status", flat=True)) == {"open", "submitted", "closed"}
    today = timezone.localdate()
    overdue = items.get(status="open", due_date__lt=today)
    assert SupervisionReminder.objects.filter(item=overdue).exists()
    assert overdue.events.filter(action=SupervisionEvent.Action.REMIND).exists()
    progress = SupervisionEvent.objects.filter(action=SupervisionEvent.Action.PROGRESS)
    assert progress.filter(attachments__isnull=False).exists()
    assert items.filter(status="open", due_date__gte=today, events__in=progress).exists()
    archived = ArchiveRecord.objects.all()
    assert archived.filter(supervision__isnull=False).count() == 1
    assert archived.filter(document__isnull=False).count() >= 3
    for record in archived:  # 全宗号-年度-保管期限-机构（问题）代码-件号
        assert record.archival_code == archival_code(
            record.fonds, record.year, record.retention, record.org_code, record.piece
        )
        assert len(record.archival_code.split("-")) == 5, record.archival_code
    # The licensing bureau's documents are archived by its 档案员.
    archivist = User.objects.get(username="liwenjing")
    assert archivist.posts.filter(role__code="archivist").exists()
    assert archived.filter(archived_by=archivist).count() == 3
    # The supervisor's inbox holds the review; the leader's view lists every item.
    client.force_login(User.objects.get(username="zhaolijuan"))
    page = client.get(reverse("oa:supervision")).content.decode()
    for item in items:
        assert item.title in page, item.title
    review = items.get(status="submitted")
    inbox = client.get(reverse("platform_core:inbox")).content.decode()
    assert review.title in inbox
    # She attended the 政务公开 meeting: on its page the action item not yet supervised offers
    # 转督办, which opens the new item prefilled from it; she creates it.
    from oa.models import ActionItem

    open_action = ActionItem.objects.get(title="完成本单位政府信息公开工作年度报告初稿")
    meeting_page = client.get(reverse("oa:meeting_detail", args=[open_action.meeting_id]))
    assert meeting_page.status_code == 200
    assert f'id="supervise-action-{open_action.pk}"' in meeting_page.content.decode()
    new_url = f"{reverse('oa:supervision_new')}?source=meeting&id={open_action.pk}"
    new_page = client.get(new_url)
    assert new_page.status_code == 200 and open_action.title in new_page.content.decode()
    from oa.services import supervision as sv

    created = sv.item_create(
        by=User.objects.get(username="zhaolijuan"),
        source_kind="meeting",
        source_id=open_action.pk,
        lead_unit=open_action.owner_unit,
        due_date=open_action.due_date,
    )
    meeting_page = client.get(reverse("oa:meeting_detail", args=[open_action.meeting_id]))
    assert reverse("oa:supervision_detail", args=[created.pk]) in meeting_page.content.decode()
    client.force_login(User.objects.get(username="lijianguo"))
    assert overdue.title in client.get(reverse("oa:supervision")).content.decode()
    # Repeatable.
    counts = (items.count(), archived.count(), SupervisionEvent.objects.count())
    call_command("load_demo", verbosity=0)
    assert (items.count(), archived.count(), SupervisionEvent.objects.count()) == counts
