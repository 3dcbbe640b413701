"""The service hall (网上办事大厅) as a published channel of the portal (the 办事大厅 column).

- bsdt/index.html: the hall home (search box, departments and events with their item counts,
  the guides published most recently);
- bsdt/bm/<department code>.html: the published items of one department;
- bsdt/zt/<event>.html: the published items of one life or business event (按主题浏览);
- bsdt/sx/<item code>.html: one item's service guide (办事指南).

What stays dynamic, in the approval app: the keyword search (/service/?q=), applying online,
the guide's PDF, consulting (政民互动), progress lookup, "my applications" and rating. The old
dynamic addresses of the published pages (/service/, ?dept=, ?event=, /service/items/<code>/)
redirect here once the file exists (`published_url`, registered in portal/apps.py).

Publishing is incremental: the approval services call `request_publish("approval.item", pk)`
when an item version is published or retired, and `touched_by` re-renders exactly the pages that
show it: its guide (removed when retired), its department's page and its events' pages (for the
new and the replaced version), the hall home when it lists the item or its counts change, and
the portal home when its 热门事项 block lists the item. A department page that appears or goes
away changes the side navigation of every department and event page: then those are re-rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from celery import shared_task
from django.urls import reverse

from approval.constants import ItemStatus
from approval.selectors import hall as hall_selectors
from portal.publishing.engine import (
    ChannelChange,
    Page,
    current_run,
    publish_change,
    published_file,
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


def guide_path(code: str) -> str:
    return f"{HALL_DIR}sx/{code}.html"


def department_path(code: str) -> str:
    return f"{HALL_DIR}bm/{code}.html"


def event_path(event: str) -> str:
    return f"{HALL_DIR}zt/{event}.html"


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


def department_page(code: str) -> Page:
    rel = department_path(code)

    def render():
        department = next((d for d in _departments() if d.code == code), None)
        if department is None:  # no published item any more: the caller removes the page
            department = hall_selectors.department_by_code(code)
        items = hall_selectors.department_items(department) if department else []
        context = {
            "title": department.name if department else code,
            "department": department,
            "crumbs": [(_channel_name(), HALL_URL), (department.name if department else code, "")],
            "links": _links(),
            "items": _rows(items),
            **_side("/" + rel),
        }
        return render_bytes("portal/bsdt/list.html", context, rel)

    return Page(rel, render)


def event_page(event: str) -> Page:
    rel = event_path(event)

    def render():
        label = hall_selectors.event_label(event)
        context = {
            "title": label,
            "crumbs": [(_channel_name(), HALL_URL), (label, "")],
            "links": _links(),
            "items": _rows(hall_selectors.event_items(event)),
            **_side("/" + rel),
        }
        return render_bytes("portal/bsdt/list.html", context, rel)

    return Page(rel, render)


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
                pdf=reverse("approval:guide_pdf", args=[code]),
                consult=consult,
            ),
        }
        return render_bytes("portal/bsdt/guide.html", context, rel)

    return Page(rel, render)


class HallSource:
    name = "portal.hall"

    def claims_channels(self) -> tuple[str, ...]:
        return (HALL_DIR,)  # the 办事大厅 column: these pages replace its list

    def all_pages(self):
        yield home_page()
        for department in _departments():
            yield department_page(department.code)
        for event in hall_selectors.event_codes():
            yield event_page(event)
        for code in hall_selectors.published_codes():
            if CODE_RE.match(code):
                yield guide_page(code)

    def _side_pages(self) -> list[Page]:
        """Every department and event page: they all show the list of departments."""
        return [
            *(department_page(d.code) for d in _departments()),
            *(event_page(e) for e in hall_selectors.event_codes()),
        ]

    def touched_by(self, change):
        if isinstance(change, ChannelChange):
            hall = [c.pk for c in current_run().channels() if c.url_path == HALL_DIR]
            if set(hall) & set(change.channel_ids):  # renamed: every breadcrumb names it
                return list(self.all_pages()), []
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
            pages.append(guide_page(code))
        else:
            removed.append(guide_path(code))
        listed = {d.code for d in _departments()}
        side_changed = False
        for dept in dict.fromkeys(p.department_code for p in shown):
            if not CODE_RE.match(dept):
                continue
            exists = target_path(department_path(dept)).exists()
            if dept in listed:
                side_changed |= not exists  # a department's first published item
                pages.append(department_page(dept))
            elif exists:
                side_changed = True  # its last item went: the page goes, the navigation too
                removed.append(department_path(dept))
        events = set().union(*(p.events for p in shown))
        if side_changed:
            pages += self._side_pages()
        else:
            pages += [event_page(e) for e in hall_selectors.event_codes() if e in events]
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


register_page_source(HallSource())
