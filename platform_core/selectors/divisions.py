"""Reads of the administrative divisions: children of a division (cached), names, checks.

A division is named by its level (1 省, 2 市, 3 县, 4 乡镇) and code: a city without counties
(东莞市 441900) has the same code at levels 2 and 3.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Q

from ..models import Division

CACHE_PREFIX = "divisions:v1:"
CACHE_SECONDS = 24 * 3600


def _key(level: int, code: str) -> str:
    return f"{CACHE_PREFIX}{level}:{code}"


def children(parent_code: str | None, parent_level: int = 0) -> list[tuple[str, str]]:
    """The active divisions directly under a division (the provinces for None), as (code, name)."""
    key = _key(parent_level, parent_code or "")
    found = cache.get(key)
    if found is not None:
        return found
    qs = Division.objects.filter(is_active=True)
    if parent_code:
        qs = qs.filter(parent__code=parent_code, parent__level=parent_level)
    else:
        qs = qs.filter(level=1)
    found = [tuple(row) for row in qs.order_by("code").values_list("code", "name")]
    cache.set(key, found, CACHE_SECONDS)
    return found


def cache_clear() -> None:
    keys = [_key(0, "")] + [
        _key(level, code)
        for level, code in Division.objects.filter(level__lt=4).values_list("level", "code")
    ]
    cache.delete_many(keys)


def _rows(codes: list[str]) -> dict[int, tuple]:
    """Level → (code, name, parent code) for codes given in level order (1, 2, 3, 4)."""
    query = Q(pk__in=[])
    for index, code in enumerate(codes):
        if code:
            query |= Q(level=index + 1, code=code)
    return {
        level: (code, name, parent)
        for level, code, name, parent in Division.objects.filter(query).values_list(
            "level", "code", "name", "parent__code"
        )
    }


def chain_is_valid(codes: list[str]) -> bool:
    """Is each code (province, city, county[, township]) a child of the one before it?"""
    codes = list(codes)
    while codes and not codes[-1]:
        codes.pop()
    if not codes or not all(codes):
        return False
    rows = _rows(codes)
    previous = None
    for index, code in enumerate(codes):
        row = rows.get(index + 1)
        if row is None or row[2] != previous:
            return False
        previous = code
    return True


def names(codes: list[str]) -> list[str]:
    """Names for the codes given in level order ("" for an unknown code)."""
    rows = _rows(codes)
    return [rows[index + 1][1] if index + 1 in rows else "" for index in range(len(codes))]
