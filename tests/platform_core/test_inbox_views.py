"""The inbox pages: access, tabs and counts, deadline marks, filters, batch actions, queries."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from platform_core.constants import Channel, RoleCode
from platform_core.models import Notification, ReadingItem, Subsystem, TaskInfo
from tests.factories import CitizenFactory, role, staff_with_role
from tests.platform_core.inbox_data import build_tasks

pytestmark = pytest.mark.django_db

INBOX = "/office/inbox/"


@pytest.fixture
def clerk(dept_a):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="张科员")


@pytest.fixture
def starter(dept_a):
    return staff_with_role(RoleCode.WINDOW_CLERK, dept_a)


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


def _reading(user, n, **kw):
    return ReadingItem.objects.bulk_create(
        ReadingItem(recipient=user, subsystem=Subsystem.OA, title=f"传阅文件{i}", **kw)
        for i in range(n)
    )


def test_url_name():
    assert reverse("platform_core:inbox") == INBOX


def test_anonymous_goes_to_login(client):
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("platform_core:staff_login"))


def test_citizen_is_refused(client):
    client.force_login(CitizenFactory())
    assert client.get(INBOX).status_code == 403
    assert client.post(reverse("platform_core:inbox_mark_read"), {"ids": ["1"]}).status_code == 403


def test_tabs_show_counts_and_rows_mark_deadlines(clerk_client, clerk, starter, dept_a):
    today = timezone.localdate()
    build_tasks(
        1,
        unit=dept_a,
        started_by=starter,
        owner=clerk,
        due=today - datetime.timedelta(days=3),
        title="超期的事",
    )
    build_tasks(1, unit=dept_a, started_by=starter, owner=clerk, due=today, title="今天到期的事")
    build_tasks(1, unit=dept_a, started_by=starter, owner=clerk, title="无期限的事")
    _reading(clerk, 2)
    response = clerk_client.get(INBOX)
    assert response.status_code == 200
    html = response.content.decode()
    assert [(t["code"], t["count"]) for t in response.context["tabs"]] == [
        ("todo", 3),
        ("done", 0),
        ("to_read", 2),
        ("read", 0),
        ("started", 0),
        ("drafts", 0),
    ]
    assert 'class="inbox-row deadline-overdue"' in html
    assert "已超期" in html
    assert 'class="inbox-row deadline-due_soon"' in html
    assert "即将到期" in html
    assert "无期限" in html
    # Most urgent first.
    assert html.index("超期的事") < html.index("今天到期的事") < html.index("无期限的事")
    # The top bar links here now.
    assert f'href="{INBOX}"' in html


def test_rows_link_to_the_task_page_when_it_exists(clerk_client, clerk, starter, dept_a):
    batch = build_tasks(1, unit=dept_a, started_by=starter, owner=clerk)
    html = clerk_client.get(INBOX).content.decode()
    try:
        url = reverse("platform_core:task_detail", args=[batch.task_ids[0]])
    except NoReverseMatch:  # the engine's task page is not served yet
        assert "/tasks/" not in html
    else:
        assert f'href="{url}"' in html


def test_filters_and_bad_filter_values(clerk_client, clerk, starter, dept_a):
    build_tasks(2, unit=dept_a, started_by=starter, owner=clerk, subsystem=Subsystem.APPROVAL)
    build_tasks(3, unit=dept_a, started_by=starter, owner=clerk, subsystem=Subsystem.OA)
    response = clerk_client.get(INBOX, {"kind": "todo", "subsystem": "approval"})
    assert response.context["page"].paginator.count == 2
    assert len(response.context["rows"]) == 2

    response = clerk_client.get(INBOX, {"kind": "todo", "subsystem": "nope", "deadline": "x"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 5  # the bad filters are not applied
    assert "选择一个有效的选项" in response.content.decode()

    response = clerk_client.get(INBOX, {"kind": "bogus", "page": "abc"})
    assert response.status_code == 200
    assert response.context["kind"] == "todo"


def test_pages_of_twenty(clerk_client, clerk, starter, dept_a):
    build_tasks(45, unit=dept_a, started_by=starter, owner=clerk)
    response = clerk_client.get(INBOX, {"page": "3"})
    assert len(response.context["rows"]) == 5
    assert "第 3 / 3 页，共 45 条" in response.content.decode()


def test_batch_mark_read_only_touches_own_items(clerk_client, clerk, starter):
    mine = _reading(clerk, 3)
    theirs = _reading(starter, 1)
    response = clerk_client.post(
        reverse("platform_core:inbox_mark_read"),
        {"ids": [str(mine[0].pk), str(mine[1].pk), str(theirs[0].pk), "x"]},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{INBOX}?kind=to_read"
    assert ReadingItem.objects.filter(recipient=clerk, read_at__isnull=False).count() == 2
    assert ReadingItem.objects.get(pk=theirs[0].pk).read_at is None
    page = clerk_client.get(INBOX, {"kind": "read"})
    assert [t["count"] for t in page.context["tabs"]][2:4] == [1, 2]

    response = clerk_client.post(reverse("platform_core:inbox_mark_read"), {}, follow=True)
    assert "请先勾选要标为已阅的事项。" in response.content.decode()


def test_opening_a_reading_item_marks_it_read(clerk_client, clerk, starter):
    item = ReadingItem.objects.create(
        recipient=clerk, subsystem=Subsystem.OA, title="会议通知", link="/office/"
    )
    evil = ReadingItem.objects.create(
        recipient=clerk, subsystem=Subsystem.OA, title="外链", link="https://evil.example/"
    )
    response = clerk_client.get(reverse("platform_core:inbox_reading_open", args=[item.pk]))
    assert response["Location"] == "/office/"
    item.refresh_from_db()
    assert item.read_at is not None
    response = clerk_client.get(reverse("platform_core:inbox_reading_open", args=[evil.pk]))
    assert response["Location"] == f"{INBOX}?kind=read"
    other = _reading(starter, 1)[0]
    response = clerk_client.get(reverse("platform_core:inbox_reading_open", args=[other.pk]))
    assert response.status_code == 404


def test_claim_selected_unclaimed_tasks(clerk_client, clerk, starter, dept_a, dept_b):
    offers = build_tasks(2, unit=dept_a, started_by=starter, role=role(RoleCode.REVIEW_CLERK))
    foreign = build_tasks(1, unit=dept_b, started_by=starter, role=role(RoleCode.REVIEW_CLERK))
    html = clerk_client.get(INBOX).content.decode()
    assert "待认领" in html
    assert 'name="ids"' in html
    response = clerk_client.post(
        reverse("platform_core:inbox_claim"),
        {"ids": [str(offers.task_ids[0]), str(foreign.task_ids[0])], "next": f"{INBOX}?kind=todo"},
        follow=True,
    )
    text = response.content.decode()
    assert "已认领1件待办。" in text
    assert "1件待办已被他人认领或不属于您的岗位，未认领。" in text
    assert TaskInfo.objects.get(pk=offers.task_ids[0]).owner == clerk
    assert TaskInfo.objects.get(pk=offers.task_ids[1]).owner is None
    assert TaskInfo.objects.get(pk=foreign.task_ids[0]).owner is None
    # The colleague's inbox no longer offers the claimed task.
    colleague = staff_with_role(RoleCode.REVIEW_CLERK, dept_a)
    clerk_client.force_login(colleague)
    assert clerk_client.get(INBOX).context["page"].paginator.count == 1


@pytest.mark.parametrize("size", [2, 30])
def test_page_queries_do_not_grow(
    size, clerk_client, clerk, starter, dept_a, django_assert_num_queries
):
    past = timezone.localdate() - datetime.timedelta(days=5)
    build_tasks(size, unit=dept_a, started_by=starter, owner=clerk, due=past)
    build_tasks(size, unit=dept_a, started_by=starter, role=role(RoleCode.REVIEW_CLERK), due=past)
    build_tasks(size, unit=dept_a, started_by=starter, owner=clerk, is_open=False)
    _reading(clerk, size)
    Notification.objects.create(
        channel=Channel.IN_APP, recipient=clerk, subject="消息", body="内容"
    )
    clerk_client.get(INBOX)  # warm the calendar cache
    with django_assert_num_queries(PAGE_QUERIES):
        response = clerk_client.get(INBOX)
    assert len(response.context["rows"]) == min(20, 2 * size)


# Session and user (2); delegations and posts (2); interaction's office row (1, read by its
# work sources); every count on the page in one query: the tabs, the top bar's 待办 and unread
# messages, and every work source's pending work (1, platform_core.db.count_many); the page count
# and the page (2); the permissions (1). Work sources with nothing pending are not asked for rows;
# the route filter's definitions and the county's name are cached; the session's idle expiry is
# renewed at most once a minute (not on this request). Issue 19's target: at most 15.
PAGE_QUERIES = 9


def test_claim_without_an_engine_says_so(clerk_client, clerk, starter, dept_a, monkeypatch):
    from platform_core.services import inbox as inbox_services

    offers = build_tasks(1, unit=dept_a, started_by=starter, role=role(RoleCode.REVIEW_CLERK))
    monkeypatch.setattr(inbox_services, "_engine_task_claim", lambda: None)
    html = clerk_client.get(INBOX).content.decode()
    assert "认领所选" not in html
    response = clerk_client.post(
        reverse("platform_core:inbox_claim"), {"ids": [str(offers.task_ids[0])]}, follow=True
    )
    assert "流程引擎暂不支持认领，请稍后再试。" in response.content.decode()
    assert TaskInfo.objects.get(pk=offers.task_ids[0]).owner is None
