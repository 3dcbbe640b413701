"""Reads for the public side. Only cases the citizen allowed and staff agreed to show, replied,
with personal data masked: the name as 王**, no phone number, no address beyond the township."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from ..constants import CaseStatus, ReplyStatus
from ..models import Case, Rating, Reply

PUBLIC_STATUSES = (CaseStatus.REPLIED, CaseStatus.CLOSED)


def mask_name(name: str) -> str:
    name = (name or "").strip()
    return f"{name[:1]}**" if name else "**"


def public_cases() -> QuerySet[Case]:
    return (
        Case.objects.filter(
            allow_public=True,
            staff_public=True,
            status__in=PUBLIC_STATUSES,
            replied_at__isnull=False,
        )
        .select_related("category__parent", "township", "department")
        .only(
            "number",
            "kind",
            "title",
            "received_at",
            "replied_at",
            "status",
            "category__name",
            "category__parent__name",
            "township__name",
            "department__name",
        )
        .order_by("-replied_at", "-pk")
    )


@dataclass(frozen=True)
class PublicCase:
    """What a public page may show of a case: nothing personal beyond the masked name."""

    number: str
    kind: str
    title: str
    content: str
    category: str
    township: str
    department: str
    citizen: str
    received_at: object
    replied_at: object
    replies: list
    ratings: list
    topic_title: str = ""  # a consultation about a service item or investment: what, and where
    topic_url: str = ""


def public_case(number: str) -> PublicCase | None:
    case = (
        Case.objects.filter(
            allow_public=True, staff_public=True, status__in=PUBLIC_STATUSES, number=number
        )
        .select_related("category__parent", "township", "department")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Reply.objects.filter(status=ReplyStatus.APPROVED).order_by("round"),
            ),
            Prefetch("ratings", queryset=Rating.objects.order_by("round")),
        )
        .first()
    )
    if case is None:
        return None
    return PublicCase(
        number=case.number,
        kind=case.get_kind_display(),
        title=case.title,
        content=case.content,
        category=case.category.label,
        township=case.township.name if case.township_id else "",
        department=case.department.name if case.department_id else "",
        citizen=mask_name(case.name),
        received_at=case.received_at,
        replied_at=case.replied_at,
        replies=list(case.replies.all()),
        ratings=list(case.ratings.all()),
        topic_title=case.source_title,
        topic_url=case.source_url,
    )


def case_for_lookup(number: str) -> Case | None:
    """The case a citizen looks up by number (the view then checks the query code)."""
    return (
        Case.objects.filter(number=(number or "").strip())
        .select_related("category__parent", "township", "department")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Reply.objects.filter(status=ReplyStatus.APPROVED).order_by("round"),
            ),
            Prefetch("ratings", queryset=Rating.objects.order_by("round")),
        )
        .first()
    )


def citizen_cases(user) -> QuerySet[Case]:
    return (
        Case.objects.filter(citizen=user)
        .only("number", "kind", "title", "status", "received_at")
        .order_by("-received_at")
    )


def _items(cases) -> list[dict]:
    from django.urls import reverse

    return [
        {
            "title": case.title,
            "url": reverse("interaction:public_case", args=[case.number]),
            "date": case.replied_at,
            "department": case.department.name if case.department_id else "",
            "kind": case.get_kind_display(),
        }
        for case in cases
    ]


def latest_replies(limit: int = 8) -> list[dict]:
    """The latest public replies for the portal's home block and channel page (one query)."""
    return _items(public_cases()[:limit])


def featured_cases(limit: int = 10) -> list[dict]:
    """重点关注: public replied cases picked by the interaction office, latest pick first (one
    query). A case that stops being public drops out by itself."""
    return _items(
        public_cases().filter(featured_at__isnull=False).order_by("-featured_at", "-pk")[:limit]
    )


def search_public_cases(q: str, limit: int = 10) -> list[dict]:
    """Public cases (with an approved reply) whose title, text or published reply mentions `q`
    or a synonym of it, newest reply first: the site search's 政民互动 block (one query)."""
    from django.urls import reverse

    from platform_core.selectors.search import expand_query

    words = expand_query(q)
    if not words:
        return []
    match = Q()
    for word in words:
        match |= (
            Q(title__icontains=word)
            | Q(content__icontains=word)
            | Exists(
                Reply.objects.filter(
                    case=OuterRef("pk"), status=ReplyStatus.APPROVED, body__icontains=word
                )
            )
        )
    return [
        {
            "title": case.title,
            "url": reverse("interaction:public_case", args=[case.number]),
            "date": case.replied_at,
            "department": case.department.name if case.department_id else "",
            "kind": case.get_kind_display(),
        }
        for case in public_cases().filter(match)[:limit]
    ]
