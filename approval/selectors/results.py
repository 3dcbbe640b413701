"""办件结果公示: licences granted, published as 行政许可 "双公示" (credit information) rows.

Only grants are listed (a refusal is the applicant's business, not the public's). A company's
name and 统一社会信用代码 are shown as registered; a natural person's name is masked and no
identity number appears, as on the verification page.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from approval.models import Decision
from approval.models.decision import DecisionOutcome
from platform_core.models import OrgUnit
from platform_core.verification import mask_name


def granted_decisions(q: str = "", department: OrgUnit | None = None) -> QuerySet[Decision]:
    """Grants, newest first; one query per page whatever the number of rows."""
    qs = (
        Decision.objects.filter(outcome=DecisionOutcome.GRANT)
        .select_related("application__item", "application__department", "notice")
        .order_by("-decided_at", "-pk")
    )
    if department is not None:
        qs = qs.filter(application__department=department)
    if q:
        qs = qs.filter(
            Q(application__item__name__icontains=q)
            | Q(notice__number__icontains=q)
            | Q(application__applicant_uscc=q.upper())
            # A company may be found by its name; a person is never found by theirs.
            | (~Q(application__applicant_uscc="") & Q(application__applicant_name__icontains=q))
        )
    return qs


def result_row(decision: Decision) -> dict:
    """What the public row shows of one grant."""
    app = decision.application
    company = bool(app.applicant_uscc)
    return {
        "holder": app.applicant_name if company else mask_name(app.applicant_name),
        "uscc": app.applicant_uscc,
        "kind": "法人" if company else "自然人",
        "item": app.item.name,
        "item_code": app.item.code,
        "department": app.department.official_name or app.department.name,
        "notice_number": decision.notice.number,
        "decided_on": decision.decided_at.date(),
        "valid_until": decision.valid_until,
    }


def departments_with_grants() -> QuerySet[OrgUnit]:
    return (
        OrgUnit.objects.filter(
            pk__in=Decision.objects.filter(outcome=DecisionOutcome.GRANT).values(
                "application__department"
            )
        )
        .only("pk", "code", "name", "sort_order")
        .order_by("sort_order", "code")
    )
