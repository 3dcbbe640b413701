"""Replies: the department drafts, the interaction office reviews, the reply is published/sent.

The review is two explicit states on the case (办理中 → 答复待审核 → 已答复), not a platform
route: the steps are fixed by the 12345 practice (承办单位拟稿, 政民互动办公室审核) and each
reaches the right inbox through interaction/selectors/work.py with the case clock's due date.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.publishing import request_publish
from platform_core.richtext.sanitize import clean_html, html_to_text
from platform_core.services.clock import clock_finish

from ..constants import CaseAction, CaseStatus, ReplyStatus
from ..models import Case, Reply
from ..selectors.access import is_office_reviewer, may_handle
from .cases import _event, _locked, _sms

REPLY_MIN = 10
PUBLISH_KIND = "interaction.case"


def _current(case: Case) -> Reply | None:
    return (
        case.replies.filter(round=case.round)
        .exclude(status=ReplyStatus.APPROVED)
        .order_by("-pk")
        .first()
    )


def _check_body(body: str) -> str:
    body = clean_html(body or "")
    if len(html_to_text(body).strip()) < REPLY_MIN:
        raise ValidationError({"body": _("答复内容不能少于%(n)d个字。") % {"n": REPLY_MIN}})
    return body


@transaction.atomic
def reply_save(*, case: Case, by, body: str, submit: bool = False) -> Reply:
    """拟写答复（保存草稿，或提交审核）。"""
    case = _locked(case)
    if not may_handle(by, case):
        raise PermissionDenied
    if case.status != CaseStatus.ASSIGNED:
        raise ValidationError(_("只有办理中的来件可以拟写答复。"))
    body = _check_body(body)
    reply = _current(case)
    if reply is None or reply.status == ReplyStatus.SENT_BACK:
        reply = Reply(case=case, round=case.round, department=case.department, drafted_by=by)
    reply.body, reply.drafted_by, reply.drafted_at = body, by, timezone.now()
    reply.status = ReplyStatus.SUBMITTED if submit else ReplyStatus.DRAFT
    reply.save()
    if submit:
        case.status = CaseStatus.REVIEW
        case.save(update_fields=["status"])
        _event(case, by, CaseAction.SUBMIT_REPLY, from_status=CaseStatus.ASSIGNED)
    else:
        _event(case, by, CaseAction.DRAFT, from_status=CaseStatus.ASSIGNED)
    return reply


@transaction.atomic
def reply_approve(*, case: Case, by, comment: str = "", public: bool | None = None) -> Reply:
    """审核通过：答复发布（同意公开的在门户公开）并短信告知来件人。"""
    if not is_office_reviewer(by):
        raise PermissionDenied
    case = _locked(case)
    if case.status != CaseStatus.REVIEW:
        raise ValidationError(_("只有待审核的答复可以审核。"))
    reply = case.replies.get(round=case.round, status=ReplyStatus.SUBMITTED)
    now = timezone.now()
    reply.status = ReplyStatus.APPROVED
    reply.reviewed_by, reply.reviewed_at = by, now
    reply.review_comment = (comment or "").strip()
    reply.published_at = now
    reply.save()
    if public is not None:
        if public and not case.allow_public:
            raise ValidationError(_("来件人未同意公开，不能公开。"))
        case.staff_public = public
    case.status = CaseStatus.REPLIED
    case.replied_at = now
    case.save(update_fields=["status", "replied_at", "staff_public"])
    if case.clock_id and not case.clock.finished_on:
        clock_finish(clock=case.clock)
    comment = reply.review_comment
    _event(case, by, CaseAction.APPROVE, from_status=CaseStatus.REVIEW, comment=comment)
    if case.is_public:
        request_publish(PUBLISH_KIND, case.pk)  # the portal's home block and channel page
    for child in case.children.all():  # merged duplicates are answered with their parent
        _sms(
            child,
            _("您的来件（编号%(number)s）已与%(parent)s合并答复，请查看并评议。")
            % {"number": child.number, "parent": case.number},
            f"replied:{case.number}:{case.round}",
        )
    _sms(
        case,
        _("您的来件（编号%(number)s）已答复，请凭编号和查询码查看答复并评议。")
        % {"number": case.number},
        f"replied:{case.round}",
    )
    return reply


@transaction.atomic
def reply_send_back(*, case: Case, by, comment: str) -> Reply:
    """审核退回：答复不合格，退回承办单位修改。"""
    if not is_office_reviewer(by):
        raise PermissionDenied
    case = _locked(case)
    if case.status != CaseStatus.REVIEW:
        raise ValidationError(_("只有待审核的答复可以退回修改。"))
    if not (comment or "").strip():
        raise ValidationError({"comment": _("请填写退回修改的意见。")})
    reply = case.replies.get(round=case.round, status=ReplyStatus.SUBMITTED)
    reply.status = ReplyStatus.SENT_BACK
    reply.reviewed_by, reply.reviewed_at = by, timezone.now()
    reply.review_comment = comment.strip()
    reply.save()
    case.status = CaseStatus.ASSIGNED
    case.save(update_fields=["status"])
    _event(case, by, CaseAction.SEND_BACK, from_status=CaseStatus.REVIEW, comment=comment.strip())
    return reply
