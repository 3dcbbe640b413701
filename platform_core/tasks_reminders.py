"""Periodic reminders of the to-do inbox (催办), run by Celery beat ("inbox-remind").

The task can run twice, or overlap a slow previous run, without telling anyone twice: every
message carries a dedupe key per (task, threshold, deadline, recipient) in the outbox.
"""

from celery import shared_task


@shared_task(ignore_result=True)
def remind_due_tasks() -> dict[str, int]:
    """Remind the handlers of due-soon and overdue tasks; escalate long-overdue ones."""
    from .services.inbox import task_reminders_send

    result = task_reminders_send()
    return {"due_soon": result.due_soon, "overdue": result.overdue, "escalated": result.escalated}
