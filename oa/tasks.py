"""Celery tasks and periodic work of the office tools (Celery beat, config/settings/base.py)."""

from __future__ import annotations

from celery import shared_task

from platform_core.publishing import request_publish

from .services.calendar import reminders_scan


@shared_task(name="oa.tasks.scan_reminders", ignore_result=True)
def scan_reminders() -> int:
    """Beat (every minute): send due calendar reminders, each once per occurrence."""
    return reminders_scan()


@shared_task(name="oa.tasks.duty_phone_refresh", ignore_result=True)
def duty_phone_refresh() -> None:
    """At each change of shift the portal's home page shows the new duty phone and leader."""
    from .selectors.duty import shift_on_duty

    shift = shift_on_duty(public_only=True)
    request_publish("oa.duty", shift.roster_id if shift else 0)


@shared_task(name="oa.tasks.sms_nonces_purge", ignore_result=True)
def sms_nonces_purge() -> int:
    """The webhook's replay guard keeps nonces only as long as their timestamps are accepted."""
    from .services.sms import nonces_purge

    return nonces_purge()


@shared_task(name="oa.tasks.notices_sync", ignore_result=True)
def notices_sync() -> int:
    """Notices whose review was worked on the generic task pages: publish or return them."""
    from .services.notices import notice_sync, pending_to_sync

    return sum(notice_sync(n).status != "pending" for n in pending_to_sync())


@shared_task(name="oa.tasks.supervision_reminders", ignore_result=True)
def supervision_reminders() -> int:
    """Beat (hourly): 督办催办 at each reminder point, once per point."""
    from .services.supervision import reminders_scan as supervision_scan

    return supervision_scan()


@shared_task(name="oa.tasks.mail_files_sweep", ignore_result=True)
def mail_files_sweep() -> int:
    """Beat (nightly): stored mail files that no message and no unsent e-mail needs any more."""
    from .services.mail import mail_files_sweep as sweep

    return sweep()
