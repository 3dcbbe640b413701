"""load_demo's disclosure catalogue: the standard structure and a realistic set of items."""

import pytest
from django.core.management import call_command

from disclosure.constants import Genre, ItemStatus, Validity
from disclosure.models import Column, Item, PrivacyFinding
from platform_core.models import ClockCard, TaskInfo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.PUBLISH_ROOT = tmp_path / "site"
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", verbosity=0)
    return settings.PUBLISH_ROOT


def test_demo_catalogue(demo):
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
    assert (demo / "xxgk" / "index.html").exists()
    item = published.first()
    assert (demo / "xxgk" / "nr" / f"{item.pk}.html").exists()


def test_second_run_adds_nothing(demo):
    before = Item.objects.count()
    call_command("load_demo", verbosity=0)
    assert Item.objects.count() == before


def test_generate_data_makes_published_items_with_gapless_serials():
    from django.db.models import Max

    from disclosure.models import IndexCounter
    from disclosure.selectors.public import search_items
    from platform_core.generate_data import Scale, generate

    size = Scale(staff=10, citizens=5, articles=5, tasks=10, cases=2, disclosure_items=60)
    out = generate(scale=size, seed=3)
    assert out.counts["disclosure_items"] == 60
    items = Item.objects.filter(status=ItemStatus.PUBLISHED)
    assert items.count() == 60 and items.values("unit").distinct().count() >= 2
    for counter in IndexCounter.objects.all():
        mine = items.filter(unit_id=counter.unit_id, index_year=counter.year)
        assert mine.aggregate(m=Max("index_serial"))["m"] == counter.last == mine.count()
    assert not items.filter(search_vector__isnull=True).exists()
    assert search_items("安全生产").exists() or search_items("优化营商环境").exists()


def test_demo_requests_in_every_state(demo):
    """Disclosure on request: requests in every state, every reply outcome but one kind, a late
    request with its red card, a lookup code that works, inbox work for the officer and head."""
    from disclosure.constants import ReplyOutcome, RequestStatus
    from disclosure.demo_requests import DEMO_QUERY_CODE
    from disclosure.models import DisclosureRequest
    from disclosure.selectors.requests import query_code_matches
    from platform_core.inbox_sources import work_items
    from platform_core.models import User

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
    from disclosure.models import AnnualReport
    from disclosure.selectors.annual_report import request_table, units_under

    report = AnnualReport.objects.get(unit__code="zfb")
    table = request_table(units_under(report.unit), report.year)
    concluded = rows.filter(status__in=("replied", "withdrawn")).count()
    assert table["total"]["total"] == concluded
    assert table["carried_out"]["total"] == rows.count() - concluded
