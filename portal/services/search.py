"""Chinese full-text search over published articles.

Chinese has no spaces, so words are cut with jieba (search mode: long words also yield their parts)
and stored space-separated in `search_text`. On PostgreSQL that text becomes a `tsvector` with the
'simple' configuration (no stemming, every token kept) in a GIN index: a two-character word such as
"防汛" is its own token and found by an index lookup, which trigram indexes cannot do (STACK.md).
On SQLite (demo) a LIKE query on the same column is used instead.
"""

from __future__ import annotations

import html
import logging
import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, QuerySet, Value
from django.utils.safestring import SafeString, mark_safe

from platform_core.richtext.sanitize import html_to_text
from portal.models import Article

logger = logging.getLogger(__name__)
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
MAX_TERMS = 8


def _jieba():
    import jieba  # imported lazily: loading the dictionary takes a second

    jieba.setLogLevel(logging.WARNING)
    return jieba


def warm_up() -> None:
    """Load the segmenter's dictionary now (web and worker processes call this at start)."""
    _jieba().initialize()


def segment(text: str) -> list[str]:
    """Words of `text` (search mode), lower-cased, without punctuation."""
    words = []
    for token in _jieba().cut_for_search(text or ""):
        token = _PUNCT.sub("", token).lower()
        if token:
            words.append(token)
    return words


def query_terms(q: str) -> list[str]:
    """The words a query asks for: the query's own words, not their sub-parts (AND search)."""
    terms = []
    for token in _jieba().cut(q or ""):
        token = _PUNCT.sub("", token).lower()
        if token and token not in terms:
            terms.append(token)
    return terms[:MAX_TERMS]


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def article_index(article: Article) -> None:
    """Write the article's search text (and tsvector on PostgreSQL). Called on publish."""
    text = " ".join(
        [article.title, article.subtitle, article.summary, article.document_number,
         html_to_text(article.body), article.tags]
    )  # fmt: skip
    search_text = " ".join(segment(text))
    Article.objects.filter(pk=article.pk).update(search_text=search_text)
    if uses_postgres():
        Article.objects.filter(pk=article.pk).update(
            search_vector=SearchVector(F("search_text"), config="simple")
        )
    article.search_text = search_text


def search_filter(qs: QuerySet[Article], q: str) -> QuerySet[Article]:
    """Articles matching every word of `q`, best first on PostgreSQL, newest first on SQLite."""
    terms = query_terms(q)
    if not terms:
        return qs.none()
    if uses_postgres():
        query = SearchQuery(" ".join(terms), config="simple", search_type="plain")
        return (
            qs.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-publish_date", "-pk")
        )
    for term in terms:
        # Spaces around the word: match whole segmented words, like the tsvector does.
        qs = qs.filter(search_text__contains=Value(term))
    return qs.order_by("-publish_date", "-pk")


# A query that matches more than this many articles is ranked among its newest SEARCH_CAP
# matches and its count is shown as "more than SEARCH_CAP": ranking (ts_rank reads every matched
# row's tsvector) and counting every match made a common word cost as much as the whole table.
SEARCH_CAP = 1000


class CappedMatches:
    """A query's matches for a Paginator: counted up to SEARCH_CAP (one more tells that there are
    more), the shown ones ranked among the newest SEARCH_CAP matches on PostgreSQL."""

    def __init__(self, matches: QuerySet[Article], ranked: QuerySet[Article]) -> None:
        self.matches, self.ranked = matches, ranked
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.matches.order_by().values("pk")[: SEARCH_CAP + 1].count()
        return min(self._count, SEARCH_CAP)

    @property
    def more(self) -> bool:
        """More matches than SEARCH_CAP (the count shows "1000+")."""
        self.count()
        return self._count > SEARCH_CAP

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        return self.ranked[index]


def capped_search(qs: QuerySet[Article], q: str, terms: list[str] | None = None) -> CappedMatches:
    """`search_filter()` for a results page: the same matches, counted and ranked with a cap.
    `terms`: `query_terms(q)` if the caller has them already (the view highlights with them)."""
    terms = query_terms(q) if terms is None else terms
    if not terms:
        return CappedMatches(qs.none(), qs.none())
    if not uses_postgres():
        matches = search_filter(qs, q)
        return CappedMatches(matches, matches)
    query = SearchQuery(" ".join(terms), config="simple", search_type="plain")
    matches = qs.filter(search_vector=query)
    newest = matches.order_by("-publish_date", "-pk").values("pk")[:SEARCH_CAP]
    ranked = (
        Article.objects.filter(pk__in=newest)
        .select_related("channel")
        .defer("search_text", "search_vector")
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-publish_date", "-pk")
    )
    return CappedMatches(matches, ranked)


_CHANNEL_CHOICES: tuple[float, list] = (0.0, [])
CHANNEL_CHOICES_SECONDS = 60


def _forget_channel_choices(**_kwargs) -> None:
    """A column saved or deleted in this process: read the list again (other processes within
    CHANNEL_CHOICES_SECONDS)."""
    global _CHANNEL_CHOICES
    _CHANNEL_CHOICES = (0.0, [])


def _connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from portal.models import Channel

    post_save.connect(_forget_channel_choices, sender=Channel, dispatch_uid="search_channels")
    post_delete.connect(_forget_channel_choices, sender=Channel, dispatch_uid="search_channels_d")


_connect_signals()


def channel_choices() -> list[tuple[int, str]]:
    """(pk, name) of the top-level columns for the search form's filter, kept a minute in the
    process (the same list the form's ModelChoiceField validates against)."""
    import time

    global _CHANNEL_CHOICES
    stamp, choices = _CHANNEL_CHOICES
    if time.monotonic() - stamp > CHANNEL_CHOICES_SECONDS:
        from portal.models import Channel

        choices = list(Channel.objects.filter(depth=1).values_list("pk", "name"))
        _CHANNEL_CHOICES = (time.monotonic(), choices)
    return choices


def highlight(text: str, terms: list[str]) -> SafeString:
    """`text` escaped, with each term wrapped in <mark>."""
    escaped = html.escape(text or "")
    if not terms:
        # bandit B308/B703: html.escape()d just above.
        return mark_safe(escaped)  # noqa: S308  # nosec B308 B703
    pattern = re.compile(
        "|".join(re.escape(html.escape(t)) for t in sorted(terms, key=len, reverse=True)),
        re.IGNORECASE,
    )
    # bandit B308/B703: the text and the terms are html.escape()d; only <mark> is added.
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped))  # noqa: S308  # nosec B308 B703


def snippet(body_text: str, terms: list[str], width: int = 90) -> str:
    """A window of the text around the first term found."""
    lower = body_text.lower()
    positions = [lower.find(t) for t in terms if lower.find(t) >= 0]
    start = max(0, min(positions) - width // 3) if positions else 0
    piece = body_text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(body_text) else "")
