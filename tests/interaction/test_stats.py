"""办理统计: counts by department, category, channel and month, timeliness and satisfaction, in a
constant number of queries; exported to Excel; office and supervisors only."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
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
    # The 不满意 case is handled again on a new clock: answered once, not yet (again) on time.
    assert (dept.total, dept.answered, dept.on_time, dept.rated, dept.good) == (3, 3, 2, 3, 2)
    assert dept.satisfaction == "67%" and dept.on_time_rate == "67%"
    assert {r.label: r.total for r in data["channel"]} == {"网上": 3, "来信": 1}
    assert {r.label: r.total for r in data["category"]} == {"市场监管": 3, "城乡建设": 1}
    assert sum(r.total for r in data["month"]) == 4


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
    response = client.get(url + "?format=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["按承办单位", "按问题分类", "按来件渠道", "按月份"]
    rows = list(book["按承办单位"].values)
    assert rows[0][1] == "来件数" and any(r[0] == dept_b.name and r[1] == 3 for r in rows[1:])
    client.force_login(handler_a, backend="platform_core.auth_backends.StaffBackend")
    assert client.get(url).status_code == 403
