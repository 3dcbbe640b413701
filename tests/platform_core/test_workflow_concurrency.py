"""Two staff act on the same task at the same moment: exactly one succeeds, the other is told,
and the case history has one transition."""

import threading

import pytest
from django.db import connection
from viewflow.workflow.models import Task

from platform_core.constants import RoleCode
from platform_core.models import CaseEvent, TaskInfo
from platform_core.services import routes as route_services
from platform_core.services import workflow as wf
from tests.factories import staff_with_role
from tests.platform_core.routes_sample import build_route


def _race(actions):
    barrier = threading.Barrier(len(actions))
    results = []

    def run(action):
        barrier.wait()
        try:
            action()
            results.append("ok")
        except wf.TaskStateError as exc:
            results.append(" ".join(exc.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_two_claims_at_once_one_wins(sysadmin, dept_a, dept_b):
    definition, draft = build_route(sysadmin, fixed_unit=dept_b)
    route_services.version_publish(version=draft, by=sysadmin)
    a = staff_with_role(RoleCode.WINDOW_CLERK, dept_a)
    b = staff_with_role(RoleCode.WINDOW_CLERK, dept_a)
    process = wf.case_start(
        title="并发测试", subsystem="oa", owner_unit=dept_a, by=a, definition_code=definition.code
    )
    info = TaskInfo.objects.get(process=process, is_open=True)
    task = Task.objects.get(pk=info.pk)
    results = _race([lambda u=u: wf.task_claim(task=task, user=u) for u in (a, b)])
    assert sorted(results)[0] == "ok" and results.count("ok") == 1
    assert "已被他人认领" in [r for r in results if r != "ok"][0]
    assert CaseEvent.objects.filter(process=process, action="claim").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_completions_at_once_one_transition(sysadmin, dept_a, dept_b):
    definition, draft = build_route(sysadmin, fixed_unit=dept_b)
    route_services.version_publish(version=draft, by=sysadmin)
    clerk = staff_with_role(RoleCode.WINDOW_CLERK, dept_a)
    process = wf.case_start(
        title="并发办理",
        subsystem="oa",
        owner_unit=dept_a,
        by=clerk,
        definition_code=definition.code,
    )
    info = TaskInfo.objects.get(process=process, is_open=True)
    task = Task.objects.get(pk=info.pk)
    wf.task_claim(task=task, user=clerk)
    # The same person submits twice at once (double click, two tabs).
    results = _race([lambda: wf.task_complete(task=task, user=clerk) for _ in range(2)])
    assert results.count("ok") == 1
    assert CaseEvent.objects.filter(process=process, action="complete").count() == 1
    assert TaskInfo.objects.filter(process=process, step_key="review", is_open=True).count() == 1
