"""Reads of the code tables (数据字典), cached: `choices("disclosure.subject")` for a form field,
`label(table, code)` for display. Apps declare their tables (with the entries a new database
starts with) through `platform_core.services.codes.code_table_register`."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..models import CodeEntry, CodeTable

CACHE_PREFIX = "codes:v1:"
CACHE_SECONDS = 3600


def _entries(table_code: str) -> list[tuple[str, str, bool]]:
    key = CACHE_PREFIX + table_code
    found = cache.get(key)
    if found is None:
        found = [
            tuple(row)
            for row in CodeEntry.objects.filter(table__code=table_code)
            .order_by("sort_order", "code")
            .values_list("code", "name", "is_active")
        ]
        cache.set(key, found, CACHE_SECONDS)
    return found


def choices(table_code: str) -> list[tuple[str, str]]:
    """The active entries of a table, in order, as (code, name) for a choice field."""
    return [(code, name) for code, name, active in _entries(table_code) if active]


def labels(table_code: str) -> dict[str, str]:
    """Every entry's name by code, inactive ones included (old records keep their names)."""
    return {code: name for code, name, _active in _entries(table_code)}


def label(table_code: str, code: str) -> str:
    return labels(table_code).get(code, code)


class CodeLabels(Mapping):
    """A table's names by code, read when asked (for registries that want a mapping, such as
    the audit history's value labels)."""

    def __init__(self, table_code: str):
        self.table_code = table_code

    def __getitem__(self, code):
        return labels(self.table_code)[code]

    def __iter__(self):
        return iter(labels(self.table_code))

    def __len__(self):
        return len(labels(self.table_code))


def code_tables_overview() -> QuerySet[CodeTable]:
    """Every code table with its number of entries and of active ones (one query)."""
    return CodeTable.objects.annotate(
        entry_count=Count("entries"),
        active_count=Count("entries", filter=Q(entries__is_active=True)),
    ).order_by("name", "code")


def code_table_entries(table: CodeTable) -> QuerySet[CodeEntry]:
    """A table's entries for its upkeep page: active and retired, in display order."""
    return CodeEntry.objects.filter(table=table).order_by("sort_order", "code")


def cache_clear(table_code: str) -> None:
    cache.delete(CACHE_PREFIX + table_code)


@receiver([post_save, post_delete], sender=CodeEntry, dispatch_uid="egov_code_entry_cache")
def _entry_changed(sender, instance, **kwargs):
    table_code = CodeTable.objects.filter(pk=instance.table_id).values_list("code", flat=True)
    for code in table_code:
        cache_clear(code)


@receiver([post_save, post_delete], sender=CodeTable, dispatch_uid="egov_code_table_cache")
def _table_changed(sender, instance, **kwargs):
    cache_clear(instance.code)
