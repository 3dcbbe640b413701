"""Celery tasks of disclosure (ids in, idempotent)."""

from celery import shared_task


@shared_task(name="disclosure.tasks.sync_reviews", ignore_result=True)
def sync_reviews() -> int:
    """Items whose review case ended or went back on the generic task pages: follow the case
    (published or returned), as the item page does when it is opened (ADR 0008)."""
    from django.db.models import Q

    from .constants import ItemStatus
    from .models import Item
    from .services.items import sync

    moved = Item.objects.filter(status=ItemStatus.IN_REVIEW, review_process__isnull=False).filter(
        Q(review_process__current_step="") | Q(review_process__current_step="entry")
    )
    count = 0
    for item in moved.select_related("review_process")[:200]:
        if sync(item).status != ItemStatus.IN_REVIEW:
            count += 1
    return count


@shared_task(name="disclosure.tasks.requests_lapse", ignore_result=True)
def requests_lapse() -> int:
    """Requests whose clarification (条例 第三十条) or fee period (国办函〔2020〕109号) ended
    unanswered are deemed withdrawn; safe to run twice."""
    from .services.requests import requests_lapse as lapse

    return lapse()


@shared_task(name="disclosure.tasks.annual_reports_open", ignore_result=True)
def annual_reports_open() -> int:
    """In January: last year's annual report is opened for every unit with a disclosure officer
    (inbox reminder with the 31 January deadline); safe to run every day."""
    from .services.reports import reports_open_due

    return reports_open_due()
