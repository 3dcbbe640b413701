"""Loading the national administrative divisions (统一基础数据·行政区划)."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import connections, transaction

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "divisions.json.gz"
BATCH = 2000


@dataclass
class LoadReport:
    source: str
    created: int
    updated: int
    deactivated: int
    total: int


def read_data(path: Path = DATA_FILE) -> tuple[str, list[list]]:
    """(source, rows of [code, name, parent code, level]), parents before children."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    return data["source"], data["rows"]


def divisions_load(*, path: Path = DATA_FILE, model=None) -> LoadReport:
    """载入或更新行政区划：按级别和代码新增或更新名称、上级（幂等）；数据中已没有的标为无效，不删除。

    `model` lets a data migration pass its historical model (and then no cache is touched).
    """
    historical = model is not None
    if model is None:
        from ..models import Division as model
    source, rows = read_data(path)
    created = updated = 0
    with transaction.atomic():
        existing = {
            (level, code): (pk, name, parent_id, active)
            for pk, level, code, name, parent_id, active in model.objects.values_list(
                "pk", "level", "code", "name", "parent_id", "is_active"
            )
        }
        ids = {key: value[0] for key, value in existing.items()}
        changed = []
        for level in (1, 2, 3, 4):
            new_objects = []
            for code, name, parent, row_level in rows:
                if row_level != level:
                    continue
                parent_id = ids.get((level - 1, parent)) if parent else None
                known = existing.get((level, code))
                if known is None:
                    new_objects.append(
                        model(code=code, name=name, level=level, parent_id=parent_id)
                    )
                elif known[1:] != (name, parent_id, True):
                    changed.append(
                        model(pk=known[0], code=code, name=name, level=level,
                              parent_id=parent_id, is_active=True)
                    )  # fmt: skip
            for obj in model.objects.bulk_create(new_objects, batch_size=BATCH):
                ids[(level, obj.code)] = obj.pk
            created += len(new_objects)
        if changed:
            model.objects.bulk_update(changed, ["name", "parent_id", "is_active"], batch_size=BATCH)
            updated = len(changed)
        keys = {(row[3], row[0]) for row in rows}
        gone = [value[0] for key, value in existing.items() if key not in keys and value[3]]
        deactivated = model.objects.filter(pk__in=gone).update(is_active=False) if gone else 0
        if created:
            # Fresh statistics for the planner: a table it last saw empty and now holds some
            # 45,000 rows was read by a nested loop over sequential scans (a region field's
            # children took minutes, seen after a test database's flush and reload).
            connection = connections[model.objects.db]
            table = connection.ops.quote_name(model._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {table}")
    if not historical:
        from ..selectors.divisions import cache_clear

        cache_clear()
    return LoadReport(source, created, updated, deactivated, len(rows))
