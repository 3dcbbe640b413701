"""The unified to-do inbox: who sees which task, counts, filters, deadline status, query counts."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from platform_core.constants import RoleCode
from platform_core.models import (
    Delegation,
    Post,
    ProcessDefinition,
    ProcessVersion,
    ReadingItem,
    Subsystem,
    TaskInfo,
    TaskOutcome,
)
from platform_core.permissions import clear_scope_cache
from platform_core.selectors.inbox import (
    Deadline,
    InboxFilters,
    Kind,
    deadline_window,
    inbox_counts,
    inbox_list,
    inbox_viewer,
    task_rows,
)
from tests.factories import StaffFactory, role, staff_with_role
from tests.platform_core.inbox_data import build_tasks

pytestmark = pytest.mark.django_db

# 2026: National Day holiday Oct 1–7 (Thu–Wed); Oct 8 is the first working day after it.
EVE = datetime.date(2026, 9, 30)
HOLIDAY = datetime.date(2026, 10, 3)


@pytest.fixture
def clerk(dept_a):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="张科员")


@pytest.fixture
def starter(dept_a):
    return staff_with_role(RoleCode.WINDOW_CLERK, dept_a, name="窗口")


def _ids(qs):
    return [obj.pk for obj in qs]


def test_kinds_and_counts(clerk, starter, dept_a):
    mine = build_tasks(3, unit=dept_a, started_by=starter, owner=clerk)
    done = build_tasks(2, unit=dept_a, started_by=starter, owner=clerk, is_open=False)
    returned = build_tasks(
        1, unit=dept_a, started_by=starter, owner=clerk, is_open=False, outcome="returned"
    )
    # Withdrawn or cancelled work is not the person's 已办.
    build_tasks(1, unit=dept_a, started_by=starter, owner=clerk, is_open=False, outcome="withdrawn")
    build_tasks(2, unit=dept_a, started_by=clerk, owner=starter)  # started by clerk, not theirs
    ReadingItem.objects.bulk_create(
        [
            ReadingItem(recipient=clerk, subsystem=Subsystem.OA, title="通知一"),
            ReadingItem(recipient=clerk, subsystem=Subsystem.OA, title="通知二"),
            ReadingItem(
                recipient=clerk, subsystem=Subsystem.OA, title="旧通知", read_at=timezone.now()
            ),
            ReadingItem(recipient=starter, subsystem=Subsystem.OA, title="别人的"),
        ]
    )
    viewer = inbox_viewer(clerk)
    assert inbox_counts(viewer) == {
        Kind.TODO: 3,
        Kind.DONE: 3,
        Kind.TO_READ: 2,
        Kind.READ: 1,
        Kind.STARTED: 2,
        Kind.DRAFTS: 0,
    }
    assert sorted(_ids(inbox_list(viewer, Kind.TODO))) == list(mine.task_ids)
    assert sorted(_ids(inbox_list(viewer, Kind.DONE))) == sorted(
        [*done.task_ids, *returned.task_ids]
    )
    assert [i.title for i in inbox_list(viewer, Kind.TO_READ)] == ["通知二", "通知一"]
    assert [i.title for i in inbox_list(viewer, Kind.READ)] == ["旧通知"]
    assert len(inbox_list(viewer, Kind.STARTED)) == 2


def test_delegation_shows_principal_tasks_only_while_it_runs(clerk, starter, dept_a):
    principal = staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="李科长")
    batch = build_tasks(2, unit=dept_a, started_by=starter, owner=principal)
    today = timezone.localdate()
    delegation = Delegation.objects.create(
        principal=principal,
        delegate=clerk,
        start_date=today,
        end_date=today + datetime.timedelta(days=3),
        reason="出差",
    )
    viewer = inbox_viewer(clerk)
    rows = task_rows(inbox_list(viewer, Kind.TODO), viewer, deadline_window())
    assert [r.info.pk for r in rows] == list(batch.task_ids)
    assert all(r.on_behalf_of == principal for r in rows)
    assert inbox_counts(viewer)[Kind.TODO] == 2
    # The principal still sees their own tasks; a third person does not.
    assert inbox_counts(inbox_viewer(principal))[Kind.TODO] == 2
    assert inbox_counts(inbox_viewer(starter))[Kind.TODO] == 0

    # Not yet started, already over, or revoked: nothing.
    assert inbox_counts(inbox_viewer(clerk, today - datetime.timedelta(days=1)))[Kind.TODO] == 0
    assert inbox_counts(inbox_viewer(clerk, today + datetime.timedelta(days=4)))[Kind.TODO] == 0
    delegation.revoked_at = timezone.now()
    delegation.save()
    assert inbox_counts(inbox_viewer(clerk))[Kind.TODO] == 0


def test_unclaimed_offers_reach_only_the_role_in_the_unit(clerk, starter, dept_a, dept_b):
    offers = build_tasks(
        3, unit=dept_a, started_by=starter, role=role(RoleCode.REVIEW_CLERK), due=EVE
    )
    colleague = staff_with_role(RoleCode.REVIEW_CLERK, dept_a)
    other_dept_clerk = staff_with_role(RoleCode.REVIEW_CLERK, dept_b)
    head = staff_with_role(RoleCode.SECTION_HEAD, dept_a)  # same unit, other role
    for person in (clerk, colleague):
        viewer = inbox_viewer(person)
        assert _ids(inbox_list(viewer, Kind.TODO)) == list(offers.task_ids)
        rows = task_rows(inbox_list(viewer, Kind.TODO), viewer, deadline_window())
        assert all(r.unclaimed for r in rows)
    for person in (other_dept_clerk, head, starter):
        viewer = inbox_viewer(person)
        assert list(inbox_list(viewer, Kind.TODO)) == []
        assert inbox_counts(viewer)[Kind.TODO] == 0

    # Claimed by the colleague: it leaves the clerk's inbox.
    TaskInfo.objects.filter(pk=offers.task_ids[0]).update(owner=colleague)
    assert _ids(inbox_list(inbox_viewer(clerk), Kind.TODO)) == list(offers.task_ids[1:])
    # A post that has ended no longer receives offers.
    Post.objects.filter(user=clerk).update(
        start_date=timezone.localdate() - datetime.timedelta(days=30),
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    clear_scope_cache(clerk)
    assert inbox_counts(inbox_viewer(clerk))[Kind.TODO] == 0


def test_delegate_also_sees_offers_to_the_principals_post(clerk, starter, dept_b):
    principal = staff_with_role(RoleCode.REVIEW_CLERK, dept_b)
    offers = build_tasks(2, unit=dept_b, started_by=starter, role=role(RoleCode.REVIEW_CLERK))
    assert inbox_counts(inbox_viewer(clerk))[Kind.TODO] == 0
    today = timezone.localdate()
    Delegation.objects.create(
        principal=principal, delegate=clerk, start_date=today, end_date=today, reason="休假"
    )
    assert _ids(inbox_list(inbox_viewer(clerk), Kind.TODO)) == list(offers.task_ids)


def test_filters_by_subsystem_process_and_deadline(clerk, starter, dept_a):
    definition = ProcessDefinition.objects.create(code="licence", name="许可审查")
    version = ProcessVersion.objects.create(definition=definition, number=1)
    ProcessDefinition.objects.create(code="other", name="其他流程")
    oa = build_tasks(2, unit=dept_a, started_by=starter, owner=clerk, due=EVE)
    licence = build_tasks(
        2,
        unit=dept_a,
        started_by=starter,
        owner=clerk,
        subsystem=Subsystem.APPROVAL,
        version=version,
        due=datetime.date(2026, 10, 20),
    )
    viewer = inbox_viewer(clerk)
    window = deadline_window(EVE)

    def listed(**kw):
        return sorted(_ids(inbox_list(viewer, Kind.TODO, InboxFilters(**kw), window)))

    assert listed(subsystem=Subsystem.APPROVAL) == list(licence.task_ids)
    assert listed(subsystem=Subsystem.OA) == list(oa.task_ids)
    assert listed(process="licence") == list(licence.task_ids)
    assert listed(process="other") == []
    assert listed(deadline=Deadline.DUE_SOON) == list(oa.task_ids)
    assert listed(deadline=Deadline.NORMAL) == list(licence.task_ids)
    assert listed(deadline=Deadline.OVERDUE) == []
    assert listed(subsystem=Subsystem.APPROVAL, deadline=Deadline.DUE_SOON) == []
    # The started list filters by process too; the deadline filter does not apply to it.
    started = inbox_viewer(starter)
    assert len(inbox_list(started, Kind.STARTED, InboxFilters(process="licence"))) == 2
    assert len(inbox_list(started, Kind.STARTED, InboxFilters(deadline=Deadline.OVERDUE))) == 4


@pytest.mark.parametrize(
    ("today", "due", "expected"),
    [
        # The eve of the holiday: the first working day after it is the next working day.
        (EVE, datetime.date(2026, 9, 29), Deadline.OVERDUE),
        (EVE, EVE, Deadline.DUE_SOON),
        (EVE, datetime.date(2026, 10, 5), Deadline.DUE_SOON),  # a holiday before Oct 8
        (EVE, datetime.date(2026, 10, 8), Deadline.DUE_SOON),
        (EVE, datetime.date(2026, 10, 9), Deadline.NORMAL),
        # During the holiday itself.
        (HOLIDAY, datetime.date(2026, 10, 8), Deadline.DUE_SOON),
        (HOLIDAY, datetime.date(2026, 10, 9), Deadline.NORMAL),
        (HOLIDAY, EVE, Deadline.OVERDUE),
        # Oct 9 (Fri) → next working day is Oct 10, the make-up Saturday (调休).
        (datetime.date(2026, 10, 9), datetime.date(2026, 10, 10), Deadline.DUE_SOON),
        (datetime.date(2026, 10, 9), datetime.date(2026, 10, 12), Deadline.NORMAL),
        (EVE, None, Deadline.NORMAL),
    ],
)
def test_deadline_status_counts_working_days(today, due, expected):
    window = deadline_window(today)
    assert window.status(due) == expected


def test_due_soon_window_is_a_setting(settings):
    settings.INBOX_DUE_SOON_WORKING_DAYS = 2
    assert deadline_window(EVE).status(datetime.date(2026, 10, 9)) == Deadline.DUE_SOON
    assert deadline_window(EVE).status(datetime.date(2026, 10, 10)) == Deadline.NORMAL


def test_deadline_filter_matches_the_row_status(clerk, starter, dept_a):
    dues = [datetime.date(2026, 9, 28) + datetime.timedelta(days=d) for d in range(16)]
    build_tasks(16, unit=dept_a, started_by=starter, owner=clerk, due=lambda i: dues[i])
    viewer = inbox_viewer(clerk)
    window = deadline_window(EVE)
    every = task_rows(inbox_list(viewer, Kind.TODO, window=window), viewer, window)
    for status in Deadline.values:
        filtered = inbox_list(viewer, Kind.TODO, InboxFilters(deadline=status), window)
        assert _ids(filtered) == [r.info.pk for r in every if r.deadline == status]


def test_todo_sorted_by_due_date_nulls_last_then_created(clerk, starter, dept_a):
    later = build_tasks(1, unit=dept_a, started_by=starter, owner=clerk, due=EVE)
    undated = build_tasks(1, unit=dept_a, started_by=starter, owner=clerk, due=None)
    sooner = build_tasks(2, unit=dept_a, started_by=starter, owner=clerk, due=HOLIDAY)
    offer = build_tasks(
        1,
        unit=dept_a,
        started_by=starter,
        role=role(RoleCode.REVIEW_CLERK),
        due=datetime.date(2026, 9, 1),
    )
    TaskInfo.objects.filter(pk=sooner.task_ids[1]).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert _ids(inbox_list(inbox_viewer(clerk), Kind.TODO)) == [
        offer.task_ids[0],
        later.task_ids[0],
        sooner.task_ids[1],  # same due date, created earlier
        sooner.task_ids[0],
        undated.task_ids[0],
    ]


def _inbox_queries(user, kind=Kind.TODO):
    viewer = inbox_viewer(user)
    inbox_counts(viewer)
    window = deadline_window()
    return task_rows(
        inbox_list(viewer, kind, InboxFilters(deadline="overdue"), window)[:20], viewer, window
    )


@pytest.mark.parametrize("size", [3, 60])
def test_query_count_does_not_grow_with_tasks(
    size, clerk, starter, dept_a, django_assert_num_queries
):
    principal = StaffFactory()
    Delegation.objects.create(
        principal=principal,
        delegate=clerk,
        start_date=timezone.localdate(),
        end_date=timezone.localdate(),
        reason="出差",
    )
    past = timezone.localdate() - datetime.timedelta(days=10)
    build_tasks(size, unit=dept_a, started_by=starter, owner=clerk, due=past)
    build_tasks(size, unit=dept_a, started_by=starter, owner=principal, due=past)
    build_tasks(size, unit=dept_a, started_by=starter, role=role(RoleCode.REVIEW_CLERK), due=past)
    build_tasks(size, unit=dept_a, started_by=starter, owner=clerk, is_open=False)
    # Delegations, posts, delegators' posts, every tab's count (one query, db.count_many),
    # calendar overrides (cold cache), the page.
    with django_assert_num_queries(6):
        rows = _inbox_queries(clerk)
    assert len(rows) == min(20, 3 * size)
    assert {r.deadline for r in rows} == {Deadline.OVERDUE}


def _plan(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_queries_use_the_inbox_indexes(clerk, starter, dept_a, dept_b):
    # Enough other people's rows, and fresh statistics, for the planner to choose as at scale.
    other = StaffFactory()
    build_tasks(3000, unit=dept_a, started_by=starter, owner=other, due=EVE)
    build_tasks(3000, unit=dept_b, started_by=starter, role=role(RoleCode.REVIEW_CLERK), due=EVE)
    build_tasks(3000, unit=dept_a, started_by=starter, owner=other, is_open=False)
    build_tasks(20, unit=dept_a, started_by=starter, owner=clerk, due=EVE)
    build_tasks(20, unit=dept_a, started_by=starter, role=role(RoleCode.REVIEW_CLERK), due=EVE)
    ReadingItem.objects.bulk_create(
        ReadingItem(recipient=other, subsystem=Subsystem.OA, title=f"通知{i}") for i in range(3000)
    )
    ReadingItem.objects.create(recipient=clerk, subsystem=Subsystem.OA, title="我的通知")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE platform_core_taskinfo")
        cursor.execute("ANALYZE platform_core_readingitem")
    viewer = inbox_viewer(clerk)

    todo = _plan(inbox_list(viewer, Kind.TODO)[:20])
    assert "Bitmap Index Scan on taskinfo_owner_open_due" in todo
    assert "Bitmap Index Scan on taskinfo_unclaimed" in todo
    # The big tables are read through their indexes (a tiny joined table, such as the users
    # here, may be scanned whole: that is the planner's right choice at 25 rows).
    assert "Seq Scan on platform_core_taskinfo" not in todo
    assert "Seq Scan on viewflow_" not in todo
    counts = _plan(TaskInfo.objects.filter(viewer.todo_q() | viewer.done_q()))
    assert "taskinfo_unclaimed" in counts
    assert "Seq Scan" not in counts
    reading = _plan(inbox_list(viewer, Kind.TO_READ)[:20])
    assert "reading_" in reading  # reading_unread or reading_recipient, in created order
    assert "Seq Scan" not in reading


def test_done_excludes_other_outcomes(clerk, starter, dept_a):
    build_tasks(1, unit=dept_a, started_by=starter, owner=clerk, is_open=False, outcome="cancelled")
    kept = build_tasks(
        1, unit=dept_a, started_by=starter, owner=clerk, is_open=False, outcome=TaskOutcome.RETURNED
    )
    assert _ids(inbox_list(inbox_viewer(clerk), Kind.DONE)) == list(kept.task_ids)


def test_reading_items_send_once_per_recipient(clerk, starter):
    from platform_core.services.inbox import reading_items_send

    items = reading_items_send(
        recipients=[clerk, starter, clerk], subsystem=Subsystem.OA, title="关于节假日值班的通知"
    )
    assert len(items) == 2
    assert [i.title for i in inbox_list(inbox_viewer(clerk), Kind.TO_READ)] == [
        "关于节假日值班的通知"
    ]
