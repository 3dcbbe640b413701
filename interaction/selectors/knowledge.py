"""Knowledge base reads: Chinese search and the top suggestions for a case's handler.

A case's text gives its jieba key words; live, still-valid entries whose words match any of them
are ranked by ts_rank over the jieba tsvector (PostgreSQL), best first, at most five.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from ..constants import EntryStatus
from ..models import Case, KnowledgeEntry
from ..wordseg import keywords, query_terms

SUGGESTIONS = 5


def live_entries() -> QuerySet[KnowledgeEntry]:
    today = timezone.localdate()
    return (
        KnowledgeEntry.objects.filter(status=EntryStatus.LIVE)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("department", "category")
        .defer("search_text", "search_vector")
    )


def _ranked(words: list[str], qs: QuerySet[KnowledgeEntry]) -> QuerySet[KnowledgeEntry]:
    if not words:
        return qs.none()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = reduce(or_, (SearchQuery(w, config="simple", search_type="plain") for w in words))
        return (
            qs.filter(search_vector=query)
            .annotate(rank=SearchRank("search_vector", query))
            .order_by("-rank", "-pk")
        )
    return qs.filter(reduce(or_, (Q(search_text__contains=w) for w in words)))


def search_entries(q: str, limit: int = 20) -> list[KnowledgeEntry]:
    return list(_ranked(query_terms(q), live_entries())[:limit])


def suggestions_for_text(
    title: str, content: str, *, public: bool = False, limit: int = SUGGESTIONS
) -> list[KnowledgeEntry]:
    """At most five live entries that answer a text, from the key words of its title (counted
    twice) and content; `public` keeps only the entries meant for the public."""
    words = keywords(f"{title} {title} {content}")
    qs = live_entries()
    if public:
        qs = qs.filter(public=True)
    return list(_ranked(words, qs)[:limit])


def suggestions_for(case: Case, limit: int = SUGGESTIONS) -> list[KnowledgeEntry]:
    """At most five entries that answer the case, from the key words of its title and text."""
    return suggestions_for_text(case.title, case.content, limit=limit)


def public_entry(pk: int) -> KnowledgeEntry | None:
    """A live, valid, public entry for its page on the portal (None otherwise)."""
    return live_entries().filter(public=True, pk=pk).first()


def entries_for_staff(q: str = "", status: str = "") -> QuerySet[KnowledgeEntry]:
    qs = KnowledgeEntry.objects.select_related("department", "category__parent").defer(
        "search_text", "search_vector", "answer"
    )
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(keywords__contains=q))
    return qs.order_by("-created_at", "-pk")
