"""Supervisor dashboard: who sees it, what it counts, drill-down, live data, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from approval.services import supervision
from platform_core.constants import RoleCode
from tests.approval.conftest import build_item, submitted
from tests.approval.test_supervision import accepted, age_clock
from tests.factories import staff_with_role

URL = "/office/approval/supervision/"


@pytest.fixture
def supervisor(gov):
    return staff_with_role(RoleCode.SUPERVISOR, gov, name="督查员甲")


@pytest.fixture
def other_item(sysadmin, dept_b):
    from approval.services import items as item_services

    draft = build_item(sysadmin, dept_b, code="431127-XK-009")
    return item_services.item_publish(item=draft, by=sysadmin)


def make_cases(item, clerk, n):
    """n accepted cases, every other one overdue, plus one waiting for acceptance."""
    for i in range(n):
        application = accepted(item, clerk, name=f"申请人{i}")
        if i % 2 == 0:
            age_clock(application, 12)
    submitted(item, clerk, name="待受理人")
    supervision.supervision_scan()


def test_access_supervisor_and_leader_only(client, item, clerk_a, supervisor, dept_a):
    assert client.get(URL).status_code == 302  # to the staff login
    client.force_login(clerk_a)
    assert client.get(URL).status_code == 403
    assert client.get(URL + "data.json").status_code == 403
    assert client.get(URL + "cases/").status_code == 403
    client.force_login(staff_with_role(RoleCode.LEADER, dept_a))
    assert client.get(URL).status_code == 200
    client.force_login(supervisor)
    assert client.get(URL).status_code == 200


def test_counts_cards_by_department_chart_and_drill_down(client, item, clerk_a, supervisor):
    make_cases(item, clerk_a, 3)  # 3 accepted (2 overdue) + 1 submitted, all received today
    client.force_login(supervisor)
    page = client.get(URL)
    body = page.content.decode()
    counts = page.context["counts"]
    assert counts["received_today"] == 4 and counts["received_month"] == 4
    assert counts["in_progress"] == 4
    assert counts["overdue"] == 2
    assert counts["red_cards"] == 2
    assert counts["concluded_today"] == 0
    departments = page.context["departments"]
    assert [(d["department__name"], d["red"]) for d in departments] == [("县市场监督管理局", 2)]
    # The trend as a table that ECharts draws (static/office/js/charts.js).
    assert 'data-chart="line" data-field="trend"' in body and "近30天收件、办结与亮牌" in body
    assert "/static/vendor/echarts/echarts.min.js" in body
    # The page carries no inline script or style (CSP) and loads the refresher from our host.
    assert "<script>" not in body and 'style="' not in body
    assert "/static/approval/js/supervision.js" in body
    assert 'http-equiv="refresh"' not in body
    # Drill-down: the overdue number lists exactly the overdue cases.
    listing = client.get(URL + "cases/?metric=overdue")
    rows = list(listing.context["page"].object_list)
    assert len(rows) == 2
    assert all(a.clock.due_date < a.clock.start_date.today() for a in rows)
    cards = client.get(URL + f"cases/?metric=cards&department={item.department_id}")
    assert len(cards.context["page"].object_list) == 2
    assert client.get(URL + "cases/?metric=bogus&department=x").status_code == 200


def test_live_data_endpoint(client, item, clerk_a, supervisor):
    make_cases(item, clerk_a, 2)
    client.force_login(supervisor)
    data = client.get(URL + "data.json").json()
    assert data["counts"]["received_today"] == 3
    assert data["counts"]["overdue"] == 1
    assert data["departments"][0]["red"] == 1
    trend = data["trend"]
    assert [s["key"] for s in trend["series"]] == ["received", "concluded", "cards"]
    assert len(trend["dates"]) == len(trend["series"][0]["values"]) == 30
    assert trend["series"][0]["values"][-1] == 3
    # A new case shows up at the next refresh.
    submitted(item, clerk_a, name="新来的")
    assert client.get(URL + "data.json").json()["counts"]["received_today"] == 4


def test_leader_sees_own_department_only(client, item, other_item, clerk_a, clerk_b, dept_b):
    make_cases(item, clerk_a, 2)
    submitted(other_item, clerk_b, name="他局申请人")
    client.force_login(staff_with_role(RoleCode.LEADER, dept_b))
    counts = client.get(URL).context["counts"]
    assert counts["received_today"] == 1 and counts["overdue"] == 0 and counts["cards"] == 0
    listing = client.get(URL + "cases/").context["page"].object_list
    assert [a.applicant_name for a in listing] == ["他局申请人"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_cases(
    client, item, other_item, clerk_a, clerk_b, supervisor
):
    make_cases(item, clerk_a, 1)
    client.force_login(supervisor)
    client.get(URL)  # warm the per-process caches (calendar overrides, content types)
    few = {u: _queries(client, URL + u) for u in ("", "data.json", "cases/", "cards/")}
    make_cases(item, clerk_a, 6)
    make_cases(other_item, clerk_b, 3)
    many = {u: _queries(client, URL + u) for u in ("", "data.json", "cases/", "cards/")}
    assert many == few
