"""What the generic flow asks at each turn: who works on the current step, and what comes next.

Kept apart from `flows.py` (the node graph) and `services/workflow.py` (who may do what): these
functions run inside viewflow's activations, under the process row lock.

Between steps the case's `data` may carry two private keys set by the services:
- `_next`: {"step": key or "" (end), "participants": [user ids], "name": step name (free),
  "unit_id": the unit whose role holders work it (fixed routes)}: an explicit next step, used by
  returns, withdrawals, co-handlers, free routing and callers that name the next step's people;
- `_countersign`: "none" / "all" / "any" for the step now running (read by the join).

A service driving one transition may open a `transition()` scope: the people it already holds
(the next handlers it was given) are not read again to assign their tasks, and the inbox rows
created during the transition are collected there, so that the service notifies their handlers
without looking for them. Inside `case_saves_deferred(process)` the nodes' writes of the case
row (each node saved `data` or `current_step` as it went) are gathered into one save at the end:
every node of one transition holds the same case object, and nothing reads the row back
meanwhile.
"""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass, field

from django.utils import timezone

from .models import OrgUnit, Post, Role, RouteProcess, RoutingMode, TaskInfo, User
from .selectors.calendar import add_working_days
from .selectors.routes import next_step, version_spec

FREE_STEP_NAME = "办理"


@dataclass
class Transition:
    """What one service call knows and learns while the engine moves the case."""

    users: dict[int, User] = field(default_factory=dict)
    created: list[TaskInfo] = field(default_factory=list)


_transition: contextvars.ContextVar[Transition | None] = contextvars.ContextVar(
    "egov_workflow_transition", default=None
)


@contextlib.contextmanager
def transition(users=()):
    """Scope of one service call: `users` are rows in hand (by pk) for task owners; the yielded
    `Transition.created` lists the inbox rows created meanwhile (in order)."""
    scope = Transition(users={u.pk: u for u in users})
    token = _transition.set(scope)
    try:
        yield scope
    finally:
        _transition.reset(token)


_deferred: contextvars.ContextVar[tuple[RouteProcess, set[str]] | None] = contextvars.ContextVar(
    "egov_workflow_deferred_save", default=None
)


@contextlib.contextmanager
def case_saves_deferred(process: RouteProcess):
    """Gather `save_case(process, …)` calls into one save of the fields named, on leaving
    without an error (with an error the transaction rolls back anyway)."""
    dirty: set[str] = set()
    token = _deferred.set((process, dirty))
    try:
        yield
    finally:
        _deferred.reset(token)
    if dirty:
        process.save(update_fields=sorted(dirty))


def save_case(process: RouteProcess, fields: list[str]) -> None:
    """Save these fields of the case now, or at the end of `case_saves_deferred(process)`."""
    deferred = _deferred.get()
    if deferred is not None and deferred[0] is process:
        deferred[1].update(fields)
    else:
        process.save(update_fields=fields)


def task_owner(owner_id: int | None) -> User | None:
    """The owner of a new task: the row in hand when the service has it, else read."""
    if not owner_id:
        return None
    scope = _transition.get()
    if scope is not None and owner_id in scope.users:
        return scope.users[owner_id]
    return User.objects.get(pk=owner_id)


def _step_unit(process: RouteProcess, step) -> OrgUnit:
    unit = process.owner_unit
    if step.unit_scope == "fixed_unit" and step.unit_code:
        return OrgUnit.objects.get(code=step.unit_code)
    if step.unit_scope == "parent_unit":
        return OrgUnit.objects.get_parent(unit) or unit
    return unit


def _due(days: int) -> str:
    return add_working_days(timezone.localdate(), days).isoformat()


def participants_of_current_step(process: RouteProcess) -> list[dict]:
    """The data of each task to create for the current step (one per participant)."""
    pending = process.data.pop("_next", None) or {}
    explicit = pending.get("participants") or []
    if process.mode == RoutingMode.FREE:
        name = pending.get("name") or FREE_STEP_NAME
        process.data["_countersign"] = "all"
        save_case(process, ["data"])
        return [
            {
                "step": process.current_step,
                "name": name,
                "owner_id": uid,
                "unit_id": process.owner_unit_id,
                "role_id": None,
                "due": _due(pending.get("days", 3)),
            }
            for uid in explicit
        ]
    step = version_spec(process.version).step(process.current_step)
    # `_next` may name the unit whose role holders work the step (e.g. the issuing organ's
    # leaders sign off an official document, whichever unit drafted it).
    if pending.get("unit_id"):
        unit = OrgUnit.objects.get(pk=pending["unit_id"])
    else:
        unit = _step_unit(process, step)
    role = Role.objects.get(code=step.role_code)
    base = {
        "step": step.key,
        "name": step.name,
        "unit_id": unit.pk,
        "role_id": role.pk,
        "due": _due(step.time_limit_days),
    }
    if explicit:
        owners = explicit
        process.data["_countersign"] = "all"
    elif step.countersign in ("all", "any"):
        owners = list(
            Post.objects.active()
            .filter(unit=unit, role=role)
            .order_by("user_id")
            .values_list("user_id", flat=True)
            .distinct()
        ) or [None]
        process.data["_countersign"] = step.countersign
    else:
        owners = [None]  # offered to the role's holders in the unit; one of them claims it
        process.data["_countersign"] = "none"
    save_case(process, ["data"])
    return [{**base, "owner_id": owner} for owner in owners]


def record_task(task, process: RouteProcess) -> TaskInfo:
    """Create the inbox row beside a new human task (`process`: the activation's own case
    object, already in hand)."""
    data = task.data
    info = TaskInfo.objects.create(
        task=task,
        process=process,
        subsystem=process.subsystem,
        title=process.title,
        step_key=data["step"],
        step_name=data["name"],
        owner_id=data.get("owner_id"),
        unit_id=data["unit_id"],
        role_id=data.get("role_id"),
        due_date=data.get("due"),
        sent_by_id=process.data.get("_sent_by"),
    )
    scope = _transition.get()
    if scope is not None:
        scope.created.append(info)
    return info


def advance(process: RouteProcess) -> None:
    """Move the case to its next step (or to the end) once the current step is complete."""
    pending = process.data.get("_next")
    if pending is not None:
        process.current_step = pending.get("step") or ""
        if not process.current_step:
            process.data.pop("_next")
    elif process.mode == RoutingMode.FREE:
        process.current_step = ""
    else:
        process.current_step = next_step(process.version, process.current_step, process.data) or ""
    save_case(process, ["current_step", "data"])
