"""Code tables (数据字典): the registry of the tables apps use, and filling in their entries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

REGISTRY: dict[str, CodeTableSpec] = {}


@dataclass(frozen=True)
class CodeTableSpec:
    code: str
    name: str
    entries: tuple[tuple[str, str], ...]  # the entries a new database starts with
    description: str = ""


def code_table_register(code: str, name: str, entries, description: str = "") -> None:
    """Declare a code table (called from an AppConfig.ready()). Its entries are created by
    `code_tables_sync` when missing; administrators may rename, reorder, disable and add."""
    REGISTRY[code] = CodeTableSpec(
        code, str(name), tuple((str(c), str(n)) for c, n in entries), str(description)
    )


def code_tables_sync(*, using: str = "default") -> int:
    """Create the registered tables and their missing entries (idempotent; never overwrites an
    administrator's change). Runs after every `migrate`. Returns the number of entries created."""
    from ..models import CodeEntry, CodeTable
    from ..selectors.codes import cache_clear

    created = 0
    with transaction.atomic(using=using):
        for spec in REGISTRY.values():
            table, _new = CodeTable.objects.using(using).get_or_create(
                code=spec.code, defaults={"name": spec.name, "description": spec.description}
            )
            known = set(table.entries.values_list("code", flat=True))
            missing = [
                CodeEntry(table=table, code=code, name=name, sort_order=(index + 1) * 10)
                for index, (code, name) in enumerate(spec.entries)
                if code not in known
            ]
            if missing:
                CodeEntry.objects.using(using).bulk_create(missing)
                created += len(missing)
                cache_clear(spec.code)
    return created
