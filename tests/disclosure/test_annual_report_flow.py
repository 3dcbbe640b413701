"""The annual report's life: opened from 1 January (inbox reminder, deadline 31 January moved to
the next working day), a red card when it passes, text and figures edited, reviewed through the
catalogue's route and published with its PDF, which carries every table."""

import datetime
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from disclosure.constants import ColumnKind, ItemStatus
from disclosure.models import AnnualReport
from disclosure.selectors.work import ReportWork
from disclosure.services import columns as column_services
from disclosure.services import items as item_services
from disclosure.services import reports as services
from platform_core.models import ClockCard
from platform_core.services.supervision import clock_cards_scan

from .requests_helpers import natural_fields

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLISH_ROOT = tmp_path / "site"


@pytest.fixture
def report_column(columns, gov_officer):
    return column_services.column_create(
        by=gov_officer,
        unit=columns["fdzdgk"].unit,
        name="信息公开年报",
        slug="ndbg",
        kind=ColumnKind.REPORT,
    )


def pdf_text(data: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return "".join(out.stdout.decode().split())


def test_deadline_is_31_january_or_the_next_working_day():
    assert services.report_due_date(2025) == D(2026, 2, 2)  # 31 Jan 2026 is a Saturday
    assert services.report_due_date(2026) == D(2027, 2, 1)  # a Sunday
    assert services.report_due_date(2023) == D(2024, 1, 31)  # a Wednesday


def test_opened_in_january_with_inbox_reminder_and_red_card(officer_a, officer_b, dept_a):
    assert services.reports_open_due(today=D(2026, 12, 31)) == 0  # not before 1 January
    assert services.reports_open_due(today=D(2027, 1, 1)) == 2  # both officers' units
    assert services.reports_open_due(today=D(2027, 1, 2)) == 0  # idempotent
    report = AnnualReport.objects.get(unit=dept_a, year=2026)
    assert report.clock.due_date == D(2027, 2, 1)
    (work,) = ReportWork().items(officer_a, 10)
    assert work.action == "编制并发布年度报告" and work.due_date == D(2027, 2, 1)
    assert "县市场监督管理局2026年" in work.title
    # A report of 2025 opened now is long overdue: red card.
    late = services.report_open(unit=dept_a, year=2025, by=officer_a)
    clock_cards_scan()
    assert ClockCard.objects.filter(watch__clock=late.clock, color="red").exists()
    assert not ClockCard.objects.filter(watch__clock=report.clock).exists()


def test_only_the_units_officer_edits(officer_a, officer_b, dept_a):
    report = services.report_open(unit=dept_a, year=2026, by=officer_a)
    with pytest.raises(PermissionDenied):
        services.report_open(unit=dept_a, year=2025, by=officer_b)
    with pytest.raises(PermissionDenied):
        services.report_update(report=report, by=officer_b, overall="x", problems="", other="")
    with pytest.raises(ValidationError):
        services.report_update(
            report=report, by=officer_a, overall="x", problems="", other="", figures={"penalty": -1}
        )
    with pytest.raises(ValidationError):
        services.report_open(unit=dept_a, year=2030, by=officer_a)


def test_reviewed_published_with_every_table(
    officer_a, head_a, leader_a, dept_a, report_column, route
):
    from disclosure.services import requests as request_services

    row, _ = request_services.request_register(
        by=officer_a, unit=dept_a, channel="letter", received_on=D(2026, 3, 2), **natural_fields()
    )
    request_services.request_reply(
        request=row,
        by=officer_a,
        outcome="not_processed",
        grounds=["publication"],
        on=D(2026, 3, 5),
    )
    report = services.report_open(unit=dept_a, year=2026, by=officer_a)
    services.report_update(
        report=report,
        by=officer_a,
        overall="本年度共主动公开政府信息120条。",
        problems="政策解读形式较为单一。",
        other="无。",
        figures={"penalty": 37, "review_upheld": 1, "suit_direct_pending": 2},
    )
    services.report_submit(report=report, by=officer_a)
    report.refresh_from_db()
    item = report.item
    assert item.status == ItemStatus.IN_REVIEW and item.column == report_column
    assert item.attachments.count() == 1
    with pytest.raises(ValidationError):
        services.report_update(report=report, by=officer_a, overall="改", problems="", other="")
    item_services.item_approve(item=item, by=head_a, comment="无涉密内容")
    item_services.item_approve(item=item, by=leader_a, comment="同意发布")
    item.refresh_from_db()
    report.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED and item.index_number
    assert report.clock.finished_on is not None
    assert report.status_label == "已发布"
    assert "收到和处理政府信息公开申请情况" in item.body
    text = pdf_text(services.report_pdf(report))
    for label in (
        "一、总体情况",
        "本年度共主动公开政府信息120条",
        "行政规范性文件",
        "行政处罚本年处理决定数量37",
        "3.要求提供公开出版物",
        "结转下年度继续办理",
        "商业企业",
        "社会公益组织",
        "法律服务机构",
        "四、政府信息公开行政复议、行政诉讼情况",
        "政策解读形式较为单一",
        "收取信息处理费0",
    ):
        assert label in text, label


def test_office_pages(client, officer_a, officer_b, dept_a):
    client.force_login(officer_a)
    response = client.post(reverse("disclosure:reports"), {"unit": dept_a.pk, "year": 2026})
    report = AnnualReport.objects.get()
    assert response["Location"] == reverse("disclosure:report_detail", args=[report.pk])
    page = client.get(reverse("disclosure:report_detail", args=[report.pk])).content.decode()
    assert "（七）总计" in page and "自然人" in page
    response = client.post(
        reverse("disclosure:report_detail", args=[report.pk]),
        {"overall": "", "problems": "", "other": ""},
    )
    assert response.status_code == 200 and "必填" in response.content.decode()
    response = client.post(
        reverse("disclosure:report_detail", args=[report.pk]),
        {"overall": "总体良好。", "problems": "", "other": "", "penalty": "12", "licensing": "9"},
    )
    report.refresh_from_db()
    # 行政处罚 is entered; 行政许可 is counted from 网上行政审批, so there is no field for it.
    assert report.overall == "总体良好。" and report.figures["penalty"] == 12
    assert "licensing" not in report.figures
    pdf = client.get(reverse("disclosure:report_pdf", args=[report.pk]))
    assert pdf.content.startswith(b"%PDF-")
    client.force_login(officer_b)
    assert client.get(reverse("disclosure:report_detail", args=[report.pk])).status_code == 404
