"""Celery tasks of the portal. Tasks take ids and can run twice without harm (pages are
re-rendered from the database and unchanged files are not rewritten)."""

from celery import shared_task

from .publishing import ArticleChange, publish_change


@shared_task(acks_late=True, ignore_result=True)
def publish_article_pages(article_id: int, old_path: str = "", channel_id: int | None = None):
    """Re-publish the pages an article change touches and remove its retired page."""
    report = publish_change(
        ArticleChange(article_id=article_id, old_path=old_path, channel_id=channel_id)
    )
    return {"written": report.written, "removed": report.removed}
