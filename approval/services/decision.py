"""After acceptance: end of review, decision (准予/不予行政许可), extension, special procedures,
delivery (送达) and conclusion (办结).

How the end of review is noticed: the review steps are worked on the generic task pages, which
call `platform_core.services.workflow.task_complete` and know nothing about applications. Rather
than hook into the engine, `review_sync` reconciles: it looks at the application's RouteProcess and,
once the route has ended, moves the application to 待决定 with an event. It runs (a) every minute
from Celery beat (`approval.tasks.sync_reviews`) and (b) whenever the handling page or list is
opened and before every decision, so staff never see a stale state. It is idempotent under the
application's row lock. See docs/adr/0004-approval-review-end.md.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approval.constants import AppStatus, EventKind, NoticeKind
from approval.models import Application, Decision, DecisionOutcome, DeliveryMethod, Notice
from approval.selectors.decision import (
    DECIDED_STATUSES,
    may_decide,
    may_process,
    review_finished,
    review_finished_q,
)
from approval.services.acceptance import notice_issue
from approval.services.applications import event_add, locked, notify_applicant
from approval.services.numbers import next_value
from platform_core.models import PauseReason, User
from platform_core.services.clock import clock_extend, clock_finish, clock_pause, clock_resume

logger = logging.getLogger(__name__)

# 行政许可法 第四十二条: a decision not possible within the limit may be extended by ten days, once,
# with the approval of the head of the department, and the applicant is told why.
EXTENSION_MAX_DAYS = 10
SPECIAL_PROCEDURES = (PauseReason.HEARING, PauseReason.EXPERT_REVIEW, PauseReason.TESTING)
# Prefix of decision numbers: 湘 (province) 蓝 (county) 审 (licensing); see `decision_number`.
LICENCE_PREFIX = getattr(settings, "APPROVAL_LICENCE_PREFIX", "湘蓝审")


# --- end of review ------------------------------------------------------------------------------


def _sync_locked(application: Application) -> bool:
    if application.status != AppStatus.ACCEPTED or not review_finished(application):
        return False
    application.status = AppStatus.DECIDING
    application.save(update_fields=["status"])
    event_add(
        application,
        kind=EventKind.REVIEW_DONE,
        actor=None,
        from_status=AppStatus.ACCEPTED,
        reason=_("审查流程已办结，进入决定环节。"),
    )
    return True


@transaction.atomic
def review_sync(*, application: Application) -> Application:
    """审查完成：办理流程结束后，申请进入“待决定”。可重复执行。"""
    application = locked(application)
    _sync_locked(application)
    return application


def reviews_sync(*, among=None) -> list[int]:
    """Accepted applications (of `among`, default all) whose review route has ended.

    One transaction each: one failure does not hold back the rest.
    """
    moved = []
    base = Application.objects.all() if among is None else among
    due = base.filter(status=AppStatus.ACCEPTED).filter(review_finished_q())
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            if _sync_locked(Application.objects.select_for_update().get(pk=pk)):
                moved.append(pk)
    return moved


# --- decision -----------------------------------------------------------------------------------


def decision_number(outcome: str, on: datetime.date) -> str:
    """湘蓝审许〔2026〕0001号 / 湘蓝审不许〔2026〕0001号: one running number per year and outcome.

    `next_value` increments the counter under a row lock, so two leaders signing at the same
    moment wait for each other and never share a number (Notice.number is unique as well).
    """
    word = "许" if outcome == DecisionOutcome.GRANT else "不许"
    value = next_value(f"decision:{outcome}:{on:%Y}")
    return f"{LICENCE_PREFIX}{word}〔{on:%Y}〕{value:04d}号"


def _deciding(application: Application, by: User) -> Application:
    if not may_decide(by, application):
        raise PermissionDenied
    application = locked(application)
    _sync_locked(application)
    if application.status != AppStatus.DECIDING:
        if application.status == AppStatus.ACCEPTED:
            raise ValidationError(_("审查尚未完成，不能作出决定。"))
        raise ValidationError(
            _("该申请已处理（当前状态：%(s)s）。") % {"s": application.get_status_display()}
        )
    if application.clock_id and application.clock.is_paused:
        raise ValidationError(_("特别程序进行中，请先结束特别程序再作出决定。"))
    return application


def _decide(
    application: Application,
    *,
    by: User,
    outcome: str,
    reasons: str,
    valid_until: datetime.date | None,
) -> Decision:
    today = timezone.localdate()
    kind = NoticeKind.GRANT if outcome == DecisionOutcome.GRANT else NoticeKind.REFUSAL
    status = AppStatus.GRANTED if outcome == DecisionOutcome.GRANT else AppStatus.REFUSED
    notice = Notice.objects.create(
        application=application,
        kind=kind,
        number=decision_number(outcome, today),
        holder=application.applicant_name,
        department=application.department,
        issued_on=today,
        valid_until=valid_until,
        body={"reasons": reasons, "legal_basis": application.item.legal_basis},
        issued_by=by,
    )
    decision = Decision(
        application=application,
        outcome=outcome,
        notice=notice,
        reasons=reasons,
        valid_until=valid_until,
        decided_by=by,
    )
    decision.full_clean(exclude=["application", "notice"])
    decision.save()
    application.status = status
    application.save(update_fields=["status"])
    event_add(
        application,
        kind=EventKind.GRANT if outcome == DecisionOutcome.GRANT else EventKind.REFUSE,
        actor=by,
        from_status=AppStatus.DECIDING,
        reason=f"{notice.number} {reasons}".strip(),
    )
    notify_applicant(
        application,
        subject=notice.get_kind_display(),
        body=_("您的申请%(number)s已作出%(kind)s（%(doc)s），请登录网上办事大厅查看。")
        % {"number": application.number, "kind": notice.get_kind_display(), "doc": notice.number},
        key=f"decision:{outcome}",
    )
    return decision


@transaction.atomic
def application_grant(
    *,
    application: Application,
    by: User,
    valid_until: datetime.date | None = None,
    note: str = "",
) -> Decision:
    """准予行政许可：出具准予行政许可决定书（含许可证号）。"""
    application = _deciding(application, by)
    if valid_until is not None and valid_until <= timezone.localdate():
        raise ValidationError({"valid_until": _("有效期须晚于今天。")})
    return _decide(
        application,
        by=by,
        outcome=DecisionOutcome.GRANT,
        reasons=(note or "").strip(),
        valid_until=valid_until,
    )


@transaction.atomic
def application_refuse(*, application: Application, by: User, reasons: str) -> Decision:
    """不予行政许可：说明理由，并告知申请人依法申请行政复议或者提起行政诉讼的权利。"""
    application = _deciding(application, by)
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError({"reasons": _("不予行政许可须说明理由。")})
    return _decide(
        application, by=by, outcome=DecisionOutcome.REFUSE, reasons=reasons, valid_until=None
    )


# --- extension and special procedures -------------------------------------------------------


def _running(application: Application, by: User, *, leader: bool = False) -> Application:
    allowed = may_decide(by, application) if leader else may_process(by, application)
    if not allowed:
        raise PermissionDenied
    application = locked(application)
    if application.status not in (AppStatus.ACCEPTED, AppStatus.DECIDING):
        raise ValidationError(_("只有审查、决定阶段的申请可以办理此项。"))
    if application.clock_id is None:
        raise ValidationError(_("该申请没有办理时限。"))
    return application


@transaction.atomic
def application_extend(
    *, application: Application, by: User, reason: str, days: int = EXTENSION_MAX_DAYS
) -> Notice:
    """延长办理时限：经本部门负责人批准延长（至多10个工作日、一次），并书面告知申请人理由。"""
    application = _running(application, by, leader=True)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写延期理由。")})
    if not 1 <= days <= EXTENSION_MAX_DAYS:
        raise ValidationError({"days": _("延长期限为1至10个工作日。")})
    if application.clock.extensions.exists():
        raise ValidationError(_("办理时限只能延长一次。"))
    clock_extend(clock=application.clock, days=days, reason=reason, approved_by=by)
    application.clock.refresh_from_db()
    due = application.clock.due_date
    today = timezone.localdate()
    notice = notice_issue(
        application,
        kind=NoticeKind.EXTENSION,
        by=by,
        on=today,
        body={"days": days, "reason": reason, "due": due.isoformat() if due else ""},
    )
    event_add(
        application,
        kind=EventKind.EXTEND,
        actor=by,
        from_status=application.status,
        reason=_("延长%(days)s个工作日：%(reason)s") % {"days": days, "reason": reason},
    )
    notify_applicant(
        application,
        subject=_("办理时限延长"),
        body=_("您的申请%(number)s办理时限延长%(days)s个工作日，理由：%(reason)s。")
        % {"number": application.number, "days": days, "reason": reason},
        key=f"extend:{notice.number}",
    )
    return notice


@transaction.atomic
def special_procedure_start(
    *, application: Application, by: User, procedure: str, reason: str
) -> Notice:
    """特别程序开始（听证、专家评审、检验检测）：暂停计时并书面告知申请人，所需时间不计入时限。"""
    application = _running(application, by)
    if procedure not in SPECIAL_PROCEDURES:
        raise ValidationError({"procedure": _("请选择听证、专家评审或检验检测。")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写特别程序的事由。")})
    today = timezone.localdate()
    clock_pause(clock=application.clock, reason=procedure, by=by, on=today, note=reason[:500])
    label = PauseReason(procedure).label
    notice = notice_issue(
        application,
        kind=NoticeKind.SPECIAL,
        by=by,
        on=today,
        body={"procedure": procedure, "procedure_label": str(label), "reason": reason},
    )
    event_add(
        application,
        kind=EventKind.SPECIAL_START,
        actor=by,
        from_status=application.status,
        reason=f"{label}：{reason}",
    )
    notify_applicant(
        application,
        subject=_("特别程序告知"),
        body=_("您的申请%(number)s进入%(label)s程序，所需时间不计入办理时限。")
        % {"number": application.number, "label": label},
        key=f"special:{notice.number}",
    )
    return notice


@transaction.atomic
def special_procedure_end(*, application: Application, by: User, note: str = "") -> Application:
    """特别程序结束：恢复计时，告知申请人。"""
    application = _running(application, by)
    if not application.clock.is_paused:
        raise ValidationError(_("该申请没有进行中的特别程序。"))
    pause = application.clock.pauses.filter(end_date__isnull=True).first()
    if pause.reason not in SPECIAL_PROCEDURES:
        raise ValidationError(_("该申请没有进行中的特别程序。"))
    clock_resume(clock=application.clock, on=timezone.localdate())
    label = PauseReason(pause.reason).label
    event_add(
        application,
        kind=EventKind.SPECIAL_END,
        actor=by,
        from_status=application.status,
        reason=f"{label}：{(note or '').strip()}".rstrip("："),
    )
    notify_applicant(
        application,
        subject=_("特别程序结束"),
        body=_("您的申请%(number)s的%(label)s程序已结束，恢复计算办理时限。")
        % {"number": application.number, "label": label},
        key=f"special-end:{pause.pk}",
    )
    return application


# --- delivery and conclusion ----------------------------------------------------------------


@transaction.atomic
def application_deliver(
    *, application: Application, by: User, method: str, on: datetime.date | None = None
) -> Decision:
    """送达：记录决定书的送达方式和日期。"""
    if not may_process(by, application):
        raise PermissionDenied
    application = locked(application)
    if application.status not in DECIDED_STATUSES:
        raise ValidationError(_("只有已作出决定、尚未送达的申请可以送达。"))
    if method not in DeliveryMethod.values:
        raise ValidationError({"method": _("请选择送达方式。")})
    on = on or timezone.localdate()
    decision = Decision.objects.select_for_update().get(application=application)
    if on < decision.decided_at.astimezone(timezone.get_current_timezone()).date():
        raise ValidationError({"on": _("送达日期不能早于决定日期。")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("送达日期不能晚于今天。")})
    decision.delivery_method, decision.delivered_on, decision.delivered_by = method, on, by
    decision.save(update_fields=["delivery_method", "delivered_on", "delivered_by"])
    from_status = application.status
    application.status = AppStatus.DELIVERED
    application.save(update_fields=["status"])
    event_add(
        application,
        kind=EventKind.DELIVER,
        actor=by,
        from_status=from_status,
        reason=f"{decision.get_delivery_method_display()} {on:%Y-%m-%d}",
    )
    return decision


@transaction.atomic
def application_conclude(*, application: Application, by: User) -> Application:
    """办结：停止计时，申请人可以评价。"""
    if not may_process(by, application):
        raise PermissionDenied
    application = locked(application)
    if application.status != AppStatus.DELIVERED:
        raise ValidationError(_("决定书送达后才能办结。"))
    today = timezone.localdate()
    if application.clock_id:
        clock_finish(clock=application.clock, on=today)
    Decision.objects.filter(application=application).update(concluded_on=today)
    application.status = AppStatus.CONCLUDED
    application.save(update_fields=["status"])
    event_add(application, kind=EventKind.CONCLUDE, actor=by, from_status=AppStatus.DELIVERED)
    notify_applicant(
        application,
        subject=_("申请已办结"),
        body=_("您的申请%(number)s已办结，欢迎对本次服务作出评价。")
        % {"number": application.number},
        key="concluded",
    )
    return application
