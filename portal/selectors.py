"""Reads of the public portal: what the published pages and the home page show."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from .constants import HOME_BLOCK_SIZE, ArticleStatus, HomeBlock
from .models import Article, Channel

NEWS_BLOCKS = (HomeBlock.ZWYW, HomeBlock.BMDT, HomeBlock.XZDT, HomeBlock.TZGG)


def published_articles() -> QuerySet[Article]:
    return Article.objects.filter(status=ArticleStatus.PUBLISHED).select_related(
        "channel", "author_unit"
    )


def channel_articles(channel: Channel) -> QuerySet[Article]:
    """Published articles of the column and every column below it, newest first."""
    return published_articles().filter(channel__path__startswith=channel.path)


def channel_lineage(channel: Channel) -> list[Channel]:
    """The column and its ancestors, top first (breadcrumbs, list pages touched by a change)."""
    return [*Channel.objects.get_ancestors(channel), channel]


def channel_children(channel: Channel) -> list[Channel]:
    return list(Channel.objects.get_children(channel))


def navigation_channels() -> list[Channel]:
    return list(Channel.objects.get_root_nodes().filter(in_navigation=True))


def home_block_channels() -> dict[str, Channel]:
    return {c.home_block: c for c in Channel.objects.exclude(home_block="")}


def channel_feeds_home(channel: Channel) -> bool:
    """Does the column (through itself or an ancestor) feed a block of the home page?"""
    return any(c.home_block for c in channel_lineage(channel))


def _items(qs: QuerySet[Article]) -> list[Article]:
    return list(
        qs.select_related(None)
        .select_related("channel")
        .only("pk", "title", "publish_date", "cover", "cover_alt", "channel__url_path")[
            :HOME_BLOCK_SIZE
        ]
    )


def home_items(block: str) -> tuple[Channel | None, list[Article]]:
    channel = home_block_channels().get(block)
    if channel is None:
        return None, []
    return channel, _items(channel_articles(channel))


def picture_news(limit: int = 5) -> list[Article]:
    """Latest news articles with a cover picture (the home page banner)."""
    paths = [c.path for c in Channel.objects.filter(home_block__in=NEWS_BLOCKS)]
    if not paths:
        return []
    qs = published_articles().exclude(cover="")
    qs = qs.filter(reduce(or_, (Q(channel__path__startswith=p) for p in paths)))
    return list(qs[:limit])


def related_policies(article: Article) -> list[Article]:
    return list(article.interprets.filter(status=ArticleStatus.PUBLISHED).select_related("channel"))


def related_interpretations(article: Article) -> list[Article]:
    return list(
        article.interpretations.filter(status=ArticleStatus.PUBLISHED).select_related("channel")
    )
