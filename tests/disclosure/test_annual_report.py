"""The annual report's request table (国办公开办函〔2021〕30号) counted from the data: every cell
of department A's 2026 table against a hand-counted set of requests, the balance of every
column, and the county table as the sum of the departments'."""

import datetime
from decimal import Decimal

import pytest

from disclosure.constants import RequestChannel
from disclosure.selectors.annual_report import (
    COLUMNS,
    REQUEST_ROWS,
    fee_total,
    request_table,
    units_under,
)
from disclosure.services import requests as services

from .requests_helpers import citizen, legal_fields, natural_fields, online

pytestmark = pytest.mark.django_db
D = datetime.date


def _reg(officer, unit, received, fields):
    row, _code = services.request_register(
        by=officer, unit=unit, channel=RequestChannel.LETTER, received_on=received, **fields
    )
    return row


def _reply(row, officer, on, outcome, grounds=(), **kwargs):
    if outcome in ("granted", "partial"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        upload = SimpleUploadedFile("文件.pdf", pdf, content_type="application/pdf")
        services.reply_file_add(request=row, by=officer, upload=upload)
    kwargs.setdefault("reply_text", "说明")
    return services.request_reply(
        request=row, by=officer, outcome=outcome, grounds=list(grounds), on=on, **kwargs
    )


@pytest.fixture
def year_2026(officer_a, officer_b, dept_a, dept_b, settings, tmp_path):
    """Department A: 3 requests from 2025 (one ended in 2025), 11 of 2026; department B: one."""
    settings.MEDIA_ROOT = tmp_path / "media"
    o, a = officer_a, dept_a
    # A: natural, from 2025, granted in 2026.
    _reply(_reg(o, a, D(2025, 12, 22), natural_fields(1)), o, D(2026, 1, 8), "granted")
    # B: 商业企业, from 2025, still open.
    _reg(o, a, D(2025, 12, 29), legal_fields(1, "commercial"))
    # C: natural, 2025, replied in 2025: not in the 2026 table.
    _reply(_reg(o, a, D(2025, 11, 3), natural_fields(2)), o, D(2025, 11, 20), "granted")
    # D: natural, 部分公开.
    d = _reg(o, a, D(2026, 3, 2), natural_fields(3))
    _reply(d, o, D(2026, 3, 20), "partial", ["third_party"])
    # E: 科研机构, 不予公开 (过程性信息).
    e = _reg(o, a, D(2026, 4, 1), legal_fields(2, "research"))
    _reply(e, o, D(2026, 4, 20), "refused", ["process"])
    # F: 社会公益组织, 无法提供 (不掌握).
    f = _reg(o, a, D(2026, 5, 6), legal_fields(3, "charity"))
    _reply(f, o, D(2026, 5, 20), "unavailable", ["not_held"])
    # G: 法律服务机构, 不予处理 (重复申请).
    g = _reg(o, a, D(2026, 6, 1), legal_fields(4, "legal_service"))
    _reply(g, o, D(2026, 6, 5), "not_processed", ["repeated"])
    # H: 其他组织, 逾期不补正.
    h = _reg(o, a, D(2026, 6, 2), legal_fields(5, "other"))
    services.clarification_request(
        request=h, by=o, items=["请说明文件名称"], on=D(2026, 6, 3), answer_days=5
    )
    services.requests_lapse(today=D(2026, 6, 20))
    # I: natural, 逾期未缴费.
    i = _reg(o, a, D(2026, 7, 1), natural_fields(4))
    services.fee_notice_issue(request=i, by=o, mode="by_volume", pages=40, on=D(2026, 7, 2))
    services.requests_lapse(today=D(2026, 8, 10))
    # J: natural, online, withdrawn by the applicant before it was confirmed.
    user = citizen()
    services.request_withdraw(request=online(user, a), by=user)
    # K: 商业企业, received at the end of November, open.
    _reg(o, a, D(2026, 11, 30), legal_fields(6, "commercial"))
    # L: natural, 已主动公开 (counted as 予以公开).
    l_ = _reg(o, a, D(2026, 9, 1), natural_fields(5))
    _reply(l_, o, D(2026, 9, 8), "already_public", public_location="政策文件栏目")
    # M: 科研机构, 补正后仍不明确.
    m = _reg(o, a, D(2026, 9, 2), legal_fields(7, "research"))
    services.clarification_request(request=m, by=o, items=["请说明年度"], on=D(2026, 9, 3))
    services.clarification_answer(request=m, by=o, answer="近几年", on=D(2026, 9, 4))
    _reply(m, o, D(2026, 9, 10), "unavailable", ["unclear"])
    # N: department B, natural, granted.
    n = _reg(officer_b, dept_b, D(2026, 2, 2), natural_fields(6))
    _reply(n, officer_b, D(2026, 2, 10), "granted")


# Hand-counted: the non-zero cells of department A's 2026 table.
EXPECTED_A = {
    "new": {"natural": 4, "commercial": 1, "research": 2, "charity": 1, "legal_service": 1,
            "other": 1, "total": 10},
    "carried_in": {"natural": 1, "commercial": 1, "total": 2},
    "granted": {"natural": 2, "total": 2},
    "partial": {"natural": 1, "total": 1},
    "refused": {"research": 1, "total": 1},
    "refused_process": {"research": 1, "total": 1},
    "unavailable": {"charity": 1, "research": 1, "total": 2},
    "unavailable_not_held": {"charity": 1, "total": 1},
    "unavailable_unclear": {"research": 1, "total": 1},
    "not_processed": {"legal_service": 1, "total": 1},
    "not_processed_repeated": {"legal_service": 1, "total": 1},
    "other": {"natural": 2, "other": 1, "total": 3},
    "other_no_clarification": {"other": 1, "total": 1},
    "other_no_fee": {"natural": 1, "total": 1},
    "other_other": {"natural": 1, "total": 1},
    "total": {"natural": 5, "research": 2, "charity": 1, "legal_service": 1, "other": 1,
              "total": 10},
    "carried_out": {"commercial": 2, "total": 2},
}  # fmt: skip


def test_every_cell_of_the_department_table(year_2026, dept_a):
    table = request_table(units_under(dept_a), 2026)
    for key, label, _indent in REQUEST_ROWS:
        if key == "results":
            continue
        for column, _name in COLUMNS:
            expected = EXPECTED_A.get(key, {}).get(column, 0)
            assert table[key][column] == expected, (label, column)


def test_every_column_balances(year_2026, gov, dept_a):
    for units in (units_under(dept_a), units_under(gov)):
        table = request_table(units, 2026)
        for column, _name in COLUMNS:
            assert (
                table["new"][column] + table["carried_in"][column]
                == table["total"][column] + table["carried_out"][column]
            ), column


def test_county_table_is_the_sum_of_the_departments(year_2026, gov, dept_a, dept_b):
    county = request_table(units_under(gov), 2026)
    a = request_table(units_under(dept_a), 2026)
    b = request_table(units_under(dept_b), 2026)
    for key, _label, _indent in REQUEST_ROWS:
        if key == "results":
            continue
        for column, _name in COLUMNS:
            assert county[key][column] == a[key][column] + b[key][column], (key, column)
    assert b["granted"]["natural"] == 1 and county["new"]["total"] == 11


def test_previous_year_table(year_2026, dept_a):
    table = request_table(units_under(dept_a), 2025)
    assert table["new"]["natural"] == 2 and table["new"]["commercial"] == 1
    assert table["granted"]["natural"] == 1
    assert table["carried_out"]["total"] == 2


def test_fee_total_counts_what_was_paid_in_the_year(officer_a, dept_a):
    row, _ = services.request_register(
        by=officer_a,
        unit=dept_a,
        channel=RequestChannel.LETTER,
        received_on=D(2026, 11, 2),
        **natural_fields(),
    )
    services.fee_notice_issue(
        request=row, by=officer_a, mode="by_volume", pages=120, on=D(2026, 11, 3)
    )
    assert fee_total(units_under(dept_a), 2026) == 0
    services.fee_paid(request=row, by=officer_a, on=D(2026, 11, 5))
    assert fee_total(units_under(dept_a), 2026) == 70 * 10 + 20 * 20
    assert fee_total(units_under(dept_a), 2025) == 0


def test_licensing_decisions_and_fees_come_from_the_approval_data(
    officer_a, dept_a, dept_b, gov, settings, tmp_path
):
    """Section 2's 行政许可 and 行政事业性收费 lines are counted from the licensing subsystem's
    decisions and fee charges of the unit (and the units below it) in the year; 行政处罚 stays an
    entered figure."""
    from approval.constants import AppStatus, EventKind
    from approval.models import ApplicationEvent, FeeCharge
    from approval.services import items as item_services
    from disclosure.models import AnnualReport
    from disclosure.selectors.annual_report import report_context
    from platform_core.constants import RoleCode
    from tests.approval.conftest import build_form, build_item, build_route, submitted
    from tests.factories import staff_with_role

    settings.MEDIA_ROOT = tmp_path / "media"
    admin = staff_with_role(RoleCode.SYSTEM_ADMIN, gov)
    clerk = staff_with_role(RoleCode.WINDOW_CLERK, dept_a)
    clerk_b = staff_with_role(RoleCode.WINDOW_CLERK, dept_b)
    build_form(admin)
    build_route(admin)
    item = item_services.item_publish(item=build_item(admin, dept_a), by=admin)
    other = item_services.item_publish(
        item=build_item(admin, dept_b, code="431127-XK-009"), by=admin
    )

    def decided(it, kind, when, fee=None):
        app = submitted(it, clerk if it.department_id == dept_a.pk else clerk_b)
        to = AppStatus.GRANTED if kind == EventKind.GRANT else AppStatus.REFUSED
        ApplicationEvent.objects.create(
            application=app,
            kind=kind,
            from_status=AppStatus.DECIDING,
            to_status=to,
            created_at=when,
        )
        if fee:
            FeeCharge.objects.create(
                application=app, name="工本费", amount=fee, charged_by=clerk, charged_at=when
            )

    tz = datetime.timezone(datetime.timedelta(hours=8))
    decided(item, EventKind.GRANT, datetime.datetime(2026, 1, 1, 0, 30, tzinfo=tz), fee=1500)
    decided(item, EventKind.REFUSE, datetime.datetime(2026, 12, 31, 23, 30, tzinfo=tz))
    decided(item, EventKind.GRANT, datetime.datetime(2025, 12, 31, 23, 30, tzinfo=tz), fee=99)
    decided(other, EventKind.GRANT, datetime.datetime(2026, 6, 1, 9, 0, tzinfo=tz), fee=3500)

    def section2(unit):
        report = AnnualReport.objects.create(
            unit=unit, year=2026, figures={"licensing": 999, "penalty": 7}
        )
        return {
            label: (value, source) for label, value, source in report_context(report)["section2"]
        }

    rows = section2(dept_a)
    assert rows["行政许可 本年处理决定数量"] == (2, "网上行政审批")  # not the typed 999
    assert rows["行政事业性收费 本年收费金额（万元）"][0] == Decimal("0.15")
    assert rows["行政处罚 本年处理决定数量"] == (7, "")
    county = section2(gov)
    assert county["行政许可 本年处理决定数量"][0] == 3
    assert county["行政事业性收费 本年收费金额（万元）"][0] == Decimal("0.50")
