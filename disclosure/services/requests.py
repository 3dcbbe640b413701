"""Every write on disclosure requests (依申请公开, 条例 第二十七条至第四十五条).

One function per business action, in one transaction, with a `RequestEvent` (who, when, what, from
which status to which) and the model's simple-history row. The reply deadline runs on the
platform's case clock (20 working days, 第三十三条) under e-supervision cards:

- receipt (第三十一条): in person, the day handed in; by post, the day signed for; online or by
  fax, the day the agency confirms. The clock counts from the working day after.
- clarification (第三十条): once, within 7 working days of receipt, listing everything; the
  clock is paused, and starts again from the day the answer arrives (a new 20 days); no answer
  by the set date: the request is deemed withdrawn (`requests_lapse`, a Celery beat task).
- third-party consultation (第三十二条): 15 working days, not counted (a pause).
- extension (第三十三条第二款): up to 20 more working days, approved by the office head, with
  a notice to the applicant.
- fee (国办函〔2020〕109号): the notice pauses the clock until payment; not paid within 20
  working days: deemed abandoned.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.dynforms.files import check_upload
from platform_core.models import OrgUnit, PauseReason, Subsystem, User
from platform_core.selectors.calendar import add_working_days
from platform_core.services.clock import clock_extend, clock_finish, clock_pause, clock_resume
from platform_core.services.clock import clock_start as platform_clock_start
from platform_core.services.notifications import notify_user
from platform_core.services.supervision import clock_watch
from platform_core.validators import validate_mobile, validate_resident_id, validate_uscc

from ..constants import (
    CLARIFY_DEFAULT_PERIOD,
    CLARIFY_WITHIN_DAYS,
    CONFIRM_DAYS,
    FEE_PAY_DAYS,
    LETTER_SUFFIX,
    REQUEST_CLOCK_PROCESS,
    REQUEST_EXTENSION_MAX_DAYS,
    REQUEST_LIMIT_DAYS,
    REQUEST_OPEN,
    REQUEST_PREFIX,
    THIRD_PARTY_DAYS,
    ApplicantType,
    ConsultationOutcome,
    DeliveryMethod,
    FeeMode,
    InfoForm,
    LegalSubtype,
    LetterKind,
    NotProcessedReason,
    RefusalGround,
    ReplyOutcome,
    RequestAction,
    RequestChannel,
    RequestStatus,
    UnavailableReason,
)
from ..models import (
    Clarification,
    Consultation,
    DisclosureRequest,
    FeeNotice,
    ReplyFile,
    RequestCounter,
    RequestEvent,
    RequestLetter,
)
from ..selectors.requests import may_approve_extension, may_handle, query_code_hash
from .fees import piece_fee, volume_fee

COUNTER_CODE_DIGITS = 8  # staff-entered requests: the applicant has no account (ADR 0006)
REPLY_FILE_KINDS = ("pdf", "docx", "xlsx", "doc", "xls", "ofd", "jpg", "png", "zip")
REPLY_FILE_MAX_BYTES = 30 * 1024 * 1024


def _today() -> datetime.date:
    return timezone.localdate()


def _event(request, by, action, *, from_status="", comment="") -> RequestEvent:
    return RequestEvent.objects.create(
        request=request,
        actor=by if getattr(by, "pk", None) else None,
        action=action,
        from_status=from_status,
        to_status=request.status,
        comment=comment,
    )


def _locked(request: DisclosureRequest) -> DisclosureRequest:
    return (
        DisclosureRequest.objects.select_for_update(of=("self",))
        .select_related("unit", "clock")
        .get(pk=request.pk)
    )


def _save(request: DisclosureRequest, by: User | None) -> None:
    request._history_user = by if getattr(by, "pk", None) else None
    request.save()


def _require_handler(by: User, request: DisclosureRequest) -> None:
    if not may_handle(by, request.unit):
        raise PermissionDenied


def _require_status(request: DisclosureRequest, *statuses: str) -> None:
    if request.status not in statuses:
        raise ValidationError(
            _("申请当前状态为“%(status)s”，不能进行此操作。")
            % {"status": request.get_status_display()}
        )


def _tell_applicant(request: DisclosureRequest, subject: str, body: str) -> None:
    """In-app message and SMS to an applicant with an account (others get the letter)."""
    if request.applicant_user_id:
        notify_user(
            user=request.applicant_user,
            subject=subject,
            body=body,
            link=f"/ysqgk/mine/{request.number}/",
            sms=True,
            dedupe_key=f"disclosure-request:{request.pk}:{subject}",
        )


# --- numbers, letters, clock -----------------------------------------------------------------


def _number(unit: OrgUnit, year: int) -> str:
    """YSQ-2026-scjg-00001: a running number per unit and year, gapless under a row lock."""
    RequestCounter.objects.get_or_create(unit=unit, year=year)
    counter = RequestCounter.objects.select_for_update().get(unit=unit, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{REQUEST_PREFIX}-{year}-{unit.code}-{counter.last:05d}"


def _letter(request, kind: str, by: User, body: dict, on: datetime.date) -> RequestLetter:
    suffix = LETTER_SUFFIX[kind]
    n = request.letters.filter(kind=kind).count() + 1
    number = f"{request.number}-{suffix}" + (f"{n}" if n > 1 else "")
    return RequestLetter.objects.create(
        request=request, kind=kind, number=number, issued_on=on, body=body, issued_by=by
    )


def _start_clock(request: DisclosureRequest, start: datetime.date) -> None:
    clock = platform_clock_start(
        process=REQUEST_CLOCK_PROCESS,
        limit_days=REQUEST_LIMIT_DAYS,
        start_date=start,
        subject=request.number,
    )
    clock_watch(
        clock=clock,
        subsystem=Subsystem.DISCLOSURE,
        unit=request.unit,
        title=_("依申请公开答复时限：%(number)s %(name)s")
        % {"number": request.number, "name": request.applicant_name},
        link=f"/office/disclosure/requests/{request.pk}/",
    )
    request.clock = clock


def _check_date(on: datetime.date, label: str, *, not_before: datetime.date | None = None):
    if on > _today():
        raise ValidationError(_("%(label)s不能晚于今天。") % {"label": label})
    if not_before and on < not_before:
        raise ValidationError(_("%(label)s不能早于收到申请的日期。") % {"label": label})


# --- applying ---------------------------------------------------------------------------------


def _build(
    *,
    unit: OrgUnit,
    channel: str,
    applicant_type: str,
    applicant_name: str,
    mobile: str,
    description: str,
    form_wanted: str,
    delivery_method: str,
    legal_subtype: str = "",
    id_number: str = "",
    uscc: str = "",
    legal_representative: str = "",
    contact_person: str = "",
    email: str = "",
    address: str = "",
    postcode: str = "",
    applicant_user: User | None = None,
    created_by: User | None = None,
) -> DisclosureRequest:
    errors = {}
    if applicant_type not in ApplicantType.values:
        errors["applicant_type"] = _("请选择申请人类型。")
    if applicant_type == ApplicantType.NATURAL:
        legal_subtype = ""
        try:
            validate_resident_id(id_number)
        except ValidationError:
            errors["id_number"] = _("请填写有效的居民身份证号码。")
    elif applicant_type == ApplicantType.LEGAL:
        if legal_subtype not in LegalSubtype.values:
            errors["legal_subtype"] = _("请选择法人或其他组织的类型。")
        try:
            validate_uscc(uscc)
        except ValidationError:
            errors["uscc"] = _("请填写有效的统一社会信用代码。")
        if not contact_person.strip():
            errors["contact_person"] = _("请填写联系人。")
    if not applicant_name.strip():
        errors["applicant_name"] = _("请填写申请人姓名或名称。")
    try:
        validate_mobile(mobile)
    except ValidationError:
        errors["mobile"] = _("请填写有效的手机号码。")
    if len(description.strip()) < 5:
        errors["description"] = _("请描述所需政府信息的名称、文号或者便于查询的其他特征。")
    if form_wanted not in InfoForm.values:
        errors["form_wanted"] = _("请选择信息提供形式。")
    if delivery_method not in DeliveryMethod.values:
        errors["delivery_method"] = _("请选择获取信息的方式。")
    if delivery_method == DeliveryMethod.MAIL and not address.strip():
        errors["address"] = _("邮寄送达须填写通信地址。")
    if delivery_method == DeliveryMethod.EMAIL and not email.strip():
        errors["email"] = _("电子邮件送达须填写电子邮箱。")
    if errors:
        raise ValidationError(errors)
    request = DisclosureRequest(
        number=_number(unit, _today().year),
        unit=unit,
        channel=channel,
        applicant_user=applicant_user,
        applicant_type=applicant_type,
        legal_subtype=legal_subtype,
        applicant_name=applicant_name.strip(),
        id_number=id_number.strip().upper() if applicant_type == ApplicantType.NATURAL else "",
        uscc=uscc.strip().upper() if applicant_type == ApplicantType.LEGAL else "",
        legal_representative=legal_representative.strip(),
        contact_person=contact_person.strip(),
        mobile=mobile.strip(),
        email=email.strip(),
        address=address.strip(),
        postcode=postcode.strip(),
        description=description.strip(),
        form_wanted=form_wanted,
        delivery_method=delivery_method,
        created_by=created_by,
    )
    request.full_clean(exclude=["clock", "number", "query_code_hash"])
    return request


@transaction.atomic
def request_submit_online(
    *, by: User, unit: OrgUnit, legal_subtype: str = "", **fields
) -> DisclosureRequest:
    """网上提交政府信息公开申请（登录的自然人或法人）。收到日期为本机关确认之日（第三十一条）。"""
    if not (by.is_authenticated and getattr(by, "is_citizen", False)):
        raise PermissionDenied
    profile = getattr(by, "citizen_profile", None)
    if profile is None:
        raise ValidationError(_("请先完成实名认证。"))
    legal = profile.person_type == "legal"
    if legal and not fields.get("contact_person"):
        fields["contact_person"] = profile.legal_representative or profile.name
    request = _build(
        unit=unit,
        channel=RequestChannel.ONLINE,
        applicant_type=ApplicantType.LEGAL if legal else ApplicantType.NATURAL,
        applicant_name=profile.name,
        id_number="" if legal else profile.id_number,
        uscc=profile.uscc if legal else "",
        legal_representative=profile.legal_representative,
        legal_subtype=legal_subtype if legal else "",
        applicant_user=by,
        **{"mobile": by.mobile, **fields},
    )
    request.status = RequestStatus.SUBMITTED
    request.confirm_due = add_working_days(_today(), CONFIRM_DAYS)
    _save(request, by)
    _event(request, by, RequestAction.SUBMIT)
    return request


@transaction.atomic
def request_confirm(
    *, request: DisclosureRequest, by: User, on: datetime.date | None = None
) -> DisclosureRequest:
    """确认收到网上申请：确认之日为收到申请之日，答复时限自次日起算。"""
    request = _locked(request)
    _require_handler(by, request)
    _require_status(request, RequestStatus.SUBMITTED)
    on = on or _today()
    _check_date(on, _("确认日期"))
    if on < timezone.localdate(request.submitted_at):
        raise ValidationError(_("确认日期不能早于提交日期。"))
    request.received_on = on
    request.status = RequestStatus.PROCESSING
    _start_clock(request, on)
    _save(request, by)
    _event(request, by, RequestAction.CONFIRM, from_status=RequestStatus.SUBMITTED)
    _letter(request, LetterKind.RECEIPT, by, {"due": request.clock.due_date.isoformat()}, on)
    _tell_applicant(
        request,
        _("政府信息公开申请已收到"),
        _("您的申请（%(number)s）已于%(on)s收到，本机关将于%(due)s前答复。")
        % {"number": request.number, "on": f"{on:%Y-%m-%d}", "due": f"{request.clock.due_date}"},
    )
    return request


@transaction.atomic
def request_register(
    *, by: User, unit: OrgUnit, channel: str, received_on: datetime.date | None = None, **fields
) -> tuple[DisclosureRequest, str]:
    """登记信函、传真、当面提交的申请，返回申请和查询码（8位）。

    收到日期（第三十一条）：当面提交的为提交当日；邮寄的为签收之日；传真的为双方确认之日。
    """
    if not may_handle(by, unit):
        raise PermissionDenied
    if channel not in (RequestChannel.LETTER, RequestChannel.FAX, RequestChannel.IN_PERSON):
        raise ValidationError({"channel": _("请选择申请方式：信函、传真或当面。")})
    today = _today()
    if channel == RequestChannel.IN_PERSON:
        if received_on not in (None, today):
            raise ValidationError({"received_on": _("当面提交的申请，以提交当日为收到申请之日。")})
        received_on = today
    elif received_on is None:
        raise ValidationError(
            {"received_on": _("请填写签收日期（邮寄）或与申请人确认的日期（传真）。")}
        )
    elif received_on > today:
        raise ValidationError({"received_on": _("收到申请日期不能晚于今天。")})
    request = _build(unit=unit, channel=channel, created_by=by, **fields)
    code = f"{secrets.randbelow(10**COUNTER_CODE_DIGITS):0{COUNTER_CODE_DIGITS}d}"
    request.query_code_hash = query_code_hash(request.number, code)
    request.received_on = received_on
    request.submitted_at = timezone.now()
    request.status = RequestStatus.PROCESSING
    _save(request, by)
    _start_clock(request, received_on)
    # The clock links to the saved request; no second history row for it.
    DisclosureRequest.objects.filter(pk=request.pk).update(clock=request.clock)
    _event(request, by, RequestAction.REGISTER, comment=request.get_channel_display())
    _letter(request, LetterKind.RECEIPT, by, {"due": request.clock.due_date.isoformat()}, today)
    return request, code


@transaction.atomic
def request_withdraw(
    *, request: DisclosureRequest, by: User, reason: str = ""
) -> DisclosureRequest:
    """申请人撤回申请。"""
    request = _locked(request)
    if request.applicant_user_id != by.pk:
        raise PermissionDenied
    _require_status(request, *REQUEST_OPEN)
    return _close(request, by, RequestAction.WITHDRAW, reason or _("申请人撤回申请"))


def _close(request, by, action, reason: str, on: datetime.date | None = None):
    old = request.status
    request.status = RequestStatus.WITHDRAWN
    request.closed_reason = reason[:200]
    request.closed_on = on or _today()
    if request.clock_id and not request.clock.finished_on:
        clock_finish(clock=request.clock, on=on)
    _save(request, by)
    _event(request, by, action, from_status=old, comment=reason)
    return request


# --- clarification (第三十条) -----------------------------------------------------------------


def clarification_last_day(request: DisclosureRequest) -> datetime.date:
    """The last day the agency may ask for clarification: 7 working days after receipt."""
    return add_working_days(request.received_on, CLARIFY_WITHIN_DAYS)


@transaction.atomic
def clarification_request(
    *,
    request: DisclosureRequest,
    by: User,
    items: list[str],
    answer_days: int = CLARIFY_DEFAULT_PERIOD,
    on: datetime.date | None = None,
) -> Clarification:
    """一次性告知申请人补正（收到申请之日起7个工作日内，一次性告知全部内容）。"""
    request = _locked(request)
    _require_handler(by, request)
    _require_status(request, RequestStatus.PROCESSING)
    on = on or _today()
    _check_date(on, _("告知日期"), not_before=request.received_on)
    if Clarification.objects.filter(request=request).exists():
        raise ValidationError(_("补正只能告知一次（条例第三十条）。"))
    if on > clarification_last_day(request):
        raise ValidationError(
            _("应当在收到申请之日起7个工作日内告知补正（最迟%(day)s），已超过期限。")
            % {"day": f"{clarification_last_day(request):%Y-%m-%d}"}
        )
    items = [i.strip() for i in items if i and i.strip()]
    if not items:
        raise ValidationError(_("请一次性列明需要补正的全部事项。"))
    if not 1 <= answer_days <= 30:
        raise ValidationError(_("补正期限应为1至30个工作日。"))
    clarification = Clarification.objects.create(
        request=request,
        items=items,
        sent_on=on,
        answer_due=add_working_days(on, answer_days),
        sent_by=by,
    )
    clock_pause(clock=request.clock, reason=PauseReason.CORRECTION, by=by, on=on)
    old = request.status
    request.status = RequestStatus.CLARIFYING
    _save(request, by)
    _event(request, by, RequestAction.CLARIFY, from_status=old, comment="；".join(items))
    _letter(
        request,
        LetterKind.CLARIFICATION,
        by,
        {"items": items, "answer_due": clarification.answer_due.isoformat()},
        on,
    )
    _tell_applicant(
        request,
        _("请补正政府信息公开申请"),
        _("您的申请（%(number)s）需要补正，请于%(due)s前补正。")
        % {"number": request.number, "due": f"{clarification.answer_due:%Y-%m-%d}"},
    )
    return clarification


@transaction.atomic
def clarification_answer(
    *, request: DisclosureRequest, by: User, answer: str, on: datetime.date | None = None
) -> DisclosureRequest:
    """收到申请人的补正：答复期限自收到补正的申请之日起重新计算（20个工作日）。"""
    request = _locked(request)
    if not (request.applicant_user_id == by.pk or may_handle(by, request.unit)):
        raise PermissionDenied
    _require_status(request, RequestStatus.CLARIFYING)
    clarification = request.clarification
    on = on or _today()
    _check_date(on, _("补正日期"), not_before=clarification.sent_on)
    if on > clarification.answer_due:
        raise ValidationError(_("已超过补正期限，申请视为放弃。"))
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("请填写补正内容。")})
    clarification.answer = answer
    clarification.answered_on = on
    clarification.save(update_fields=["answer", "answered_on"])
    clock_finish(clock=request.clock, on=on)
    _start_clock(request, on)
    old = request.status
    request.status = RequestStatus.PROCESSING
    _save(request, by)
    _event(request, by, RequestAction.ANSWER, from_status=old, comment=answer[:500])
    return request


# --- third-party consultation (第三十二条) ----------------------------------------------------


@transaction.atomic
def consultation_start(
    *,
    request: DisclosureRequest,
    by: User,
    third_party: str,
    matter: str,
    contact: str = "",
    on: datetime.date | None = None,
) -> Consultation:
    """书面征求第三方意见：第三方15个工作日内提出意见，所需时间不计算在答复期限内。"""
    request = _locked(request)
    _require_handler(by, request)
    _require_status(request, RequestStatus.PROCESSING)
    on = on or _today()
    _check_date(on, _("发函日期"), not_before=request.received_on)
    if not third_party.strip() or not matter.strip():
        raise ValidationError(_("请填写第三方名称和征求意见的内容。"))
    consultation = Consultation.objects.create(
        request=request,
        third_party=third_party.strip(),
        contact=contact.strip(),
        matter=matter.strip(),
        sent_on=on,
        due_on=add_working_days(on, THIRD_PARTY_DAYS),
        sent_by=by,
    )
    clock_pause(clock=request.clock, reason=PauseReason.THIRD_PARTY, by=by, on=on)
    old = request.status
    request.status = RequestStatus.CONSULTING
    _save(request, by)
    _event(request, by, RequestAction.CONSULT, from_status=old, comment=third_party)
    _letter(
        request,
        LetterKind.CONSULTATION,
        by,
        {
            "third_party": consultation.third_party,
            "matter": consultation.matter,
            "due_on": consultation.due_on.isoformat(),
        },
        on,
    )
    return consultation


@transaction.atomic
def consultation_record(
    *,
    request: DisclosureRequest,
    by: User,
    outcome: str,
    note: str = "",
    on: datetime.date | None = None,
) -> Consultation:
    """登记第三方意见（同意、不同意，或逾期未提出意见），恢复计时。"""
    request = _locked(request)
    _require_handler(by, request)
    _require_status(request, RequestStatus.CONSULTING)
    consultation = request.consultations.get(answered_on__isnull=True)
    on = on or _today()
    _check_date(on, _("收到意见日期"), not_before=consultation.sent_on)
    if outcome not in ConsultationOutcome.values:
        raise ValidationError({"outcome": _("请选择第三方意见。")})
    if outcome == ConsultationOutcome.NO_REPLY and on <= consultation.due_on:
        raise ValidationError(
            _("第三方的答复期限至%(due)s，期满后才能登记为逾期未提出意见。")
            % {"due": f"{consultation.due_on:%Y-%m-%d}"}
        )
    if outcome == ConsultationOutcome.NO_REPLY:
        on = min(on, consultation.due_on)  # the time not counted ends with the third party's
    consultation.outcome = outcome
    consultation.outcome_note = note.strip()
    consultation.answered_on = on
    consultation.save(update_fields=["outcome", "outcome_note", "answered_on"])
    clock_resume(clock=request.clock, on=on)
    old = request.status
    request.status = RequestStatus.PROCESSING
    _save(request, by)
    _event(
        request,
        by,
        RequestAction.CONSULTED,
        from_status=old,
        comment=f"{consultation.third_party}：{consultation.get_outcome_display()} {note}".strip(),
    )
    return consultation


# --- extension (第三十三条第二款) --------------------------------------------------------------


@transaction.atomic
def extension_ask(
    *, request: DisclosureRequest, by: User, days: int, reason: str
) -> DisclosureRequest:
    """申请延长答复期限（报政府信息公开工作机构负责人同意）。"""
    request = _locked(request)
    _require_handler(by, request)
    _require_status(request, RequestStatus.PROCESSING, RequestStatus.CONSULTING)
    if request.extension_days_asked:
        raise ValidationError(_("已有待审批的延期申请。"))
    left = REQUEST_EXTENSION_MAX_DAYS - request.extended_days
    if not 1 <= days <= left:
        raise ValidationError(
            {"days": _("延长期限最长不超过20个工作日（尚可延长%(left)s个）。") % {"left": left}}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("请填写延期理由。")})
    request.extension_days_asked = days
    request.extension_reason = reason.strip()[:500]
    request.extension_asked_by = by
    _save(request, by)
    _event(request, by, RequestAction.EXTENSION_ASK, comment=f"{days}：{reason}")
    return request


@transaction.atomic
def extension_decide(
    *, request: DisclosureRequest, by: User, approve: bool, comment: str = ""
) -> DisclosureRequest:
    """负责人审批延期：同意的，延长时限并向申请人出具延期答复告知书。"""
    request = _locked(request)
    if not may_approve_extension(by, request.unit):
        raise PermissionDenied
    if not request.extension_days_asked:
        raise ValidationError(_("没有待审批的延期申请。"))
    _require_status(request, RequestStatus.PROCESSING, RequestStatus.CONSULTING)
    days, reason = request.extension_days_asked, request.extension_reason
    request.extension_days_asked = 0
    if approve:
        clock_extend(clock=request.clock, days=days, reason=reason, approved_by=by)
        request.clock.refresh_from_db()
        request.extended_days += days
    _save(request, by)
    if not approve:
        _event(request, by, RequestAction.EXTENSION_REFUSE, comment=comment)
        return request
    _event(request, by, RequestAction.EXTENSION_APPROVE, comment=f"{days}：{comment}".strip("："))
    due = request.clock.due_date
    _letter(
        request,
        LetterKind.EXTENSION,
        by,
        {"days": days, "reason": reason, "due": due.isoformat() if due else ""},
        _today(),
    )
    _tell_applicant(
        request,
        _("政府信息公开申请延期答复"),
        _("您的申请（%(number)s）需延长答复期限%(days)s个工作日。")
        % {"number": request.number, "days": days},
    )
    return request


# --- fees (国办函〔2020〕109号) -----------------------------------------------------------------


def fee_quote(request: DisclosureRequest, mode: str, pages: int = 0) -> tuple[int, int, str]:
    """(quantity, amount in 元, basis) of the fee this request would bear."""
    if mode == FeeMode.BY_PIECE:
        received = request.received_on
        month = DisclosureRequest.objects.filter(
            unit=request.unit,
            received_on__year=received.year,
            received_on__month=received.month,
        )
        if request.applicant_user_id:
            month = month.filter(applicant_user_id=request.applicant_user_id)
        elif request.uscc or request.id_number:
            month = month.filter(uscc=request.uscc, id_number=request.id_number)
        else:
            month = month.filter(applicant_name=request.applicant_name)
        nth = month.filter(received_on__lt=received).count() + (
            month.filter(received_on=received, pk__lte=request.pk).count()
        )
        amount = piece_fee(nth)
        basis = _("同一申请人本自然月内第%(n)s件申请") % {"n": nth}
        return nth, amount, basis
    if mode == FeeMode.BY_VOLUME:
        if pages <= 0:
            raise ValidationError({"pages": _("请填写页数。")})
        return pages, volume_fee(pages), _("本申请提供政府信息共%(n)s页") % {"n": pages}
    raise ValidationError({"mode": _("请选择计收方式。")})


@transaction.atomic
def fee_notice_issue(
    *,
    request: DisclosureRequest,
    by: User,
    mode: str,
    pages: int = 0,
    on: datetime.date | None = None,
) -> FeeNotice:
    """出具收费通知：缴费期间不计算在答复期限内；20个工作日内未缴纳的视为放弃申请。"""
    request = _locked(request)
    _require_handler(by, request)
    _require_status(request, RequestStatus.PROCESSING)
    if FeeNotice.objects.filter(request=request).exists():
        raise ValidationError(_("本申请已出具收费通知。"))
    if mode == FeeMode.BY_VOLUME and request.form_wanted == InfoForm.VIEWING:
        raise ValidationError(_("现场查阅不按量收费。"))
    quantity, amount, basis = fee_quote(request, mode, pages)
    if amount <= 0:
        raise ValidationError(
            _("未超过收费标准（%(basis)s），不收取信息处理费。") % {"basis": basis}
        )
    on = on or _today()
    _check_date(on, _("通知日期"), not_before=request.received_on)
    fee = FeeNotice.objects.create(
        request=request,
        mode=mode,
        quantity=quantity,
        amount=amount,
        basis=basis,
        notice_on=on,
        pay_due=add_working_days(on, FEE_PAY_DAYS),
        issued_by=by,
    )
    clock_pause(clock=request.clock, reason=PauseReason.AWAITING_FEE, by=by, on=on)
    old = request.status
    request.status = RequestStatus.AWAITING_FEE
    _save(request, by)
    _event(request, by, RequestAction.FEE_NOTICE, from_status=old, comment=f"{amount}元 {basis}")
    _letter(
        request,
        LetterKind.FEE,
        by,
        {
            "mode": mode,
            "quantity": quantity,
            "amount": amount,
            "basis": basis,
            "pay_due": fee.pay_due.isoformat(),
        },
        on,
    )
    _tell_applicant(
        request,
        _("政府信息公开申请收费通知"),
        _("您的申请（%(number)s）需缴纳信息处理费%(amount)s元，请于%(due)s前缴纳。")
        % {"number": request.number, "amount": amount, "due": f"{fee.pay_due:%Y-%m-%d}"},
    )
    return fee


@transaction.atomic
def fee_paid(
    *, request: DisclosureRequest, by: User, on: datetime.date | None = None
) -> DisclosureRequest:
    """确认申请人已缴费，恢复计时。"""
    request = _locked(request)
    _require_handler(by, request)
    _require_status(request, RequestStatus.AWAITING_FEE)
    fee = request.fee
    on = on or _today()
    _check_date(on, _("缴费日期"), not_before=fee.notice_on)
    if on > fee.pay_due:
        raise ValidationError(_("已超过缴费期限，申请视为放弃。"))
    fee.paid_on = on
    fee.save(update_fields=["paid_on"])
    clock_resume(clock=request.clock, on=on)
    request.status = RequestStatus.PROCESSING
    _save(request, by)
    _event(request, by, RequestAction.FEE_PAID, from_status=RequestStatus.AWAITING_FEE)
    return request


# --- deemed withdrawn (Celery beat) ---------------------------------------------------------


def requests_lapse(*, today: datetime.date | None = None) -> int:
    """Requests whose clarification or fee period ended without an answer: deemed withdrawn
    (第三十条) or abandoned (国办函〔2020〕109号). Idempotent: a closed request is left alone."""
    today = today or _today()
    count = 0
    lapsed_clarifications = Clarification.objects.filter(
        answered_on__isnull=True, answer_due__lt=today, request__status=RequestStatus.CLARIFYING
    ).values_list("request_id", flat=True)
    for pk in list(lapsed_clarifications):
        with transaction.atomic():
            request = _locked(DisclosureRequest(pk=pk))
            if request.status != RequestStatus.CLARIFYING:
                continue
            clarification = request.clarification
            clarification.lapsed = True
            clarification.save(update_fields=["lapsed"])
            _close(
                request,
                None,
                RequestAction.DEEMED_WITHDRAWN,
                _("逾期未补正，视为放弃申请（条例第三十条）"),
                on=clarification.answer_due,
            )
            count += 1
    lapsed_fees = FeeNotice.objects.filter(
        paid_on__isnull=True, pay_due__lt=today, request__status=RequestStatus.AWAITING_FEE
    ).values_list("request_id", flat=True)
    for pk in list(lapsed_fees):
        with transaction.atomic():
            request = _locked(DisclosureRequest(pk=pk))
            if request.status != RequestStatus.AWAITING_FEE:
                continue
            request.fee.lapsed = True
            request.fee.save(update_fields=["lapsed"])
            _close(
                request,
                None,
                RequestAction.DEEMED_WITHDRAWN,
                _("逾期未缴纳信息处理费，视为放弃申请（国办函〔2020〕109号）"),
                on=request.fee.pay_due,
            )
            count += 1
    return count


# --- reply files and the reply (第三十六条) ---------------------------------------------------


@transaction.atomic
def reply_file_add(*, request: DisclosureRequest, by: User, upload, pages: int = 0) -> ReplyFile:
    """上传提供给申请人的政府信息文件。"""
    request = _locked(request)
    _require_handler(by, request)
    _require_status(request, RequestStatus.PROCESSING)
    _kind, name = check_upload(upload, REPLY_FILE_KINDS, REPLY_FILE_MAX_BYTES)
    row = ReplyFile(request=request, original_name=name, size=upload.size, pages=max(pages, 0))
    row.file.save(name, upload, save=False)
    row.save()
    _event(request, by, RequestAction.REPLY, comment=_("上传文件：%(name)s") % {"name": name})
    return row


def _validate_reply(request, outcome, grounds, reply_text, public_location, has_files):
    if outcome not in ReplyOutcome.values:
        raise ValidationError({"outcome": _("请选择答复类型。")})
    if outcome == ReplyOutcome.ALREADY_PUBLIC:
        if not public_location.strip():
            raise ValidationError({"public_location": _("请告知获取该政府信息的方式和途径。")})
        return []
    if outcome == ReplyOutcome.GRANTED:
        if not has_files and request.form_wanted != InfoForm.VIEWING and not reply_text.strip():
            raise ValidationError(_("予以公开的，请上传所提供的政府信息或写明提供的内容。"))
        return []
    if outcome in (ReplyOutcome.REFUSED, ReplyOutcome.PARTIAL):
        grounds = [g for g in grounds if g]
        if not grounds or any(g not in RefusalGround.values for g in grounds):
            raise ValidationError({"grounds": _("不予公开的，请选择法定理由。")})
        if outcome == ReplyOutcome.PARTIAL and not has_files:
            raise ValidationError(_("部分公开的，请上传可以公开的部分。"))
        if not reply_text.strip():
            raise ValidationError({"reply_text": _("请说明不予公开的内容和理由。")})
        return grounds
    if outcome == ReplyOutcome.UNAVAILABLE:
        if len(grounds) != 1 or grounds[0] not in UnavailableReason.values:
            raise ValidationError({"grounds": _("请选择无法提供的原因。")})
        if grounds[0] == UnavailableReason.UNCLEAR:
            clarification = Clarification.objects.filter(
                request=request, answered_on__isnull=False
            ).first()
            if clarification is None:
                raise ValidationError(
                    _("只有经补正后申请内容仍不明确的，才能以此为由答复（条例第三十条）。")
                )
        return grounds
    # 不予处理
    if len(grounds) != 1 or grounds[0] not in NotProcessedReason.values:
        raise ValidationError({"grounds": _("请选择不予处理的原因。")})
    return grounds


@transaction.atomic
def request_reply(
    *,
    request: DisclosureRequest,
    by: User,
    outcome: str,
    grounds: list[str] | None = None,
    reply_text: str = "",
    public_location: str = "",
    on: datetime.date | None = None,
) -> RequestLetter:
    """作出答复（第三十六条），出具加盖公章、附核验二维码的答复书，停止计时。"""
    request = _locked(request)
    _require_handler(by, request)
    _require_status(request, RequestStatus.PROCESSING)
    has_files = request.files.exists()
    grounds = _validate_reply(
        request, outcome, list(grounds or []), reply_text, public_location, has_files
    )
    on = on or _today()
    _check_date(on, _("答复日期"), not_before=request.received_on)
    request.outcome = outcome
    request.grounds = grounds
    request.reply_text = reply_text.strip()
    request.public_location = public_location.strip()
    request.replied_on = on
    request.replied_by = by
    request.extension_days_asked = 0
    old = request.status
    request.status = RequestStatus.REPLIED
    clock_finish(clock=request.clock, on=on)
    _save(request, by)
    _event(request, by, RequestAction.REPLY, from_status=old, comment=request.get_outcome_display())
    letter = _letter(
        request,
        LetterKind.REPLY,
        by,
        {
            "outcome": outcome,
            "grounds": grounds,
            "reply_text": request.reply_text,
            "public_location": request.public_location,
            "files": list(request.files.values_list("original_name", flat=True)),
        },
        on,
    )
    _tell_applicant(
        request,
        _("政府信息公开申请已答复"),
        _("您的申请（%(number)s）已答复：%(outcome)s。")
        % {"number": request.number, "outcome": request.get_outcome_display()},
    )
    return letter


@transaction.atomic
def request_rate(
    *, request: DisclosureRequest, by: User, rating: int, comment: str = ""
) -> DisclosureRequest:
    """申请人评价办理情况（1至5星，一次）。"""
    request = _locked(request)
    if request.applicant_user_id != by.pk:
        raise PermissionDenied
    _require_status(request, RequestStatus.REPLIED)
    if request.rating is not None:
        raise ValidationError(_("您已评价过本申请。"))
    if rating not in (1, 2, 3, 4, 5):
        raise ValidationError({"rating": _("请选择1至5星。")})
    request.rating = rating
    request.rating_comment = comment.strip()[:500]
    _save(request, by)
    _event(request, by, RequestAction.RATE, comment=f"{rating} {request.rating_comment}".strip())
    return request


__all__ = [
    "clarification_answer",
    "clarification_last_day",
    "clarification_request",
    "consultation_record",
    "consultation_start",
    "extension_ask",
    "extension_decide",
    "fee_notice_issue",
    "fee_paid",
    "fee_quote",
    "reply_file_add",
    "request_confirm",
    "request_rate",
    "request_register",
    "request_reply",
    "request_submit_online",
    "request_withdraw",
    "requests_lapse",
]


# --- public lookup by number and query code (ADR 0006, as for licensing) ---------------------


class LookupRefused(Exception):
    """Unknown number or wrong code (the same answer for both)."""


class LookupLocked(Exception):
    def __init__(self, until):
        super().__init__(str(until))
        self.until = until


def request_lookup(*, number: str, code: str) -> DisclosureRequest:
    """查询申请办理进度：编号与查询码；连续输错达到上限的，暂停查询。"""
    number = (number or "").strip()
    request = DisclosureRequest.objects.filter(number=number).only("pk").first()
    if request is None or not number:
        raise LookupRefused
    now = timezone.now()
    with transaction.atomic():
        request = DisclosureRequest.objects.select_for_update().get(pk=request.pk)
        if request.lookup_locked_until and request.lookup_locked_until > now:
            raise LookupLocked(request.lookup_locked_until)
        from ..selectors.requests import query_code_matches

        if query_code_matches(request, code):
            if request.lookup_failures:
                DisclosureRequest.objects.filter(pk=request.pk).update(
                    lookup_failures=0, lookup_locked_until=None
                )
            return request
        failures = request.lookup_failures + 1
        locked = None
        if failures >= settings.PROGRESS_LOOKUP_MAX_FAILURES:
            failures = 0
            locked = now + datetime.timedelta(minutes=settings.PROGRESS_LOOKUP_LOCK_MINUTES)
        # No history row: a guess is not a change of the case.
        DisclosureRequest.objects.filter(pk=request.pk).update(
            lookup_failures=failures, lookup_locked_until=locked
        )
    if locked is not None:
        raise LookupLocked(locked)
    raise LookupRefused
