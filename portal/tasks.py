"""Celery tasks of the portal. Tasks take ids and can run twice without harm (pages are
re-rendered from the database and unchanged files are not rewritten)."""

from celery import shared_task

from portal.publishing.engine import ArticleChange, publish_change


@shared_task(acks_late=True, ignore_result=True)
def publish_article_pages(article_id: int, old_path: str = "", channel_id: int | None = None):
    """Re-publish the pages an article change touches and remove its retired page."""
    report = publish_change(
        ArticleChange(article_id=article_id, old_path=old_path, channel_id=channel_id)
    )
    return {"written": report.written, "removed": report.removed}


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
