"""The 信息公开 channel (/xxgk/) from the disclosure catalogue: a page source of `engine.py`.

The portal sits above disclosure and reads it through `disclosure.selectors.public`; disclosure
never imports the portal. A change there (published, withdrawn, 有效性 marked, interpretation
linked) reaches us through the platform's hook (`platform_core.publishing.request_publish`,
filled in portal/apps.py) as a `DisclosureChange`, published by the Celery task below.

Pages:
- xxgk/index.html: the channel's landing page (最新公开, 最新文件, the catalogue by subject,
  genre, issuing unit and column, the guide and the annual reports); the source claims the
  portal column xxgk/ so the list source leaves its index to us;
- xxgk/nr/<pk>.html: one item, with the standard metadata table and its 有效性 mark;
- xxgk/zt/<subject>/, xxgk/tc/<genre>/, xxgk/jg/<unit code>/, xxgk/lm/<column id>/: the
  catalogue by each classification, paginated like the portal's columns (index.html the newest,
  index_1.html … archive pages numbered from the oldest, which never change when newer items
  arrive), so a change re-renders only the list pages whose rows differ;
- xxgk/zn/index.html: the disclosure guide (信息公开指南).
A change touches its item page, the pages of items linking to it, the landing page, the list
pages of its four classifications that show it or shift, and sitemap.xml when its entry changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from celery import shared_task

from disclosure.constants import Genre, Subject
from disclosure.selectors import public as catalogue
from portal.constants import LIST_PAGE_SIZE
from portal.publishing.engine import (
    Page,
    base_url,
    pager_links,
    publish_change,
    publish_root,
    published_text,
    register_page_source,
    render_bytes,
    target_path,
)
from portal.publishing.sources import LIST_PAGE_RE, SiteFilesSource, list_slices, sitemap_date

ROOT = "xxgk/"
LANDING_ITEMS = 10
DIMENSIONS = {
    # dimension: (directory, label)
    "subject": ("zt", "主题分类"),
    "genre": ("tc", "体裁分类"),
    "unit": ("jg", "发布机构"),
    "column": ("lm", "公开目录"),
}
_ITEM_LINK = re.compile(r'href="/xxgk/nr/(\d+)\.html"')


@dataclass(frozen=True)
class DisclosureChange:
    """A disclosure item was published, changed or withdrawn."""

    item_id: int


def item_rel(pk: int) -> str:
    return f"{ROOT}nr/{pk}.html"


def _key(dimension: str, item) -> list:
    if dimension == "subject":
        return [item.subject]
    if dimension == "genre":
        return [item.genre]
    if dimension == "unit":
        return [item.unit_id]
    keys = [item.column_id]
    if item.column.parent_id:
        keys.append(item.column.parent_id)
    return keys


class _Lists:
    """Names and directories of the catalogue lists, read once per page set."""

    def __init__(self) -> None:
        self.units = {u.pk: u for u in catalogue.issuing_units()}
        self.columns = {c.pk: c for c in catalogue.public_columns()}

    def directory(self, dimension: str, value) -> str:
        slug = DIMENSIONS[dimension][0]
        if dimension == "unit":
            unit = self.units.get(value)
            value = unit.code if unit else value
        return f"{ROOT}{slug}/{value}/"

    def title(self, dimension: str, value) -> str:
        if dimension == "subject":
            return Subject(value).label
        if dimension == "genre":
            return Genre(value).label
        if dimension == "unit":
            unit = self.units.get(value)
            return unit.name if unit else str(value)
        column = self.columns.get(value)
        return column.name if column else str(value)

    def values(self, dimension: str) -> list:
        counts = catalogue.classification_counts()[dimension]
        if dimension == "column":
            for pk, n in list(counts.items()):
                column = self.columns.get(pk)
                if column is not None and column.parent_id:
                    counts[column.parent_id] = counts.get(column.parent_id, 0) + n
        return [v for v, n in counts.items() if n]


def _navigation(lists: _Lists) -> dict:
    counts = catalogue.classification_counts()
    column_counts = dict(counts["column"])
    for pk, n in counts["column"].items():
        column = lists.columns.get(pk)
        if column is not None and column.parent_id:
            column_counts[column.parent_id] = column_counts.get(column.parent_id, 0) + n

    def entries(dimension, pairs):
        return [
            {"label": label, "url": "/" + lists.directory(dimension, value), "count": n}
            for value, label, n in pairs
            if n
        ]

    return {
        "subjects": entries(
            "subject", [(v, label, counts["subject"].get(v, 0)) for v, label in Subject.choices]
        ),
        "genres": entries(
            "genre", [(v, label, counts["genre"].get(v, 0)) for v, label in Genre.choices]
        ),
        "units": entries(
            "unit", [(u.pk, u.name, counts["unit"].get(u.pk, 0)) for u in lists.units.values()]
        ),
        "columns": entries(
            "column",
            [(c.pk, c.name, column_counts.get(c.pk, 0)) for c in lists.columns.values()],
        ),
    }


def _list_urls(directory: str, number: int, archived: int) -> dict:
    def url(n: int) -> str:
        return f"/{directory}index_{n}.html" if n else f"/{directory}"

    if number == 0:
        return {"previous": "", "next": url(archived) if archived else ""}
    return {
        "previous": url(number + 1 if number < archived else 0),
        "next": url(number - 1) if number > 1 else "",
    }


def _list_rel(directory: str, number: int) -> str:
    return f"{directory}{f'index_{number}.html' if number else 'index.html'}"


def _published_list(rel: str) -> tuple | None:
    text = published_text(rel)
    if text is None:
        return None
    main = text.split('id="list-title"', 1)[-1]
    return ([int(pk) for pk in _ITEM_LINK.findall(main)], *pager_links(main))


class DisclosureSource:
    name = "portal.disclosure"

    def claims_channels(self) -> tuple[str, ...]:
        return (ROOT,)

    # --- pages -------------------------------------------------------------------------------

    def landing(self, lists: _Lists | None = None) -> Page:
        rel = f"{ROOT}index.html"

        def render():
            nav = _navigation(lists or _Lists())
            context = {
                "latest": catalogue.latest_items(LANDING_ITEMS),
                "documents": catalogue.latest_documents(LANDING_ITEMS),
                "guide": catalogue.guide_column(),
                **nav,
            }
            return render_bytes("portal/xxgk/landing.html", context, rel)

        return Page(rel, render)

    def guide(self) -> Page:
        rel = f"{ROOT}zn/index.html"

        def render():
            column = catalogue.guide_column()
            items = list(catalogue.items_by("column", column.pk)[:LIST_PAGE_SIZE]) if column else []
            guide = catalogue.item_page(items[0].pk) if items else None
            return render_bytes(
                "portal/xxgk/guide.html",
                {"column": column, "guide": guide, "others": items[1:]},
                rel,
            )

        return Page(rel, render)

    def item_page(self, item) -> Page:
        rel = item_rel(item.pk)

        def render():
            context = {
                "item": item,
                "policies": catalogue.related_policies(item),
                "interpretations": catalogue.related_interpretations(item),
                "attachments": list(item.attachments.all()),
            }
            return render_bytes("portal/xxgk/item.html", context, rel)

        return Page(rel, render)

    def _list_page(self, lists, dimension, value, number, items, count, archived) -> Page:
        directory = lists.directory(dimension, value)
        rel = _list_rel(directory, number)

        def render():
            context = {
                "title": lists.title(dimension, value),
                "dimension_label": DIMENSIONS[dimension][1],
                "items": items,
                "count": count,
                "number": number,
                "page_urls": _list_urls(directory, number, archived),
                "start_date": items[-1].published_at if items else None,
                "end_date": items[0].published_at if items else None,
            }
            return render_bytes("portal/xxgk/list.html", context, rel)

        return Page(rel, render)

    def list_pages(self, lists: _Lists, dimension: str, value) -> list[Page]:
        newest = list(catalogue.items_by(dimension, value))
        oldest = newest[::-1]
        slices = list_slices(len(oldest), LIST_PAGE_SIZE)
        archived = len(slices) - 1
        return [
            self._list_page(
                lists, dimension, value, n, oldest[start:stop][::-1], len(oldest), archived
            )
            for n, start, stop in reversed(slices)
        ]

    def _list_touched(self, lists: _Lists, dimension: str, value, item_id: int):
        """The list pages of one classification value that a change of one item touches."""
        directory = lists.directory(dimension, value)
        ids = catalogue.ids_by(dimension, value)[::-1]  # oldest first
        slices = list_slices(len(ids), LIST_PAGE_SIZE)
        archived = len(slices) - 1

        def expected(n, start, stop):
            urls = _list_urls(directory, n, archived)
            return ids[start:stop][::-1], urls["previous"], urls["next"]

        def current(n, start, stop):
            return _published_list(_list_rel(directory, n)) == expected(n, start, stop)

        position = ids.index(item_id) if item_id in ids else None
        own = next(s for s in slices if s[1] <= position < s[2]) if position is not None else None
        chosen = [own] if own else []
        if own is None or not current(*own):
            passed = own is None
            for s in reversed(slices):
                if s == own:
                    passed = True
                elif not current(*s):
                    chosen.append(s)
                elif passed:
                    break
        wanted = {pk for _n, start, stop in chosen for pk in ids[start:stop]}
        items = catalogue.items_by(dimension, value).filter(pk__in=wanted).in_bulk()
        pages = [
            self._list_page(
                lists,
                dimension,
                value,
                n,
                [items[pk] for pk in ids[start:stop][::-1]],
                len(ids),
                archived,
            )
            for n, start, stop in chosen
        ]
        return pages, self._stale(directory, archived)

    def _stale(self, directory: str, archived: int) -> list[str]:
        path = publish_root() / directory
        stale = []
        if path.is_dir():
            for entry in path.iterdir():
                match = LIST_PAGE_RE.match(entry.name)
                if match and match[1] and int(match[1]) > archived:
                    stale.append(f"{directory}{entry.name}")
        return stale

    def files(self, item) -> list[Page]:
        return [_file_page(a.file.name) for a in item.attachments.all() if _safe(a.file.name)]

    # --- the source protocol -------------------------------------------------------------------

    def all_pages(self):
        lists = _Lists()
        yield self.landing(lists)
        yield self.guide()
        for item in catalogue.published_items().prefetch_related("attachments").defer(None):
            yield self.item_page(item)
            yield from self.files(item)
        for dimension in DIMENSIONS:
            for value in lists.values(dimension):
                yield from self.list_pages(lists, dimension, value)

    def touched_by(self, change):
        if not isinstance(change, DisclosureChange):
            return [], []
        item = catalogue.item_any(change.item_id)
        if item is None:
            return [], [item_rel(change.item_id)]
        lists = _Lists()
        pages, removed = [self.landing(lists), self.guide()], []
        published = catalogue.item_page(item.pk)
        if published is not None:
            pages.append(self.item_page(published))
            pages += self.files(published)
        else:
            removed.append(item_rel(item.pk))
            removed += [
                f"files/{a.file.name}" for a in item.attachments.all() if _safe(a.file.name)
            ]
        for pk in catalogue.linked_item_ids(item):
            linked = catalogue.item_page(pk)
            if linked is not None:
                pages.append(self.item_page(linked))
        for dimension in DIMENSIONS:
            for value in _key(dimension, item):
                p, r = self._list_touched(lists, dimension, value, item.pk)
                pages += p
                removed += r
        if not _sitemap_current(published or item, published is not None):
            pages.append(SiteFilesSource().sitemap())
        return pages, removed

    def sitemap_urls(self):
        yield f"/{ROOT}", None
        for pk, updated in catalogue.published_items().values_list("pk", "updated_at"):
            yield f"/{item_rel(pk)}", updated


def _safe(name: str) -> bool:
    return bool(re.match(r"^disclosure/\d{4}/\d{2}/[a-f0-9]{32}\.[a-z0-9]{2,5}$", name or ""))


def _file_page(name: str) -> Page:
    from django.core.files.storage import default_storage

    def render() -> bytes:
        with default_storage.open(name, "rb") as fh:
            return fh.read()

    return Page(f"files/{name}", render)


def _sitemap_current(item, listed: bool) -> bool:
    try:
        text = target_path("sitemap.xml").read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    loc = f"<loc>{base_url()}/{item_rel(item.pk)}</loc>"
    if not listed:
        return loc not in text
    return f"<url>{loc}<lastmod>{sitemap_date(item.updated_at)}</lastmod></url>" in text


# The task the portal's publish hook queues (portal/apps.py) after a disclosure change commits.
@shared_task(name="portal.tasks.publish_disclosure_pages", acks_late=True, ignore_result=True)
def publish_disclosure_pages(item_id: int):
    report = publish_change(DisclosureChange(item_id=item_id))
    return {"written": report.written, "removed": report.removed}


def on_publish_request(kind: str, pk: int) -> None:
    """platform_core.publishing handler: queue the re-publication of a disclosure change."""
    if kind == "disclosure.item":
        publish_disclosure_pages.delay(pk)


register_page_source(DisclosureSource())
