"""Likely duplicates of a case, for the triager: other open cases of the same mobile, or whose
title and text are near-identical (PostgreSQL pg_trgm similarity; on SQLite, the demo, only the
same mobile or the same title). One query."""

from __future__ import annotations

from django.db import connection
from django.db.models import F, FloatField, Q, TextField, Value
from django.db.models.functions import Concat

from ..constants import DUPLICATE_SIMILARITY, OPEN_STATUSES
from ..models import Case

LIMIT = 5


def duplicates_for(case: Case, limit: int = LIMIT) -> list[Case]:
    candidates = (
        Case.objects.filter(status__in=OPEN_STATUSES, parent__isnull=True)
        .exclude(pk=case.pk)
        .only("number", "title", "status", "received_at", "name", "mobile")
    )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        text = f"{case.title} {case.content}"
        rows = candidates.annotate(
            similarity=TrigramSimilarity(
                Concat(F("title"), Value(" "), F("content"), output_field=TextField()), text
            )
        ).filter(Q(mobile=case.mobile) | Q(similarity__gte=DUPLICATE_SIMILARITY))
        rows = rows.order_by("-similarity", "-received_at")
    else:
        rows = candidates.filter(Q(mobile=case.mobile) | Q(title=case.title)).annotate(
            similarity=Value(1.0, output_field=FloatField())
        )
        rows = rows.order_by("-received_at")
    return list(rows[:limit])
