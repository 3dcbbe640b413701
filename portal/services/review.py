"""Article review through the support platform's workflow (编辑送审 → 单位审核).

Submitting an article starts (or, after a return, continues) a case of the generic workflow
engine, so the reviewer finds it in the unified inbox (待办) beside documents and applications.
The case has two steps:

1. 编辑送审, the editor's step, completed by the submission itself (and handed back on a return);
2. 单位审核, one task per reviewer of the article's unit; the first approval ends the case and
   cancels the other reviewers' tasks, a rejection returns the case to step 1 (退回).

Routing: when `settings.PORTAL_REVIEW_ROUTE` names a fixed route and a version of it is
published (`ensure_portal_review_route()` creates one idempotently), the case runs on it;
otherwise it is free-routed, the review step going to the reviewers of `access.reviewers_for()`.

The portal's own `Article.status` stays the source of truth for publishing. As for licensing
applications (docs/adr/0004-approval-review-end.md), a reviewer may also work the task on the
generic task page; `sync()` then reconciles the article with its case (run from the article pages
and every minute from Celery beat): a case that ended means approved, a case sent back to the
editor's step means returned. The functions here run inside the caller's transaction, after the
portal service has checked the user's rights on the article.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.constants import RoleCode
from platform_core.flows import RouteFlow
from platform_core.models import (
    CaseEvent,
    ProcessDefinition,
    Role,
    RouteProcess,
    RoutingMode,
    Subsystem,
    TaskInfo,
    TaskOutcome,
    User,
)
from platform_core.selectors.routes import version_for_new_case, version_spec
from platform_core.services import routes as route_services
from platform_core.services import workflow as wf
from platform_core.subjects import SubjectLink
from portal.models import Article

DEFAULT_ROUTE_CODE = "portal-article-review"
EDIT_STEP = "edit"  # the fixed route's first step
REVIEW_STEP = "review"
REVIEW_STEP_NAME = "单位审核"


def route_code() -> str:
    """The fixed route configured for article review ("" = free routing)."""
    return settings.PORTAL_REVIEW_ROUTE


def ensure_portal_review_route(*, by: User, code: str | None = None) -> str:
    """建立网站稿件审核流程（编辑送审 → 单位审核），已存在且已发布时不重复建立。

    `by` needs the platform's route-design permission. Returns the route code.
    """
    code = code or route_code() or DEFAULT_ROUTE_CODE
    if version_for_new_case(code) is not None:
        return code
    definition = ProcessDefinition.objects.filter(code=code).first()
    if definition is None:
        definition = route_services.definition_create(
            code=code,
            name="网站稿件审核",
            description="门户网站稿件：网站编辑送审，本单位分管领导审核通过后发布。",
            by=by,
        )
    draft = definition.versions.filter(status="draft").first()
    if draft is None:
        draft = route_services.version_draft_from_published(definition=definition, by=by)
    if not draft.steps.exists():
        edit = route_services.step_add(
            version=draft,
            by=by,
            key=EDIT_STEP,
            name="编辑送审",
            role=Role.objects.get(code=RoleCode.WEB_EDITOR),
            time_limit_days=3,
        )
        review = route_services.step_add(
            version=draft,
            by=by,
            key=REVIEW_STEP,
            name=REVIEW_STEP_NAME,
            role=Role.objects.get(code=RoleCode.LEADER),
            time_limit_days=2,
            countersign="any",
        )
        route_services.transition_add(version=draft, source=edit, target=review, by=by)
        route_services.transition_add(version=draft, source=review, target=None, by=by)
    route_services.version_publish(version=draft, by=by)
    return code


# --- reading the case -------------------------------------------------------------------------


def _edit_step(process: RouteProcess) -> str:
    if process.mode == RoutingMode.FIXED:
        return version_spec(process.version).start.key
    return wf.FREE_FIRST_STEP


def _open_infos(process: RouteProcess):
    return TaskInfo.objects.filter(process=process, is_open=True).select_related("task")


def case_ended(process: RouteProcess | None) -> bool:
    return process is not None and not process.current_step


def may_have_moved() -> Q:
    """Articles whose review case may have moved on the generic task pages (see case_ended and
    case_returned): ended, or back at the editor's step. A fixed route's first step is known
    only from its version, so such cases are always looked at. The rest wait at the reviewer."""
    return (
        Q(review_process__current_step="")
        | Q(review_process__current_step=wf.FREE_FIRST_STEP)
        | Q(review_process__mode=RoutingMode.FIXED)
    )


def case_returned(process: RouteProcess | None) -> bool:
    """The case waits at the editor's step again (退回)."""
    return (
        process is not None
        and bool(process.current_step)
        and process.current_step == _edit_step(process)
        and _open_infos(process).exists()
    )


def open_review_task(article: Article, user: User) -> TaskInfo | None:
    """The open review task of the article's case that `user` may work (own, or claimable)."""
    process = article.review_process
    if process is None:
        return None
    infos = list(_open_infos(process).exclude(step_key=_edit_step(process)))
    for info in infos:
        if wf.may_handle(user, info):
            return info
    for info in infos:
        if wf.may_claim(user, info):
            return info
    return None


def last_event(process: RouteProcess, action: str) -> CaseEvent | None:
    return (
        CaseEvent.objects.filter(process=process, action=action)
        .select_related("actor")
        .order_by("-pk")
        .first()
    )


# --- driving the case ---------------------------------------------------------------------------


def _editor_task(process: RouteProcess, by: User) -> TaskInfo:
    step = _edit_step(process)
    infos = list(_open_infos(process).filter(step_key=step))
    for info in infos:
        if wf.may_handle(by, info):
            return info
    for info in infos:
        if wf.may_claim(by, info):
            wf.task_claim(task=info.task, user=by)
            info.refresh_from_db()
            return info
    holder = next((i.owner for i in infos if i.owner_id), None)
    if holder is not None:
        raise ValidationError(
            _("该稿件的送审待办在 %(name)s 名下，请由其重新送审。")
            % {"name": holder.name or holder.username}
        )
    raise ValidationError(_("您不能办理该稿件的送审步骤，请联系管理员。"))


def _start(article: Article, by: User) -> RouteProcess:
    code = route_code()
    title = _("网站稿件审核：%(title)s") % {"title": article.title}
    data = {"article": article.pk}
    if code and version_for_new_case(code) is not None:
        return wf.case_start(
            title=title,
            subsystem=Subsystem.PORTAL,
            owner_unit=article.author_unit,
            by=by,
            definition_code=code,
            data=data,
        )
    return wf.case_start(
        title=title,
        subsystem=Subsystem.PORTAL,
        owner_unit=article.author_unit,
        by=by,
        handlers=[by],
        data=data,
    )


def submit(article: Article, by: User, reviewers: list[User]) -> RouteProcess:
    """送审: start the case (or continue a returned one) and complete the editor's step."""
    process = article.review_process
    if not case_returned(process):
        process = _start(article, by)
    info = _editor_task(process, by)
    next_handlers = reviewers if process.mode == RoutingMode.FREE else None
    return wf.task_complete(
        task=info.task,
        user=by,
        comment=_("送审"),
        next_handlers=next_handlers,
        step_name=REVIEW_STEP_NAME,
    )


def _cancel_others(process: RouteProcess, keep: TaskInfo) -> None:
    """The first reviewer decides for the unit: the other reviewers' tasks are cancelled."""
    for sibling in _open_infos(process).exclude(pk=keep.pk):
        with sibling.task.activation() as activation:
            activation.cancel()
        TaskInfo.objects.filter(pk=sibling.pk).update(
            is_open=False, finished_at=timezone.now(), outcome=TaskOutcome.CANCELLED
        )


def _reviewer_task(article: Article, by: User) -> TaskInfo:
    info = open_review_task(article, by)
    if info is None:
        raise ValidationError(_("该稿件的审核待办不在您名下，不能审核。"))
    if info.owner_id is None:
        wf.task_claim(task=info.task, user=by)
        info.refresh_from_db()
    return info


def approve(article: Article, by: User, comment: str) -> RouteProcess | None:
    """审核通过: complete the reviewer's task; the case ends. A case already ended is left."""
    process = article.review_process
    if process is None or case_ended(process):
        return process
    info = _reviewer_task(article, by)
    with RouteFlow.lock(process.pk):
        _cancel_others(process, info)
        return wf.task_complete(task=info.task, user=by, comment=comment or _("同意发布"))


def reject(article: Article, by: User, comment: str) -> RouteProcess | None:
    """审核退回: the case goes back to the editor's step, with the reason."""
    process = article.review_process
    if process is None or case_returned(process):
        return process
    info = _reviewer_task(article, by)
    return wf.task_return(task=info.task, user=by, to_step=_edit_step(process), comment=comment)


def case_subject(process) -> SubjectLink | None:
    """The article a portal review case is about (the generic task page links to it)."""
    article = Article.objects.filter(review_process=process).only("pk", "title").first()
    if article is None:
        return None
    return SubjectLink(
        _("稿件：%(title)s") % {"title": article.title},
        reverse("portal:article_detail", args=[article.pk]),
    )
