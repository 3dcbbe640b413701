"""Reads for the Open311 GeoReport v2 API: services (the active categories) and the public
requests: the cases the portal shows (allowed by the citizen and by staff, replied: `closed`)
and the open cases whose citizen allowed publication (`open`; their text only once staff agreed
too, see interaction/api/views.py)."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q, QuerySet

from platform_core.constants import UnitKind
from platform_core.models import OrgUnit

from ..constants import OPEN_STATUSES, ReplyStatus
from ..models import Case, Category, Reply
from .public import PUBLIC_STATUSES

# What the portal's case pages show (selectors.public.public_cases), and the open cases.
CLOSED = Q(staff_public=True, status__in=PUBLIC_STATUSES, replied_at__isnull=False)
OPEN = Q(status__in=OPEN_STATUSES)
MAX_REQUESTS = 1000  # GeoReport v2: "a maximum of 1000 requests"
DEFAULT_WINDOW_DAYS = 90  # GeoReport v2: without a date range, the last 90 days


def services() -> QuerySet[Category]:
    """Every active category a request may be filed under, in the form's order (one query)."""
    return (
        Category.objects.filter(is_active=True)
        .select_related("parent")
        .order_by("parent__sort_order", "parent_id", "sort_order", "pk")
    )


def service(code: str) -> Category | None:
    if not (code or "").isdigit():
        return None
    return services().filter(pk=int(code)).first()


def townships() -> QuerySet[OrgUnit]:
    """The townships a request may name (attribute[township], by their code)."""
    return OrgUnit.objects.filter(kind=UnitKind.TOWNSHIP, is_active=True).order_by("path")


def public_requests(
    *,
    numbers: list[str] | None = None,
    service_code: str | None = None,
    status: str | None = None,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> list[Case]:
    """Public cases as service requests, newest first, at most 1000 (two queries: the cases with
    their category, township, department and clock, and their published replies).

    `closed`: the cases the portal's case pages show (the citizen and staff agreed, replied).
    `open`: cases not yet answered whose citizen agreed to publication (merged children are
    neither: their parent stands for them)."""
    qs = (
        Case.objects.filter(allow_public=True)
        .filter(CLOSED | OPEN)
        .select_related("category__parent", "township", "department", "clock")
        .only(
            "number",
            "content",
            "status",
            "staff_public",
            "received_at",
            "replied_at",
            "closed_at",
            "category__name",
            "category__parent__name",
            "township__name",
            "department__name",
            "clock__due_date",
            "clock__finished_on",
        )
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Reply.objects.filter(status=ReplyStatus.APPROVED)
                .only("case_id", "round", "body", "published_at")
                .order_by("round"),
            )
        )
        .order_by("-received_at", "-pk")
    )
    if numbers:
        qs = qs.filter(number__in=numbers)
    else:
        if start is None and end is None:
            start = (now or datetime.datetime.now(datetime.UTC)) - datetime.timedelta(
                days=DEFAULT_WINDOW_DAYS
            )
        if start is not None:
            qs = qs.filter(received_at__gte=start)
        if end is not None:
            qs = qs.filter(received_at__lte=end)
    if service_code is not None:
        qs = qs.filter(category_id=int(service_code)) if service_code.isdigit() else qs.none()
    if status == "open":
        qs = qs.filter(OPEN)
    elif status == "closed":
        qs = qs.filter(CLOSED)
    return list(qs[:MAX_REQUESTS])
