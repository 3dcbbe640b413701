"""Periodic jobs of the licensing subsystem."""

from celery import shared_task


@shared_task(name="approval.tasks.deem_overdue_acceptances")
def deem_overdue_acceptances() -> int:
    """Daily: applications not decided on within 5 working days count as accepted (and flagged).

    Safe to run twice: the service only touches applications still waiting for acceptance.
    """
    from .services.acceptance import acceptance_deem_overdue

    return len(acceptance_deem_overdue())
