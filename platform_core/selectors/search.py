"""The words a search also tries (SearchSynonym groups), read through a cache."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from platform_core.models import SearchSynonym

CACHE_KEY = "platform:search-synonyms:v1"
CACHE_SECONDS = 600
MAX_WORDS = 8  # a query never turns into more alternatives than this


def synonym_groups() -> list[list[str]]:
    groups = cache.get(CACHE_KEY)
    if groups is None:
        groups = [row.group() for row in SearchSynonym.objects.all()]
        cache.set(CACHE_KEY, groups, CACHE_SECONDS)
    return groups


@receiver([post_save, post_delete], sender=SearchSynonym, dispatch_uid="search_synonyms_bust")
def synonyms_invalidate(**kwargs) -> None:
    cache.delete(CACHE_KEY)


def expand_query(q: str) -> list[str]:
    """`q` first, then the other words of every synonym group `q` belongs to or contains.

    "营业执照" → ["营业执照", "工商执照", "个体执照"]; "办营业执照" also tries the group's words in
    its place ("办工商执照", ...) and the words alone, so a longer phrase still finds them.
    """
    q = (q or "").strip()
    if not q:
        return []
    words = [q]
    for group in synonym_groups():
        if q in group:
            words += group
            continue
        # The longest word of the group found inside the phrase, replaced by each other word.
        inside = sorted((w for w in group if len(w) >= 2 and w in q), key=len, reverse=True)
        if inside:
            words += [q.replace(inside[0], other) for other in group] + group
    return list(dict.fromkeys(words))[:MAX_WORDS]
