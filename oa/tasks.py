"""Celery tasks of OA."""

from __future__ import annotations

from celery import shared_task

from .services.calendar import reminders_scan


@shared_task(name="oa.tasks.scan_reminders", ignore_result=True)
def scan_reminders() -> int:
    """Beat (every minute): send due calendar reminders, each once per occurrence."""
    return reminders_scan()
