"""The bare viewflow reference of bench/workflow.py: free routing between people with nothing
but viewflow (its own Process and Task rows, its select-for-update lock, its activations).

    start ─▶ work (human task, assigned to the chosen next handler) ─▶ more? ─yes─▶ work
                                                                          └─no──▶ end

What a plain viewflow app would write for "the handler picks who works next": the handler's
choice is stored on the process (`data["next"]`), the completed task's activation moves the
token through the gate back to a new `work` task assigned to that person. No inbox row, no case
history, no notification, no permission checks: the cost of the engine alone.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from viewflow import this
from viewflow.workflow import flow, lock


def _task_page(request, **kwargs):  # never routed: the bench drives tasks from code
    raise NotImplementedError


class BareFlow(flow.Flow):
    # The same lock as platform_core.flows.RouteFlow: wait for the process row lock.
    lock_impl = lock.SelectForUpdateLock(nowait=False, attempts=1)
    process_title = "bench: bare flow"

    start = flow.StartHandle(this.start_case).Next(this.work)
    work = flow.View(_task_page).Assign(this.next_owner).Next(this.more)
    more = flow.If(this.has_next).Then(this.work).Else(this.end)
    end = flow.End()

    def start_case(self, activation, first):
        activation.process.data = {"next": first.pk}
        return activation.process

    def next_owner(self, activation):
        return get_user_model().objects.get(pk=activation.process.data["next"])

    def has_next(self, activation) -> bool:
        return bool(activation.process.data.get("next"))


def bare_start(first):
    """Start a case whose first task goes to `first` (one transaction)."""
    return BareFlow.start.run(first=first)


def bare_complete(task, user, next_user) -> None:
    """`user` completes `task` and hands the case to `next_user` (None ends it): viewflow's
    activation API under the flow's process lock, in its own transaction."""
    from django.db import transaction

    with transaction.atomic(), task.activation() as activation:
        process = activation.process
        process.data["next"] = next_user.pk if next_user else None
        process.save(update_fields=["data"])
        activation.start(None)
        activation.execute()
