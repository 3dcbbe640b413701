"""Reads of cases for the back office: lists (constant query counts), detail, routing suggestion."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from platform_core.models import OrgUnit, User

from ..constants import CaseStatus
from ..models import Assignment, Case, Reply, RoutingRule
from .access import cases_visible_to, handler_departments, is_office_staff

LIST_ONLY = (
    "number",
    "kind",
    "channel",
    "title",
    "status",
    "received_at",
    "triage_due",
    "round",
    "is_petition",
    "category__name",
    "category__parent_id",
    "township__name",
    "department__name",
    "clock__due_date",
    "clock__finished_on",
)


def _list(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("category", "township", "department", "clock").only(*LIST_ONLY)


def triage_cases(user: User, *, status: str = "") -> QuerySet[Case]:
    """The office's list: cases waiting for triage (new or returned) first, or any status."""
    if not is_office_staff(user):
        return Case.objects.none()
    qs = Case.objects.all()
    if status:
        qs = qs.filter(status=status)
    else:
        qs = qs.filter(status__in=(CaseStatus.SUBMITTED, CaseStatus.RETURNED))
    return _list(qs).order_by("triage_due", "received_at", "pk")


def department_cases(user: User, *, status: str = "") -> QuerySet[Case]:
    """A department's list: the cases assigned to it (and, with a status, those it handled)."""
    qs = Case.objects.filter(department__in=handler_departments(user))
    if status:
        qs = qs.filter(status=status)
    else:
        qs = qs.filter(status__in=(CaseStatus.ASSIGNED, CaseStatus.REVIEW))
    return _list(qs).order_by("clock__due_date", "received_at", "pk")


def all_cases(user: User, *, status: str = "", q: str = "") -> QuerySet[Case]:
    qs = cases_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(number__startswith=q) | qs.filter(title__contains=q)
    return _list(qs).order_by("-received_at", "-pk")


def case_for(user: User, number: str) -> Case | None:
    """One case the user may read, with what its page shows (a handful of queries)."""
    return (
        cases_visible_to(user)
        .select_related("category__parent", "township", "department", "clock", "citizen", "parent")
        .prefetch_related(
            "attachments",
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related(
                    "department", "assigned_by", "returned_by"
                ),
            ),
            Prefetch("replies", queryset=Reply.objects.select_related("drafted_by", "reviewed_by")),
            "ratings",
            "follow_ups__by",
            "events__actor",
        )
        .filter(number=number)
        .first()
    )


def suggest_department(case: Case) -> OrgUnit | None:
    """分办建议: the most specific active routing rule for the case's category and township
    (category and township > category > township; a parent category's rule counts after the
    category's own)."""
    categories = [c for c in (case.category_id, case.category.parent_id) if c]
    rules = list(
        RoutingRule.objects.filter(is_active=True, department__is_active=True)
        .filter(category_id__in=categories + [None])  # type: ignore[list-item]
        .select_related("department")
    )
    rules = [r for r in rules if r.category_id or r.township_id]

    def rank(rule: RoutingRule) -> tuple | None:
        if rule.township_id and rule.township_id != case.township_id:
            return None
        if rule.category_id:
            level = categories.index(rule.category_id)
            return (0 if rule.township_id else 1, level)
        return (2, 0)

    ranked = [(rank(r), r) for r in rules]
    ranked = [(k, r) for k, r in ranked if k is not None]
    if not ranked:
        return None
    return min(ranked, key=lambda pair: pair[0])[1].department
