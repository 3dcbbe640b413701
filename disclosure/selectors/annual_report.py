"""The annual report's tables (政府信息公开工作年度报告, format of 国办公开办函〔2021〕30号),
counted from the system's own data for a set of units and a year.

Section 3, 收到和处理政府信息公开申请情况: a column per applicant kind (自然人; 法人或其他组织:
商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他; 总计), a row per line of the format.
Counting rules (each request counts once):
- 本年新收: received in the year (an online request not yet confirmed counts by the day it was
  submitted);
- 上年结转: received before the year and not concluded before it;
- 办理结果: concluded in the year (replied, or closed without a reply), by outcome and first
  ground; 已主动公开 counts as 予以公开 (the format has no line of its own for it);
  其他处理: 逾期不补正 (第三十条), 逾期未缴费 (国办函〔2020〕109号), and the applicant's
  withdrawal;
- 结转下年度: received by the end of the year and not concluded by then.
So 本年新收 + 上年结转 = 总计 + 结转下年度 for every column (the tests check it).
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from platform_core.models import OrgUnit
from platform_core.report_figures import figure, provided_figures

from ..constants import SECTION2_KEYS, Genre, ItemStatus, Validity
from ..models import DisclosureRequest, FeeNotice, Item

COLUMNS = [
    ("natural", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("charity", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other", "其他"),
    ("total", "总计"),
]

# (key, label, indent): the lines of the format, in its order.
REQUEST_ROWS = [
    ("new", "一、本年新收政府信息公开申请数量", 0),
    ("carried_in", "二、上年结转政府信息公开申请数量", 0),
    ("results", "三、本年度办理结果", 0),
    ("granted", "（一）予以公开", 1),
    ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1),
    ("refused", "（三）不予公开", 1),
    ("refused_state_secret", "1.属于国家秘密", 2),
    ("refused_forbidden_by_law", "2.其他法律行政法规禁止公开", 2),
    ("refused_three_safeties", "3.危及“三安全一稳定”", 2),
    ("refused_third_party", "4.保护第三方合法权益", 2),
    ("refused_internal", "5.属于三类内部事务信息", 2),
    ("refused_process", "6.属于四类过程性信息", 2),
    ("refused_enforcement", "7.属于行政执法案卷", 2),
    ("refused_admin_query", "8.属于行政查询事项", 2),
    ("unavailable", "（四）无法提供", 1),
    ("unavailable_not_held", "1.本机关不掌握相关政府信息", 2),
    ("unavailable_needs_making", "2.没有现成信息需要另行制作", 2),
    ("unavailable_unclear", "3.补正后申请内容仍不明确", 2),
    ("not_processed", "（五）不予处理", 1),
    ("not_processed_petition", "1.信访举报投诉类申请", 2),
    ("not_processed_repeated", "2.重复申请", 2),
    ("not_processed_publication", "3.要求提供公开出版物", 2),
    ("not_processed_mass", "4.无正当理由大量反复申请", 2),
    ("not_processed_confirm", "5.要求行政机关确认或重新出具已获取信息", 2),
    ("other", "（六）其他处理", 1),
    (
        "other_no_clarification",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        2,
    ),
    ("other_no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 2),
    ("other_other", "3.其他", 2),
    ("total", "（七）总计", 1),
    ("carried_out", "四、结转下年度继续办理", 0),
]
# Lines that are the sum of the lines below them.
SUBTOTALS = {
    "refused": "refused_",
    "unavailable": "unavailable_",
    "not_processed": "not_processed_",
    "other": "other_",
}
RESULT_LINES = ("granted", "partial", "refused", "unavailable", "not_processed", "other")


def _column(applicant_type: str, legal_subtype: str) -> str:
    return "natural" if applicant_type == "natural" else (legal_subtype or "other")


def _result_line(row: dict) -> str:
    outcome, grounds = row["outcome"], row["grounds"] or []
    first = grounds[0] if grounds else ""
    if outcome in ("granted", "already_public"):
        return "granted"
    if outcome == "partial":
        return "partial"
    if outcome in ("refused", "unavailable", "not_processed"):
        return f"{outcome}_{first}"
    # Closed without a reply.
    if row["clarification__lapsed"]:
        return "other_no_clarification"
    if row["fee__lapsed"]:
        return "other_no_fee"
    return "other_other"


def units_under(unit: OrgUnit) -> QuerySet[OrgUnit]:
    """The unit and everything below it (a department's sections; the county's departments)."""
    return OrgUnit.objects.filter(path__startswith=unit.path)


def request_table(units: QuerySet[OrgUnit], year: int) -> dict[str, dict[str, int]]:
    """{row key: {column key: count}} for the requests of `units` in `year` (one query)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    table = {key: defaultdict(int) for key, _label, _indent in REQUEST_ROWS}
    rows = (
        DisclosureRequest.objects.filter(unit__in=units)
        .filter(Q(received_on__lte=end) | Q(received_on__isnull=True, submitted_at__year__lte=year))
        .values(
            "applicant_type",
            "legal_subtype",
            "received_on",
            "submitted_at",
            "outcome",
            "grounds",
            "replied_on",
            "closed_on",
            "clarification__lapsed",
            "fee__lapsed",
        )
    )
    for row in rows:
        received = row["received_on"] or timezone.localdate(row["submitted_at"])
        if received > end:
            continue
        concluded = row["replied_on"] or row["closed_on"]
        column = _column(row["applicant_type"], row["legal_subtype"])
        if concluded is not None and concluded < start:
            continue  # ended before the year
        if received >= start:
            table["new"][column] += 1
        else:
            table["carried_in"][column] += 1
        if concluded is not None and concluded <= end:
            table[_result_line(row)][column] += 1
        else:
            table["carried_out"][column] += 1
    for total, prefix in SUBTOTALS.items():
        for key in table:
            if key.startswith(prefix):
                for column, n in table[key].items():
                    table[total][column] += n
    for line in RESULT_LINES:
        for column, n in table[line].items():
            table["total"][column] += n
    out = {}
    for key, _label, _indent in REQUEST_ROWS:
        cells = {c: table[key].get(c, 0) for c, _l in COLUMNS if c != "total"}
        cells["total"] = sum(cells.values())
        out[key] = cells
    out["results"] = {c: "" for c, _l in COLUMNS}
    return out


def request_table_rows(table: dict) -> list[tuple[str, int, list]]:
    """(label, indent, cells in column order) for templates."""
    return [
        (label, indent, [table[key][c] for c, _l in COLUMNS]) for key, label, indent in REQUEST_ROWS
    ]


POLICY_GENRES = (Genre.RULES, Genre.MEASURES, Genre.DECISION, Genre.ORDER, Genre.NOTICE_PUBLIC)


def proactive_table(units: QuerySet[OrgUnit], year: int) -> dict[str, int]:
    """第二十条第（一）项: normative documents (行政规范性文件: the policy documents of the
    catalogue in the genres that bind, 规定/办法/决定/命令/通告) made and repealed in the year,
    and in force at its end. A county makes no 规章 (立法法 第九十三条): that line is 0."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    policies = Item.objects.filter(
        unit__in=units, column__slug="zcwj", genre__in=POLICY_GENRES, status=ItemStatus.PUBLISHED
    )
    made = policies.filter(formed_on__range=(start, end)).count()
    ended = (Validity.REPEALED, Validity.EXPIRED)
    repealed = policies.filter(validity__in=ended, validity_date__range=(start, end)).count()
    in_force = (
        policies.filter(formed_on__lte=end)
        .exclude(validity__in=ended, validity_date__lte=end)
        .count()
    )
    return {
        "rules_made": 0,
        "rules_repealed": 0,
        "rules_in_force": 0,
        "normative_made": made,
        "normative_repealed": repealed,
        "normative_in_force": in_force,
    }


def fee_total(units: QuerySet[OrgUnit], year: int) -> int:
    """信息处理费 collected in the year (元)."""
    return (
        FeeNotice.objects.filter(request__unit__in=units, paid_on__year=year).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )


def section2_rows(units: QuerySet[OrgUnit], year: int, figures: dict) -> list[tuple]:
    """Section 2's counted lines: (label, value, source).

    A line some subsystem counts (platform_core.report_figures: 行政许可 and 行政事业性收费
    from 网上行政审批) comes from its data; the others (行政处罚, 行政强制: no subsystem here
    holds them) are the staff's entered figures."""
    provided = provided_figures()
    unit_ids = list(units.values_list("pk", flat=True)) if provided else []
    rows = []
    for key, label in SECTION2_KEYS:
        if key in provided:
            rows.append((label, figure(key, unit_ids, year), provided[key]))
        else:
            rows.append((label, figures.get(key, 0) or 0, ""))
    return rows


def report_context(report) -> dict:
    """Everything a report's page, body and PDF show: the staff's text and figures and the
    tables counted from the data of the unit and the units below it."""
    from ..constants import REVIEW_LITIGATION_KEYS

    units = units_under(report.unit)
    table = request_table(units, report.year)
    figures = report.figures or {}
    review = {key: int(figures.get(key, 0) or 0) for key, _label in REVIEW_LITIGATION_KEYS}
    for group in ("review", "suit_direct", "suit_after_review"):
        review[f"{group}_total"] = sum(
            review[f"{group}_{r}"] for r in ("upheld", "corrected", "other", "pending")
        )
    return {
        "report": report,
        "columns": COLUMNS,
        "request_rows": request_table_rows(table),
        "request_table": table,
        "proactive": proactive_table(units, report.year),
        "section2": section2_rows(units, report.year, figures),
        "review": review,
        "fee_total": fee_total(units, report.year),
    }
