"""通知公告: draft → 审核 on the platform route `oa-notice` (a task in the reviewer's inbox) →
published to its scope; read tracking, reminders to those who have not read it, a moderated
comment board, and expiry by date (a query filter: an expired notice leaves every list the day
after its date, without a job).

Who is in the audience: the whole county is every active staff member with a business post; a
unit scope is the staff posted in those units or below; a people scope is those people.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.constants import RoleCode
from platform_core.flows import RouteFlow
from platform_core.models import OrgUnit, ProcessDefinition, Role, Subsystem, TaskInfo, User
from platform_core.richtext.sanitize import clean_html, html_to_text
from platform_core.selectors.routes import version_for_new_case
from platform_core.services import routes as route_services
from platform_core.services import workflow as wf
from platform_core.services.notifications import notify_user

from ..models import Notice, NoticeComment, NoticeRead
from ..models.notices import CommentStatus, NoticeScope, NoticeStatus
from ..selectors.access import own_units
from ..selectors.notices import audience, may_moderate, unread_people

ROUTE_CODE = "oa-notice"
STEP_REVIEW = "review"


def ensure_route(*, by: User, code: str = ROUTE_CODE) -> ProcessDefinition:
    """建立默认的通知公告审核流程（科室负责人审核），已发布时不重复建立。"""
    definition = ProcessDefinition.objects.filter(code=code).first()
    if definition is not None and version_for_new_case(code) is not None:
        return definition
    if definition is None:
        definition = route_services.definition_create(
            code=code,
            name="通知公告审核",
            description="拟稿单位的科室负责人审核通过后发布。",
            by=by,
        )
    draft = definition.versions.filter(status="draft").first()
    if draft is None:
        draft = route_services.version_draft_from_published(definition=definition, by=by)
    if not draft.steps.exists():
        review = route_services.step_add(
            version=draft,
            by=by,
            key=STEP_REVIEW,
            name="审核",
            role=Role.objects.get(code=RoleCode.SECTION_HEAD),
            time_limit_days=1,
        )
        route_services.transition_add(version=draft, source=review, target=None, by=by)
    route_services.version_publish(version=draft, by=by)
    return definition


def _locked(notice: Notice) -> Notice:
    return Notice.objects.select_for_update().get(pk=notice.pk)


def _check_fields(title: str, scope: str, units, people, expires_on) -> None:
    if not (title or "").strip():
        raise ValidationError(_("请填写标题。"))
    if scope not in NoticeScope.values:
        raise ValidationError(_("发布范围不正确。"))
    if scope == NoticeScope.UNITS and not units:
        raise ValidationError(_("请选择接收单位。"))
    if scope == NoticeScope.PEOPLE and not people:
        raise ValidationError(_("请选择接收人员。"))
    if expires_on is not None and expires_on < timezone.localdate():
        raise ValidationError(_("有效期不能早于今天。"))


@transaction.atomic
def notice_save(
    *,
    by: User,
    notice: Notice | None = None,
    unit: OrgUnit | None = None,
    title: str,
    body: str,
    scope: str = NoticeScope.COUNTY,
    units: list[OrgUnit] = (),
    people: list[User] = (),
    expires_on: datetime.date | None = None,
    is_pinned: bool = False,
    comments_open: bool = True,
) -> Notice:
    """拟稿或修改通知公告（草稿、已撤回时可改）。"""
    _check_fields(title, scope, units, people, expires_on)
    body = clean_html(body or "")
    if not html_to_text(body).strip():
        raise ValidationError(_("正文不能为空。"))
    if notice is None:
        if unit is None or not own_units(by).filter(unit=unit.pk).exists():
            raise PermissionDenied
        notice = Notice(unit=unit, author=by)
    else:
        notice = _locked(notice)
        if notice.author_id != by.pk:
            raise PermissionDenied
        if notice.status not in (NoticeStatus.DRAFT, NoticeStatus.WITHDRAWN):
            raise ValidationError(_("已送审或已发布的通知不能修改。"))
    notice.title = title.strip()[:200]
    notice.body = body
    notice.scope = scope
    notice.expires_on = expires_on
    notice.is_pinned = is_pinned
    notice.comments_open = comments_open
    notice._change_reason = _("保存草稿")
    notice.save()
    notice.scope_units.set(units if scope == NoticeScope.UNITS else [])
    notice.scope_people.set(people if scope == NoticeScope.PEOPLE else [])
    return notice


@transaction.atomic
def notice_submit(*, notice: Notice, by: User) -> Notice:
    """送审核：启动通知公告审核流程，审核任务进入拟稿单位科室负责人的待办。"""
    notice = _locked(notice)
    if notice.author_id != by.pk:
        raise PermissionDenied
    if notice.status not in (NoticeStatus.DRAFT, NoticeStatus.WITHDRAWN):
        raise ValidationError(_("只有草稿可以送审核。"))
    if version_for_new_case(ROUTE_CODE) is None:
        raise ValidationError(_("通知公告审核流程没有已发布的版本，请联系系统管理员。"))
    notice.process = wf.case_start(
        title=_("通知公告审核：%(t)s") % {"t": notice.title[:180]},
        subsystem=Subsystem.OA,
        owner_unit=notice.unit,
        by=by,
        definition_code=ROUTE_CODE,
        data={"oa_notice": notice.pk},
    )
    notice.status = NoticeStatus.PENDING
    notice._change_reason = _("送审核")
    notice.save(update_fields=["process", "status", "updated_at"])
    return notice


def _review_task(notice: Notice, by: User) -> TaskInfo:
    if notice.status != NoticeStatus.PENDING or notice.process_id is None:
        raise ValidationError(_("该通知不在审核中。"))
    infos = TaskInfo.objects.filter(
        process_id=notice.process_id, is_open=True, step_key=STEP_REVIEW
    ).select_related("task")
    for info in infos:
        if info.owner_id == by.pk:
            return info
    for info in infos:
        if info.owner_id is None and wf.may_claim(by, info):
            wf.task_claim(task=info.task, user=by)
            info.refresh_from_db()
            return info
    raise PermissionDenied


def may_review(user: User, notice: Notice) -> bool:
    if notice.status != NoticeStatus.PENDING or notice.process_id is None:
        return False
    infos = TaskInfo.objects.filter(process_id=notice.process_id, is_open=True)
    return any(
        info.owner_id == user.pk or (info.owner_id is None and wf.may_claim(user, info))
        for info in infos
    )


@transaction.atomic
def notice_review(*, notice: Notice, by: User, approve: bool, comment: str = "") -> Notice:
    """审核：同意即发布（通知范围内人员收到站内消息）；不同意退回拟稿人修改。"""
    notice = _locked(notice)
    if not approve and not (comment or "").strip():
        raise ValidationError(_("退回须填写理由。"))
    info = _review_task(notice, by)
    with RouteFlow.lock(info.process_id):
        wf.task_complete(
            task=info.task, user=by, comment=comment or (_("同意发布") if approve else "")
        )
    return _decide(notice, by, approve, comment)


def _decide(notice: Notice, by: User, approve: bool, comment: str) -> Notice:
    notice.approved_by = by
    notice.review_comment = (comment or "")[:500]
    if approve:
        notice.status = NoticeStatus.PUBLISHED
        notice.published_at = timezone.now()
        notice._change_reason = _("审核通过并发布")
    else:
        notice.status = NoticeStatus.WITHDRAWN
        notice._change_reason = _("审核退回")
    notice.save()
    if approve:
        for person in audience(notice).exclude(pk=notice.author_id).iterator():
            notify_user(
                user=person,
                subject=_("新通知：%(t)s") % {"t": notice.title[:150]},
                body=_("%(u)s发布了通知公告，请及时阅读。") % {"u": notice.unit.name},
                link=f"/office/oa/notices/{notice.pk}/",
                dedupe_key=f"oa.notice:{notice.pk}:publish:{person.pk}",
            )
    else:
        notify_user(
            user=notice.author,
            subject=_("通知被退回：%(t)s") % {"t": notice.title[:150]},
            body=comment or _("审核未通过，请修改后重新送审。"),
            link=f"/office/oa/notices/{notice.pk}/",
        )
    return notice


def notice_sync(notice: Notice) -> Notice:
    """The review task was worked on the generic task page (or the case withdrawn there):
    follow it. Done → published by whoever did it; withdrawn or cancelled → back to the author.
    Called from the notice's page and by the beat task `oa.tasks.notices_sync`."""
    if notice.status != NoticeStatus.PENDING or notice.process_id is None:
        return notice
    with transaction.atomic():
        notice = _locked(notice)
        if notice.status != NoticeStatus.PENDING or notice.process.current_step:
            return notice
        info = (
            TaskInfo.objects.filter(process_id=notice.process_id, step_key=STEP_REVIEW)
            .select_related("owner")
            .order_by("-finished_at", "-pk")
            .first()
        )
        if info is not None and info.outcome == "done" and info.owner_id:
            return _decide(notice, info.owner, True, "")
        return _decide(notice, notice.author, False, _("审核流程已撤回。"))


def pending_to_sync() -> list[Notice]:
    return list(Notice.objects.filter(status=NoticeStatus.PENDING, process__current_step="")[:200])


@transaction.atomic
def notice_withdraw(*, notice: Notice, by: User) -> Notice:
    """撤回已发布的通知（拟稿人或审核人）。"""
    notice = _locked(notice)
    if by.pk not in (notice.author_id, notice.approved_by_id):
        raise PermissionDenied
    if notice.status != NoticeStatus.PUBLISHED:
        raise ValidationError(_("只有已发布的通知可以撤回。"))
    notice.status = NoticeStatus.WITHDRAWN
    notice._change_reason = _("撤回")
    notice.save()
    return notice


def notice_mark_read(*, notice: Notice, by: User) -> bool:
    """打开即已读（每人一条记录）。Returns True the first time."""
    if notice.status != NoticeStatus.PUBLISHED or notice.author_id == by.pk:
        return False  # the author's own visits are not readings
    _row, created = NoticeRead.objects.get_or_create(notice=notice, user=by)
    return created


@transaction.atomic
def notice_remind(*, notice: Notice, by: User, sms: bool = False) -> int:
    """一键提醒未读人员：站内消息，可加发短信；同一天重复点击不重复提醒。"""
    notice = _locked(notice)
    if by.pk not in (notice.author_id, notice.approved_by_id):
        raise PermissionDenied
    if notice.status != NoticeStatus.PUBLISHED or notice.is_expired:
        raise ValidationError(_("只能提醒有效期内已发布的通知。"))
    today = timezone.localdate().isoformat()
    count = 0
    for person in unread_people(notice).iterator():
        notify_user(
            user=person,
            subject=_("请阅读通知：%(t)s") % {"t": notice.title[:150]},
            body=_("您有一条通知公告尚未阅读：%(t)s") % {"t": notice.title},
            link=f"/office/oa/notices/{notice.pk}/",
            sms=sms,
            dedupe_key=f"oa.notice:{notice.pk}:remind:{today}:{person.pk}",
        )
        count += 1
    notice.reminded_at = timezone.now()
    notice._change_reason = _("提醒未读人员")
    notice.save(update_fields=["reminded_at"])
    return count


@transaction.atomic
def comment_add(*, notice: Notice, by: User, body: str) -> NoticeComment:
    """留言：通知范围内的人可以留言，审核通过后公开显示。"""
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("请填写留言内容。"))
    if len(body) > 1000:
        raise ValidationError(_("留言不能超过1000字。"))
    notice = Notice.objects.get(pk=notice.pk)
    if notice.status != NoticeStatus.PUBLISHED or not notice.comments_open or notice.is_expired:
        raise ValidationError(_("该通知不接受留言。"))
    if not audience(notice).filter(pk=by.pk).exists() and by.pk != notice.author_id:
        raise PermissionDenied
    status = CommentStatus.APPROVED if may_moderate(by, notice) else CommentStatus.PENDING
    return NoticeComment.objects.create(notice=notice, author=by, body=body, status=status)


@transaction.atomic
def comment_moderate(*, comment: NoticeComment, by: User, approve: bool) -> NoticeComment:
    """留言审核：拟稿人或审核人通过或不通过。"""
    comment = NoticeComment.objects.select_for_update().select_related("notice").get(pk=comment.pk)
    if not may_moderate(by, comment.notice):
        raise PermissionDenied
    comment.status = CommentStatus.APPROVED if approve else CommentStatus.REJECTED
    comment.moderated_by = by
    comment._change_reason = _("留言审核")
    comment.save(update_fields=["status", "moderated_by"])
    return comment
