"""Search text of published items (jieba words in a tsvector on PostgreSQL, like the portal's
articles; see portal/services/search.py for the reasons)."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import F

from platform_core.richtext.sanitize import html_to_text

from ..models import Item
from ..wordseg import segment


def item_search_text(item: Item) -> str:
    parts = [item.title, item.document_number, item.index_number or "", item.summary]
    parts.append(html_to_text(item.body))
    return " ".join(segment(" ".join(parts)))


def item_index(item: Item) -> None:
    """Write the item's search text (and tsvector on PostgreSQL)."""
    text = item_search_text(item)
    Item.objects.filter(pk=item.pk).update(search_text=text)
    if connection.vendor == "postgresql":
        Item.objects.filter(pk=item.pk).update(
            search_vector=SearchVector(F("search_text"), config="simple")
        )
    item.search_text = text
