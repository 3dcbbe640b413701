"""Reads of the public service hall's pages (网上办事大厅): its home, the pages by department and
by life/business event, and each item's guide.

The portal publishes these pages as files (portal/publishing/hall.py); the dynamic hall
(approval/views/public.py) uses the same reads for its search page. Every function here runs a
fixed number of queries whatever the size of the catalogue (tests/bench/test_query_counts.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from approval.constants import ItemStatus
from approval.models import ItemEvent, ItemFee, LicensingItem, LifeEvent, RequiredMaterial
from approval.models.fees import BUSINESS_EVENTS, PERSON_EVENTS, Audience
from platform_core.models import OrgUnit

# The hall home lists the most recently published guides (最新发布).
LATEST_ITEMS = 10
# Fields the hall's lists show of an item (name, kind, department, promised days, visits).
LIST_FIELDS = (
    "code",
    "version",
    "name",
    "kind",
    "promised_days",
    "visits",
    "published_at",
    "department__name",
    "department__code",
    "department__sort_order",
)


def _published() -> QuerySet[LicensingItem]:
    return LicensingItem.objects.filter(status=ItemStatus.PUBLISHED)


def _listed(rows: QuerySet[LicensingItem]) -> QuerySet[LicensingItem]:
    return rows.select_related("department").only(*LIST_FIELDS)


def event_groups(selected: str = "") -> list[tuple[str, list[tuple[str, str, int, bool]]]]:
    """个人办事 / 法人办事 with each event's (code, label, published item count, selected)."""
    counts = dict(
        ItemEvent.objects.filter(item__status=ItemStatus.PUBLISHED)
        .values("event")
        .annotate(n=Count("item"))
        .values_list("event", "n")
    )
    return [
        (
            str(label),
            [(e.value, str(e.label), counts.get(e.value, 0), e.value == selected) for e in events],
        )
        for label, events in (
            (Audience.PERSON.label, PERSON_EVENTS),
            (Audience.BUSINESS.label, BUSINESS_EVENTS),
        )
    ]


def hall_departments() -> list[OrgUnit]:
    """Departments (or townships) with published items, each with `item_count`."""
    return list(
        OrgUnit.objects.annotate(
            item_count=Count(
                "licensing_items", filter=Q(licensing_items__status=ItemStatus.PUBLISHED)
            )
        )
        .filter(item_count__gt=0)
        .only("code", "name", "sort_order")
        .order_by("sort_order", "code")
    )


def latest_items(limit: int = LATEST_ITEMS) -> list[LicensingItem]:
    """The guides published most recently (the hall home's 最新发布)."""
    return list(_listed(_published()).order_by("-published_at", "code")[:limit])


def department_rows(department_code: str) -> QuerySet[LicensingItem]:
    """A department's published items in the order its pages list them (by code)."""
    return _listed(_published().filter(department__code=department_code)).order_by("code")


def event_rows(event: str) -> QuerySet[LicensingItem]:
    """An event's published items in the order its pages list them (department, code)."""
    return _listed(_published().filter(life_events__event=event)).order_by(
        "department__sort_order", "code"
    )


def department_items(department: OrgUnit) -> list[LicensingItem]:
    return list(department_rows(department.code))


def event_items(event: str) -> list[LicensingItem]:
    return list(event_rows(event))


def event_label(event: str) -> str:
    return str(LifeEvent(event).label) if event in LifeEvent.values else ""


def event_codes() -> list[str]:
    return [e.value for e in (*PERSON_EVENTS, *BUSINESS_EVENTS)]


def guide_item(code: str) -> LicensingItem | None:
    """The published version of an item with everything its guide page shows."""
    return (
        _published()
        .filter(code=code)
        .select_related("department")
        .prefetch_related(
            Prefetch("materials", queryset=RequiredMaterial.objects.order_by("position", "id")),
            Prefetch("fee_items", queryset=ItemFee.objects.order_by("position", "id")),
        )
        .first()
    )


def guide_page_data(code: str) -> dict | None:
    """What a guide page shows: the item, its materials and its flow chart (None: not public)."""
    from approval.flowchart import item_flow_chart

    item = guide_item(code)
    if item is None:
        return None
    svg, steps = item_flow_chart(item)
    materials = list(item.materials.all())
    return {"item": item, "materials": materials, "flow_svg": svg, "flow_steps": steps}


def guide_pdf_source(code: str) -> str | None:
    """The HTML the guide's PDF is rendered from (approval.pdf, the platform's PDF service);
    None when the item is not public."""
    from approval.pdf import guide_pdf_html

    item = guide_item(code)
    return guide_pdf_html(item) if item is not None else None


def published_codes() -> list[str]:
    return list(_published().order_by("code").values_list("code", flat=True))


@dataclass(frozen=True)
class Placement:
    """Where one version of an item is listed: its department and its events."""

    code: str
    version: int
    status: str
    name: str
    department_code: str
    events: frozenset[str]


def item_placements(item_id: int) -> tuple[str, list[Placement]]:
    """(code, placements) of the item version `item_id` and of the version it replaced: the
    newest two versions of the code that are or were public, newest first. A newly published
    version has its predecessor (now retired) beside it; a retired item has only itself."""
    code = LicensingItem.objects.filter(pk=item_id).values_list("code", flat=True).first()
    if code is None:
        return "", []
    versions = (
        LicensingItem.objects.filter(code=code)
        .exclude(status=ItemStatus.DRAFT)
        .select_related("department")
        .only("code", "version", "status", "name", "department__code")
        .prefetch_related(Prefetch("life_events", queryset=ItemEvent.objects.only("item", "event")))
        .order_by("-version")[:2]
    )
    return code, [
        Placement(
            code=v.code,
            version=v.version,
            status=v.status,
            name=v.name,
            department_code=v.department.code,
            events=frozenset(e.event for e in v.life_events.all()),
        )
        for v in versions
    ]


def department_by_code(code: str) -> OrgUnit | None:
    return OrgUnit.objects.filter(code=code).only("code", "name", "sort_order").first()
