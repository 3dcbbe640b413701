"""Reads of the public portal: what the published pages and the home page show."""

from __future__ import annotations

import datetime
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import CharField, Q, QuerySet, Value

from portal.constants import HOME_BLOCK_SIZE, ArticleStatus, HomeBlock
from portal.models import Article, Channel

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
    return list(Channel.objects.get_children(channel).filter(in_navigation=True, is_retired=False))


def navigation_channels() -> list[Channel]:
    return list(Channel.objects.get_root_nodes().filter(in_navigation=True, is_retired=False))


def home_block_channels() -> dict[str, Channel]:
    return {c.home_block: c for c in Channel.objects.exclude(home_block="")}


def channel_feeds_home(channel: Channel) -> bool:
    """Does the column (through itself or an ancestor) feed a block of the home page?"""
    return any(c.home_block for c in channel_lineage(channel))


_EPOCH = datetime.datetime.min.replace(tzinfo=datetime.UTC)


def _newest_first(article: Article) -> tuple:
    """Sort key (with reverse=True) of Article's ordering: -publish_date (NULLs first), -pk."""
    return (article.publish_date is None, article.publish_date or _EPOCH, article.pk)


def home_blocks_items(
    blocks: list[str], channels: dict[str, Channel] | None = None
) -> dict[str, tuple[Channel | None, list[Article]]]:
    """The latest articles of several home blocks in one query (a UNION ALL of one LIMITed
    query per block), instead of one query per block: the home page is re-rendered by every
    change to an article on it, so its cost is the incremental publishing's cost."""
    channels = home_block_channels() if channels is None else channels
    found = {code: channels[code] for code in blocks if code in channels}
    result: dict[str, tuple[Channel | None, list[Article]]] = {
        code: (found.get(code), []) for code in blocks
    }
    parts = [
        channel_articles(channel)
        .select_related(None)
        .select_related("channel")
        .only("pk", "title", "publish_date", "cover", "cover_alt", "channel__url_path")
        .annotate(home_block=Value(code, output_field=CharField()))[:HOME_BLOCK_SIZE]
        for code, channel in found.items()
    ]
    if not parts:
        return result
    if len(parts) == 1 or not connection.features.supports_slicing_ordering_in_compound:
        # SQLite (the demo) allows no LIMIT inside a UNION: one query per block there.
        rows = [article for part in parts for article in part]
    else:
        rows = parts[0].union(*parts[1:], all=True)
    for article in rows:
        result[article.home_block][1].append(article)
    for _channel, items in result.values():
        # A UNION's rows come in no promised order: restore Article's (-publish_date, -pk).
        items.sort(key=_newest_first, reverse=True)
    return result


def picture_news(limit: int = 5, channels: dict[str, Channel] | None = None) -> list[Article]:
    """Latest news articles with a cover picture (the home page banner)."""
    if channels is None:
        paths = [c.path for c in Channel.objects.filter(home_block__in=NEWS_BLOCKS)]
    else:
        paths = [c.path for code, c in channels.items() if code in NEWS_BLOCKS]
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
