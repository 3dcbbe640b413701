"""The annual report (年度报告): opened for a unit and a year (by the January task or by an
officer), its text and entered figures edited, then submitted as an item of the catalogue's
信息公开年报 column, which goes through the column's review route (保密审查, 签发) and is published
on the portal like any item, with the report's PDF attached. The deadline (31 January, moved to
the next working day when it falls on a day off, as statutory periods are) runs on the case
clock: the officer has it in the inbox from 1 January, and a red card fires once it passes.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.models import OrgUnit, Post, Subsystem, User
from platform_core.selectors.calendar import is_working_day, working_days_between
from platform_core.services.clock import clock_finish, clock_start
from platform_core.services.supervision import clock_watch

from ..constants import (
    REPORT_CLOCK_PROCESS,
    REVIEW_LITIGATION_KEYS,
    SECTION2_KEYS,
    ColumnKind,
    Genre,
    ItemStatus,
    Subject,
)
from ..models import AnnualReport, Column, Item
from ..selectors.access import OFFICER_ROLES, column_usable_q, may_enter
from ..selectors.annual_report import report_context

FIGURE_KEYS = {key for key, _label in REVIEW_LITIGATION_KEYS} | {k for k, _l in SECTION2_KEYS}


def report_due_date(year: int) -> datetime.date:
    """31 January of the next year, or the first working day after it."""
    day = datetime.date(year + 1, 1, 31)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


@transaction.atomic
def report_open(*, unit: OrgUnit, year: int, by: User | None = None) -> AnnualReport:
    """开始编制年度报告（幂等）：时限至次年1月31日，纳入电子监察。"""
    if by is not None and not may_enter(by, unit):
        raise PermissionDenied
    if year > timezone.localdate().year:
        raise ValidationError(_("只能编制已开始年度的报告。"))
    report, created = AnnualReport.objects.get_or_create(unit=unit, year=year)
    if created:
        start = datetime.date(year, 12, 31)
        clock = clock_start(
            process=REPORT_CLOCK_PROCESS,
            limit_days=working_days_between(start, report_due_date(year)),
            start_date=start,
            subject=report.title,
        )
        clock_watch(
            clock=clock,
            subsystem=Subsystem.DISCLOSURE,
            unit=unit,
            title=_("年度报告发布时限：%(title)s") % {"title": report.title},
            link=f"/office/disclosure/reports/{report.pk}/",
        )
        report.clock = clock
        report.overall = _default_overall(report)
        report._history_user = by
        report.save()
    return report


def _default_overall(report: AnnualReport) -> str:
    return (
        f"{report.year}年，{report.unit.name}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "扎实推进政府信息主动公开、依申请公开和政策解读工作。"
    )


def _editable(report: AnnualReport) -> bool:
    return report.item_id is None or report.item.status in (ItemStatus.DRAFT, ItemStatus.RETURNED)


@transaction.atomic
def report_update(
    *,
    report: AnnualReport,
    by: User,
    overall: str,
    problems: str,
    other: str,
    figures: dict | None = None,
) -> AnnualReport:
    """修改年度报告的文字部分和人工填报的数据。"""
    report = AnnualReport.objects.select_for_update(of=("self",)).order_by().get(pk=report.pk)
    if not may_enter(by, report.unit):
        raise PermissionDenied
    if not _editable(report):
        raise ValidationError(_("报告已在审核中或已发布，不能修改。"))
    clean = {}
    for key, value in (figures or {}).items():
        if key not in FIGURE_KEYS:
            continue
        if value in (None, ""):
            value = 0
        if not isinstance(value, int | float) or value < 0:
            raise ValidationError({key: _("请填写不小于0的数字。")})
        clean[key] = value
    report.overall = overall.strip()
    report.problems = problems.strip()
    report.other = other.strip()
    report.figures = {**report.figures, **clean}
    report.updated_at = timezone.now()
    report.updated_by = by
    report._history_user = by
    report.save()
    return report


def report_pdf(report: AnnualReport) -> bytes:
    from platform_core.services.pdf import render_pdf
    from platform_core.services.seal import get_seal_provider

    context = report_context(report)
    context["seal"] = get_seal_provider().seal_data_uri(report.unit)
    return render_pdf("disclosure/report/pdf.html", context)


def report_submit(*, report: AnnualReport, by: User) -> AnnualReport:
    """送审：以信息公开年报栏目的公开信息提交审核（保密审查、签发），附报告 PDF。"""
    from . import items as item_services

    report = AnnualReport.objects.select_related("unit", "item").get(pk=report.pk)
    if not may_enter(by, report.unit):
        raise PermissionDenied
    if not _editable(report):
        raise ValidationError(_("报告已在审核中或已发布。"))
    if not report.overall.strip():
        raise ValidationError(_("请填写总体情况。"))
    body = render_to_string("disclosure/report/body.html", report_context(report))
    pdf = ContentFile(report_pdf(report), name=f"{report.title}.pdf")
    with transaction.atomic():
        if report.item_id is None:
            column = (
                Column.objects.filter(column_usable_q(by), kind=ColumnKind.REPORT, is_active=True)
                .order_by("-unit__depth", "pk")
                .first()
            )
            if column is None:
                raise ValidationError(_("尚未设置“信息公开年报”栏目。"))
            item = item_services.item_create(
                by=by,
                column=column,
                unit=report.unit,
                title=report.title,
                formed_on=timezone.localdate(),
                subject=Subject.GENERAL,
                genre=Genre.REPORT,
                body=body,
            )
            report.item = item
            report.save(update_fields=["item"])
        else:
            item = report.item
            item_services.item_update(item=item, by=by, body=body, formed_on=timezone.localdate())
            for old in item.attachments.all():
                item_services.attachment_remove(attachment=old, by=by)
        item_services.attachment_add(item=item, by=by, upload=pdf)
    item_services.item_submit(item=item, by=by)
    return report


def report_item_published(item: Item) -> None:
    """The report's item was published: the deadline is met (called by item publishing)."""
    report = AnnualReport.objects.filter(item=item).select_related("clock").first()
    if report is not None and report.clock_id and not report.clock.finished_on:
        clock_finish(clock=report.clock)


def reports_open_due(*, today: datetime.date | None = None) -> int:
    """From 1 January: open last year's report for every unit with a disclosure officer, so that
    the officer has it in the inbox with its deadline (idempotent; Celery beat, daily)."""
    today = today or timezone.localdate()
    if today.month != 1:
        return 0
    year = today.year - 1
    units = OrgUnit.objects.filter(
        pk__in=Post.objects.active().filter(role__code__in=OFFICER_ROLES).values("unit_id")
    )
    opened = 0
    for unit in units:
        if not AnnualReport.objects.filter(unit=unit, year=year).exists():
            report_open(unit=unit, year=year)
            opened += 1
    return opened
