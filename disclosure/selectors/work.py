"""Disclosure-request work for the unified inbox (platform_core.inbox_sources).

Every step a staff member must take on a request reaches their inbox with its deadline:
- 确认收到申请 (officer): an online request waits for the agency's confirmation, which is its
  date of receipt (条例 第三十一条), by the next working day;
- 办理答复 (officer): a request being processed, by its reply clock's due date (第三十三条);
- 登记第三方意见 (officer): a consultation, by the third party's 15 working days (第三十二条);
- 确认缴费 (officer): a fee notice, by the end of the payment period (国办函〔2020〕109号);
- 审批延期答复 (office head): an extension asked for, before the reply is due.

Each `count` and `items` is one query whatever the numbers (the units are a Q on paths).
"""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platform_core.inbox_sources import WorkItem
from platform_core.models import User

from ..constants import RequestStatus
from ..models import AnnualReport, Consultation, DisclosureRequest, FeeNotice
from .access import OFFICER_ROLES, REVIEWER_ROLES, unit_q

SUBSYSTEM = gettext_lazy("信息公开")


def _link(pk: int) -> str:
    return f"/office/disclosure/requests/{pk}/"


def _title(number: str, name: str) -> str:
    return _("政府信息公开申请（%(number)s，%(name)s）") % {"number": number, "name": name}


class _RequestWork:
    roles = OFFICER_ROLES
    status = ""
    action = ""
    due_field = "clock__due_date"

    def queryset(self, user: User):
        return DisclosureRequest.objects.filter(
            unit_q(user, "unit", self.roles), status=self.status
        )

    def pending(self, user: User) -> QuerySet:
        return self.queryset(user)

    def items(self, user: User, limit: int) -> list[WorkItem]:
        rows = (
            self.queryset(user)
            .annotate(due=F(self.due_field))
            .only("id", "number", "applicant_name", "submitted_at")
            .order_by(F("due").asc(nulls_last=True), "pk")[:limit]
        )
        return [
            WorkItem(
                action=str(self.action),
                title=_title(r.number, r.applicant_name),
                link=_link(r.pk),
                subsystem=str(SUBSYSTEM),
                due_date=r.due,
                received_at=r.submitted_at,
            )
            for r in rows
        ]


class ConfirmWork(_RequestWork):
    key = "disclosure.request_confirm"
    label = gettext_lazy("待确认收到的信息公开申请")
    status = RequestStatus.SUBMITTED
    action = gettext_lazy("确认收到申请")
    due_field = "confirm_due"


class ReplyWork(_RequestWork):
    key = "disclosure.request_reply"
    label = gettext_lazy("待答复的信息公开申请")
    status = RequestStatus.PROCESSING
    action = gettext_lazy("办理答复")


class ExtensionWork(_RequestWork):
    key = "disclosure.request_extension"
    label = gettext_lazy("待审批的延期答复")
    roles = REVIEWER_ROLES
    action = gettext_lazy("审批延期答复")

    def queryset(self, user: User):
        return DisclosureRequest.objects.filter(
            unit_q(user, "unit", self.roles),
            status__in=(RequestStatus.PROCESSING, RequestStatus.CONSULTING),
            extension_days_asked__gt=0,
        )


class _ChildWork:
    roles = OFFICER_ROLES
    model = Consultation
    due_field = "due_on"
    action = ""

    def queryset(self, user: User):
        raise NotImplementedError

    def pending(self, user: User) -> QuerySet:
        return self.queryset(user)

    def items(self, user: User, limit: int) -> list[WorkItem]:
        rows = (
            self.queryset(user)
            .select_related("request")
            .only(
                "id",
                self.due_field,
                "request__id",
                "request__number",
                "request__applicant_name",
                "request__submitted_at",
            )
            .order_by(self.due_field, "pk")[:limit]
        )
        return [
            WorkItem(
                action=str(self.action),
                title=_title(r.request.number, r.request.applicant_name),
                link=_link(r.request.pk),
                subsystem=str(SUBSYSTEM),
                due_date=getattr(r, self.due_field),
                received_at=r.request.submitted_at,
            )
            for r in rows
        ]


class ConsultationWork(_ChildWork):
    key = "disclosure.request_consultation"
    label = gettext_lazy("待登记的第三方意见")
    action = gettext_lazy("登记第三方意见")

    def queryset(self, user: User):
        return Consultation.objects.filter(
            unit_q(user, "request__unit", OFFICER_ROLES),
            answered_on__isnull=True,
            request__status=RequestStatus.CONSULTING,
        )


class FeeWork(_ChildWork):
    key = "disclosure.request_fee"
    label = gettext_lazy("待确认缴费的信息公开申请")
    model = FeeNotice
    due_field = "pay_due"
    action = gettext_lazy("确认缴费")

    def queryset(self, user: User):
        return FeeNotice.objects.filter(
            unit_q(user, "request__unit", OFFICER_ROLES),
            paid_on__isnull=True,
            request__status=RequestStatus.AWAITING_FEE,
        )


class ReportWork:
    """编制并发布年度报告: from 1 January until the report is published, by 31 January."""

    key = "disclosure.annual_report"
    label = gettext_lazy("待发布的政府信息公开工作年度报告")
    roles = OFFICER_ROLES

    def queryset(self, user: User):
        return AnnualReport.objects.filter(
            Q(item__isnull=True) | ~Q(item__status="published"),
            unit_q(user, "unit", OFFICER_ROLES),
        )

    def pending(self, user: User) -> QuerySet:
        return self.queryset(user)

    def items(self, user: User, limit: int) -> list[WorkItem]:
        rows = (
            self.queryset(user)
            .select_related("unit", "clock")
            .order_by(F("clock__due_date").asc(nulls_last=True), "pk")[:limit]
        )
        return [
            WorkItem(
                action=_("编制并发布年度报告"),
                title=r.title,
                link=f"/office/disclosure/reports/{r.pk}/",
                subsystem=str(SUBSYSTEM),
                due_date=r.clock.due_date if r.clock_id else None,
                received_at=r.created_at,
            )
            for r in rows
        ]


WORK_SOURCES = (ConfirmWork, ReplyWork, ExtensionWork, ConsultationWork, FeeWork, ReportWork)
