"""Monthly performance report (绩效统计): numbers, access, PDF and Excel, constant query count."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from approval.models import Application
from approval.selectors import performance as perf
from approval.services import acceptance, rating
from approval.services import decision as services
from platform_core.constants import RoleCode
from tests.approval.conftest import submitted
from tests.approval.decision.helpers import accepted, finish_review, pdf_text
from tests.approval.test_supervision import age_clock
from tests.factories import CitizenFactory, staff_with_role

URL = "/office/approval/supervision/performance/"


@pytest.fixture
def clerk_a2(window_a):
    return staff_with_role(RoleCode.WINDOW_CLERK, window_a, name="窗口乙")


@pytest.fixture
def reviewer_a(window_a):
    return staff_with_role(RoleCode.REVIEW_CLERK, window_a, name="审查员")


@pytest.fixture
def leader_a(dept_a):
    return staff_with_role(RoleCode.LEADER, dept_a, name="局长丁")


@pytest.fixture
def supervisor(gov):
    return staff_with_role(RoleCode.SUPERVISOR, gov, name="督查员甲")


def concluded(item, clerk, reviewer, leader, *, late_days=0, score=None, name="申请人"):
    """A case accepted by `clerk`, reviewed, granted, delivered and concluded today; optionally
    `late_days` working days on the clock, and rated `score` by its applicant."""
    application = accepted(item, clerk, name=name)
    if late_days:
        age_clock(application, late_days)
    finish_review(application, reviewer)
    services.review_sync(application=application)
    services.application_grant(application=application, by=leader)
    services.application_deliver(application=application, by=clerk, method="counter")
    services.application_conclude(application=application, by=clerk)
    if score is not None:
        citizen = CitizenFactory()
        Application.objects.filter(pk=application.pk).update(applicant=citizen)
        application.refresh_from_db()
        rating.application_rate(
            application=application, user=citizen, score=score, comment="办事顺利"
        )
    application.refresh_from_db()
    return application


@pytest.fixture
def dataset(item, other_item, clerk_a, clerk_a2, clerk_b, reviewer_a, leader_a):
    """This month, 县市场监督管理局: 3 received (1 corrected), 2 concluded (1 on time, 0 and 12
    working days), ratings 5 and 3; 县自然资源局: 1 received and rejected. One case last month."""
    on_time = concluded(item, clerk_a, reviewer_a, leader_a, score=5, name="甲")
    correction = submitted(item, clerk_a, name="乙")
    acceptance.application_request_correction(
        application=correction, by=clerk_a, items=["营业执照复印件不清晰"]
    )
    late = concluded(item, clerk_a2, reviewer_a, leader_a, late_days=12, score=3, name="丙")
    rejected = submitted(other_item, clerk_b, name="丁")
    acceptance.application_reject(
        application=rejected, by=clerk_b, reason="不属于本机关职权范围", redirect_body="县住建局"
    )
    old = submitted(item, clerk_a, name="上月")
    last_month = timezone.now().replace(day=1) - datetime.timedelta(days=3)
    Application.objects.filter(pk=old.pk).update(received_at=last_month)
    return {"on_time": on_time, "late": late}


@pytest.fixture
def other_item(sysadmin, dept_b, item):
    from approval.services import items as item_services
    from tests.approval.conftest import build_item

    draft = build_item(sysadmin, dept_b, code="431127-XK-009")
    return item_services.item_publish(item=draft, by=sysadmin)


def numbers(row):
    return {
        "received": row.received,
        "corrected": row.corrected,
        "correction_rate": row.correction_rate,
        "concluded": row.concluded,
        "on_time": row.on_time,
        "on_time_rate": row.on_time_rate,
        "avg_used": row.avg_used,
        "avg_promised": row.avg_promised,
        "ratings": row.ratings,
        "avg_score": row.avg_score,
        "satisfaction_rate": row.satisfaction_rate,
    }


def test_numbers_per_department_and_staff(dataset, supervisor, clerk_a, clerk_a2, clerk_b):
    late_used = perf.used_days(dataset["late"].clock, {})[0]
    assert late_used >= 12
    report = perf.monthly_report(supervisor, timezone.localdate())
    assert report.month == f"{timezone.localdate():%Y-%m}"
    by_name = {r.name: r for r in report.departments}
    assert list(by_name) == ["县市场监督管理局", "县自然资源局"]
    assert numbers(by_name["县市场监督管理局"]) == {
        "received": 3,
        "corrected": 1,
        "correction_rate": 33.3,
        "concluded": 2,
        "on_time": 1,
        "on_time_rate": 50.0,
        "avg_used": round(late_used / 2, 1),
        "avg_promised": 10.0,
        "ratings": 2,
        "avg_score": 4.0,
        "satisfaction_rate": 50.0,
    }
    assert numbers(by_name["县自然资源局"]) == {
        "received": 1,
        "corrected": 0,
        "correction_rate": 0.0,
        "concluded": 0,
        "on_time": 0,
        "on_time_rate": None,
        "avg_used": None,
        "avg_promised": None,
        "ratings": 0,
        "avg_score": None,
        "satisfaction_rate": None,
    }
    staff = {r.name: r for r in report.staff}
    assert set(staff) == {"窗口甲", "窗口乙", "他局窗口"}
    assert staff["窗口甲"].department == "县市场监督管理局"
    assert (staff["窗口甲"].received, staff["窗口甲"].corrected) == (2, 1)
    assert (staff["窗口甲"].concluded, staff["窗口甲"].on_time, staff["窗口甲"].avg_used) == (
        1,
        1,
        0.0,
    )
    assert (staff["窗口甲"].ratings, staff["窗口甲"].avg_score) == (1, 5.0)
    assert (staff["窗口乙"].concluded, staff["窗口乙"].on_time_rate) == (1, 0.0)
    assert staff["窗口乙"].avg_used == float(late_used)
    assert staff["窗口乙"].satisfaction_rate == 0.0
    assert staff["他局窗口"].received == 1 and staff["他局窗口"].department == "县自然资源局"
    assert report.total.received == 4 and report.total.concluded == 2
    # The month before holds only the case moved there.
    earlier = perf.monthly_report(supervisor, report.first - datetime.timedelta(days=1))
    assert [(r.name, r.received, r.concluded) for r in earlier.departments] == [
        ("县市场监督管理局", 1, 0)
    ]


def test_leader_sees_own_department_only(dataset, leader_a):
    report = perf.monthly_report(leader_a, timezone.localdate())
    assert [r.name for r in report.departments] == ["县市场监督管理局"]


def test_page_access_and_bad_month(client, item, clerk_a, supervisor, leader_a):
    assert client.get(URL).status_code == 302
    client.force_login(clerk_a)
    for path in ("", "report.pdf", "report.xlsx"):
        assert client.get(URL + path).status_code == 403
    client.force_login(leader_a)
    assert client.get(URL).status_code == 200
    client.force_login(supervisor)
    page = client.get(URL)
    assert page.status_code == 200 and "绩效统计" in page.content.decode()
    for bad in ("2026-13", "abc", "2026/11"):
        response = client.get(URL, {"month": bad})
        assert response.status_code == 400
        assert "月份格式应为 YYYY-MM" in response.content.decode()
        assert client.get(URL + "report.xlsx", {"month": bad}).status_code == 400


def test_page_pdf_and_excel(client, dataset, supervisor):
    month = f"{timezone.localdate():%Y-%m}"
    client.force_login(supervisor)
    body = client.get(URL, {"month": month}).content.decode()
    assert "县市场监督管理局" in body and "窗口乙" in body and "33.3" in body
    assert f"report.pdf?month={month}" in body and f"report.xlsx?month={month}" in body

    response = client.get(URL + "report.pdf", {"month": month})
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "审批绩效统计月报",
        "县市场监督管理局",
        "县自然资源局",
        "窗口甲",
        "33.3",
        "50.0",
    ):
        assert expected in text, expected

    response = client.get(URL + "report.xlsx", {"month": month})
    assert response["Content-Disposition"] == f'attachment; filename="performance-{month}.xlsx"'
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["部门绩效", "人员绩效"]
    rows = list(book["部门绩效"].iter_rows(min_row=2, values_only=True))
    assert rows[0][:3] == ("部门", "收件", "补正率（%）")
    assert rows[1][:6] == ("县市场监督管理局", 3, 33.3, 2, 1, 50.0)
    assert rows[2][:4] == ("县自然资源局", 1, 0.0, 0)
    assert rows[3][:2] == ("合计", 4)
    staff = list(book["人员绩效"].iter_rows(min_row=3, values_only=True))
    assert {(r[0], r[1], r[2]) for r in staff} == {
        ("县市场监督管理局", "窗口甲", 2),
        ("县市场监督管理局", "窗口乙", 1),
        ("县自然资源局", "他局窗口", 1),
    }


def _queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_data(
    client,
    django_assert_max_num_queries,
    item,
    clerk_a,
    clerk_a2,
    reviewer_a,
    leader_a,
    supervisor,
):
    client.force_login(supervisor)
    concluded(item, clerk_a, reviewer_a, leader_a, score=4)
    submitted(item, clerk_a2)
    small = _queries(client)
    with django_assert_max_num_queries(small):
        client.get(URL)
    for i in range(3):
        concluded(item, clerk_a2 if i % 2 else clerk_a, reviewer_a, leader_a, score=5 - i)
        correction = submitted(item, clerk_a, name=f"补正{i}")
        acceptance.application_request_correction(
            application=correction, by=clerk_a, items=["申请书未签字"]
        )
    with django_assert_max_num_queries(small):
        page = client.get(URL)
    assert page.context["report"].total.concluded == 4
    assert page.context["report"].total.received == 8
