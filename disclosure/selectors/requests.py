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
