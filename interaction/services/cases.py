"""Writes of cases: submission and registration, assignment and return, rating, return calls.

Every function is one business action in one transaction, locks the case row, checks who may act,
and appends a CaseEvent (who, when, from which state to which).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.constants import Channel as NotifyChannel
from platform_core.dynforms.files import check_upload
from platform_core.models import ClockPolicy, OrgUnit, Subsystem, User
from platform_core.publishing import request_publish
from platform_core.selectors.calendar import add_working_days
from platform_core.services.clock import clock_extend, clock_finish, clock_start
from platform_core.services.notifications import notification_enqueue
from platform_core.services.supervision import clock_watch
from platform_core.validators import validate_mobile

from ..checks import sensitive_words
from ..constants import (
    COMMENT_CLOCK,
    DEFAULT_LIMITS,
    RATING_WINDOW_DAYS,
    TRIAGE_DAYS,
    CaseAction,
    CaseStatus,
    Channel,
    Kind,
    Score,
    Source,
)
from ..models import (
    Assignment,
    Attachment,
    Case,
    CaseCounter,
    CaseEvent,
    Category,
    FollowUp,
    KindPolicy,
    PetitionPolicy,
    Rating,
)
from ..selectors.access import (
    DEPARTMENT_KINDS,
    is_office_reviewer,
    is_office_staff,
    may_handle,
    office_unit,
)

CLOCK_PROCESS = "interaction-case"
TITLE_MIN, TITLE_MAX = 4, 100
CONTENT_MIN, CONTENT_MAX = 10, 3000
ADDRESS_MAX = 200
MAX_ATTACHMENTS = 5
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_KINDS = ("jpeg", "png", "pdf")
QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
QUERY_CODE_LENGTH = 6


# --- helpers ------------------------------------------------------------------------------------


def _event(case: Case, by: User | None, action: str, *, from_status: str = "", comment=""):
    return CaseEvent.objects.create(
        case=case,
        actor=by if (by is not None and getattr(by, "pk", None)) else None,
        action=action,
        from_status=from_status,
        to_status=case.status,
        comment=comment,
    )


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def query_code_hash(number: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{number}:{code.strip().upper()}".encode(), hashlib.sha256).hexdigest()


def query_code_matches(case: Case, code: str) -> bool:
    return hmac.compare_digest(case.query_code_hash, query_code_hash(case.number, code or ""))


def _number_assign(day: datetime.date) -> str:
    """Case number: date + a gapless serial of the day (the counter row is locked)."""
    counter, _created = CaseCounter.objects.select_for_update().get_or_create(day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{day:%Y%m%d}{counter.last:04d}"


def limit_days_for(kind: str, *, is_petition: bool = False) -> int:
    """The handling limit in working days: the kind's (or the 信访 rule's), as administered."""
    if is_petition:
        policy = PetitionPolicy.objects.first()
        return policy.handle_days if policy else 60
    row = KindPolicy.objects.filter(kind=kind).values_list("limit_days", flat=True).first()
    return row or DEFAULT_LIMITS[Kind(kind)]


def _triage_due(start: datetime.date, is_petition: bool) -> datetime.date:
    if is_petition:
        policy = PetitionPolicy.objects.first()
        return add_working_days(start, policy.accept_days if policy else 15)
    return add_working_days(start, TRIAGE_DAYS)


def _watch(case: Case, unit: OrgUnit) -> None:
    clock_watch(
        clock=case.clock,
        subsystem=Subsystem.INTERACTION,
        unit=unit,
        title=_("%(kind)s办理时限：%(title)s")
        % {"kind": case.get_kind_display(), "title": case.title[:100]},
        link=f"/office/interaction/cases/{case.number}/",
    )


def _start_clock(case: Case, unit: OrgUnit | None, start: datetime.date) -> None:
    case.clock = clock_start(
        process=CLOCK_PROCESS,
        limit_days=limit_days_for(case.kind, is_petition=case.is_petition),
        start_date=start,
        subject=f"{case.number} {case.title}",
    )
    if unit is not None:
        _watch(case, unit)


# A landline (investment consultations may give one) receives no SMS.
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def _sms(case: Case, text: str, key: str) -> None:
    if case.mobile and not LANDLINE_RE.match(case.mobile):
        notification_enqueue(
            channel=NotifyChannel.SMS,
            subject=_("政民互动"),
            body=text,
            recipient=case.citizen,
            address=case.mobile,
            dedupe_key=f"interaction:{case.number}:{key}",
        )


# --- content checks -----------------------------------------------------------------------------


def check_text(*, title: str, content: str, address: str = "") -> dict[str, str]:
    """Every refusal of the text, by field, in Chinese (empty when acceptable)."""
    errors: dict[str, str] = {}
    title, content = (title or "").strip(), (content or "").strip()
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        errors["title"] = _("标题应为%(min)d至%(max)d个字，现为%(n)d个字。") % {
            "min": TITLE_MIN,
            "max": TITLE_MAX,
            "n": len(title),
        }
    if not CONTENT_MIN <= len(content) <= CONTENT_MAX:
        errors["content"] = _("内容应为%(min)d至%(max)d个字，现为%(n)d个字。") % {
            "min": CONTENT_MIN,
            "max": CONTENT_MAX,
            "n": len(content),
        }
    if len(address or "") > ADDRESS_MAX:
        errors["address"] = _("详细地址不能超过%(max)d个字。") % {"max": ADDRESS_MAX}
    for field, text in (("title", title), ("content", content), ("address", address or "")):
        words = sensitive_words(text)
        if words and field not in errors:
            errors[field] = _("含有不宜发布的词语“%(words)s”，请修改后再提交。") % {
                "words": "”“".join(words)
            }
    return errors


def check_uploads(uploads) -> list[tuple]:
    """Validate every file through the platform's upload check; return (upload, kind, name)."""
    uploads = [u for u in uploads or [] if u]
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("最多上传%(n)d个附件。") % {"n": MAX_ATTACHMENTS}})
    checked = []
    for upload in uploads:
        try:
            kind, name = check_upload(upload, ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES)
        except ValidationError as exc:
            raise ValidationError({"attachments": exc.messages}) from exc
        checked.append((upload, kind, name))
    return checked


# --- submission ---------------------------------------------------------------------------------


def case_submit(
    *,
    kind: str,
    category: Category,
    title: str,
    content: str,
    name: str,
    mobile: str,
    township: OrgUnit | None = None,
    address: str = "",
    allow_public: bool = False,
    citizen: User | None = None,
    channel: str = Channel.ONLINE,
    entered_by: User | None = None,
    is_petition: bool = False,
    uploads=(),
    received_at: datetime.datetime | None = None,
    source: str = Source.FORM,
    source_ref: str = "",
    source_title: str = "",
    source_url: str = "",
    staff_note: str = "",
) -> tuple[Case, str]:
    """提交（或登记）来件。Return the case and its query code (shown once, stored hashed).

    Everything is checked before anything is written; the files are stored in the same
    transaction, so a refused submission leaves no row and no file."""
    if kind not in Kind.values:
        raise ValidationError({"kind": _("请选择来件类型。")})
    if channel not in Channel.values:
        raise ValidationError({"channel": _("请选择来件渠道。")})
    errors = check_text(title=title, content=content, address=address)
    name = (name or "").strip()
    if not name or len(name) > 64:
        errors["name"] = _("请填写姓名（不超过64个字）。")
    if source not in Source.values:
        raise ValidationError({"source": _("来源无效。")})
    mobile = (mobile or "").replace(" ", "")
    try:
        validate_mobile(mobile)
    except ValidationError:
        # Investors have always been allowed to leave an office landline.
        if not (source == Source.INVESTMENT and LANDLINE_RE.match(mobile)):
            errors["mobile"] = _("请输入11位中国大陆手机号码。")
    if not category.is_active:
        errors["category"] = _("该问题分类已停用，请重新选择。")
    if township is not None and township.kind != "township":
        errors["township"] = _("请选择乡镇（街道）。")
    if errors:
        raise ValidationError(errors)
    checked = check_uploads(uploads)
    received_at = received_at or timezone.now()
    start = timezone.localdate(received_at)
    code = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _i in range(QUERY_CODE_LENGTH))
    stored_files = []
    try:
        with transaction.atomic():
            number = _number_assign(start)
            case = Case(
                number=number,
                query_code_hash=query_code_hash(number, code),
                kind=kind,
                channel=channel,
                is_petition=is_petition,
                category=category,
                title=title.strip(),
                content=content.strip(),
                township=township,
                address=(address or "").strip(),
                citizen=citizen,
                name=name,
                mobile=mobile,
                allow_public=allow_public,
                entered_by=entered_by,
                received_at=received_at,
                triage_due=_triage_due(start, is_petition),
                source=source,
                source_ref=source_ref[:64],
                source_title=source_title[:200],
                source_url=source_url[:200],
            )
            _start_clock(case, office_unit(), start)
            case.save()
            for upload, file_kind, file_name in checked:
                attachment = Attachment(
                    case=case, original_name=file_name, kind=file_kind, size=upload.size
                )
                attachment.file.save(file_name, upload, save=False)
                stored_files.append(attachment.file)
                attachment.save()
            action = CaseAction.SUBMIT if channel == Channel.ONLINE else CaseAction.REGISTER
            # staff_note: what the handler needs but the public page must not show (an investor's
            # company and e-mail); it stays in the case's event log.
            note = case.get_channel_display() + (f"；{staff_note}" if staff_note else "")
            _event(case, entered_by or citizen, action, comment=note)
            _sms(
                case,
                _("您的%(kind)s已收到，编号%(number)s，查询码%(code)s。")
                % {"kind": case.get_kind_display(), "number": number, "code": code},
                "received",
            )
    except Exception:
        # Nothing is left behind when a step fails: the rows roll back, the files go.
        for stored in stored_files:
            stored.delete(save=False)
        raise
    return case, code


def consultation_category(name: str) -> Category:
    """The active top-level category of that name, created when missing (the 招商引资 channel's
    consultations land in 招商引资, which a county may not have set up yet)."""
    category = Category.objects.filter(parent=None, name=name).order_by("pk").first()
    if category is None:
        category = Category.objects.create(name=name)
    elif not category.is_active:
        category.is_active = True
        category.save(update_fields=["is_active"])
    return category


def case_register(*, by: User, channel: str, **fields) -> tuple[Case, str]:
    """登记来信、来电、来访（工作人员录入）。"""
    if not is_office_staff(by):
        raise PermissionDenied
    if channel == Channel.ONLINE:
        raise ValidationError({"channel": _("网上来件由公众提交，请选择来信、来电或来访。")})
    return case_submit(channel=channel, entered_by=by, **fields)


# --- triage and assignment ----------------------------------------------------------------------


def _require_department(department: OrgUnit) -> None:
    if department.kind not in DEPARTMENT_KINDS or not department.is_active:
        raise ValidationError({"department": _("请选择承办单位（部门或乡镇）。")})


@transaction.atomic
def case_assign(*, case: Case, by: User, department: OrgUnit, note: str = "") -> Case:
    """交办：政民互动办公室把来件交给承办单位。"""
    if not is_office_staff(by):
        raise PermissionDenied
    case = _locked(case)
    if case.status not in (CaseStatus.SUBMITTED, CaseStatus.RETURNED):
        raise ValidationError(_("只有待分办或被退回的来件可以交办。"))
    _require_department(department)
    returned_before = case.assignments.filter(department=department, returned_at__isnull=False)
    if returned_before.exists() and not (note or "").strip():
        raise ValidationError({"note": _("该单位已退回过此件，再次交办给它须写明交办意见。")})
    from_status = case.status
    Assignment.objects.create(case=case, department=department, note=note.strip(), assigned_by=by)
    case.department = department
    case.status = CaseStatus.ASSIGNED
    if not case.clock_id:
        # A case moved in by a data migration (the old 招商引资 consultations) has no clock
        # yet: it starts at its first assignment.
        _start_clock(case, None, timezone.localdate())
    case.save(update_fields=["department", "status", "clock"])
    if case.clock_id:
        _watch(case, department)
    _event(case, by, CaseAction.ASSIGN, from_status=from_status, comment=department.name)
    return case


@transaction.atomic
def case_return(*, case: Case, by: User, reason: str) -> Case:
    """退回：承办单位认为交办有误，写明理由退回政民互动办公室。"""
    case = _locked(case)
    if not may_handle(by, case):
        raise PermissionDenied
    if case.status != CaseStatus.ASSIGNED:
        raise ValidationError(_("只有办理中的来件可以退回。"))
    if case.replies.filter(round=case.round, status="submitted").exists():
        raise ValidationError(_("答复已提交审核，不能退回。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写退回理由。")})
    assignment = case.assignments.get(returned_at__isnull=True)
    assignment.returned_by, assignment.returned_at = by, timezone.now()
    assignment.return_reason = reason
    assignment.save(update_fields=["returned_by", "returned_at", "return_reason"])
    department = case.department
    case.department = None
    case.status = CaseStatus.RETURNED
    case.save(update_fields=["department", "status"])
    office = office_unit()
    if case.clock_id and office is not None:
        _watch(case, office)
    _event(
        case,
        by,
        CaseAction.RETURN,
        from_status=CaseStatus.ASSIGNED,
        comment=f"{department.name}：{reason}",
    )
    return case


@transaction.atomic
def case_set_public(*, case: Case, by: User, public: bool) -> Case:
    """审核是否公开（须本人同意公开）。"""
    if not is_office_staff(by):
        raise PermissionDenied
    case = _locked(case)
    if public and not case.allow_public:
        raise ValidationError(_("来件人未同意公开，不能公开。"))
    case.staff_public = public
    case.save(update_fields=["staff_public"])
    if case.replied_at is not None:
        request_publish("interaction.case", case.pk)  # shown or hidden on the portal
    _event(
        case,
        by,
        CaseAction.PUBLIC,
        from_status=case.status,
        comment=_("同意公开") if public else _("不公开"),
    )
    return case


@transaction.atomic
def case_feature(*, case: Case, by: User, featured: bool) -> Case:
    """设为（或取消）重点关注：政民互动办公室挑选已公开答复的来件，在门户政民互动栏目展示。"""
    if not is_office_staff(by):
        raise PermissionDenied
    case = _locked(case)
    if featured:
        if not (case.is_public and case.replied_at is not None):
            raise ValidationError(_("只有已答复并公开的来件可以设为重点关注。"))
        if case.featured_at is not None:
            raise ValidationError(_("该来件已是重点关注。"))
        case.featured_at, case.featured_by = timezone.now(), by
    else:
        if case.featured_at is None:
            raise ValidationError(_("该来件不是重点关注。"))
        case.featured_at, case.featured_by = None, None
    case.save(update_fields=["featured_at", "featured_by"])
    request_publish("interaction.case", case.pk)  # the channel's 重点关注 block
    _event(
        case,
        by,
        CaseAction.FEATURE if featured else CaseAction.UNFEATURE,
        from_status=case.status,
    )
    return case


@transaction.atomic
def case_extend(*, case: Case, by: User, days: int, reason: str) -> Case:
    """延期（信访事项最多延长30日，经审核人批准）。"""
    if not is_office_reviewer(by):
        raise PermissionDenied
    case = _locked(case)
    if not case.is_petition:
        raise ValidationError(_("只有按信访事项办理的来件可以延期。"))
    if case.status not in (CaseStatus.ASSIGNED, CaseStatus.REVIEW, CaseStatus.SUBMITTED):
        raise ValidationError(_("该来件当前不能延期。"))
    policy = PetitionPolicy.objects.first()
    allowed = policy.max_extension_days if policy else 30
    if not case.clock_id:
        raise ValidationError(_("该来件尚未交办计时，不能延期。"))
    used = sum(e.days for e in case.clock.extensions.all())
    if days + used > allowed:
        raise ValidationError(
            {
                "days": _("延期合计不能超过%(n)d个工作日（已延期%(used)d个）。")
                % {"n": allowed, "used": used}
            }
        )
    clock_extend(clock=case.clock, days=days, reason=reason, approved_by=by)
    _event(case, by, CaseAction.EXTEND, from_status=case.status, comment=f"{days}：{reason}")
    return case


# --- rating and return calls --------------------------------------------------------------------


def rating_deadline(case: Case) -> datetime.datetime | None:
    if case.replied_at is None:
        return None
    return case.replied_at + datetime.timedelta(days=RATING_WINDOW_DAYS)


@transaction.atomic
def case_rate(
    *, case: Case, score: str, comment: str = "", now: datetime.datetime | None = None
) -> Case:
    """评议：满意、基本满意或不满意（答复后14日内）；首次不满意的重新办理一次。

    The caller has proved the citizen's identity (logged in as the submitter, or the query code).
    """
    case = _locked(case)
    now = now or timezone.now()
    if score not in Score.values:
        raise ValidationError({"score": _("请选择评议结果。")})
    if len(comment or "") > 500:
        raise ValidationError({"comment": _("评议意见不能超过500个字。")})
    if case.status != CaseStatus.REPLIED:
        raise ValidationError(_("该来件当前不能评议。"))
    if case.ratings.filter(round=case.round).exists():
        raise ValidationError(_("本次答复已评议过。"))
    deadline = rating_deadline(case)
    if deadline is None or now > deadline:
        raise ValidationError(_("已超过答复后%(n)d日的评议期限。") % {"n": RATING_WINDOW_DAYS})
    Rating.objects.create(case=case, round=case.round, score=score, comment=(comment or "").strip())
    from_status = case.status
    label = Score(score).label
    if score == Score.UNSATISFIED and case.round == 1:
        # 不满意 reopens the case once, with the same department and a new clock.
        case.round = 2
        case.status = CaseStatus.ASSIGNED
        case.replied_at = None
        _start_clock(case, case.department, timezone.localdate(now))
        case.save(update_fields=["round", "status", "replied_at", "clock"])
        _event(case, None, CaseAction.RATE, from_status=from_status, comment=label)
        _event(case, None, CaseAction.REOPEN, from_status=from_status, comment=comment or "")
    else:
        case.status = CaseStatus.CLOSED
        case.closed_at = now
        case.save(update_fields=["status", "closed_at"])
        _event(case, None, CaseAction.RATE, from_status=from_status, comment=label)
    return case


@transaction.atomic
def cases_close_unrated(*, now: datetime.datetime | None = None) -> int:
    """Close replied cases whose rating window has passed without a rating (run daily)."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=RATING_WINDOW_DAYS)
    closed = 0
    for case in Case.objects.select_for_update().filter(
        status=CaseStatus.REPLIED, replied_at__lt=limit
    ):
        case.status, case.closed_at = CaseStatus.CLOSED, now
        case.save(update_fields=["status", "closed_at"])
        _event(case, None, CaseAction.CLOSE, from_status=CaseStatus.REPLIED, comment=_("评议期满"))
        closed += 1
    return closed


@transaction.atomic
def follow_up_record(*, case: Case, by: User, method: str, note: str) -> FollowUp:
    """记录回访。"""
    case = _locked(case)
    if not (is_office_staff(by) or may_handle(by, case)):
        raise PermissionDenied
    if case.status not in (CaseStatus.REPLIED, CaseStatus.CLOSED):
        raise ValidationError(_("答复后才能回访。"))
    if not (note or "").strip():
        raise ValidationError({"note": _("请填写回访情况。")})
    follow_up = FollowUp.objects.create(case=case, by=by, method=method, note=note.strip())
    _event(case, by, CaseAction.FOLLOW_UP, from_status=case.status, comment=note.strip()[:200])
    return follow_up


def policies_ensure(using: str = "default") -> None:
    """The default time limits of each kind and of 信访 cases, and the comment clock's policy,
    where none are stored yet.

    Run after every migrate (apps.py), so that a database flushed by a test or emptied by hand
    gets them back; rows an administrator edited are left as they are."""
    for kind, days in DEFAULT_LIMITS.items():
        KindPolicy.objects.using(using).get_or_create(kind=kind, defaults={"limit_days": days})
    if not PetitionPolicy.objects.using(using).exists():
        PetitionPolicy.objects.using(using).create()
    # 意见征集's comment clock runs through the whole comment period: no yellow card at 80 % of
    # it (nothing is late while the public may still comment), only on the due date itself.
    ClockPolicy.objects.using(using).get_or_create(
        process=COMMENT_CLOCK,
        defaults={"name": "意见征集·审核意见", "due_soon_days": 0, "due_soon_ratio": None},
    )


@transaction.atomic
def case_merge(*, case: Case, into: Case, by: User) -> Case:
    """并案：把重复来件并入主件。The duplicate keeps its row, text, files and events; it is
    answered through the parent, and its citizen is told the parent's number."""
    if not is_office_staff(by):
        raise PermissionDenied
    if case.pk == into.pk:
        raise ValidationError(_("不能与自身并案。"))
    case, into = _locked(case), _locked(into)
    if case.status not in (CaseStatus.SUBMITTED, CaseStatus.RETURNED):
        raise ValidationError(_("只有待分办或被退回的来件可以并入其他来件。"))
    if into.parent_id is not None or into.status in (CaseStatus.CLOSED, CaseStatus.MERGED):
        raise ValidationError(_("主件已办结或已并入其他来件，不能并案。"))
    if case.children.exists():
        raise ValidationError(_("该来件已有并入的来件，请将其他来件并入它。"))
    from_status = case.status
    case.parent = into
    case.status = CaseStatus.MERGED
    case.closed_at = timezone.now()
    case.save(update_fields=["parent", "status", "closed_at"])
    if case.clock_id and not case.clock.finished_on:
        clock_finish(clock=case.clock)
    _event(case, by, CaseAction.MERGE, from_status=from_status, comment=into.number)
    _event(into, by, CaseAction.MERGE, from_status=into.status, comment=case.number)
    _sms(
        case,
        _("您的来件（编号%(number)s）与同一事项的来件%(parent)s合并办理，答复将一并告知。")
        % {"number": case.number, "parent": into.number},
        "merged",
    )
    return case
