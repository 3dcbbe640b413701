"""办理统计: counts by department, category, channel and month, timeliness and satisfaction, in a
constant number of queries; exported to Excel; office and supervisors only."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from interaction.selectors.stats import statistics
from interaction.services import cases as case_services
from interaction.services import replies as reply_services

pytestmark = pytest.mark.django_db


def _answered(submit, triager, handler, reviewer, dept, score=None, **kw):
    case, _c = submit(**kw)
    case_services.case_assign(case=case, by=triager, department=dept)
    reply_services.reply_save(
        case=case, by=handler, body="<p>已依法处理完毕，感谢监督。</p>", submit=True
    )
    reply_services.reply_approve(case=case, by=reviewer)
    if score:
        case.refresh_from_db()
        case_services.case_rate(case=case, score=score)
    return case


def test_statistics_by_dimension(submit, triager, handler_a, reviewer, dept_a, categories):
    submit()  # waiting for triage
    _answered(submit, triager, handler_a, reviewer, dept_a, "satisfied")
    _answered(submit, triager, handler_a, reviewer, dept_a, "basic", channel="letter")
    _answered(
        submit, triager, handler_a, reviewer, dept_a, "unsatisfied", category=categories["roads"]
    )
    data = statistics()
    dept = next(r for r in data["department"] if r.label == dept_a.name)
    # The 不满意 case is handled again on a new clock: not answered until its second answer.
    assert (dept.total, dept.answered, dept.on_time, dept.rated, dept.good) == (3, 2, 2, 3, 2)
    assert dept.satisfaction == "67%" and dept.on_time_rate == "100%"
    assert {r.label: r.total for r in data["channel"]} == {"网上": 3, "来信": 1, "合计": 4}
    assert {r.label: r.total for r in data["category"]} == {
        "市场监管": 3,
        "城乡建设": 1,
        "合计": 4,
    }
    assert data["month"][-1].total == 4


def test_hand_counted_fixture_every_table_adds_up(
    submit, triager, handler_a, handler_b, reviewer, dept_a, dept_b, categories
):
    """Eight cases counted by hand (2026 dates; today is later):
    A 投诉 网上 市场监管 待分办 (now)            E 投诉 网上 市场监管 不满意 → reopened, dept_a
    B 咨询 来电 市场监管 dept_a 办理中 (30 Sep: overdue)  G 建议 网上 教育 退回 by dept_b
    C 建议 来信 道路维修 dept_a 按期答复, 满意      H 投诉 网上 市场监管 待分办 (30 Sep: overdue)
    D 效能投诉 网上 道路维修 dept_b 超期答复, 基本满意  F 县长信箱 来访 merged into A (not counted)
    """
    sep_30 = timezone.make_aware(datetime.datetime(2026, 9, 30, 10, 0))
    market, roads = categories["market"], categories["roads"]
    a, _c = submit()
    b, _c = submit(kind="consultation", channel="call", received_at=sep_30)
    case_services.case_assign(case=b, by=triager, department=dept_a)
    _answered(
        submit, triager, handler_a, reviewer, dept_a, "satisfied",
        kind="suggestion", channel="letter", category=roads,
    )  # fmt: skip
    _answered(
        submit, triager, handler_b, reviewer, dept_b, "basic",
        kind="efficiency", category=roads, received_at=sep_30,
    )  # fmt: skip
    _answered(submit, triager, handler_a, reviewer, dept_a, "unsatisfied")
    f, _c = submit(kind="mayor", channel="visit", title="同一超市的过期食品")
    case_services.case_merge(case=f, into=a, by=triager)
    g, _c = submit(kind="suggestion", category=categories["edu"], title="建议增加校车")
    case_services.case_assign(case=g, by=triager, department=dept_b)
    case_services.case_return(case=g, by=handler_b, reason="不属于本单位职责")
    submit(received_at=sep_30, category=market)  # H

    data = statistics()
    cols = ("total", "answered", "open", "on_time", "late", "overdue", "rated", "good")

    def table(key):
        return {r.label: tuple(getattr(r, c) for c in cols) for r in data[key]}

    total = (7, 2, 5, 1, 1, 2, 3, 2)
    this_month = f"{timezone.localdate():%Y-%m}"
    assert table("department") == {
        dept_a.name: (3, 1, 2, 1, 0, 1, 2, 1),  # B, C, E
        "（待交办）": (3, 0, 3, 0, 0, 1, 0, 0),  # A, G, H
        dept_b.name: (1, 1, 0, 0, 1, 0, 1, 1),  # D
        "合计": total,
    }
    assert table("category") == {
        "市场监管": (4, 0, 4, 0, 0, 2, 1, 0),  # A, B, E, H
        "城乡建设": (2, 2, 0, 1, 1, 0, 2, 2),  # C, D (道路维修 counts under its parent)
        "教育": (1, 0, 1, 0, 0, 0, 0, 0),  # G
        "合计": total,
    }
    assert table("kind") == {
        "投诉": (3, 0, 3, 0, 0, 1, 1, 0),  # A, E, H
        "建议": (2, 1, 1, 1, 0, 0, 1, 1),  # C, G
        "咨询": (1, 0, 1, 0, 0, 1, 0, 0),  # B
        "效能投诉": (1, 1, 0, 0, 1, 0, 1, 1),  # D
        "合计": total,
    }
    assert table("channel") == {
        "网上": (5, 1, 4, 0, 1, 1, 2, 1),  # A, D, E, G, H
        "来电": (1, 0, 1, 0, 0, 1, 0, 0),  # B
        "来信": (1, 1, 0, 1, 0, 0, 1, 1),  # C
        "合计": total,
    }
    assert list(table("status").items()) == [
        ("待分办", (2, 0, 2, 0, 0, 1, 0, 0)),  # A, H
        ("办理中", (2, 0, 2, 0, 0, 1, 1, 0)),  # B, E
        ("已退回待重新交办", (1, 0, 1, 0, 0, 0, 0, 0)),  # G
        ("已办结", (2, 2, 0, 1, 1, 0, 2, 2)),  # C, D (rated: closed)
        ("合计", total),
    ]
    assert list(table("month").items()) == [
        ("2026-09", (3, 1, 2, 0, 1, 2, 1, 1)),  # B, D, H
        (this_month, (4, 1, 3, 1, 0, 0, 2, 1)),  # A, C, E, G
        ("合计", total),
    ]
    everything = data["status"][-1]
    assert (everything.on_time_rate, everything.satisfaction) == ("50%", "67%")
    assert everything.answered == everything.on_time + everything.late


def test_stats_page_constant_queries_and_excel(
    client, submit, triager, handler_a, reviewer, dept_a, dept_b, handler_b
):
    _answered(submit, triager, handler_a, reviewer, dept_a, "satisfied")
    client.force_login(triager, backend="platform_core.auth_backends.StaffBackend")
    url = reverse("interaction:stats")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _i in range(3):
        _answered(submit, triager, handler_b, reviewer, dept_b, "basic", channel="call")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert dept_b.name in page and len(many) == len(few)
    # Each table is a chart too (drawn from the table by the shared ECharts script): the three
    # columns that add up to 来件数 are drawn, the 合计 row sits in the footer, not in the chart.
    assert page.count("data-chart=") == 6 and 'data-chart="line"' in page
    assert "vendor/echarts/echarts.min.js" in page and "office/js/charts.js" in page
    assert page.count("data-chart-skip") == 6 * 7
    assert page.count('<tfoot><tr class="total"><th scope="row">合计</th>') == 6
    response = client.get(url + "?format=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "按承办单位",
        "按问题分类",
        "按来件类型",
        "按来件渠道",
        "按办理状态",
        "按月份",
    ]
    rows = list(book["按承办单位"].values)
    assert rows[0][1] == "来件数" and rows[0][6] == "超期未答复"
    assert any(r[0] == dept_b.name and r[1] == 3 for r in rows[1:])
    assert rows[-1][:3] == ("合计", 4, 4)
    client.force_login(handler_a, backend="platform_core.auth_backends.StaffBackend")
    assert client.get(url).status_code == 403
