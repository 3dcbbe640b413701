"""`manage.py load_demo`: a complete, valid and repeatable demo county — every app's demo data
checked on ONE load of the demo (about a minute of work), which every test of this module reads;
a second run, in its own savepoint, must change nothing.

The demo is loaded once for the module inside a transaction rolled back after it (like the crawl
and the HTTP matrix); each test runs in its own savepoint (pytest-django's `db`), so a write made
by one test never reaches the next. Its published site and uploads go to a directory of the
module's own. (These checks lived in seven modules that loaded the demo 27 times: a quarter of
the suite's time.)
"""

import datetime
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.db import transaction
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from platform_core import demo_data
from platform_core.constants import PersonType, RoleCode, UnitKind, UserKind
from platform_core.inbox_sources import work_items
from platform_core.models import (
    CalendarDay,
    CaseClock,
    CitizenProfile,
    ClockCard,
    OrgUnit,
    Post,
    TaskInfo,
    User,
)
from platform_core.validators import validate_resident_id, validate_uscc
from portal.models import SiteSettings

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Demo:
    site: Path  # the published site
    output: str  # what load_demo printed (the logins)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    out = io.StringIO()
    with (
        override_settings(PUBLISH_ROOT=root / "site", MEDIA_ROOT=root / "media"),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=out)
        yield Demo(site=root / "site", output=out.getvalue())
        transaction.set_rollback(True)


# --- repeatable -----------------------------------------------------------------------------


def _counts() -> dict[str, int]:
    from approval.models import Application, ApplicationEvent, LicensingItem, Notice, Rating
    from approval.models import SupervisionCard as ApprovalCard
    from disclosure.models import Item
    from interaction.models import Case
    from oa.models import (
        ArchiveRecord,
        DutyShift,
        MailMessage,
        OutgoingDocument,
        SmsMessage,
        SupervisionEvent,
        SupervisionItem,
    )
    from oa.models import Notice as OaNotice

    counted = [
        OrgUnit, CitizenProfile, Post, CalendarDay, SiteSettings, CaseClock,
        LicensingItem, Application, ApplicationEvent, Notice, ApprovalCard, Rating,
        Item, Case, OutgoingDocument, SmsMessage, OaNotice, DutyShift, SupervisionItem,
        ArchiveRecord, SupervisionEvent, MailMessage,
    ]  # fmt: skip
    counts = {f"{m._meta.app_label}.{m.__name__}": m.objects.count() for m in counted}
    counts.update(
        staff=User.objects.staff().count(),
        citizens=User.objects.citizens().count(),
        user_history=User.history.count(),
        unit_history=OrgUnit.history.count(),
        featured=Case.objects.filter(featured_at__isnull=False).count(),
    )
    return counts


def test_second_run_changes_nothing_and_keeps_a_changed_password(demo):
    first = _counts()
    # No audit history rows either: unchanged rows are not saved again.
    assert first["user_history"] == first["staff"] + first["citizens"]
    user = User.objects.get(username="tangting")
    user.set_password("Changed#2026x")
    user.save()
    call_command("load_demo", verbosity=0)
    assert _counts() == {**first, "user_history": first["user_history"] + 1}
    request = RequestFactory().post("/office/login/")
    assert authenticate(request, username="tangting", password="Changed#2026x") is not None


def test_prints_a_login_for_every_role(demo):
    assert demo_data.DEMO_PASSWORD in demo.output
    for _code, label in RoleCode.choices:
        assert f"{label}：" in demo.output


# --- the county, its people and its site ----------------------------------------------


def test_government_and_departments(demo):
    root = OrgUnit.objects.get(code="gov")
    assert root.depth == 1
    assert root.name == "蓝山县人民政府"
    assert root.kind == UnitKind.GOVERNMENT
    assert root.uscc.startswith("11431127")
    validate_uscc(root.uscc)
    departments = OrgUnit.objects.get_children(root).filter(
        kind__in=[UnitKind.DEPARTMENT, UnitKind.TOWNSHIP]
    )
    assert departments.count() >= 15
    names = set(departments.values_list("name", flat=True))
    assert {"县政府办公室", "县行政审批服务局", "县市场监督管理局", "城关镇"} <= names
    for dept in departments:
        validate_uscc(dept.uscc)
        assert dept.uscc.startswith("11")
        sections = OrgUnit.objects.get_children(dept)
        assert 2 <= sections.count() <= 4, dept.name
        assert set(sections.values_list("kind", flat=True)) == {UnitKind.SECTION}
    assert len(set(OrgUnit.objects.exclude(uscc="").values_list("uscc", flat=True))) == 17


def test_staff_cover_every_role(demo):
    staff = User.objects.staff()
    assert staff.count() >= 40
    for code in RoleCode.values:
        assert Post.objects.filter(role__code=code, end_date__isnull=True).exists(), code
    # Window and review clerks work in several departments, not just one.
    for code in (RoleCode.WINDOW_CLERK, RoleCode.REVIEW_CLERK):
        departments = {
            OrgUnit.objects.get_parent(post.unit).code
            if post.unit.kind == UnitKind.SECTION
            else post.unit.code
            for post in Post.objects.filter(role__code=code).select_related("unit")
        }
        assert len(departments) >= 3, code
    # A deputy county head leads at government level.
    assert Post.objects.filter(role__code=RoleCode.LEADER, unit__code="gov").exists()
    # Some people hold two posts (兼职), exactly one of them the main post.
    multi = [user for user in staff if user.posts.count() >= 2]
    assert len(multi) >= 3
    for user in multi:
        assert user.posts.filter(is_primary=True).count() == 1
    # Three-role separation: no one holds two of the security roles.
    security = [RoleCode.SYSTEM_ADMIN, RoleCode.SECURITY_ADMIN, RoleCode.AUDIT_ADMIN]
    for user in staff:
        assert user.posts.filter(role__code__in=security).count() <= 1


def test_staff_log_in_with_demo_password(demo):
    user = authenticate(
        RequestFactory().post("/office/login/"),
        username="fengxue",
        password=demo_data.DEMO_PASSWORD,
    )
    assert user is not None and user.kind == UserKind.STAFF
    assert user.password_changed_at is not None
    validate_password(demo_data.DEMO_PASSWORD)  # meets the policy (length, classes)
    # Django admin: the system administrator (configuration) and the security administrator
    # (API credentials, lockouts) only; nobody is a superuser.
    staff = User.objects.filter(is_staff=True).order_by("username")
    assert list(staff.values_list("username", flat=True)) == ["huxiaodong", "majunjie"]
    assert not User.objects.filter(is_superuser=True).exists()


def test_citizens_and_companies_have_valid_identities(demo):
    citizens = User.objects.citizens()
    assert citizens.count() == 25
    for user in citizens:
        assert not user.has_usable_password()
        assert not user.is_staff and not user.is_superuser
        profile = user.citizen_profile
        if profile.person_type == PersonType.NATURAL:
            validate_resident_id(profile.id_number)
            assert profile.id_number[:2] == "43"  # Hunan
        else:
            validate_uscc(profile.uscc)
            assert profile.uscc.startswith("91431127")
            assert profile.legal_representative
    natural = CitizenProfile.objects.filter(person_type=PersonType.NATURAL)
    assert natural.count() == 20
    assert CitizenProfile.objects.filter(person_type=PersonType.LEGAL).count() == 5
    # The sequence digit's parity is the holder's sex (GB 11643): 王建军 is a man.
    assert int(natural.get(name="王建军").id_number[16]) % 2 == 1
    assert int(natural.get(name="李秀英").id_number[16]) % 2 == 0


def test_site_settings_and_2027_calendar(demo):
    site = SiteSettings.load()
    assert site.icp_number.startswith("湘ICP备")
    assert site.site_code == "4311270001"
    assert site.police_record_number and site.address and site.phone
    new_year = CalendarDay.objects.get(date="2027-01-01")
    assert new_year.name == "元旦" and not new_year.is_working_day
    provisional = CalendarDay.objects.filter(date__year=2027).exclude(date="2027-01-01")
    assert provisional.count() >= 10
    assert all(demo_data.PROVISIONAL in day.name for day in provisional)
    assert provisional.filter(is_working_day=True).exists()  # make-up working days
    assert CalendarDay.objects.get(date="2027-10-01").is_working_day is False


def test_history_rows_name_the_demo_loader(demo):
    """The demo's history names its system administrator (pages showed 500 on rows with none)."""
    from platform_core.management.commands.load_demo import DEMO_LOADER
    from portal.models import Article

    articles = Article.history.all()
    assert articles.exists()
    assert not articles.filter(history_user__isnull=True).exists()
    assert set(articles.values_list("history_user__username", flat=True)) == {DEMO_LOADER}
    day = CalendarDay.history.filter(date="2027-01-01").get()
    assert day.history_user.username == DEMO_LOADER


# --- licensing (approval) --------------------------------------------------------------------


def test_licensing_items_and_cases_in_every_state(demo):
    from approval.constants import ItemStatus
    from approval.models import Application, LicensingItem, WindowGrant
    from approval.selectors.applications import item_form_version, item_search
    from platform_core.selectors.dynforms import version_specs
    from platform_core.selectors.routes import version_for_new_case

    items = list(LicensingItem.objects.filter(status=ItemStatus.PUBLISHED))
    assert len(items) >= 10
    assert len({i.department_id for i in items}) >= 5
    for item in items:
        assert item.materials.exists(), item.code
        assert item_form_version(item) is not None, item.code
        assert version_for_new_case(item.route_code) is not None, item.code
    assert any(m.may_defer for i in items for m in i.materials.all())
    # Real items require their materials: every copy or electronic material that may not be
    # handed in later is a required upload of the online form, and the demo cases carry them.
    for item in items:
        uploads = [f for f in version_specs(item_form_version(item)) if f.type == "file"]
        needed = [
            m for m in item.materials.all() if m.form in ("copy", "electronic") and not m.may_defer
        ]
        assert len([f for f in uploads if f.required]) == len(needed) > 0, item.code
    with_files = Application.objects.filter(submission__files__isnull=False).distinct()
    assert with_files.count() >= Application.objects.exclude(submission=None).count() // 2
    # The comprehensive window accepts for two other departments, and people's words find items.
    assert WindowGrant.objects.filter(window__code="spj-ck").count() == 2
    assert [i.name for i in item_search(q="营业执照")]
    assert "个体工商户设立登记" in [i.name for i in item_search(q="开店")]


def test_licensing_cases_built_by_the_services(demo):
    from approval.constants import AppStatus, EventKind, NoticeKind
    from approval.models import Application, ApplicationEvent, Notice, Rating, SupervisionCard
    from approval.models.supervision import CardColor, RuleKind
    from platform_core.selectors.clock import clock_state

    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(AppStatus.values)
    # Built by the services: every submitted case has its events, clock and notices.
    for application in Application.objects.exclude(status=AppStatus.DRAFT):
        kinds = list(application.events.values_list("kind", flat=True))
        assert kinds[0] in (EventKind.SUBMIT, EventKind.REGISTER), application.number
        assert application.clock_id is not None
    kinds = set(ApplicationEvent.objects.values_list("kind", flat=True))
    for kind in (
        EventKind.CORRECTION,
        EventKind.RESUBMIT,
        EventKind.REJECT,
        EventKind.REVIEW_DONE,
        EventKind.SPECIAL_START,
        EventKind.EXTEND,
        EventKind.GRANT,
        EventKind.REFUSE,
        EventKind.DELIVER,
        EventKind.CONCLUDE,
        EventKind.RATE,
    ):
        assert kind in kinds, kind
    assert {n.kind for n in Notice.objects.all()} >= {
        NoticeKind.ACCEPTANCE,
        NoticeKind.CORRECTION,
        NoticeKind.REJECTION,
        NoticeKind.GRANT,
        NoticeKind.REFUSAL,
        NoticeKind.EXTENSION,
        NoticeKind.SPECIAL,
    }
    # The clock is paused for a correction and for a special procedure; the extension counts.
    assert CaseClock.objects.filter(is_paused=True).count() >= 2
    assert CaseClock.objects.filter(extensions__isnull=False).exists()
    # Dates are in the past, as real cases would be.
    today = timezone.localdate()
    oldest = Application.objects.exclude(received_at=None).order_by("received_at").first()
    assert timezone.localdate(oldest.received_at) < today - datetime.timedelta(days=7)
    # A bad rating opened a follow-up; a good one did not.
    assert Rating.objects.filter(score__lte=2, follow_up__isnull=False).exists()
    assert Rating.objects.filter(score=5, follow_up__isnull=True).exists()
    # The overdue case has its red card, open, from the supervision scan.
    card = SupervisionCard.objects.get(rule__kind=RuleKind.OVERDUE)
    assert card.color == CardColor.RED and card.cleared_at is None
    assert clock_state(card.application.clock).status == "overdue"
    red = set(
        SupervisionCard.objects.filter(color=CardColor.RED).values_list("rule__kind", flat=True)
    )
    assert red == {RuleKind.OVERDUE}


# --- disclosure ------------------------------------------------------------------------------


def test_disclosure_catalogue(demo):
    from disclosure.constants import Genre, ItemStatus, Validity
    from disclosure.models import Column, Item, PrivacyFinding

    names = set(Column.objects.values_list("name", flat=True))
    for name in ("信息公开指南", "信息公开制度", "法定主动公开内容", "信息公开年报", "依申请公开",
                 "机构职能", "政策文件", "规划信息", "财政预决算", "重大建设项目", "公共资源配置",
                 "社会公益事业"):  # fmt: skip
        assert name in names
    published = Item.objects.filter(status=ItemStatus.PUBLISHED)
    assert published.count() >= 60
    assert published.values("unit").distinct().count() >= 5
    interpretations = published.filter(genre=Genre.INTERPRETATION)
    assert interpretations.count() >= 5
    assert all(i.interprets.exists() for i in interpretations)
    assert published.filter(validity=Validity.REPEALED, replaced_by__isnull=False).exists()
    budget = published.filter(column__slug="czyjs").first()
    assert budget.extra["fiscal_year"] in ("2025", "2026")
    # Serials are gapless per unit and year.
    for unit_id in published.values_list("unit", flat=True).distinct():
        serials = sorted(published.filter(unit_id=unit_id).values_list("index_serial", flat=True))
        assert serials == list(range(1, len(serials) + 1))
    # Pending work: a red card, a task in the inbox, a privacy finding.
    assert ClockCard.objects.filter(color="red").exists()
    assert TaskInfo.objects.filter(subsystem="disclosure", is_open=True).exists()
    assert PrivacyFinding.objects.filter(item__title__contains="名单").count() == 2
    assert (demo.site / "xxgk" / "index.html").exists()
    item = published.first()
    assert (demo.site / "xxgk" / "nr" / f"{item.pk}.html").exists()


def test_disclosure_requests_in_every_state(demo):
    """Disclosure on request: requests in every state, every reply outcome but one kind, a late
    request with its red card, a lookup code that works, inbox work for the officer and head."""
    from disclosure.constants import ReplyOutcome, RequestStatus
    from disclosure.demo_requests import DEMO_QUERY_CODE
    from disclosure.models import AnnualReport, DisclosureRequest
    from disclosure.selectors.annual_report import request_table, units_under
    from disclosure.selectors.requests import query_code_matches

    rows = DisclosureRequest.objects.all()
    assert set(rows.values_list("status", flat=True)) == set(RequestStatus.values)
    assert set(rows.exclude(outcome="").values_list("outcome", flat=True)) == set(
        ReplyOutcome.values
    )
    assert rows.filter(rating__isnull=False).exists()
    assert set(rows.values_list("channel", flat=True)) == {"online", "letter", "fax", "in_person"}
    assert rows.filter(applicant_type="legal", legal_subtype="commercial").exists()
    late = [
        r for r in rows.filter(status="processing") if r.clock.due_date < r.clock.start_date.today()
    ]
    assert late
    assert ClockCard.objects.filter(watch__clock=late[0].clock, color="red").exists()
    assert any(query_code_matches(r, DEMO_QUERY_CODE) for r in rows.filter(channel="in_person"))
    officer_work = {w.action for w in work_items(User.objects.get(username="wujing"))}
    assert {"确认收到申请", "办理答复", "登记第三方意见", "确认缴费"} <= officer_work
    head_work = {w.action for w in work_items(User.objects.get(username="liufang"))}
    assert "审批延期答复" in head_work
    # This year's annual report of the office counts them.
    report = AnnualReport.objects.get(unit__code="zfb")
    table = request_table(units_under(report.unit), report.year)
    concluded = rows.filter(status__in=("replied", "withdrawn")).count()
    assert table["total"]["total"] == concluded
    assert table["carried_out"]["total"] == rows.count() - concluded


# --- citizen interaction ---------------------------------------------------------------------


def test_interaction_cases_and_knowledge(demo, client):
    from interaction.constants import CaseStatus, Channel, Kind
    from interaction.models import Case, KnowledgeEntry, Rating
    from interaction.selectors.knowledge import suggestions_for

    assert Case.objects.count() >= 40
    assert KnowledgeEntry.objects.filter(status="live").count() >= 30
    assert set(Case.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert set(Case.objects.values_list("channel", flat=True)) == set(Channel.values)
    statuses = set(CaseStatus.values) - {CaseStatus.MERGED}  # the demo merges no duplicates
    assert set(Case.objects.values_list("status", flat=True)) == statuses
    assert Case.objects.filter(round=2).exists() and Case.objects.filter(is_petition=True).exists()
    assert Rating.objects.filter(score="unsatisfied").exists()
    # The office clerk and a department's handler have their work in the inbox.
    assert any(w.action == "分办交办" for w in work_items(User.objects.get(username="liqing")))
    assert any(w.action == "审核答复" for w in work_items(User.objects.get(username="zhoumin")))
    assigned = Case.objects.filter(status="assigned", department__code="scjgj").first()
    if assigned is not None:
        assert suggestions_for(assigned)
    # The published home page lists replies, masked; the public list shows them.
    home = (demo.site / "index.html").read_text(encoding="utf-8")
    public = Case.objects.filter(allow_public=True, staff_public=True).first()
    assert public is not None and public.title in home
    page = client.get(reverse("interaction:public_case", args=[public.number])).content.decode()
    assert f"{public.name[:1]}**" in page and public.mobile not in page
    # 重点关注: two public replies picked by the office, on the published channel page.
    featured = Case.objects.filter(featured_at__isnull=False)
    assert featured.count() == 2 and all(c.is_public for c in featured)
    channel = (demo.site / "zmhd" / "index.html").read_text(encoding="utf-8")
    assert 'id="featured-title"' in channel and featured[0].title in channel


# --- official documents, supervision and archives (oa) ---------------------------------------


def test_oa_documents(demo):
    from oa import revisions
    from oa.constants import DocStatus
    from oa.models import Dispatch, OutgoingDocument, VoidedNumber

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


def test_oa_incoming(demo):
    """收文 in every state (hand-registered, scanned, and from the exchange on 签收), with
    circulations in order and in parallel."""
    from oa.models import (
        CirculationReader,
        IncomingAttachment,
        IncomingDocument,
        IncomingStatus,
    )

    incoming = IncomingDocument.objects.all()
    assert set(incoming.values_list("status", flat=True)) == set(IncomingStatus.values)
    assert set(incoming.values_list("source", flat=True)) == {"exchange", "barcode", "manual"}
    assert incoming.filter(status="handling", handlings__isnull=False).exists()
    assert IncomingAttachment.objects.filter(
        handling__isnull=False, document__status="concluded"
    ).exists()
    assert CirculationReader.objects.filter(read_at__isnull=False).exists()
    assert CirculationReader.objects.filter(read_at__isnull=True, sent_at__isnull=False).exists()


def test_oa_supervision_and_archive(demo, client):
    """督办 items from a document, a leader's instruction and a meeting's action item in every
    state (open with progress, overdue and reminded, under review, closed, archived), and
    documents archived with their 档号; the supervisor and the county leader see the work."""
    from oa.models import (
        ActionItem,
        ArchiveRecord,
        SupervisionEvent,
        SupervisionItem,
        SupervisionReminder,
    )
    from oa.services import supervision as sv
    from oa.services.archive import archival_code

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
    supervisor = User.objects.get(username="zhaolijuan")
    client.force_login(supervisor)
    page = client.get(reverse("oa:supervision")).content.decode()
    for item in items:
        assert item.title in page, item.title
    review = items.get(status="submitted")
    inbox = client.get(reverse("platform_core:inbox")).content.decode()
    assert review.title in inbox
    # She attended the 政务公开 meeting: on its page the action item not yet supervised offers
    # 转督办, which opens the new item prefilled from it; she creates it.
    open_action = ActionItem.objects.get(title="完成本单位政府信息公开工作年度报告初稿")
    meeting_page = client.get(reverse("oa:meeting_detail", args=[open_action.meeting_id]))
    assert meeting_page.status_code == 200
    assert f'id="supervise-action-{open_action.pk}"' in meeting_page.content.decode()
    new_url = f"{reverse('oa:supervision_new')}?source=meeting&id={open_action.pk}"
    new_page = client.get(new_url)
    assert new_page.status_code == 200 and open_action.title in new_page.content.decode()
    created = sv.item_create(
        by=supervisor,
        source_kind="meeting",
        source_id=open_action.pk,
        lead_unit=open_action.owner_unit,
        due_date=open_action.due_date,
    )
    meeting_page = client.get(reverse("oa:meeting_detail", args=[open_action.meeting_id]))
    assert reverse("oa:supervision_detail", args=[created.pk]) in meeting_page.content.decode()
    client.force_login(User.objects.get(username="lijianguo"))
    assert overdue.title in client.get(reverse("oa:supervision")).content.decode()


# --- office tools (oa) -----------------------------------------------------------------------


def test_oa_calendar_and_meetings(demo):
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


def test_oa_sms_notices_and_duty(demo):
    """SMS templates and two-way threads, notices with reads and comments, duty rosters for the
    current month (public duty phone) and National Day."""
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


def test_oa_mail_and_contacts(demo):
    """Real-looking mail between demo staff (read and unread, cc, a unit, a role, a receipt, an
    attachment, a draft, own folders) and contact details."""
    from oa.constants import MailBox, MailStatus
    from oa.models import MailDelivery, MailFolder, MailMessage, StaffContact
    from oa.selectors import contacts as contact_selectors

    sent = MailMessage.objects.filter(status=MailStatus.SENT)
    assert sent.count() >= 10
    assert MailMessage.objects.filter(status=MailStatus.DRAFT).exists()
    assert sent.filter(attachment_count__gt=0).exists()
    inbox = MailDelivery.objects.filter(box=MailBox.INBOX)
    assert inbox.filter(is_read=True).exists() and inbox.filter(is_read=False).exists()
    assert MailFolder.objects.count() == 2
    assert MailDelivery.objects.filter(box=MailBox.FOLDER).count() == 2
    # The whole unit (县行政审批服务局 and its sections) got the work-summary notice.
    notice = sent.get(subject="关于报送2026年度工作总结和2027年工作计划的通知")
    assert notice.deliveries.count() > 10
    contact = StaffContact.objects.get(user__username="tangting")
    assert contact.name_initials == "tt" and contact.office_phone.startswith("0746-88")
    assert StaffContact.objects.filter(mobile_scope="unit").count() == 5
    viewer = User.objects.get(username="tangting")
    found = [p.user.username for p in contact_selectors.search_posts(viewer, q="xw")]
    assert "xiewei" in found


def test_oa_files_and_libraries(demo):
    """Cabinets with real PDF/Word content that search finds by its text, a file shared across
    units, the recycle bin, laws, periodicals with issues; every link of the file centre and the
    libraries opens, in Chinese, for a writer, a person with one shared file in another unit, and
    the libraries' editor."""
    from oa.demo_files import load_demo_files
    from oa.models import BulletinPost, Cabinet, FileEntry, Law, PeriodicalIssue
    from oa.selectors import files as sel
    from tests.crawl.test_crawl import ALLOWED, crawl

    assert Cabinet.objects.filter(kind="department").count() >= 2
    caiming = User.objects.get(username="caiming")
    found = sel.search_files(caiming, "年报率")  # text inside a generated Word file
    assert [e.name for e in found] == ["登记注册股2026年工作要点.docx"]
    assert sel.search_files(caiming, "一日办结").filter(name__endswith=".pdf").exists()
    xiongtao = User.objects.get(username="xiongtao")  # another unit: shared one file only
    assert [e.name for e in sel.shared_with_me(xiongtao)[1]] == ["登记注册股2026年工作要点.docx"]
    assert FileEntry.objects.filter(in_trash=True).exists()
    law = Law.objects.get(title="中华人民共和国政府信息公开条例")
    assert law.doc_number == "中华人民共和国国务院令第711号" and law.validity == "valid"
    assert set(Law.objects.values_list("level", flat=True)) >= {"law", "admin_regulation"}
    assert PeriodicalIssue.objects.filter(periodical__kind="special").exists()
    assert PeriodicalIssue.objects.filter(files__isnull=False).exists()
    assert BulletinPost.objects.filter(pinned=True).exists()
    assert load_demo_files() == 0  # repeatable

    names = set(User.objects.values_list("username", flat=True))
    for username in ("caiming", "xiongtao", "sunyue"):
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=username))
        seen, broken, english = crawl(
            client, ["/office/oa/files/", "/office/oa/resources/"], ALLOWED | names
        )
        assert len(seen) > 10, username
        assert broken == [], username
        assert english == {}, username
