"""The back-office shell: access to the office home, what the top bar shows, and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from platform_core.constants import Channel, RoleCode
from platform_core.models import Notification
from tests.factories import CitizenFactory, OrgUnitFactory, PostFactory, role, staff_with_role
from tests.platform_core.inbox_data import build_tasks

pytestmark = pytest.mark.django_db

OFFICE_HOME = "/office/"


def _notify(user, n, read=False, channel=Channel.IN_APP):
    Notification.objects.bulk_create(
        Notification(
            channel=channel,
            recipient=user,
            subject=f"消息{i}",
            body="内容",
            read_at=timezone.now() if read else None,
        )
        for i in range(n)
    )


def _tasks(user, open_count, closed_count=0):
    """Tasks as the engine leaves them: the badge counts the inbox's open ones (TaskInfo)."""
    unit = user.posts.first().unit
    build_tasks(open_count, unit=unit, started_by=user, owner=user)
    if closed_count:
        build_tasks(
            closed_count, unit=unit, started_by=user, owner=user, is_open=False, outcome="done"
        )


def test_office_home_url_name():
    assert reverse("platform_core:office_home") == OFFICE_HOME


def test_anonymous_is_sent_to_staff_login(client):
    response = client.get(OFFICE_HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("platform_core:staff_login"))
    assert "next=/office/" in response["Location"]


def test_citizen_gets_403(client):
    citizen = CitizenFactory()
    client.force_login(citizen)
    response = client.get(OFFICE_HOME)
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()


def test_staff_sees_units_roles_and_counts(client, gov, dept_a, dept_b):
    user = staff_with_role(RoleCode.WINDOW_CLERK, dept_a, name="李文")
    PostFactory(user=user, unit=dept_b, role=role(RoleCode.SECTION_HEAD), is_primary=False)
    _notify(user, 3)
    _notify(user, 2, read=True)
    _notify(user, 4, channel=Channel.SMS)
    _tasks(user, 3, closed_count=2)
    other = staff_with_role(RoleCode.WINDOW_CLERK, dept_a)
    _notify(other, 5)
    _tasks(other, 1)

    client.force_login(user)
    response = client.get(OFFICE_HOME)
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["shell"].unread_count == 3
    assert response.context["shell"].todo_count == 3
    for text in ("李文", "县市场监督管理局", "县自然资源局", "窗口受理员", "科室负责人"):
        assert text in html, text
    assert "电子政务系统" in html and gov.name in html
    # Logout is a POST form with a CSRF token.
    assert f'action="{reverse("platform_core:staff_logout")}"' in html
    assert "csrfmiddlewaretoken" in html
    # A clerk and section head handles cases but neither edits the site nor administers the
    # platform.
    labels = [str(s.label) for s in response.context["shell"].subsystems]
    assert labels == ["信息公开", "协同办公", "政民互动", "行政审批"]
    # Every subsystem of a case handler has its entry page (none is 建设中 any more).
    assert 'href="/office/oa/"' in html and "建设中" not in html
    assert 'href="/office/org/"' not in html


def test_subsystems_follow_roles(client, dept_a):
    admin = staff_with_role(RoleCode.SYSTEM_ADMIN, dept_a)
    client.force_login(admin)
    labels = [str(s.label) for s in client.get(OFFICE_HOME).context["shell"].subsystems]
    assert "应用支撑平台" in labels
    assert "行政审批" not in labels

    editor = staff_with_role(RoleCode.WEB_EDITOR, dept_a)
    client.force_login(editor)
    labels = [str(s.label) for s in client.get(OFFICE_HOME).context["shell"].subsystems]
    assert labels == ["门户网站", "协同办公"]


def _count_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(OFFICE_HOME)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_office_home_query_count_is_constant(client, dept_a, django_assert_max_num_queries):
    user = staff_with_role(RoleCode.REVIEW_CLERK, dept_a)
    _notify(user, 1)
    # A leader's post from the start: a role brings its own inbox source (decisions to take),
    # which is one more query for having the role, not for having more data.
    PostFactory(user=user, unit=OrgUnitFactory(), role=role(RoleCode.LEADER))
    client.force_login(user)
    baseline = _count_queries(client)

    for _ in range(5):
        PostFactory(user=user, unit=OrgUnitFactory(), role=role(RoleCode.LEADER))
    _notify(user, 30)
    _tasks(user, 10)
    with django_assert_max_num_queries(baseline):
        response = client.get(OFFICE_HOME)
    assert response.context["shell"].unread_count == 31
    assert len(response.context["shell"].posts) == 7


def test_portal_pages_do_not_compute_the_office_shell(client, dept_a):
    user = staff_with_role(RoleCode.REVIEW_CLERK, dept_a)
    client.force_login(user)
    client.get("/")  # warm the site settings cache
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    # The lazy office shell is never evaluated on the portal, nor are the site settings re-read.
    for table in (
        "platform_core_post",
        "platform_core_notification",
        "platform_core_taskinfo",
        "portal_sitesettings",
    ):
        assert table not in sql, table
