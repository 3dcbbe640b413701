"""The cost and the side effects of one transition (`task_complete`): its SQL statements do not
grow with the case's history or with the number of people a task is offered to, and the new
handler's message is written once, with the transition's commit, and never for a transition
that rolls back."""

import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.models import Task

from platform_core.constants import Channel, OutboxStatus, RoleCode
from platform_core.models import CaseEvent, Notification, TaskInfo
from platform_core.services import routes as route_services
from platform_core.services import workflow as wf
from platform_core.services.notifications import notify_user
from tests.factories import staff_with_role
from tests.platform_core.routes_sample import build_route

# Statements of one free-routed hand-over, BEGIN and COMMIT included (bench/workflow.py prints
# the same figure); 59 before issue 19's work. A change that adds one should say why.
FREE_TRANSITION_MAX_QUERIES = 27


def _open(process):
    return TaskInfo.objects.get(process=process, is_open=True)


def _hand_over(process, holder, other):
    """`holder` completes the open task and chooses `other`; the statements it took."""
    task = Task.objects.get(pk=_open(process).pk)
    with CaptureQueriesContext(connection) as ctx:
        wf.task_complete(task=task, user=holder, comment="同意", next_handlers=[other])
    return len(ctx.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_free_transition_statements_do_not_grow_with_the_history(dept_a):
    a = staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="审查甲")
    b = staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="审查乙")
    process = wf.case_start(
        title="关于流转性能的请示", subsystem="oa", owner_unit=dept_a, by=a, handlers=[b]
    )
    counts = []
    holder, other = b, a
    for _ in range(12):
        counts.append(_hand_over(process, holder, other))
        holder, other = other, holder
    # The first hand-over warms per-process caches (content types, the flow's nodes).
    assert len(set(counts[1:])) == 1, counts
    assert counts[-1] <= FREE_TRANSITION_MAX_QUERIES, counts
    assert CaseEvent.objects.filter(process=process, action="complete").count() == 12
    assert TaskInfo.objects.filter(process=process).count() == 13
    assert _open(process).owner_id == b.pk  # an even number of hand-overs


@pytest.mark.django_db(transaction=True)
def test_fixed_transition_statements_do_not_grow_with_the_role_holders(sysadmin, dept_a, dept_b):
    """The step after 受理 is offered to the unit's review clerks: all of them are told, in the
    same number of statements whether there are two of them or six."""
    definition, draft = build_route(sysadmin, fixed_unit=dept_b)
    route_services.version_publish(version=draft, by=sysadmin)
    clerk = staff_with_role(RoleCode.WINDOW_CLERK, dept_a, name="窗口甲")
    reviewers = [staff_with_role(RoleCode.REVIEW_CLERK, dept_a) for _ in range(2)]

    def accept():
        process = wf.case_start(
            title="某公司建设许可申请", subsystem="approval", owner_unit=dept_a, by=clerk,
            definition_code=definition.code,
        )  # fmt: skip
        task = Task.objects.get(pk=_open(process).pk)
        wf.task_claim(task=task, user=clerk)
        task = Task.objects.get(pk=task.pk)
        with CaptureQueriesContext(connection) as ctx:
            wf.task_complete(task=task, user=clerk, comment="材料齐全")
        review = _open(process)
        assert review.step_key == "review" and review.owner_id is None
        told = set(
            Notification.objects.filter(dedupe_key__startswith=f"task:{review.pk}:new:")
            .values_list("recipient_id", flat=True)
        )  # fmt: skip
        return len(ctx.captured_queries), told

    accept()  # warm-up
    few, told_few = accept()
    reviewers += [staff_with_role(RoleCode.REVIEW_CLERK, dept_a) for _ in range(4)]
    many, told_many = accept()
    assert told_few == {r.pk for r in reviewers[:2]}
    assert told_many == {r.pk for r in reviewers}
    assert few == many


def _other_connection_count(**filters) -> int:
    """What another session (the recipient's browser) sees now."""
    seen = []

    def look():
        try:
            seen.append(Notification.objects.filter(**filters).count())
        finally:
            connection.close()

    thread = threading.Thread(target=look)
    thread.start()
    thread.join()
    return seen[0]


@pytest.mark.django_db(transaction=True)
def test_new_task_message_is_sent_once_with_the_commit(dept_a):
    a = staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="审查甲")
    b = staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="审查乙")
    process = wf.case_start(
        title="关于请假的请示", subsystem="oa", owner_unit=dept_a, by=a, handlers=[b]
    )
    task = Task.objects.get(pk=_open(process).pk)
    to_a = {"recipient": a, "channel": Channel.IN_APP}
    with transaction.atomic():
        wf.task_complete(task=task, user=b, comment="同意", next_handlers=[a])
        new = _open(process)
        assert Notification.objects.filter(**to_a).count() == 1  # in the transaction
        assert _other_connection_count(**to_a) == 0  # nobody else sees it before the commit
    assert _other_connection_count(**to_a) == 1
    message = Notification.objects.get(**to_a)
    assert message.status == OutboxStatus.SENT and message.link == f"/office/tasks/{new.pk}/"
    assert message.dedupe_key == f"task:{new.pk}:new:{a.pk}:in_app"
    # The same event enqueued again (a retried job, the one-at-a-time API): still one message.
    notify_user(user=a, subject="新待办", body="重复", dedupe_key=f"task:{new.pk}:new:{a.pk}")
    wf._notify_new_tasks([new])
    assert Notification.objects.filter(**to_a).count() == 1


@pytest.mark.django_db(transaction=True)
def test_rolled_back_transition_sends_nothing(dept_a):
    a = staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="审查甲")
    b = staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="审查乙")
    process = wf.case_start(
        title="关于请假的请示", subsystem="oa", owner_unit=dept_a, by=a, handlers=[b]
    )
    info = _open(process)
    task = Task.objects.get(pk=info.pk)

    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        wf.task_complete(task=task, user=b, comment="同意", next_handlers=[a])
        raise Abandoned
    assert not Notification.objects.filter(recipient=a).exists()
    assert _open(process).pk == info.pk  # the task is still b's, open
    assert not CaseEvent.objects.filter(process=process, action="complete").exists()
    # Done again for real: one message.
    wf.task_complete(task=Task.objects.get(pk=info.pk), user=b, comment="同意", next_handlers=[a])
    assert Notification.objects.filter(recipient=a, channel=Channel.IN_APP).count() == 1
