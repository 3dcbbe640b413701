"""Celery tasks of the portal. Tasks take ids and can run twice without harm (pages are
re-rendered from the database and unchanged files are not rewritten)."""

from celery import shared_task

from portal.publishing.engine import (  # noqa: F401
    publish_article_pages,
    publish_change,
    publish_site_change,
)


@shared_task(ignore_result=True)
def run_schedule():
    """Every minute (Celery beat): scheduled publishing and withdrawal, and review cases worked
    on the generic task pages. Each article is handled in its own transaction under a
    skip-locked row lock, so overlapping runs never handle one twice; its pages are published
    after that transaction commits."""
    from portal.services import articles as services

    services.reviews_sync()
    changes = services.publish_due() + services.withdraw_due()
    written = removed = 0
    for change in changes:
        report = publish_change(change)
        written, removed = written + len(report.written), removed + len(report.removed)
    return {"articles": len(changes), "written": written, "removed": removed}


from portal.services.stats import flush_stats  # noqa: E402, F401  (beat: access and search statistics)
