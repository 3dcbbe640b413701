"""Reads of the back office: items and columns a staff member may see, the due/overdue dashboard."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from platform_core.models import ClockCard, Subsystem, User
from platform_core.selectors.calendar import calendar_overrides
from platform_core.selectors.clock import clock_policy, clock_state

from ..constants import CLOCK_PROCESS, ItemStatus
from ..models import Column, Item
from .access import DISCLOSURE_ROLES, column_usable_q, unit_q


def items_visible_to(user: User) -> QuerySet[Item]:
    """Items of the units under the user's disclosure posts (officer or reviewer)."""
    return Item.objects.filter(unit_q(user, "unit", DISCLOSURE_ROLES)).select_related(
        "unit", "column"
    )


def items_list(user: User, *, status: str = "", q: str = "", column: int | None = None):
    qs = items_visible_to(user).defer("body", "search_text", "search_vector", "extra")
    if status:
        qs = qs.filter(status=status)
    if column:
        qs = qs.filter(column_id=column)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(index_number__icontains=q))
    return qs.order_by("-updated_at", "-pk")


def item_detail(user: User, pk: int) -> Item | None:
    return (
        items_visible_to(user)
        .select_related("created_by", "replaced_by", "review_process", "clock", "form_version")
        .filter(pk=pk)
        .first()
    )


def item_events(item: Item):
    return item.events.select_related("actor").order_by("created_at", "pk")


def item_findings(item: Item):
    return item.findings.select_related("overridden_by", "attachment").order_by("pk")


def columns_visible_to(user: User) -> QuerySet[Column]:
    """Columns the user manages (their units') and may use (those of the units above)."""
    return (
        Column.objects.filter(column_usable_q(user) | unit_q(user, "unit", DISCLOSURE_ROLES))
        .select_related("unit", "parent", "body_form", "route")
        .annotate(item_count=Count("items"))
        .order_by("unit__path", "sort_order", "pk")
    )


def columns_usable(user: User) -> QuerySet[Column]:
    return (
        Column.objects.filter(column_usable_q(user), is_active=True)
        .select_related("unit")
        .order_by("unit__path", "sort_order", "pk")
    )


def column_tree(columns) -> list[tuple[int, Column]]:
    """(depth, column) in tree order, from a flat list."""
    columns = list(columns)
    by_parent: dict = {}
    ids = {c.pk for c in columns}
    for c in columns:
        by_parent.setdefault(c.parent_id if c.parent_id in ids else None, []).append(c)
    out: list[tuple[int, Column]] = []

    def walk(parent, depth):
        for c in by_parent.get(parent, []):
            out.append((depth, c))
            walk(c.pk, depth + 1)

    walk(None, 0)
    return out


def items_due(user: User, *, today: datetime.date | None = None) -> list[dict]:
    """The officer's dashboard: unpublished items whose 20-working-day clock runs, most urgent
    first, with their clock state and cards. Two queries plus the cards, whatever the number."""
    today = today or timezone.localdate()
    items = list(
        items_visible_to(user)
        .filter(
            status__in=[ItemStatus.DRAFT, ItemStatus.RETURNED, ItemStatus.IN_REVIEW],
            clock__finished_on__isnull=True,
        )
        .select_related("clock")
        .prefetch_related("clock__pauses", "clock__extensions")
        .defer("body", "search_text", "search_vector", "extra")
        .order_by("clock__due_date", "pk")
    )
    overrides = calendar_overrides()
    policy = clock_policy(CLOCK_PROCESS)
    cards: dict[int, list] = {}
    clock_ids = [i.clock_id for i in items]
    for card in ClockCard.objects.filter(
        subsystem=Subsystem.DISCLOSURE, watch__clock_id__in=clock_ids, cleared_at__isnull=True
    ).select_related("watch"):
        cards.setdefault(card.watch.clock_id, []).append(card)
    rows = []
    for item in items:
        state = clock_state(item.clock, today=today, overrides=overrides, policy=policy)
        rows.append({"item": item, "state": state, "cards": cards.get(item.clock_id, [])})
    return rows


def cards_for(user: User) -> QuerySet[ClockCard]:
    return (
        ClockCard.objects.filter(subsystem=Subsystem.DISCLOSURE, cleared_at__isnull=True)
        .filter(unit_q(user, "unit", DISCLOSURE_ROLES))
        .select_related("watch", "unit")
    )


def item_for_source(source_ref: str) -> Item | None:
    """The item disclosed from another app's document (OA links back with this)."""
    return Item.objects.filter(source_ref=source_ref).select_related("unit").first()
