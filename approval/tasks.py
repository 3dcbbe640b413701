"""Periodic jobs of the licensing subsystem."""

from celery import shared_task


@shared_task(name="approval.tasks.deem_overdue_acceptances")
def deem_overdue_acceptances() -> int:
    """Daily: applications not decided on within 5 working days count as accepted (and flagged).

    Safe to run twice: the service only touches applications still waiting for acceptance.
    """
    from approval.services.acceptance import acceptance_deem_overdue

    return len(acceptance_deem_overdue())


@shared_task(name="approval.tasks.supervision_scan")
def supervision_scan() -> int:
    """Every 15 minutes: yellow and red cards on open cases (电子监察).

    Safe to run twice: a card per application and rule is created once (unique constraint).
    """
    from approval.services.supervision import supervision_scan as scan

    return len(scan())


@shared_task(name="approval.tasks.province_export")
def province_export() -> dict:
    """Every minute: push queued case events to the provincial system, in order per case."""
    from approval.services.export import export_push

    return export_push()


@shared_task(name="approval.tasks.sync_reviews")
def sync_reviews() -> int:
    """Every minute: accepted applications whose review route has ended move to 待决定.

    Safe to run twice: only applications still marked accepted with an ended route are moved,
    each under its row lock (see approval/services/decision.py).
    """
    from approval.services.decision import reviews_sync

    return len(reviews_sync())
