"""Reads for the processing half after acceptance: who may decide, deliver, rate; work lists.

Visibility always starts from `selectors.applications_visible_to`, so a member of another
department never reaches an application here either.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from viewflow.workflow.status import STATUS

from approval.constants import AppStatus
from approval.models import Application
from approval.selectors.applications import (
    APPROVAL_ROLES,
    applications_visible_to,
    approval_departments,
)
from platform_core.constants import RoleCode
from platform_core.models import User

# Statuses the handling page deals with, in the order a case goes through them.
HANDLING_STATUSES = (
    AppStatus.ACCEPTED,
    AppStatus.DECIDING,
    AppStatus.GRANTED,
    AppStatus.REFUSED,
    AppStatus.DELIVERED,
    AppStatus.CONCLUDED,
)
DECIDED_STATUSES = (AppStatus.GRANTED, AppStatus.REFUSED)


def _works_for(user: User, application: Application, roles) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    return any(d.pk == application.department_id for d in approval_departments(user, roles=roles))


def may_decide(user: User, application: Application) -> bool:
    """准予/不予许可, 延期: a leader (分管领导) of the handling department (第三十八、四十二条)."""
    return _works_for(user, application, (RoleCode.LEADER,))


def may_process(user: User, application: Application) -> bool:
    """特别程序、送达、办结: the licensing staff of the handling department."""
    return _works_for(user, application, APPROVAL_ROLES)


def review_finished(application: Application) -> bool:
    """The item's review route has ended (or the case never had one, e.g. deemed acceptance)."""
    process = application.process
    return process is None or (process.status == STATUS.DONE and not process.current_step)


def review_finished_q() -> Q:
    return Q(process__isnull=True) | Q(process__status=STATUS.DONE, process__current_step="")


def handling_list(user: User, status: str) -> QuerySet[Application]:
    rows = applications_visible_to(user).select_related("decision")
    if status in {s.value for s in HANDLING_STATUSES}:
        return rows.filter(status=status)
    return rows.filter(status__in=HANDLING_STATUSES)


def may_rate(user: User, application: Application) -> bool:
    """Only the online applicant, only after conclusion, only once."""
    return (
        user.is_authenticated
        and application.applicant_id == user.pk
        and application.status == AppStatus.CONCLUDED
        and not is_rated(application)
    )


def is_rated(application: Application) -> bool:
    from approval.models import Rating

    return Rating.objects.filter(application=application).exists()
