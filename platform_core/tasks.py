"""Celery tasks of the support platform. Tasks take ids and can run twice without harm."""

import datetime

from celery import shared_task

from .cache import purge_expired_counters
from .services import notifications
from .services.dynforms import submissions_orphaned_delete
from .services.inbox import task_reminders_send
from .services.notifications import send_notification  # noqa: F401  (the worker finds it here)


@shared_task(ignore_result=True)
def drain_outbox() -> int:
    """Send every due pending row (rows whose task was lost, and retries whose time has come)."""
    ids = notifications.outbox_due_ids()
    for notification_id in ids:
        notifications.notification_send(notification_id=notification_id)
    return len(ids)


# Periodic reminders of the to-do inbox (催办), run by Celery beat ("inbox-remind"). The task can
# run twice, or overlap a slow previous run, without telling anyone twice: every message carries a
# dedupe key per (task, threshold, deadline, recipient) in the outbox. Its name is the one it had
# in its former module, so beat schedules stored in the database keep working.
@shared_task(name="platform_core.tasks_reminders.remind_due_tasks", ignore_result=True)
def remind_due_tasks() -> dict[str, int]:
    """Remind the handlers of due-soon and overdue tasks; escalate long-overdue ones."""
    result = task_reminders_send()
    return {"due_soon": result.due_soon, "overdue": result.overdue, "escalated": result.escalated}


# Orphaned draft submissions are deleted once nothing has referred to them for this long.
ORPHAN_SUBMISSION_AGE = datetime.timedelta(days=1)


@shared_task(ignore_result=True)
def housekeeping() -> dict[str, int]:
    """Nightly: draft form submissions nothing refers to (with their files), and the expired
    rate-limit counters kept in PostgreSQL during a Redis outage (ADR 0005)."""
    return {
        "orphan_submissions": submissions_orphaned_delete(older_than=ORPHAN_SUBMISSION_AGE),
        "expired_counters": purge_expired_counters(),
    }


@shared_task(name="platform_core.tasks.clock_cards_scan", ignore_result=True)
def clock_cards_scan() -> int:
    """电子监察: yellow and red cards on watched case clocks (services/supervision.py)."""
    from .services.supervision import clock_cards_scan as scan

    return len(scan())
