"""Celery tasks of the support platform. Tasks take ids and can run twice without harm."""

from celery import shared_task

from .services import notifications


@shared_task(acks_late=True, ignore_result=True)
def send_notification(notification_id: int) -> str:
    return notifications.notification_send(notification_id=notification_id)


@shared_task(ignore_result=True)
def drain_outbox() -> int:
    """Send every due pending row (rows whose task was lost, and retries whose time has come)."""
    ids = notifications.outbox_due_ids()
    for notification_id in ids:
        notifications.notification_send(notification_id=notification_id)
    return len(ids)


# The worker discovers `tasks` modules only; this registers the inbox's periodic reminder task.
from . import tasks_reminders  # noqa: E402, F401
