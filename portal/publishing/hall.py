"""The service hall (网上办事大厅) as a published channel of the portal (the 办事大厅 column).

- bsdt/index.html: the hall home (search box, departments and events with their item counts,
  the guides published most recently);
- bsdt/bm/<department code>.html: the published items of one department, PAGE_SIZE a page;
  the pages after the first are bsdt/bm/<department code>/index_<k>.html (k ≥ 2);
- bsdt/zt/<event>.html (and bsdt/zt/<event>/index_<k>.html): the published items of one life or
  business event (按主题浏览);
- bsdt/sx/<item code>.html: one item's service guide (办事指南), and bsdt/sx/<item code>.pdf
  beside it: the guide's PDF, rendered by the platform's PDF service with the page.

A department's or event's pages are numbered from the first item in the list's order (by code;
by department, then code, for an event), like the article lists' archive pages: a page's file
holds the same slice whatever comes after it, and only the first page shows the total, so a new
item (a new code usually sorts last) rewrites the first page (its total) and the last one.

What stays dynamic, in the approval app: the keyword search (/service/?q=), applying online,
consulting (政民互动), progress lookup, "my applications" and rating. The old dynamic
addresses of the published pages (/service/, ?dept=, ?event=, /service/items/<code>/ and its
guide.pdf) redirect here once the file exists (`published_url`, registered in portal/apps.py).

Publishing is incremental: the approval services call `request_publish("approval.item", pk)`
when an item version is published or retired, and `touched_by` re-renders exactly the pages that
show it: its guide and the guide's PDF (both removed when retired), the pages of its
department and its events (for the new and the replaced version) that hold it or whose slice or
pager differs from the published file, the hall home when it lists the item or its counts change,
and the portal home when its 热门事项 block lists the item; list pages beyond the last one are
removed. A department that appears or goes away changes the side navigation of every department
and event page: then all of those are re-rendered.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import quote

from celery import shared_task
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from approval.constants import ItemStatus
from approval.selectors import hall as hall_selectors
from portal.publishing.engine import (
    ChannelChange,
    Page,
    current_run,
    pager_links,
    publish_change,
    publish_root,
    published_file,
    published_text,
    register_page_source,
    render_bytes,
    target_path,
    url_for,
)

HALL_DIR = "bsdt/"
HALL_URL = "/" + HALL_DIR
HOME_PATH = f"{HALL_DIR}index.html"
PUBLISH_KIND = "approval.item"
# Only codes that are safe as a file name are published (others keep their dynamic guide).
CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# Items on one department or event page (the article lists show LIST_PAGE_SIZE = 20 too).
PAGE_SIZE = 20
LIST_PAGE_RE = re.compile(r"^index_(\d+)\.html$")


def guide_path(code: str) -> str:
    return f"{HALL_DIR}sx/{code}.html"


def guide_pdf_path(code: str) -> str:
    return f"{HALL_DIR}sx/{code}.pdf"


def _list_path(kind: str, key: str, number: int) -> str:
    # A code has no "/", so bm/<code>/ never holds another department's page 1 (bm/<code>.html).
    if number <= 1:
        return f"{HALL_DIR}{kind}/{key}.html"
    return f"{HALL_DIR}{kind}/{key}/index_{number}.html"


def department_path(code: str, number: int = 1) -> str:
    return _list_path("bm", code, number)


def event_path(event: str, number: int = 1) -> str:
    return _list_path("zt", event, number)


def guide_url(code: str) -> str:
    """The published guide's address; the dynamic one for a code that is not a file name."""
    if CODE_RE.match(code):
        return "/" + guide_path(code)
    return reverse("approval:guide", args=[code])


@dataclass(frozen=True)
class HallChange:
    """An item version was published or retired (`item_id`: that version's primary key)."""

    item_id: int


# --- shared page data ---------------------------------------------------------------------------


def _links(**extra: str) -> dict:
    return {
        "home": HALL_URL,
        "search": reverse("approval:hall"),
        "progress": reverse("approval:progress"),
        "my_list": reverse("approval:my_list"),
        **extra,
    }


def _channel_name() -> str:
    channel = next((c for c in current_run().channels() if c.url_path == HALL_DIR), None)
    return channel.name if channel is not None else "办事大厅"


def _departments() -> list:
    """Departments with published items (each with `hall_url`), loaded once per run."""

    def load():
        departments = [d for d in hall_selectors.hall_departments() if CODE_RE.match(d.code)]
        for d in departments:
            d.hall_url = "/" + department_path(d.code)
        return departments

    return current_run().shared("hall.departments", load)


def _event_groups() -> list:
    """个人办事 / 法人办事 with each event's label, count and page address, loaded once per run."""

    def load():
        return [
            (
                group,
                [
                    {"code": code, "label": label, "count": n, "url": "/" + event_path(code)}
                    for code, label, n, _selected in events
                ],
            )
            for group, events in hall_selectors.event_groups()
        ]

    return current_run().shared("hall.events", load)


def _rows(items: list) -> list:
    for item in items:
        item.hall_url = guide_url(item.code)
    return items


def _side(current: str, *, with_counts: bool = False) -> dict:
    return {
        "departments": _departments(),
        "event_groups": _event_groups(),
        "show_counts": with_counts,
        "current": current,
    }


# --- pages --------------------------------------------------------------------------------------


def home_page() -> Page:
    def render():
        context = {
            "crumbs": [(_channel_name(), "")],
            "links": _links(),
            "latest": _rows(hall_selectors.latest_items()),
            **_side("home", with_counts=True),
        }
        return render_bytes("portal/bsdt/index.html", context, HOME_PATH)

    return Page(HOME_PATH, render)


# --- department and event lists, PAGE_SIZE items a page ------------------------------------------


def list_slices(count: int, size: int = PAGE_SIZE) -> list[tuple[int, int, int]]:
    """(number, start, stop) of a list's pages: page k holds the k-th `size` items in the list's
    order, so its slice depends only on the items up to it; an empty list still has page 1."""
    pages = max(1, -(-count // size))
    return [(k, (k - 1) * size, min(k * size, count)) for k in range(1, pages + 1)]


@dataclass(frozen=True)
class HallList:
    """The published list of one department (kind "bm") or one life/business event ("zt")."""

    kind: str
    key: str

    def rel(self, number: int = 1) -> str:
        return _list_path(self.kind, self.key, number)

    def url(self, number: int = 1) -> str:
        return "/" + self.rel(number)

    def rows(self) -> QuerySet:
        if self.kind == "bm":
            return hall_selectors.department_rows(self.key)
        return hall_selectors.event_rows(self.key)

    def page_urls(self, number: int, pages: int) -> dict:
        """上一页 (the page before) and 下一页 (the page after) of page `number`."""
        return {
            "previous": self.url(number - 1) if number > 1 else "",
            "next": self.url(number + 1) if number < pages else "",
        }

    def stale(self, pages: int) -> list[str]:
        """Published pages beyond page `pages` (all of them, page 1 too, for 0): to remove."""
        out = [self.rel(1)] if pages == 0 and target_path(self.rel(1)).exists() else []
        directory = publish_root() / HALL_DIR / self.kind / self.key
        if directory.is_dir():
            for entry in sorted(directory.iterdir()):
                match = LIST_PAGE_RE.match(entry.name)
                if match and int(match[1]) > pages:
                    out.append(self.rel(int(match[1])))
        return out


def department_list(code: str) -> HallList:
    return HallList("bm", code)


def event_list(event: str) -> HallList:
    return HallList("zt", event)


def _heading(number: int, start: int, stop: int, count: int) -> str:
    """The list's heading: the total on the first page (the only page that shows it, so that a
    new item leaves the later pages alone), the items' positions on the others."""
    if number == 1:
        return _("共%(n)d项") % {"n": count}
    return _("第%(start)d–%(stop)d项") % {"start": start + 1, "stop": stop}


def _list_context(hall_list: HallList) -> dict:
    """What a list's pages share: the title, the department (its search stays in it)."""
    if hall_list.kind == "bm":
        code = hall_list.key
        department = next((d for d in _departments() if d.code == code), None)
        if department is None:  # no published item any more: the caller removes the pages
            department = hall_selectors.department_by_code(code)
        return {"title": department.name if department else code, "department": department}
    return {"title": hall_selectors.event_label(hall_list.key), "department": None}


def list_page(
    hall_list: HallList,
    number: int = 1,
    items: list | None = None,
    count: int | None = None,
) -> Page:
    """Page `number` of a department's or event's list. `items` (that page's slice) and `count`
    (the list's length) when the caller has them; else the page reads them (two queries)."""
    rel = hall_list.rel(number)

    def render():
        start = (number - 1) * PAGE_SIZE
        shown, total = items, count
        if shown is None or total is None:
            rows = hall_list.rows()
            total = rows.count()
            shown = list(rows[start : start + PAGE_SIZE])
        pages = len(list_slices(total))
        shared = _list_context(hall_list)
        title = shared["title"]
        if number == 1:
            crumbs = [(_channel_name(), HALL_URL), (title, "")]
            page_title = title
        else:
            label = _("第%(n)d页") % {"n": number}
            crumbs = [(_channel_name(), HALL_URL), (title, hall_list.url()), (label, "")]
            page_title = f"{title}（{label}）"
        context = {
            **shared,
            "page_title": page_title,
            "crumbs": crumbs,
            "links": _links(),
            "items": _rows(shown),
            "heading": _heading(number, start, start + len(shown), total),
            "page_urls": hall_list.page_urls(number, pages),
            "pager_label": _("第%(n)d页") % {"n": number},
            **_side(hall_list.url()),
        }
        return render_bytes("portal/bsdt/list.html", context, rel)

    return Page(rel, render)


def department_page(code: str, number: int = 1) -> Page:
    return list_page(department_list(code), number)


def event_page(event: str, number: int = 1) -> Page:
    return list_page(event_list(event), number)


def list_pages(hall_list: HallList) -> list[Page]:
    """Every page of a list (one query for all its items)."""
    items = list(hall_list.rows())
    return [
        list_page(hall_list, n, items[start:stop], len(items))
        for n, start, stop in list_slices(len(items))
    ]


_ROW_LINK = re.compile(r'<li><a href="([^"]+)">')


def _published_list(rel: str) -> tuple | None:
    """(heading, item links, previous URL, next URL) of a published list page."""
    text = published_text(rel)
    if text is None:
        return None
    # The heading, the rows and the pager are the section after the side navigation.
    parts = text.split('<h2 id="items-title">', 1)
    if len(parts) < 2:
        return None
    main = parts[1].split("</section>", 1)[0]
    heading = main.split("</h2>", 1)[0]
    return heading, _ROW_LINK.findall(main), *pager_links(main)


def touched_list_pages(hall_list: HallList, codes: set[str]) -> tuple[list[Page], list[str]]:
    """The pages of a list that a change of the items `codes` touches: those holding one of them
    (their row may show a new name), and those whose heading, items or pager differ from the
    published file (an item came, went or moved); and the files beyond the last page."""
    rows = hall_list.rows()
    order = list(rows.values_list("code", flat=True))
    slices = list_slices(len(order))
    pages = len(slices)

    def current(n: int, start: int, stop: int) -> bool:
        urls = hall_list.page_urls(n, pages)
        expected = (
            _heading(n, start, stop, len(order)),
            [guide_url(c) for c in order[start:stop]],
            urls["previous"],
            urls["next"],
        )
        return _published_list(hall_list.rel(n)) == expected

    chosen = [s for s in slices if codes & set(order[s[1] : s[2]]) or not current(*s)]
    wanted = {c for _n, start, stop in chosen for c in order[start:stop]}
    by_code = {i.code: i for i in rows.filter(code__in=wanted)} if wanted else {}
    out = [
        list_page(hall_list, n, [by_code[c] for c in order[start:stop] if c in by_code], len(order))
        for n, start, stop in chosen
    ]
    return out, hall_list.stale(pages)


def guide_page(code: str) -> Page:
    rel = guide_path(code)

    def render():
        data = hall_selectors.guide_page_data(code)
        if data is None:
            raise LookupError(f"no published licensing item {code!r}")
        item = data["item"]
        department = item.department
        consult = f"{reverse('interaction:submit')}?kind=consultation&item={quote(code)}"
        context = {
            **data,
            "crumbs": [
                (_channel_name(), HALL_URL),
                (department.name, "/" + department_path(department.code)),
                (item.name, ""),
            ],
            "links": _links(
                apply=reverse("approval:apply", args=[code]),
                pdf="/" + guide_pdf_path(code),  # published beside the page
                consult=consult,
            ),
        }
        return render_bytes("portal/bsdt/guide.html", context, rel)

    return Page(rel, render)


# The published PDF carries the digest of the HTML it was rendered from (in its keywords), so
# that rendering it again from the same HTML (a full publish, a guide re-published for another
# reason) reuses the file instead of spending WeasyPrint's half second or more per guide.
PDF_SOURCE_MARK = "egov-src-"
_PDF_SOURCE_RE = re.compile(rb"egov-src-([0-9a-f]{64})")
_PDF_STREAM_RE = re.compile(rb"stream\r?\n")


def _pdf_source(data: bytes) -> str | None:
    """The source digest a published PDF carries: in its document information, which WeasyPrint
    writes plainly or inside a compressed object stream (/ObjStm: only those are inflated)."""
    import zlib

    match = _PDF_SOURCE_RE.search(data)
    if match:
        return match[1].decode()
    for stream in _PDF_STREAM_RE.finditer(data):
        head = data[max(0, stream.start() - 300) : stream.start()]
        if b"/ObjStm" not in head[head.rfind(b" obj") :]:
            continue
        try:
            text = zlib.decompressobj().decompress(data[stream.end() :], 1 << 20)
        except zlib.error:
            continue
        match = _PDF_SOURCE_RE.search(text)
        if match:
            return match[1].decode()
    return None


def guide_pdf_page(code: str) -> Page:
    """The guide's PDF, the document /service/items/<code>/guide.pdf renders on request."""
    rel = guide_pdf_path(code)

    def render():
        import weasyprint

        from platform_core.services.pdf import html_to_pdf

        html = hall_selectors.guide_pdf_source(code)
        if html is None:
            raise LookupError(f"no published licensing item {code!r}")
        source = f"{weasyprint.__version__}\n{html}".encode()
        digest = hashlib.sha256(source).hexdigest()
        try:
            published = target_path(rel).read_bytes()
        except FileNotFoundError:
            published = b""
        if published and _pdf_source(published) == digest:
            return published  # the same HTML: the same document (write_page keeps the file)
        mark = f'<head><meta name="keywords" content="{PDF_SOURCE_MARK}{digest}">'
        return html_to_pdf(html.replace("<head>", mark, 1))

    return Page(rel, render)


def guide_pages(code: str) -> list[Page]:
    """A guide's PDF and its page, the PDF first: the page links to it."""
    return [guide_pdf_page(code), guide_page(code)]


class HallSource:
    name = "portal.hall"

    def claims_channels(self) -> tuple[str, ...]:
        return (HALL_DIR,)  # the 办事大厅 column: these pages replace its list

    def all_pages(self, *, pdf: bool = True):
        yield home_page()
        yield from self._list_pages()
        for code in hall_selectors.published_codes():
            if CODE_RE.match(code):
                yield from guide_pages(code) if pdf else [guide_page(code)]

    def _lists(self) -> list[HallList]:
        return [
            *(department_list(d.code) for d in _departments()),
            *(event_list(e) for e in hall_selectors.event_codes()),
        ]

    def _list_pages(self):
        """Every page of every department and event (one query per list)."""
        for hall_list in self._lists():
            yield from list_pages(hall_list)

    def touched_by(self, change):
        if isinstance(change, ChannelChange):
            hall = [c.pk for c in current_run().channels() if c.url_path == HALL_DIR]
            if set(hall) & set(change.channel_ids):  # renamed: every breadcrumb names it
                # A PDF names no column: it stays (its guide's re-publication renders it).
                return list(self.all_pages(pdf=False)), []
            return [], []
        if not isinstance(change, HallChange):
            return [], []
        return self._item_change(change.item_id)

    def _item_change(self, item_id: int) -> tuple[list[Page], list[str]]:
        code, placements = hall_selectors.item_placements(item_id)
        if not placements or not CODE_RE.match(code):
            return [], []
        top = placements[0]
        public = top.status == ItemStatus.PUBLISHED
        # A new version replaced the one before it; a retired item is only itself.
        shown = placements[:2] if public else placements[:1]
        pages: list[Page] = []
        removed: list[str] = []
        if public:
            pages += guide_pages(code)
        else:
            removed += [guide_path(code), guide_pdf_path(code)]
        listed = {d.code for d in _departments()}
        side_changed = False
        lists: list[HallList] = []
        for dept in dict.fromkeys(p.department_code for p in shown):
            if not CODE_RE.match(dept):
                continue
            hall_list = department_list(dept)
            exists = target_path(hall_list.rel()).exists()
            if dept in listed:
                side_changed |= not exists  # a department's first published item
                lists.append(hall_list)
            else:  # its last item went: its pages go, its navigation entry too
                side_changed |= exists
                removed += hall_list.stale(0)
        if side_changed:
            # Every department and event page shows the departments: all of them, whole.
            for hall_list in self._lists():
                items = list_pages(hall_list)
                pages += items
                removed += hall_list.stale(len(items))
        else:
            events = set().union(*(p.events for p in shown))
            lists += [event_list(e) for e in hall_selectors.event_codes() if e in events]
            for hall_list in lists:
                p, r = touched_list_pages(hall_list, {code})
                pages += p
                removed += r
        # The hall home shows counts per department and event and the latest guides.
        counts_changed = (
            not public
            or len(shown) == 1
            or shown[0].department_code != shown[1].department_code
            or shown[0].events != shown[1].events
        )
        url = guide_url(code)
        on_home = any(i.code == code for i in hall_selectors.latest_items())
        if counts_changed or on_home or _links_to(HOME_PATH, url):
            pages.append(home_page())
        # The portal home's 热门事项 block.
        from portal.publishing.sources import HomeSource
        from portal.selectors.home import hot_services

        if any(s["url"] == url for s in hot_services()) or _links_to("index.html", url):
            pages.append(HomeSource().page())
        return pages, removed


def _links_to(rel: str, url: str) -> bool:
    try:
        return f'href="{url}"' in target_path(rel).read_text(encoding="utf-8")
    except FileNotFoundError:
        return False


@shared_task(name="portal.tasks.publish_hall_pages", acks_late=True, ignore_result=True)
def publish_hall_pages(item_id: int):
    """Re-publish the service hall pages an item version's publication or retirement touches."""
    report = publish_change(HallChange(item_id=item_id))
    return {"written": report.written, "removed": report.removed}


def on_publish_request(kind: str, pk: int) -> None:
    """platform_core.publishing handler: an item version was published or retired."""
    if kind == PUBLISH_KIND:
        publish_hall_pages.delay(pk)


# --- the dynamic hall's old addresses -----------------------------------------------------------


def _existing(rel: str) -> str | None:
    url = url_for(rel)
    return url if published_file(url) is not None else None


def published_hall_url(key: str) -> str | None:
    return _existing(HOME_PATH)


def published_department_url(key: str) -> str | None:
    return _existing(department_path(key)) if CODE_RE.match(key) else None


def published_event_url(key: str) -> str | None:
    return _existing(event_path(key)) if key in hall_selectors.event_codes() else None


def published_guide_url(key: str) -> str | None:
    return _existing(guide_path(key)) if CODE_RE.match(key) else None


def published_guide_pdf_url(key: str) -> str | None:
    return _existing(guide_pdf_path(key)) if CODE_RE.match(key) else None


register_page_source(HallSource())
