"""Applying: online drafts (save and resume), confirmation, counter registration, resubmission.

Online and counter applications are rows of the same model, so both are accepted, timed and
counted alike. Every status change appends an ApplicationEvent under the application's row lock.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approval.constants import CLOCK_PROCESS, AppStatus, Channel, EventKind, ItemStatus
from approval.models import Application, ApplicationEvent, LicensingItem
from approval.selectors.applications import acceptance_due, may_accept
from approval.selectors.query_codes import query_code_hash
from approval.services.export import export_enqueue
from approval.services.numbers import application_number, new_query_code
from platform_core.constants import Channel as NotifyChannel
from platform_core.dynforms.builder import DynamicForm
from platform_core.models import FormVersion, User
from platform_core.services.clock import clock_resume, clock_start
from platform_core.services.dynforms import (
    submission_create,
    submission_finalise,
    submission_replace,
)
from platform_core.services.notifications import notification_enqueue, notify_user

# POST keys that are not form content (never kept in a draft).
_NOT_DATA = {"csrfmiddlewaretoken", "action"}


def locked(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def event_add(
    application: Application,
    *,
    kind: str,
    actor: User | None,
    from_status: str,
    reason: str = "",
    extra: dict | None = None,
) -> ApplicationEvent:
    event = ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        actor=actor,
        from_status=from_status,
        to_status=application.status,
        reason=reason,
    )
    export_enqueue(event, extra=extra)  # provincial outbox row, in this same transaction
    return event


def _check_item(item: LicensingItem) -> None:
    if item.status != ItemStatus.PUBLISHED:
        raise ValidationError(_("该事项当前不接受申请。"))


def _applicant_fields(user: User) -> dict:
    profile = getattr(user, "citizen_profile", None)
    return {
        "applicant_name": (profile.name if profile else "") or user.name,
        "applicant_id_number": profile.id_number if profile else "",
        "applicant_uscc": profile.uscc if profile else "",
        "applicant_mobile": user.mobile or "",
    }


@transaction.atomic
def application_draft_save(*, item: LicensingItem, user: User, data: dict) -> Application:
    """暂存申请：保存填写中的内容，下次打开时继续填写。"""
    _check_item(item)
    kept = {k: v for k, v in data.items() if k not in _NOT_DATA}
    application = (
        Application.objects.select_for_update()
        .filter(applicant=user, item=item, status=AppStatus.DRAFT)
        .first()
    )
    if application is None:
        application = Application(
            item=item,
            department=item.department,
            applicant=user,
            channel=Channel.INTERNET,
            created_by=user,
            **_applicant_fields(user),
        )
    application.draft_data = kept
    application.save()
    return application


@transaction.atomic
def application_prepare(
    *, item: LicensingItem, user: User, version: FormVersion, form: DynamicForm
) -> Application:
    """填写完成：保存申请表和上传的材料，等待申请人确认提交。"""
    application = application_draft_save(item=item, user=user, data={})
    held = application.submission
    if held is not None and held.draft:
        # A retry (the page posted again, a file re-sent): the same submission takes the new
        # content, and the files it held before are deleted. No submission is left behind.
        submission_replace(submission=held, version=version, form=form, by=user)
        return application
    application.submission = submission_create(
        version=version, form=form, by=user, owner_unit=item.department, draft=True
    )
    application.save(update_fields=["submission"])
    return application


def _receive(application: Application, *, now) -> str:
    """Number, query code, receipt time, acceptance deadline and case clock of a new application."""
    today = timezone.localdate(now)
    application.number = application_number(today)
    counter = application.channel == Channel.COUNTER
    code = new_query_code(settings.COUNTER_QUERY_CODE_DIGITS if counter else 6)
    application.query_code_hash = query_code_hash(application.number, code)
    application.received_at = now
    application.accept_due = acceptance_due(today)
    application.status = AppStatus.SUBMITTED
    # The clock runs from receipt: what the applicant waits for is the whole case. Waiting for
    # corrections and special procedures are pauses (行政许可法 第四十五条).
    application.clock = clock_start(
        process=CLOCK_PROCESS,
        limit_days=application.item.promised_days,
        start_date=today,
        subject=f"{application.number} {application.item.name}",
    )
    return code


def _send_code(application: Application, code: str) -> None:
    if not application.applicant_mobile:
        return
    notification_enqueue(
        channel=NotifyChannel.SMS,
        recipient=application.applicant,
        address=application.applicant_mobile,
        subject=_("申请已收件"),
        body=_(
            "您申请的“%(item)s”已收件，申请编号%(number)s，查询码%(code)s，"
            "可凭编号和查询码在网上办事大厅查询办理进度。"
        )
        % {"item": application.item.name, "number": application.number, "code": code},
        # The code is a credential: the outbox keeps it only until the SMS has gone out.
        redact_after_send=True,
        dedupe_key=f"approval:{application.number}:code",
    )


@transaction.atomic
def application_submit(*, application: Application, user: User) -> tuple[Application, str]:
    """确认提交申请：生成申请编号和查询码（短信发送），进入受理环节。"""
    application = locked(application)
    if application.applicant_id != user.pk:
        raise PermissionDenied
    if application.status != AppStatus.DRAFT:
        raise ValidationError(_("该申请已提交，请勿重复提交。"))
    if application.submission_id is None:
        raise ValidationError(_("请先填写并保存申请表。"))
    _check_item(application.item)
    code = _receive(application, now=timezone.now())
    application.draft_data = {}
    application.save()
    submission_finalise(submission=application.submission)
    event_add(application, kind=EventKind.SUBMIT, actor=user, from_status=AppStatus.DRAFT)
    _send_code(application, code)
    return application, code


@transaction.atomic
def application_register(
    *,
    item: LicensingItem,
    by: User,
    version: FormVersion,
    form: DynamicForm,
    applicant_name: str,
    applicant_id_number: str = "",
    applicant_uscc: str = "",
    applicant_mobile: str = "",
) -> tuple[Application, str]:
    """窗口登记：为到窗口办事的群众或企业登记申请，与网上申请同一办件。"""
    _check_item(item)
    application = Application(
        item=item,
        department=item.department,
        channel=Channel.COUNTER,
        created_by=by,
        applicant_name=applicant_name,
        applicant_id_number=applicant_id_number,
        applicant_uscc=applicant_uscc,
        applicant_mobile=applicant_mobile,
    )
    if not may_accept(by, application):
        raise PermissionDenied
    application.submission = submission_create(
        version=version, form=form, by=by, owner_unit=item.department
    )
    code = _receive(application, now=timezone.now())
    application.save()
    event_add(application, kind=EventKind.REGISTER, actor=by, from_status=AppStatus.DRAFT)
    _send_code(application, code)
    return application, code


@transaction.atomic
def application_resubmit(
    *, application: Application, user: User, version: FormVersion, form: DynamicForm, note: str = ""
) -> Application:
    """补正材料：申请人按一次性告知补齐材料后重新提交，恢复计时并重新起算受理期限。"""
    application = locked(application)
    if application.applicant_id != user.pk:
        raise PermissionDenied
    if application.status != AppStatus.CORRECTION:
        raise ValidationError(_("该申请当前无需补正。"))
    application.submission = submission_create(
        version=version, form=form, by=user, owner_unit=application.department
    )
    today = timezone.localdate()
    clock_resume(clock=application.clock, on=today)
    application.accept_due = acceptance_due(today)
    application.status = AppStatus.SUBMITTED
    application.save()
    event_add(
        application,
        kind=EventKind.RESUBMIT,
        actor=user,
        from_status=AppStatus.CORRECTION,
        reason=note,
    )
    return application


def notify_applicant(application: Application, *, subject: str, body: str, key: str) -> None:
    """In-app message to an online applicant, and an SMS to whatever mobile number we have."""
    if application.applicant_id:
        notify_user(
            user=application.applicant,
            subject=subject,
            body=body,
            link=f"/service/my/applications/{application.number}/",
            dedupe_key=f"approval:{application.number}:{key}",
        )
    if application.applicant_mobile:
        notification_enqueue(
            channel=NotifyChannel.SMS,
            recipient=application.applicant,
            address=application.applicant_mobile,
            subject=subject,
            body=body,
            dedupe_key=f"approval:{application.number}:{key}:sms",
        )
