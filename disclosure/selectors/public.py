"""Reads for the public site: what the portal's page source renders (portal/publishing/
disclosure.py) and its search. Published items only; nothing here needs a user."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from platform_core.models import OrgUnit
from platform_core.selectors import codes

from ..constants import GENRE_TABLE, SUBJECT_TABLE, ColumnKind, Genre, ItemStatus
from ..models import Column, Item

LIST_FIELDS_DEFER = ("body", "search_text", "search_vector", "extra")


def published_items() -> QuerySet[Item]:
    return (
        Item.objects.filter(status=ItemStatus.PUBLISHED)
        .select_related("unit", "column")
        .defer(*LIST_FIELDS_DEFER)
        .order_by("-published_at", "-pk")
    )


def latest_items(limit: int = 10) -> list[Item]:
    return list(published_items()[:limit])


def latest_documents(limit: int = 10) -> list[Item]:
    """最新文件: published documents with a 文号 (policies, notices …), newest first."""
    return list(
        published_items().exclude(document_number="").exclude(genre=Genre.INTERPRETATION)[:limit]
    )


def items_by(dimension: str, value) -> QuerySet[Item]:
    """Published items of one subject / genre / unit / column."""
    qs = published_items()
    if dimension == "subject":
        return qs.filter(subject=value)
    if dimension == "genre":
        return qs.filter(genre=value)
    if dimension == "unit":
        return qs.filter(unit_id=value)
    if dimension == "column":
        return qs.filter(Q(column_id=value) | Q(column__parent_id=value))
    raise ValueError(dimension)


def ids_by(dimension: str, value) -> list[int]:
    """Ids of `items_by` in list order (cheap: for deciding which list pages changed)."""
    return list(items_by(dimension, value).values_list("pk", flat=True))


def classification_counts() -> dict[str, dict]:
    """Published item counts by subject, genre, unit and column (four aggregate queries)."""
    base = Item.objects.filter(status=ItemStatus.PUBLISHED)
    return {
        dim: dict(base.values_list(field).annotate(n=Count("pk")).order_by())
        for dim, field in (
            ("subject", "subject"),
            ("genre", "genre"),
            ("unit", "unit_id"),
            ("column", "column_id"),
        )
    }


def subjects():
    return codes.choices(SUBJECT_TABLE)


def genres():
    return codes.choices(GENRE_TABLE)


def issuing_units() -> list[OrgUnit]:
    ids = Item.objects.filter(status=ItemStatus.PUBLISHED).values("unit_id")
    return list(OrgUnit.objects.filter(pk__in=ids).order_by("path"))


def public_columns() -> list[Column]:
    return list(
        Column.objects.filter(is_active=True)
        .select_related("unit", "parent")
        .order_by("unit__path", "sort_order", "pk")
    )


def guide_column() -> Column | None:
    return (
        Column.objects.filter(kind=ColumnKind.GUIDE, is_active=True).order_by("unit__path").first()
    )


def standard_sections() -> dict[str, str]:
    """Published addresses of the standard sections the portal's home page links to.

    信息公开指南 is its own page (xxgk/zn/); 信息公开制度, 法定主动公开内容 and 信息公开年报 are
    the county platform's top-level columns of their kind (xxgk/lm/<id>/, a page the catalogue
    publishes once the column holds a published item, its sub-columns' included). A section with
    nothing published yet leads to the channel's landing page, never to a missing page. One query.
    """
    landing = "/xxgk/"
    has_items = Exists(
        Item.objects.filter(status=ItemStatus.PUBLISHED).filter(
            Q(column_id=OuterRef("pk")) | Q(column__parent_id=OuterRef("pk"))
        )
    )
    columns = (
        Column.objects.filter(
            is_active=True,
            parent__isnull=True,
            kind__in=[ColumnKind.RULES, ColumnKind.CATALOGUE, ColumnKind.REPORT],
        )
        .annotate(has_items=has_items)
        .order_by("unit__path", "sort_order", "pk")
        .values_list("pk", "kind", "has_items")
    )
    sections = {"guide": "/xxgk/zn/", "rules": landing, "catalogue": landing, "report": landing}
    seen = set()
    for pk, kind, published in columns:
        if kind in seen:
            continue
        seen.add(kind)
        if published:
            sections[kind] = f"/xxgk/lm/{pk}/"
    return sections


def item_page(pk: int) -> Item | None:
    """A published item with what its page shows: attachments, links, the replacing document."""
    return (
        Item.objects.filter(pk=pk, status=ItemStatus.PUBLISHED)
        .select_related("unit", "column", "replaced_by")
        .prefetch_related("attachments")
        .first()
    )


def item_any(pk: int) -> Item | None:
    return Item.objects.filter(pk=pk).select_related("unit", "column").first()


def related_policies(item: Item) -> list[Item]:
    return list(item.interprets.filter(status=ItemStatus.PUBLISHED).defer(*LIST_FIELDS_DEFER))


def related_interpretations(item: Item) -> list[Item]:
    return list(item.interpretations.filter(status=ItemStatus.PUBLISHED).defer(*LIST_FIELDS_DEFER))


def linked_item_ids(item: Item) -> list[int]:
    """Published items whose page shows this one (its policies, interpretations, replaced)."""
    return list(
        Item.objects.filter(status=ItemStatus.PUBLISHED)
        .filter(Q(interpretations=item) | Q(interprets=item) | Q(replaced_by=item))
        .exclude(pk=item.pk)
        .values_list("pk", flat=True)
        .distinct()
    )


def search_items(q: str, limit: int = 20) -> QuerySet[Item]:
    """Published items matching the words of `q` (tsvector on PostgreSQL, LIKE elsewhere)."""
    from django.contrib.postgres.search import SearchQuery
    from django.db import connection

    from ..wordseg import query_terms

    words = query_terms(q)
    qs = published_items()
    if not words:
        return qs.none()
    if connection.vendor == "postgresql":
        query = None
        for word in words:
            part = SearchQuery(word, config="simple", search_type="plain")
            query = part if query is None else query & part
        return qs.filter(search_vector=query)
    for word in words:
        qs = qs.filter(search_text__contains=word)
    return qs
