"""Benchmark of the workflow engine: transitions per second on PostgreSQL.

    .venv/bin/python bench/workflow.py                   # 300 transitions
    .venv/bin/python bench/workflow.py --transitions 40  # smoke run

A simple route: free routing between two clerks of one department. Each transition is
`platform_core.services.workflow.task_complete()` handing the case to the other clerk (viewflow
activation, row locks, TaskInfo, case history, notification of the new handler), as the inbox's
"办理" button does. The reference, timed in the same run, is a plain ORM loop: one
`UPDATE … WHERE pk = …` of a TaskInfo row per iteration, each in its own transaction. Printed:
transitions/s, updates/s and their ratio (no target: the figure to watch from run to run).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

STEPS_PER_CASE = 10


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


def run_transitions(count: int) -> float:
    from viewflow.workflow.models import Task

    from platform_core.models import Subsystem, TaskInfo
    from platform_core.services import workflow as wf

    a, b, unit = clerks()
    done = 0
    started = time.perf_counter()
    while done < count:
        process = wf.case_start(
            title="关于压测流程流转的请示", subsystem=Subsystem.OA, owner_unit=unit, by=a,
            handlers=[b],
        )  # fmt: skip
        holder, other = b, a
        for _ in range(min(STEPS_PER_CASE, count - done)):
            info = TaskInfo.objects.get(process=process, is_open=True)
            wf.task_complete(
                task=Task.objects.get(pk=info.pk), user=holder, comment="同意",
                next_handlers=[other],
            )  # fmt: skip
            holder, other = other, holder
            done += 1
    return time.perf_counter() - started


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
    run_transitions(min(n, 10))  # warm-up: imports, flow class, caches
    updates_s = run_updates(n)
    transitions_s = run_transitions(n)
    t_rate, u_rate = n / transitions_s, n / updates_s
    ratio = t_rate / u_rate
    result = {
        "scale": args.scale,
        "transitions": n,
        "transition_seconds": round(transitions_s, 3),
        "transitions_per_s": round(t_rate, 1),
        "orm_updates_per_s": round(u_rate, 1),
        "ratio": round(ratio, 3),
    }
    _common.save("workflow", result, {k: v for k, v in result.items() if k != "transition_seconds"})
    print(
        _common.table(
            [("ORM update loop (reference)", f"{u_rate:,.0f}", f"{1000 / u_rate:.2f}", "1.00"),
             ("task_complete, free route", f"{t_rate:,.0f}", f"{1000 / t_rate:.2f}",
              f"{ratio:.3f}")],
            ("workflow on PostgreSQL", "per s", "ms each", "ratio"),
        )
    )  # fmt: skip


if __name__ == "__main__":
    main()
