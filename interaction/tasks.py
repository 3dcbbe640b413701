"""Celery tasks and periodic work of the 政民互动平台 (Celery beat, config/settings/base.py)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="interaction.tasks.solicitations_settle", ignore_result=True)
def solicitations_settle() -> int:
    """Beat (daily, just after midnight): stop the comment clock of every 意见征集 whose period
    closed with every comment moderated (before the first card scan of the day can see it)."""
    from .services.solicitations import solicitations_settle as settle

    return settle()


@shared_task(name="interaction.tasks.cases_close_unrated", ignore_result=True)
def cases_close_unrated() -> int:
    """Beat (daily): close replied cases whose 14-day rating window passed without a rating."""
    from .services.cases import cases_close_unrated as close

    return close()
