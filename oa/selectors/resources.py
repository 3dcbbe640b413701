"""Reads of the public libraries: lists with Chinese search (titles, bodies and the text of
their attached PDF/Word files), for every staff member."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from ..models import (
    BulletinPost,
    Law,
    LibraryDocument,
    PeriodicalIssue,
    ResourceFile,
)

SEARCH_FIELDS = {
    LibraryDocument: ("title", "category", "source", "summary"),
    PeriodicalIssue: ("title", "body", "periodical__name"),
    BulletinPost: ("title", "body"),
    Law: ("title", "issuing_body", "doc_number", "body"),
}


def search_q(model, text: str) -> Q:
    q = Q(files__blob__text__icontains=text)
    for field in SEARCH_FIELDS[model]:
        q |= Q(**{f"{field}__icontains": text})
    return q


def entries(model, *, q: str = "", filters: dict | None = None, editor: bool = False) -> QuerySet:
    qs = model.objects.all()
    if model is PeriodicalIssue:
        qs = qs.select_related("periodical")
    if model is BulletinPost and not editor:
        today = timezone.localdate()
        qs = qs.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
    for key, value in (filters or {}).items():
        if value not in ("", None):
            qs = qs.filter(**{key: value})
    q = (q or "").strip()
    if q:
        matching = model.objects.filter(search_q(model, q)).values("pk")
        qs = qs.filter(pk__in=matching)
    return qs


def entry_detail(model, pk: int):
    qs = model.objects.prefetch_related(
        Prefetch("files", queryset=ResourceFile.objects.select_related("blob"))
    )
    if model is PeriodicalIssue:
        qs = qs.select_related("periodical")
    return qs.filter(pk=pk).first()
