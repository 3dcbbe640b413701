"""Benchmark of the workflow engine: transitions per second on PostgreSQL, against bare viewflow.

    .venv/bin/python bench/workflow.py                   # 300 transitions each
    .venv/bin/python bench/workflow.py --transitions 40  # smoke run

A simple route: free routing between two clerks of one department, ten hand-overs per case.

- **task_complete**: `platform_core.services.workflow.task_complete()` handing the case to the
  other clerk (row lock, permission check, viewflow activation through the generic RouteFlow,
  TaskInfo, case history, the new handler's notification in the outbox), as the inbox's "办理"
  button does, on a case started by `case_start()`.
- **bare viewflow (reference)**: the same hand-over with nothing but viewflow:
  `bench/_benchflow/flows.py` (a bench-only app that bench/_settings2.py installs; production
  never does) is a start and one human task that loops back to itself, assigned to the person
  the previous handler chose. Each transition locks the process row (the same
  SelectForUpdateLock), stores the choice on the process, and completes the task through
  viewflow's own activation API (`task.activation()` → `start()` → `execute()`), which creates
  the next task.
- **ORM update loop**: one `UPDATE … WHERE pk = …` of a TaskInfo row (the floor: a transaction
  with one statement).

Each transition is its own transaction. Timed: the calls only (finding the open task and
starting the cases are not), interleaved case by case (ten bare transitions, ten task_complete,
…) so that both sides see the same machine load. Printed: transitions/s of each and the ratio
task_complete / bare viewflow, and the SQL statements of one transition of each (counted with
CaptureQueriesContext). Targets (issue 19): ratio ≥ 0.5 and ≥ 60 task_complete transitions/s;
exit status 3 when missed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

STEPS_PER_CASE = 10
TARGET_RATIO = 0.5
TARGET_RATE = 60.0


def clerks():
    """Two generated review clerks; the case belongs to the first one's department (the second
    may sit elsewhere: free routing hands a case to anyone chosen)."""
    from platform_core.constants import RoleCode
    from platform_core.models import Post

    posts = list(
        Post.objects.filter(role__code=RoleCode.REVIEW_CLERK, user__username__startswith="gen_")
        .select_related("user", "unit")
        .order_by("user__username")[:2]
    )
    if len(posts) < 2:
        raise SystemExit("the generated data has fewer than two review clerks")
    return posts[0].user, posts[1].user, posts[0].unit


def service_case(steps: int, a, b, unit, queries: list | None = None) -> float:
    """One case started by case_start, handed over `steps` times; seconds spent in the calls."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from viewflow.workflow.models import Task

    from platform_core.models import Subsystem, TaskInfo
    from platform_core.services import workflow as wf

    process = wf.case_start(
        title="关于压测流程流转的请示", subsystem=Subsystem.OA, owner_unit=unit, by=a,
        handlers=[b],
    )  # fmt: skip
    holder, other = b, a
    spent = 0.0
    for _ in range(steps):
        task = Task.objects.get(pk=TaskInfo.objects.get(process=process, is_open=True).pk)
        started = time.perf_counter()
        if queries is not None:
            with CaptureQueriesContext(connection) as ctx:
                wf.task_complete(task=task, user=holder, comment="同意", next_handlers=[other])
            queries.append(len(ctx.captured_queries))
        else:
            wf.task_complete(task=task, user=holder, comment="同意", next_handlers=[other])
        spent += time.perf_counter() - started
        holder, other = other, holder
    return spent


def bare_case(steps: int, a, b, queries: list | None = None) -> float:
    """The same with the bare viewflow flow; seconds spent in the transitions."""
    from _benchflow.flows import BareFlow, bare_complete, bare_start
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    process = bare_start(b)
    holder, other = b, a
    spent = 0.0
    for _ in range(steps):
        task = Task.objects.get(process=process, flow_task=BareFlow.work, status=STATUS.ASSIGNED)
        started = time.perf_counter()
        if queries is not None:
            with CaptureQueriesContext(connection) as ctx:
                bare_complete(task, holder, other)
            queries.append(len(ctx.captured_queries))
        else:
            bare_complete(task, holder, other)
        spent += time.perf_counter() - started
        holder, other = other, holder
    return spent


def run_updates(count: int) -> float:
    from django.db import transaction
    from django.utils import timezone

    from platform_core.models import TaskInfo

    ids = list(TaskInfo.objects.filter(is_open=False).values_list("pk", flat=True)[:count])
    started = time.perf_counter()
    for pk in ids:
        with transaction.atomic():
            TaskInfo.objects.filter(pk=pk).update(finished_at=timezone.now())
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    _common.common_args(parser)
    parser.add_argument("--transitions", type=int, default=300)
    args = _common.parse(parser)
    _common.setup(args)
    n = args.transitions
    a, b, unit = clerks()
    # Warm-up (imports, flow classes, caches), and the statements of one transition of each.
    service_queries, bare_queries = [], []
    service_case(3, a, b, unit, service_queries)
    bare_case(3, a, b, bare_queries)
    updates_s = run_updates(n)
    service_s = bare_s = 0.0
    done = 0
    while done < n:
        steps = min(STEPS_PER_CASE, n - done)
        bare_s += bare_case(steps, a, b)
        service_s += service_case(steps, a, b, unit)
        done += steps
    t_rate, v_rate, u_rate = n / service_s, n / bare_s, n / updates_s
    ratio = t_rate / v_rate
    passed = ratio >= TARGET_RATIO and t_rate >= TARGET_RATE
    result = {
        "scale": args.scale,
        "transitions": n,
        "transition_seconds": round(service_s, 3),
        "bare_seconds": round(bare_s, 3),
        "transitions_per_s": round(t_rate, 1),
        "bare_viewflow_per_s": round(v_rate, 1),
        "orm_updates_per_s": round(u_rate, 1),
        "ratio": round(ratio, 3),
        "queries_per_transition": service_queries[-1],
        "bare_queries_per_transition": bare_queries[-1],
        "target_ratio": TARGET_RATIO,
        "target_per_s": TARGET_RATE,
        "passed": passed,
    }
    _common.save(
        "workflow",
        result,
        {k: v for k, v in result.items() if k not in ("transition_seconds", "bare_seconds")},
    )
    print(
        _common.table(
            [("ORM update loop (floor)", f"{u_rate:,.0f}", f"{1000 / u_rate:.2f}", "1", ""),
             ("bare viewflow (reference)", f"{v_rate:,.0f}", f"{1000 / v_rate:.2f}",
              bare_queries[-1], "1.00"),
             ("task_complete, free route", f"{t_rate:,.0f}", f"{1000 / t_rate:.2f}",
              service_queries[-1], f"{ratio:.3f}")],
            ("workflow on PostgreSQL", "per s", "ms each", "SQL", "ratio"),
        )
    )  # fmt: skip
    verdict = "ok" if passed else "MISSED"
    print(f"targets: ratio >= {TARGET_RATIO}, >= {TARGET_RATE:.0f}/s: {verdict}")
    sys.exit(0 if passed else _common.MISSED)


if __name__ == "__main__":
    main()
