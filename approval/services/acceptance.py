"""Acceptance (受理) and its four outcomes, each with its notice, and deemed acceptance.

行政许可法 第三十二条: within five working days of receipt the department accepts, asks for every
missing or defective item at once (一次性告知), or refuses with its reason and the body to turn to;
if it says nothing in time, the application counts as accepted on the day it was received.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approval.constants import AppStatus, EventKind, NoticeKind
from approval.models import Application, Notice, WindowGrant
from approval.selectors.applications import add_working_days, may_accept
from approval.services.applications import event_add, locked, notify_applicant
from approval.services.numbers import notice_number
from platform_core import permissions
from platform_core.constants import RoleCode
from platform_core.models import PauseReason, Subsystem, User
from platform_core.services.clock import clock_finish, clock_pause
from platform_core.services.workflow import case_start

logger = logging.getLogger(__name__)


def _pending(application: Application, by: User) -> Application:
    if not may_accept(by, application):
        raise PermissionDenied
    application = locked(application)
    if application.status != AppStatus.SUBMITTED:
        raise ValidationError(
            _("该申请已处理（当前状态：%(s)s）。") % {"s": application.get_status_display()}
        )
    return application


def notice_issue(
    application: Application, *, kind: str, by: User | None, body: dict, on: datetime.date
) -> Notice:
    return Notice.objects.create(
        application=application,
        kind=kind,
        number=notice_number(kind, on),
        holder=application.applicant_name,
        department=application.department,
        issued_on=on,
        body=body,
        issued_by=by,
    )


def _case_unit(application: Application, by: User):
    """The unit that carries the review route: the department, or the clerk's own section in it."""
    if permissions.unit_in_scope(by, application.department):
        return application.department
    windows = [p.unit for p in permissions.user_posts(by) if p.role.code == RoleCode.WINDOW_CLERK]
    for unit in windows:
        if unit.path.startswith(application.department.path):
            return unit
    # 综合窗口: a window granted to accept for the department starts the case; its steps (fixed
    # units of the department's route) stay with the department.
    granted = WindowGrant.objects.filter(
        window__in=windows, department=application.department
    ).values_list("window_id", flat=True)
    return next((u for u in windows if u.pk in set(granted)), application.department)


def _start_route(application: Application, by: User) -> None:
    """Hand the accepted case to the item's review route (审查 → 决定)."""
    if not application.item.route_code or by is None:
        return
    application.process = case_start(
        title=f"{application.item.name}（{application.number} {application.applicant_name}）",
        subsystem=Subsystem.APPROVAL,
        owner_unit=_case_unit(application, by),
        by=by,
        definition_code=application.item.route_code,
        data={"application": application.number},
    )


def _accepted(application: Application, by: User, on: datetime.date) -> None:
    application.status = AppStatus.ACCEPTED
    application.accepted_on = on
    _start_route(application, by)


@transaction.atomic
def application_accept(*, application: Application, by: User, note: str = "") -> Notice:
    """受理：材料齐全、符合法定形式，出具受理通知书。"""
    application = _pending(application, by)
    today = timezone.localdate()
    _accepted(application, by, today)
    application.save()
    event_add(
        application, kind=EventKind.ACCEPT, actor=by, from_status=AppStatus.SUBMITTED, reason=note
    )
    notice = notice_issue(
        application,
        kind=NoticeKind.ACCEPTANCE,
        by=by,
        on=today,
        body={"promised_days": application.item.promised_days, "note": note},
    )
    notify_applicant(
        application,
        subject=_("申请已受理"),
        body=_("您的申请%(number)s（%(item)s）已受理，受理通知书编号%(notice)s。")
        % {"number": application.number, "item": application.item.name, "notice": notice.number},
        key="accepted",
    )
    return notice


@transaction.atomic
def application_accept_deferred(
    *, application: Application, by: User, material_ids: list[int], promise_days: int
) -> Notice:
    """容缺受理：次要材料暂缺，申请人书面承诺限期补交，先予受理。"""
    application = _pending(application, by)
    allowed = {m.pk: m for m in application.item.materials.filter(may_defer=True)}
    chosen = [allowed[i] for i in material_ids if i in allowed]
    if not chosen or len(chosen) != len(set(material_ids)):
        raise ValidationError(_("请选择本事项允许容缺的材料。"))
    if not 1 <= promise_days <= 30:
        raise ValidationError(_("承诺补交期限应为1至30个工作日。"))
    today = timezone.localdate()
    _accepted(application, by, today)
    application.deferred_materials = [m.name for m in chosen]
    application.deferred_due = add_working_days(today, promise_days)
    application.save()
    names = "、".join(application.deferred_materials)
    event_add(
        application,
        kind=EventKind.ACCEPT_DEFERRED,
        actor=by,
        from_status=AppStatus.SUBMITTED,
        reason=_("容缺材料：%(names)s") % {"names": names},
    )
    notice = notice_issue(
        application,
        kind=NoticeKind.DEFERRED,
        by=by,
        on=today,
        body={
            "materials": application.deferred_materials,
            "due": application.deferred_due.isoformat(),
        },
    )
    notify_applicant(
        application,
        subject=_("申请已容缺受理"),
        body=_("您的申请%(number)s已容缺受理，请于%(due)s前补交：%(names)s。")
        % {"number": application.number, "due": application.deferred_due, "names": names},
        key="deferred",
    )
    return notice


@transaction.atomic
def application_request_correction(
    *, application: Application, by: User, items: list[str]
) -> Notice:
    """一次性告知补正：列明全部需补正的材料，暂停计时至申请人补正。"""
    application = _pending(application, by)
    items = [i.strip() for i in items if i and i.strip()]
    if not items:
        raise ValidationError(_("请列出需要补正的全部材料或内容。"))
    today = timezone.localdate()
    application.status = AppStatus.CORRECTION
    application.correction_items = items
    application.accept_due = None
    clock_pause(
        clock=application.clock,
        reason=PauseReason.CORRECTION,
        by=by,
        on=today,
        note="；".join(items)[:500],
    )
    application.save()
    event_add(
        application,
        kind=EventKind.CORRECTION,
        actor=by,
        from_status=AppStatus.SUBMITTED,
        reason="；".join(items),
    )
    notice = notice_issue(
        application, kind=NoticeKind.CORRECTION, by=by, on=today, body={"items": items}
    )
    notify_applicant(
        application,
        subject=_("请补正申请材料"),
        body=_("您的申请%(number)s需补正%(n)s项材料，请登录网上办事大厅查看补正材料通知书并补正。")
        % {"number": application.number, "n": len(items)},
        key=f"correction:{notice.number}",
    )
    return notice


@transaction.atomic
def application_reject(
    *, application: Application, by: User, reason: str, redirect_body: str = ""
) -> Notice:
    """不予受理：说明理由，不属于本机关职权范围的告知向有关机关申请。"""
    application = _pending(application, by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写不予受理的理由。")})
    today = timezone.localdate()
    application.status = AppStatus.REJECTED
    application.reject_reason = reason
    application.redirect_body = (redirect_body or "").strip()
    application.save()
    clock_finish(clock=application.clock, on=today)
    event_add(
        application, kind=EventKind.REJECT, actor=by, from_status=AppStatus.SUBMITTED, reason=reason
    )
    notice = notice_issue(
        application,
        kind=NoticeKind.REJECTION,
        by=by,
        on=today,
        body={"reason": reason, "redirect_body": application.redirect_body},
    )
    notify_applicant(
        application,
        subject=_("申请不予受理"),
        body=_("您的申请%(number)s不予受理，理由：%(reason)s。")
        % {"number": application.number, "reason": reason},
        key="rejected",
    )
    return notice


def acceptance_deem_overdue(*, today: datetime.date | None = None) -> list[int]:
    """逾期视为受理：5个工作日内未作出受理决定的申请，自收到材料之日起视为受理并标记。

    Each application in its own transaction: one failure does not hold back the rest, and a
    second run finds nothing left to do.
    """
    today = today or timezone.localdate()
    done = []
    due = Application.objects.filter(status=AppStatus.SUBMITTED, accept_due__lt=today)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            application = Application.objects.select_for_update().get(pk=pk)
            if application.status != AppStatus.SUBMITTED or application.accept_due >= today:
                continue
            application.status = AppStatus.ACCEPTED
            application.accepted_on = timezone.localdate(application.received_at)
            application.deemed_accepted = True
            application.save(update_fields=["status", "accepted_on", "deemed_accepted"])
            event_add(
                application,
                kind=EventKind.DEEMED_ACCEPT,
                actor=None,
                from_status=AppStatus.SUBMITTED,
                reason=_("受理期限%(due)s届满未作出决定，自收到申请材料之日（%(on)s）起视为受理。")
                % {"due": application.accept_due, "on": application.accepted_on},
            )
            notify_applicant(
                application,
                subject=_("申请视为已受理"),
                body=_("您的申请%(number)s自%(on)s起视为已受理。")
                % {"number": application.number, "on": application.accepted_on},
                key="deemed",
            )
            done.append(pk)
    if done:
        logger.info("deemed accepted: %s applications", len(done))
    return done
