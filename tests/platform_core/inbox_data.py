"""Bulk builder of inbox data: cases (viewflow Process + RouteProcess), tasks and their TaskInfo.

Used by the inbox tests and by `bench/inbox.py` (a million tasks in a few minutes), so it writes
with PostgreSQL COPY instead of the ORM: `RouteProcess` is a multi-table child of viewflow's
Process, which `bulk_create` refuses, and COPY is an order of magnitude faster anyway. Ids are
reserved from each table's sequence in one block first, so the rows can point at each other.

The rows look like what the engine writes: `flow_class` is the string reference of
`platform_core.flows.RouteFlow`, `flow_task` its `work` node, an open task is NEW (unclaimed) or
ASSIGNED (owned), a closed one DONE.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import PROCESS, STATUS

from platform_core.models import RouteProcess, RoutingMode, Subsystem, TaskInfo, TaskOutcome

FLOW_REF = "platform_core/flows.RouteFlow"
TASK_REF = f"{FLOW_REF}.work"
BATCH = 10_000
NULL = r"\N"


def _csv_value(value) -> str:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value)


def copy_rows(model, rows: Iterable[dict], batch: int = BATCH) -> int:
    """COPY `rows` (dicts by attname) into `model`'s own table; missing fields get defaults.

    Defaults are computed once per call (a callable default such as `timezone.now` gives every
    row of the call the same value), which is what a bulk load wants.
    """
    fields = model._meta.local_concrete_fields
    defaults = {}
    for f in fields:
        if f.has_default():
            default = f.get_default()
            defaults[f.attname] = default.token if hasattr(default, "token") else default
        elif f.null:
            defaults[f.attname] = None
        else:
            defaults[f.attname] = ""
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = (
        f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
        f"FROM STDIN WITH (FORMAT csv, NULL '{NULL}')"
    )
    total = 0
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, batch):
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            for row in chunk:
                writer.writerow(
                    [_csv_value(row.get(f.attname, defaults[f.attname])) for f in fields]
                )
            buffer.seek(0)
            cursor.cursor.copy_expert(sql, buffer)
            total += len(chunk)
    return total


def _chunks(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def reserve_ids(model, count: int) -> range:
    """A block of `count` ids from the table's sequence (nobody else gets them)."""
    if count <= 0:
        return range(0)
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        (sequence,) = cursor.fetchone()
        # Lock the sequence's block: nextval, then move it past the block in the same statement.
        cursor.execute(
            "SELECT setval(%s, nextval(%s) + %s - 1) - %s + 1", [sequence, sequence, count, count]
        )
        (first,) = cursor.fetchone()
    return range(first, first + count)


@dataclass
class TaskBatch:
    """What `build_tasks` made: the ids, to look rows up in tests."""

    process_ids: range
    task_ids: range


def build_tasks(
    count: int,
    *,
    unit,
    started_by,
    owner=None,
    role=None,
    is_open: bool = True,
    outcome: str = "",
    due: Callable[[int], datetime.date | None] | datetime.date | None = None,
    subsystem: str = Subsystem.OA,
    version=None,
    title: str = "测试事项",
    step_name: str = "审核",
    tasks_per_process: int = 1,
    created_at: datetime.datetime | None = None,
) -> TaskBatch:
    """Create `count` human tasks (and ⌈count / tasks_per_process⌉ cases) in a few statements.

    `owner=None` with a `role` makes unclaimed offers to that role in `unit`. `due` is a date, or
    a function of the task's index, or None for no time limit.
    """
    now = created_at or timezone.now()
    n_processes = -(-count // tasks_per_process)
    process_ids = reserve_ids(Process, n_processes)
    task_ids = reserve_ids(Task, count)
    owner_id = getattr(owner, "pk", owner)
    role_id = getattr(role, "pk", role)
    unit_id = getattr(unit, "pk", unit)
    started_by_id = getattr(started_by, "pk", started_by)
    version_id = getattr(version, "pk", version)
    process_status = PROCESS.NEW if is_open else PROCESS.DONE
    task_status = (STATUS.ASSIGNED if owner_id else STATUS.NEW) if is_open else STATUS.DONE
    if not is_open and not outcome:
        outcome = TaskOutcome.DONE

    def due_of(i: int):
        return due(i) if callable(due) else due

    copy_rows(
        Process,
        (
            {"id": pid, "flow_class": FLOW_REF, "status": process_status, "created": now}
            for pid in process_ids
        ),
    )
    copy_rows(
        RouteProcess,
        (
            {
                "process_ptr_id": pid,
                "title": f"{title}{k + 1}",
                "subsystem": subsystem,
                "mode": RoutingMode.FIXED if version_id else RoutingMode.FREE,
                "version_id": version_id,
                "owner_unit_id": unit_id,
                "started_by_id": started_by_id,
                "current_step": "review" if is_open else "",
            }
            for k, pid in enumerate(process_ids)
        ),
    )
    copy_rows(
        Task,
        (
            {
                "id": tid,
                "flow_task": TASK_REF,
                "flow_task_type": "HUMAN",
                "status": task_status,
                "created": now,
                "assigned": now if owner_id else None,
                "finished": None if is_open else now,
                "token": "start",
                "owner_id": owner_id,
                "process_id": process_ids[i // tasks_per_process],
                "data": {"step": "review", "name": step_name, "unit_id": unit_id},
            }
            for i, tid in enumerate(task_ids)
        ),
    )
    copy_rows(
        TaskInfo,
        (
            {
                "task_id": tid,
                "process_id": process_ids[i // tasks_per_process],
                "subsystem": subsystem,
                "title": f"{title}{i // tasks_per_process + 1}",
                "step_key": "review",
                "step_name": step_name,
                "owner_id": owner_id,
                "unit_id": unit_id,
                "role_id": role_id,
                "is_open": is_open,
                "due_date": due_of(i),
                "created_at": now + datetime.timedelta(microseconds=i),
                "finished_at": None if is_open else now,
                "outcome": "" if is_open else outcome,
            }
            for i, tid in enumerate(task_ids)
        ),
    )
    return TaskBatch(process_ids=process_ids, task_ids=task_ids)
