"""The generic flow that runs every administrator-defined route and every free-routed case.

One viewflow Flow in the loop shape that STACK.md describes: while the case has a current step,
fan out one task per participant of that step, wait for them (all, or any one for a "any"
countersign), then advance to the next step and loop. What a step is (role, unit, time limit,
countersign) is read from the case's own `ProcessVersion`, so a running case keeps the version it
started with; free-routed cases name their next handlers at each step instead.

    start → check_step ─yes→ fan_out → work ⇉ join → advance ─step→ work …
                       └─no─→ end                           └─none→ end

Every node writes its own task row (insert, link to the previous one, update), so a step's
completion costs what its nodes cost: `advance` moves the case on and fans out the next step's
tasks in one node (issue 19: one hand-over went from 59 SQL statements to 21), and the nodes
below do viewflow's work without the savepoints and repeated queries viewflow needs only in
contexts this flow never runs in. bench/workflow.py measures a hand-over against a bare viewflow
flow.

The engine only moves tokens. Who may do what is checked by `platform_core.services.workflow`,
which is the only code that drives these tasks (driving a viewflow task from code skips
viewflow's own permission checks).
"""

from __future__ import annotations

import contextlib

from django.db import transaction
from django.shortcuts import redirect
from django.utils.timezone import now
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.nodes.if_gate import IfActivation
from viewflow.workflow.nodes.join import JoinActivation
from viewflow.workflow.nodes.split import Split, SplitActivation
from viewflow.workflow.status import STATUS

from .models import RouteProcess
from .workflow_engine import advance, participants_of_current_step, record_task, task_owner


class FanOutActivation(SplitActivation):
    """A parallel split whose branches are computed at run time: one per participant."""

    @Activation.status.super()
    def activate(self):
        work_node = self.flow_task._activate_next[0][0]
        for data in self.flow_task._participants(self):
            self.next_tasks.append((work_node, data))


class FanOut(Split):
    activation_class = FanOutActivation

    def __init__(self, participants, **kwargs):
        super().__init__(**kwargs)
        self._participants = participants

    def _resolve(self, instance):
        super()._resolve(instance)
        self._participants = this.resolve(instance, self._participants)


class ProcessRowLock:
    """The process row lock, SELECT … FOR UPDATE, waiting for it (viewflow's default is NOWAIT
    and retry: our services hold an outer transaction, and a NOWAIT failure inside it would
    leave that transaction aborted). Unlike viewflow's SelectForUpdateLock it opens no
    savepoint of its own inside the caller's transaction: the services are atomic themselves,
    so an error under the lock rolls back to their savepoint or their transaction."""

    @contextlib.contextmanager
    def __call__(self, flow_class, process_pk):
        with transaction.atomic(savepoint=False):
            rows = flow_class.process_class._default_manager.filter(pk=process_pk)
            rows.select_for_update().exists()
            yield


# viewflow's gateways, functions and joins open a savepoint around their own work, so that in a
# background context (timers, jobs: `propagate_exception=False`) a failing node is marked ERROR
# and its partial writes are undone while the rest goes on. This flow has no such node: it is
# driven only by the services, whose errors propagate and roll back their whole transaction.
# Its nodes below do the same work as viewflow's, without those savepoints.


class PureIfActivation(IfActivation):
    @Activation.status.super()
    def activate(self):
        with self.exception_guard():
            self._condition_result = self.flow_task._condition(self)


class PureIf(flow.If):
    activation_class = PureIfActivation


class AdvanceActivation(SplitActivation):
    """After a step: move the case to its next step and fan out that step's tasks at once (one
    per participant), or go to the end. One node where a step's completion used to pass three
    (advance, the has-a-step gateway, the fan-out), each a task row written three times."""

    @Activation.status.super()
    def activate(self):
        with self.exception_guard():
            self.task.started = now()
            self.flow_task._advance(self)
            work, end = self.flow_task._activate_next[0][0], self.flow_task._activate_next[1][0]
            if self.process.current_step:
                for data in self.flow_task._participants(self):
                    self.next_tasks.append((work, data))
            else:
                self.next_tasks.append((end, None))


class Advance(Split):
    """`.Next(work)` then `.Next(end)`: the two ways out (see AdvanceActivation)."""

    activation_class = AdvanceActivation

    def __init__(self, advance, participants, **kwargs):
        super().__init__(**kwargs)
        self._advance = advance
        self._participants = participants

    def _resolve(self, instance):
        super()._resolve(instance)
        self._advance = this.resolve(instance, self._advance)
        self._participants = this.resolve(instance, self._participants)


class OnceJoinActivation(JoinActivation):
    """viewflow's join asks the database the same two questions (the incoming tokens, the
    branches still running) three times per arrival: when checking that it may complete, again
    when completing, and inside `complete()`. Nothing changes between those calls (one
    activation lives for one arrival, under the process lock), so each is asked once; and a
    join task this arrival has just created has one incoming task, the one in hand."""

    def __init__(self, *args, **kwargs):
        self._prefixes = None
        self._active = {}
        self._arrived = None
        super().__init__(*args, **kwargs)

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        """viewflow's JoinActivation.create, remembering whether the join task is new."""
        task_class = flow_task.flow_class.task_class
        tasks = list(
            task_class._default_manager.filter(
                flow_task=flow_task,
                process=prev_activation.process,
                status__in=[STATUS.NEW, STATUS.STARTED],
            )[:2]
        )
        if len(tasks) > 1:
            raise FlowRuntimeError("More than one join instance for process found")
        if tasks:
            task = tasks[0]
            # The case object in hand, not a copy read again: every node of the transition
            # must change and save the same object (see workflow_engine.case_saves_deferred).
            task.process = prev_activation.process
        else:
            if token.is_split_token():
                token = token.get_base_split_token()
            task = task_class(process=prev_activation.process, flow_task=flow_task, token=token)
            task.data = data if data is not None else {}
            task.seed = seed
            task.save()
        task.previous.add(prev_activation.task)
        activation = cls(task)
        if not tasks:
            # Just created: its one incoming task is the one that has just arrived.
            activation._arrived = prev_activation.task
        return activation

    def _join_token_prefixes(self):
        if self._prefixes is None:
            if self._arrived is not None:
                arrived = self._arrived
                self._prefixes = {
                    arrived.token.get_common_split_prefix(self.task.token, arrived.pk)
                }
            else:
                self._prefixes = super()._join_token_prefixes()
        return self._prefixes

    @Activation.status.super()
    def activate(self):
        # A join that completes at once is saved by `complete()`; only a join left waiting for
        # other branches is saved as started here.
        if self.task.started is None:
            self.task.started = now()
            if not self.is_done():
                self.task.save()

    @Activation.status.super()
    def complete(self):
        with self.exception_guard():
            join_prefixes = self._join_token_prefixes()
            if len(join_prefixes) > 1:
                raise FlowRuntimeError(
                    f"Multiple tokens {join_prefixes} came to join {self.flow_task.name}"
                )
            if join_prefixes and self.flow_task._continue_on_condition:
                active_tasks = self._active_join_tasks(next(iter(join_prefixes)))
                if active_tasks.exists() and self.flow_task._continue_on_condition(
                    self, active_tasks
                ):
                    self.cancel_active_tasks(active_tasks)
            super(JoinActivation, self).complete.original()

    def _active_join_tasks(self, join_token_prefix):
        # One queryset per prefix, evaluated once: `exists()` and the cancelling of the others
        # (an "any" countersign) then read its rows.
        if join_token_prefix not in self._active:
            active = super()._active_join_tasks(join_token_prefix)
            len(active)
            self._active[join_token_prefix] = active
        return self._active[join_token_prefix]


class OnceJoin(flow.Join):
    activation_class = OnceJoinActivation


def _task_page(request, **kwargs):
    """viewflow's own URL for a task leads to our task page (where the services check access)."""
    return redirect("platform_core:task_detail", pk=kwargs["task_pk"])


class RouteFlow(flow.Flow):
    process_class = RouteProcess
    lock_impl = ProcessRowLock()
    process_title = "通用流程"
    process_description = "按管理员定义的固定流程或自由流程流转的事项。"

    # Titles are what the engine chart shows staff (viewflow derives English ones from the names).
    start = flow.StartHandle(this.start_case).Next(this.check_step).Annotation(title="发起")
    check_step = (
        PureIf(this.has_step).Then(this.fan_out).Else(this.end).Annotation(title="有下一步骤？")
    )
    fan_out = FanOut(this.participants).Next(this.work).Annotation(title="分派办理人")
    work = (
        flow.View(_task_page)
        .Assign(this.task_owner)
        .onCreate(this.task_created)
        .Next(this.join)
        .Annotation(title="办理")
    )
    join = (
        OnceJoin(continue_on_condition=this.any_is_enough)
        .Next(this.advance)
        .Annotation(title="会签汇合")
    )
    # The case's first step goes through `check_step` and `fan_out`; every later one through
    # `advance`, which does the same in one node.
    advance = (
        Advance(this.advance_step, this.participants)
        .Next(this.work, case=this.has_step)
        .Next(this.end)
        .Annotation(title="转下一步骤")
    )
    end = flow.End().Annotation(title="办结")

    def start_case(self, activation, **fields):
        process = activation.process
        for name, value in fields.items():
            setattr(process, name, value)
        process.save()
        return process

    def has_step(self, activation) -> bool:
        return bool(activation.process.current_step)

    def participants(self, activation) -> list[dict]:
        return participants_of_current_step(activation.process)

    def task_owner(self, activation):
        return task_owner(activation.task.data.get("owner_id"))

    def task_created(self, activation):
        record_task(activation.task, activation.process)

    def any_is_enough(self, activation, active_tasks) -> bool:
        return activation.process.data.get("_countersign") == "any"

    def advance_step(self, activation):
        advance(activation.process)
