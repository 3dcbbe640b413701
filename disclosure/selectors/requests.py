"""Reads of disclosure requests: who may see and handle which (department isolation, ADR 0002),
the office list with its filters, the applicant's own requests and the public lookup."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db.models import QuerySet

from platform_core.models import OrgUnit, User

from ..models import DisclosureRequest
from .access import DISCLOSURE_ROLES, OFFICER_ROLES, REVIEWER_ROLES, unit_allowed, unit_q


def may_handle(user: User, unit: OrgUnit) -> bool:
    """信息公开专员 of the unit (or above it): registers, clarifies, consults, replies."""
    return unit_allowed(user, unit, OFFICER_ROLES)


def may_approve_extension(user: User, unit: OrgUnit) -> bool:
    """The head of the disclosure office (科室负责人 / 分管领导) approves an extension."""
    return unit_allowed(user, unit, REVIEWER_ROLES)


def requests_visible_to(user: User) -> QuerySet[DisclosureRequest]:
    """Requests of the user's units; another unit's request does not exist for them."""
    return DisclosureRequest.objects.filter(unit_q(user, "unit", DISCLOSURE_ROLES)).select_related(
        "unit", "clock"
    )


def requests_of_applicant(user: User) -> QuerySet[DisclosureRequest]:
    if not (user.is_authenticated and getattr(user, "is_citizen", False)):
        return DisclosureRequest.objects.none()
    return DisclosureRequest.objects.filter(applicant_user=user).select_related("unit", "clock")


def query_code_hash(number: str, code: str) -> str:
    # Keyed hash, as for licensing applications (ADR 0006): the database alone reveals no code.
    message = f"disclosure:{number}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def query_code_matches(request: DisclosureRequest, code: str) -> bool:
    code = (code or "").strip()
    if not code or not request.query_code_hash:
        return False
    return hmac.compare_digest(request.query_code_hash, query_code_hash(request.number, code))


def requests_list(user: User, *, status: str = "", channel: str = "", q: str = ""):
    """The office list: the user's units' requests, filtered, in a constant number of queries."""
    from django.db.models import Q

    qs = requests_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(applicant_name__icontains=q))
    return qs.order_by("-submitted_at", "-pk")


def request_detail(user: User, pk: int) -> DisclosureRequest | None:
    """One request of the user's units with what its page shows, or None."""
    from django.db.models import Prefetch

    from ..models import RequestEvent

    return (
        requests_visible_to(user)
        .select_related("clarification", "fee", "created_by", "replied_by", "extension_asked_by")
        .prefetch_related(
            "letters",
            "files",
            "consultations",
            Prefetch("events", queryset=RequestEvent.objects.select_related("actor")),
        )
        .filter(pk=pk)
        .first()
    )


def applicant_request(user: User, number: str) -> DisclosureRequest | None:
    return (
        requests_of_applicant(user)
        .select_related("clarification", "fee")
        .prefetch_related("letters", "files")
        .filter(number=number)
        .first()
    )


def handling_units(user: User) -> QuerySet[OrgUnit]:
    """Units for which the user registers requests."""
    from .access import _self_q

    return OrgUnit.objects.filter(_self_q(user, OFFICER_ROLES)).order_by("path")
