"""The route of an outgoing document, 核稿 → 会签 → 签发, on the platform's fixed routes.

The route is a fixed route of the platform (`oa-outgoing`), designed by an administrator in the
back office; `ensure_route()` creates the default one once. Each step is a task in the unified
inbox with the step's time limit: 核稿 by a section head of the drafting unit, 会签 by a section
head (or leader) of every countersigning unit at the same time (parallel tasks), 签发 offered to
the leaders of the issuing organ (蓝政发: the county government's; a bureau's own 发文: the
bureau's), the first to take it signs. The route names the steps, their order and time limits;
who works 会签 and 签发 follows from the document, passed to the platform as the next step's
participants or unit. A document without countersigning units goes from 核稿 straight to 签发.
Sign-off gives the 发文字号 in the same transaction (services/numbers.py).

The whole route runs on a case clock (`oa.outgoing`, watched by e-supervision for yellow and
red cards).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.constants import RoleCode
from platform_core.flows import RouteFlow
from platform_core.models import Post, ProcessDefinition, Role, Subsystem, TaskInfo, User
from platform_core.selectors.routes import version_for_new_case
from platform_core.services import routes as route_services
from platform_core.services import workflow as wf
from platform_core.services.clock import clock_finish, clock_start
from platform_core.services.supervision import clock_watch

from ..constants import STEP_COUNTERSIGN, STEP_REVIEW, STEP_SIGN_OFF, DocAction, DocStatus
from ..models import OutgoingDocument
from ..selectors.access import open_tasks
from .common import event, locked
from .numbers import number_assign

ROUTE_CODE = "oa-outgoing"
CLOCK_PROCESS = "oa.outgoing"
ROUTE_LIMIT_DAYS = 10


def ensure_route(*, by: User, code: str = ROUTE_CODE) -> ProcessDefinition:
    """建立默认的发文流程（核稿 → 会签 → 签发），已发布时不重复建立。"""
    definition = ProcessDefinition.objects.filter(code=code).first()
    if definition is not None and version_for_new_case(code) is not None:
        return definition
    if definition is None:
        definition = route_services.definition_create(
            code=code,
            name="发文办理",
            description="科室负责人核稿，会签单位并行会签（无会签单位时跳过），上级领导签发。",
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
            name="核稿",
            role=Role.objects.get(code=RoleCode.SECTION_HEAD),
            time_limit_days=2,
        )
        countersign = route_services.step_add(
            version=draft,
            by=by,
            key=STEP_COUNTERSIGN,
            name="会签",
            role=Role.objects.get(code=RoleCode.SECTION_HEAD),
            time_limit_days=3,
            countersign="all",
        )
        signoff = route_services.step_add(
            version=draft,
            by=by,
            key=STEP_SIGN_OFF,
            name="签发",
            role=Role.objects.get(code=RoleCode.LEADER),
            unit_scope="parent_unit",
            time_limit_days=2,
        )
        # 核稿 goes to 会签 when the document names countersigning units, else to 签发.
        route_services.transition_add(
            version=draft,
            source=review,
            target=countersign,
            by=by,
            condition={"field": "countersign", "op": "eq", "value": "yes"},
            priority=10,
        )
        route_services.transition_add(version=draft, source=review, target=signoff, by=by)
        route_services.transition_add(version=draft, source=countersign, target=signoff, by=by)
        route_services.transition_add(version=draft, source=signoff, target=None, by=by)
    route_services.version_publish(version=draft, by=by)
    return definition


def countersigners(document: OutgoingDocument) -> list[User]:
    """One section head (else a leader) of every countersigning unit."""
    people = []
    for unit in document.countersign_units.order_by("path"):
        posts = Post.objects.active().filter(unit=unit).select_related("user", "role")
        by_role = {p.role.code: p.user for p in sorted(posts, key=lambda p: p.user_id)}
        person = by_role.get(RoleCode.SECTION_HEAD) or by_role.get(RoleCode.LEADER)
        if person is None:
            raise ValidationError(
                _("会签单位“%(unit)s”没有科室负责人或分管领导，不能会签。") % {"unit": unit.name}
            )
        people.append(person)
    return people


def current_step(document: OutgoingDocument) -> str:
    process = document.process
    return process.current_step if process is not None else ""


@transaction.atomic
def document_submit(*, document: OutgoingDocument, by: User) -> OutgoingDocument:
    """送核稿：拟稿完成，启动发文流程。"""
    document = locked(document)
    if document.status != DocStatus.DRAFT:
        raise ValidationError(_("只有草稿可以送核稿。"))
    if document.drafter_id != by.pk:
        raise PermissionDenied
    if not document.body.strip():
        raise ValidationError(_("正文为空，不能送核稿。"))
    has_countersign = document.countersign_units.exists()
    if has_countersign:
        countersigners(document)  # every unit must have someone to sign, checked before start
    if version_for_new_case(ROUTE_CODE) is None:
        raise ValidationError(_("发文流程没有已发布的版本，请联系系统管理员。"))
    document.process = wf.case_start(
        title=_("发文：%(title)s") % {"title": document.title[:180]},
        subsystem=Subsystem.OA,
        owner_unit=document.unit,
        by=by,
        definition_code=ROUTE_CODE,
        data={"oa_document": document.pk, "countersign": "yes" if has_countersign else "no"},
    )
    if document.clock_id is None:
        document.clock = clock_start(
            process=CLOCK_PROCESS, limit_days=ROUTE_LIMIT_DAYS, subject=document.title
        )
        clock_watch(
            clock=document.clock,
            subsystem=Subsystem.OA,
            unit=document.unit,
            title=_("发文：%(title)s") % {"title": document.title},
            link=f"/office/oa/documents/{document.pk}/",
        )
    before = document.status
    document.status = DocStatus.IN_ROUTE
    document.save(update_fields=["process", "clock", "status", "updated_at"])
    event(document, by, DocAction.SUBMIT, from_status=before)
    return document


def _my_task(document: OutgoingDocument, by: User, step: str) -> TaskInfo:
    if document.status != DocStatus.IN_ROUTE or current_step(document) != step:
        raise ValidationError(_("该发文当前不在这一步骤。"))
    for info in open_tasks(by, document):
        if info.step_key == step:
            return info
    infos = TaskInfo.objects.filter(
        process_id=document.process_id, is_open=True, step_key=step, owner__isnull=True
    ).select_related("task")
    for info in infos:
        if wf.may_claim(by, info):
            wf.task_claim(task=info.task, user=by)
            info.refresh_from_db()
            return info
    raise PermissionDenied


@transaction.atomic
def document_review(*, document: OutgoingDocument, by: User, comment: str = "") -> OutgoingDocument:
    """核稿：科室负责人核稿通过，送会签单位会签（或直接送签发）。"""
    document = locked(document)
    info = _my_task(document, by, STEP_REVIEW)
    people = countersigners(document) if document.countersign_units.exists() else None
    with RouteFlow.lock(info.process_id):
        wf.task_complete(
            task=info.task,
            user=by,
            comment=comment or _("核稿通过"),
            next_participants=people,
            # Without countersigning the next step is 签发, by the issuing organ's leaders.
            next_unit=None if people else document.issuer.unit,
        )
    event(document, by, DocAction.REVIEW, comment=comment)
    return document


@transaction.atomic
def document_countersign(
    *, document: OutgoingDocument, by: User, comment: str = ""
) -> OutgoingDocument:
    """会签：会签单位负责人签署意见；全部会签后送签发。"""
    document = locked(document)
    info = _my_task(document, by, STEP_COUNTERSIGN)
    with RouteFlow.lock(info.process_id):
        # Whoever countersigns last moves it on: 签发 by the issuing organ's leaders.
        wf.task_complete(
            task=info.task, user=by, comment=comment or _("同意"), next_unit=document.issuer.unit
        )
    event(document, by, DocAction.COUNTERSIGN, comment=comment)
    return document


@transaction.atomic
def document_sign_off(
    *, document: OutgoingDocument, by: User, comment: str = ""
) -> OutgoingDocument:
    """签发：领导签发，同时编发文字号（同一发文机关同一年度连续、不重号）。"""
    document = locked(document)
    info = _my_task(document, by, STEP_SIGN_OFF)
    with RouteFlow.lock(info.process_id):
        wf.task_complete(task=info.task, user=by, comment=comment or _("同意签发"))
    now = timezone.now()
    today = timezone.localdate(now)
    number_assign(document, today.year)
    before = document.status
    document.status = DocStatus.SIGNED
    document.signed_by, document.signed_at, document.formed_on = by, now, today
    document.save()
    if document.clock_id:
        clock_finish(clock=document.clock)
    event(document, by, DocAction.SIGN_OFF, from_status=before, comment=comment)
    return document


@transaction.atomic
def document_return(*, document: OutgoingDocument, by: User, comment: str) -> OutgoingDocument:
    """退回：核稿、会签或签发时退回拟稿人修改（流程回到核稿）。"""
    if not (comment or "").strip():
        raise ValidationError(_("退回须填写理由。"))
    document = locked(document)
    step = current_step(document)
    info = _my_task(document, by, step)
    if step == STEP_REVIEW:
        raise ValidationError(_("核稿时请直接修改正文，或与拟稿人沟通后核稿。"))
    with RouteFlow.lock(info.process_id):
        wf.task_return(task=info.task, user=by, to_step=STEP_REVIEW, comment=comment)
    event(document, by, DocAction.RETURN, comment=comment)
    return document


def claimable_steps(user: User, document: OutgoingDocument) -> set[str]:
    """Steps of the document's open tasks that `user` may claim (offered to a role in a unit)."""
    if document.process_id is None:
        return set()
    infos = TaskInfo.objects.filter(
        process_id=document.process_id, is_open=True, owner__isnull=True
    )
    return {info.step_key for info in infos if wf.may_claim(user, info)}
