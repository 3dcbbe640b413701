"""The generic flow that runs every administrator-defined route and every free-routed case.

One viewflow Flow in the loop shape that STACK.md describes: while the case has a current step,
fan out one task per participant of that step, wait for them (all, or any one for a "any"
countersign), then advance to the next step and loop. What a step is (role, unit, time limit,
countersign) is read from the case's own `ProcessVersion`, so a running case keeps the version it
started with; free-routed cases name their next handlers at each step instead.

The engine only moves tokens. Who may do what is checked by `platform_core.services.workflow`,
which is the only code that drives these tasks (driving a viewflow task from code skips
viewflow's own permission checks).
"""

from __future__ import annotations

from django.shortcuts import redirect
from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.activation import Activation
from viewflow.workflow.nodes.split import Split, SplitActivation

from .models import RouteProcess, User
from .workflow_engine import advance, participants_of_current_step, record_task


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


def _task_page(request, **kwargs):
    """viewflow's own URL for a task leads to our task page (where the services check access)."""
    return redirect("platform_core:task_detail", pk=kwargs["task_pk"])


class RouteFlow(flow.Flow):
    process_class = RouteProcess
    # Wait for the row lock instead of viewflow's default NOWAIT-and-retry: our services hold an
    # outer transaction, and a NOWAIT failure inside it would leave that transaction aborted.
    lock_impl = lock.SelectForUpdateLock(nowait=False, attempts=1)
    process_title = "通用流程"
    process_description = "按管理员定义的固定流程或自由流程流转的事项。"

    # Titles are what the engine chart shows staff (viewflow derives English ones from the names).
    start = flow.StartHandle(this.start_case).Next(this.check_step).Annotation(title="发起")
    check_step = (
        flow.If(this.has_step).Then(this.fan_out).Else(this.end).Annotation(title="有下一步骤？")
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
        flow.Join(continue_on_condition=this.any_is_enough)
        .Next(this.advance)
        .Annotation(title="会签汇合")
    )
    advance = flow.Function(this.advance_step).Next(this.check_step).Annotation(title="转下一步骤")
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
        owner_id = activation.task.data.get("owner_id")
        return User.objects.get(pk=owner_id) if owner_id else None

    def task_created(self, activation):
        record_task(activation.task)

    def any_is_enough(self, activation, active_tasks) -> bool:
        return activation.process.data.get("_countersign") == "any"

    def advance_step(self, activation):
        advance(activation.process)
