"""Every action on a running case: start, claim, hand back, complete, transfer (转办), add a
co-handler (加签), return (退回), withdraw (撤回), remind (催办), comment (意见), delegate (委托).

Each action runs under the process row lock (viewflow's select-for-update lock), checks the
actor's right itself (driving viewflow from code skips its checks), moves the task through its
viewflow activation, keeps the inbox row (`TaskInfo`) in step and appends a `CaseEvent`. Two
people acting on one task at the same moment: the second waits for the lock, then finds the task
closed and gets a clear message.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from .. import permissions
from ..constants import UserKind
from ..models import (
    CaseDraft,
    CaseEvent,
    Delegation,
    EventAction,
    OrgUnit,
    Post,
    ProcessDefinition,
    RouteProcess,
    RoutingMode,
    TaskInfo,
    TaskOutcome,
    User,
)
from ..selectors.case_forms import FORMS_KEY
from ..selectors.inbox import delegating_principal_ids
from ..selectors.routes import next_step, version_for_new_case, version_spec
from ..workflow_engine import case_saves_deferred, save_case, transition
from .notifications import InAppMessage, notify_in_app, notify_user

FREE_FIRST_STEP = "free-1"


class TaskStateError(ValidationError):
    """The task is no longer in a state that allows the action (someone else was quicker)."""


# --- who may act ------------------------------------------------------------------------------


def principals_of(user: User, on: datetime.date | None = None) -> list[int]:
    """Ids of the people who delegated their tasks to `user` for the day `on`."""
    return delegating_principal_ids(user, on or timezone.localdate())


def may_handle(user: User, info: TaskInfo) -> bool:
    """The owner, or someone the owner has delegated to today."""
    return info.owner_id is not None and (
        info.owner_id == user.pk or info.owner_id in principals_of(user)
    )


def may_claim(user: User, info: TaskInfo) -> bool:
    """An unclaimed task: holders of its role in its unit (or their delegates) may claim it."""
    if info.owner_id is not None or not info.is_open:
        return False
    holders = Post.objects.active().filter(unit_id=info.unit_id, role_id=info.role_id)
    return holders.filter(Q(user=user) | Q(user_id__in=principals_of(user))).exists()


def may_view_case(user: User, process: RouteProcess) -> bool:
    """Handlers past and present, those who may claim one of its open tasks (the task page
    links to the case), the starter, and staff whose scope covers the case's unit."""
    if not (user.is_authenticated and user.is_office_user):
        return False
    if process.started_by_id == user.pk or permissions.unit_in_business_scope(
        user, process.owner_unit
    ):
        return True
    people = [user.pk, *principals_of(user)]
    if process.infos.filter(owner_id__in=people).exists():
        return True
    posts = list(Post.objects.active().filter(user_id__in=people).values_list("unit_id", "role_id"))
    claimable = Q()
    for unit_id, role_id in posts:
        claimable |= Q(unit_id=unit_id, role_id=role_id)
    open_pool = process.infos.filter(is_open=True, owner__isnull=True)
    return bool(posts) and open_pool.filter(claimable).exists()


# --- helpers ------------------------------------------------------------------------------------


def _event(
    process, actor, action, *, task=None, comment="", from_step="", to_step="", target=None
) -> CaseEvent:
    return CaseEvent.objects.create(
        process=process,
        task=task,
        actor=actor,
        action=action,
        comment=comment,
        from_step=from_step,
        to_step=to_step,
        target=target,
    )


def _lock(process_pk: int):
    """The process row lock (SELECT … FOR UPDATE): one action at a time per case."""
    from ..flows import RouteFlow

    return RouteFlow.lock(process_pk)


def _locked_info(task: Task) -> TaskInfo:
    """The task's inbox row, read under the process lock; refuses a task already closed. The
    viewflow task (as it is now, under the lock) and the case come in the same query, and the
    task is given that case object, so its activation reads neither again."""
    info = TaskInfo.objects.select_related("process", "task").get(pk=task.pk)
    if not info.is_open:
        raise TaskStateError(_("该待办已被办理或已撤回，请刷新后查看最新状态。"))
    info.task.process = info.process
    return info


def _close(info: TaskInfo, outcome: str) -> None:
    info.is_open = False
    info.finished_at = timezone.now()
    info.outcome = outcome
    info.save(update_fields=["is_open", "finished_at", "outcome"])


def _require_staff(user: User) -> None:
    if not (user.is_authenticated and user.kind == UserKind.STAFF and user.is_active):
        raise PermissionDenied


def _finish(activation, user: User) -> None:
    """Start (if needed) and complete a human task, which moves the flow on."""
    if activation.task.status == STATUS.NEW:
        activation.assign(user)
    activation.start(None)
    activation.execute()


def _complete_with(
    task: Task,
    user: User,
    *,
    next_step: dict | None,
    data: dict | None = None,
    siblings_cancel: bool = False,
) -> RouteProcess:
    """Complete `task` (read under the process lock, which the caller holds), optionally
    forcing the next step. Returns the case as the engine left it (the activation's object)."""
    # `task.activation()` would take the lock again and re-read the task: both are done.
    activation = task.flow_task.activation_class(task)
    # The activation's own process object travels through the nodes that follow (join,
    # advance, fan-out): change that one, or they would save stale data over ours.
    process = activation.process
    if data:
        # Keys starting with "_" are the engine's own; a form field's key never does. The
        # list of the case's form-data versions is the one such key a step may set.
        process.data.update(
            {k: v for k, v in data.items() if not k.startswith("_") or k == FORMS_KEY}
        )
    if next_step is not None:
        process.data["_next"] = next_step
    process.data["_sent_by"] = user.pk
    if siblings_cancel:
        for sibling in TaskInfo.objects.filter(process=process, is_open=True).exclude(pk=task.pk):
            with sibling.task.activation() as sibling_activation:
                sibling_activation.cancel()
            _close(sibling, TaskOutcome.CANCELLED)
    # A join that needs any one countersigner (the step's `_countersign` is "any": nothing
    # else cancels a task on the way) cancels the others' viewflow tasks itself.
    any_one = process.data.get("_countersign") == "any"
    # The case row is written once, after the nodes that follow (advance, fan-out) have
    # changed it, instead of by each of them.
    with case_saves_deferred(process):
        save_case(process, ["data"])
        _finish(activation, user)
    if any_one:
        TaskInfo.objects.filter(process=process, is_open=True, task__status=STATUS.CANCELED).update(
            is_open=False, finished_at=timezone.now(), outcome=TaskOutcome.CANCELLED
        )
    return process


def _notify_new_tasks(infos: list[TaskInfo]) -> None:
    """新待办 for the inbox rows a transition created (`transition().created`): their owner,
    or the holders of the role they are offered to. One statement for the messages (in the
    outbox, in the business transaction: sent once it commits, never for a rolled-back
    transition, once per task and person), one for the role holders if any task is offered."""
    offered = {(i.unit_id, i.role_id) for i in infos if not i.owner_id}
    holders: dict[tuple, list[int]] = {}
    if offered:
        pairs = Q()
        for unit_id, role_id in offered:
            pairs |= Q(unit_id=unit_id, role_id=role_id)
        for unit_id, role_id, user_id in (
            Post.objects.active().filter(pairs).values_list("unit_id", "role_id", "user_id")
        ):
            holders.setdefault((unit_id, role_id), []).append(user_id)
    messages = []
    for info in infos:
        recipients = (
            [info.owner_id] if info.owner_id else holders.get((info.unit_id, info.role_id), [])
        )
        for recipient_id in dict.fromkeys(recipients):
            messages.append(
                InAppMessage(
                    recipient_id=recipient_id,
                    subject=_("新待办：%(title)s") % {"title": info.title},
                    body=_("“%(title)s”已流转到“%(step)s”，请及时办理。")
                    % {"title": info.title, "step": info.step_name},
                    link=f"/office/tasks/{info.pk}/",
                    dedupe_key=f"task:{info.pk}:new:{recipient_id}",
                )
            )
    notify_in_app(messages)


# --- actions ------------------------------------------------------------------------------------


@transaction.atomic
def case_start(
    *,
    title: str,
    subsystem: str,
    owner_unit: OrgUnit,
    by: User,
    definition_code: str | None = None,
    handlers: list[User] | None = None,
    data: dict | None = None,
) -> RouteProcess:
    """发起流程：按固定流程（definition_code）或自由流程（handlers：第一步办理人）。"""
    from ..flows import RouteFlow

    _require_staff(by)
    # 三员分立: the administrators' global scope does not let them start business cases.
    if not permissions.unit_in_business_scope(by, owner_unit):
        raise PermissionDenied
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写标题。")})
    fields = {
        "title": title[:200],
        "subsystem": subsystem,
        "owner_unit": owner_unit,
        "started_by": by,
        "data": dict(data or {}),
    }
    if definition_code:
        version = version_for_new_case(definition_code)
        if version is None:
            raise ValidationError(_("流程“%(code)s”没有已发布的版本。") % {"code": definition_code})
        first = version_spec(version).start
        fields.update(mode=RoutingMode.FIXED, version=version, current_step=first.key)
    else:
        if not handlers:
            raise ValidationError({"handlers": _("自由流程请选择第一步办理人。")})
        fields.update(mode=RoutingMode.FREE, current_step=FREE_FIRST_STEP)
        fields["data"]["_next"] = {
            "step": FREE_FIRST_STEP,
            "participants": [u.pk for u in handlers],
        }
    fields["data"]["_sent_by"] = by.pk
    with transition(users=handlers or ()) as moved:
        process = RouteFlow.start.run(**fields)
    _event(process, by, EventAction.START, to_step=process.current_step)
    _notify_new_tasks(moved.created)
    return process


def task_open(*, task: Task, user: User) -> TaskInfo:
    """The handler opened the task: from now on the sender can no longer withdraw it."""
    info = TaskInfo.objects.get(pk=task.pk)
    if info.is_open and info.opened_at is None and may_handle(user, info):
        TaskInfo.objects.filter(pk=info.pk, opened_at__isnull=True).update(opened_at=timezone.now())
        info.refresh_from_db()
    return info


@transaction.atomic
def task_claim(*, task: Task, user: User) -> TaskInfo:
    """认领：候选人之一接手该待办。"""
    _require_staff(user)
    with task.activation() as activation:
        info = _locked_info(task)
        if info.owner_id is not None:
            raise TaskStateError(_("该待办已被他人认领。"))
        if not may_claim(user, info):
            raise PermissionDenied
        activation.assign(user)
        info.owner = user
        info.save(update_fields=["owner"])
        _event(info.process, user, EventAction.CLAIM, task=task, from_step=info.step_key)
    return info


@transaction.atomic
def task_release(*, task: Task, user: User) -> TaskInfo:
    """退回待认领：认领人放弃，待办回到候选人队列。"""
    with task.activation() as activation:
        info = _locked_info(task)
        if info.owner_id != user.pk or info.role_id is None:
            raise PermissionDenied
        activation.unassign()
        info.owner = None
        info.opened_at = None
        info.save(update_fields=["owner", "opened_at"])
        _event(info.process, user, EventAction.RELEASE, task=task, from_step=info.step_key)
    return info


@transaction.atomic
def task_complete(
    *,
    task: Task,
    user: User,
    comment: str = "",
    data: dict | None = None,
    next_handlers: list[User] | None = None,
    step_name: str = "",
    next_participants: list[User] | None = None,
    next_unit: OrgUnit | None = None,
) -> RouteProcess:
    """办理：提交意见和表单，流程按条件（或自由流程中选定的下一步办理人）流转。

    Fixed routes only: `next_participants` are the people who work the next step the route
    chooses, all in parallel (会签 by several units); `next_unit` is the unit whose holders of
    the step's role work it, instead of the unit the step's scope gives.
    """
    with _lock(task.process_id):
        info = _locked_info(task)
        if not may_handle(user, info):
            raise PermissionDenied
        process = info.process
        forced = None
        if process.mode == RoutingMode.FREE and next_handlers:
            number = int(process.current_step.rsplit("-", 1)[-1]) + 1
            forced = {
                "step": f"free-{number}",
                "participants": [u.pk for u in next_handlers],
                "name": step_name or "",
            }
        elif process.mode == RoutingMode.FIXED and (next_participants or next_unit):
            target = next_step(
                process.version, process.current_step, {**process.data, **(data or {})}
            )
            if target:
                forced = {"step": target, "participants": [u.pk for u in next_participants or []]}
                if next_unit is not None:
                    forced["unit_id"] = next_unit.pk
        _close(info, TaskOutcome.DONE)
        with transition(users=[*(next_handlers or ()), *(next_participants or ())]) as moved:
            process = _complete_with(info.task, user, next_step=forced, data=data)
        _event(
            process,
            user,
            EventAction.COMPLETE,
            task=task,
            comment=comment,
            from_step=info.step_key,
            to_step=process.current_step,
        )
        if not process.current_step:
            _event(process, user, EventAction.END, from_step=info.step_key)
    _notify_new_tasks(moved.created)
    return process


@transaction.atomic
def task_transfer(*, task: Task, user: User, to_user: User, comment: str = "") -> TaskInfo:
    """转办：把本人的待办交给另一位工作人员。"""
    _require_staff(to_user)
    with task.activation() as activation:
        info = _locked_info(task)
        if not may_handle(user, info):
            raise PermissionDenied
        if to_user.pk == info.owner_id:
            raise ValidationError(_("不能转办给当前办理人。"))
        activation.reassign(to_user)
        info.owner = to_user
        info.opened_at = None
        info.sent_by = user
        info.save(update_fields=["owner", "opened_at", "sent_by"])
        _event(
            info.process,
            user,
            EventAction.TRANSFER,
            task=task,
            comment=comment,
            from_step=info.step_key,
            to_step=info.step_key,
            target=to_user,
        )
    notify_user(
        user=to_user,
        subject=_("转办：%(title)s") % {"title": info.title},
        body=_("%(name)s 将“%(title)s”转交您办理。") % {"name": user.name, "title": info.title},
        link=f"/office/tasks/{info.pk}/",
    )
    return info


@transaction.atomic
def task_add_cohandler(
    *, task: Task, user: User, cohandler: User, comment: str = ""
) -> RouteProcess:
    """加签：本人办理后，请另一位工作人员在同一步骤再办理，然后流程照常流转。"""
    _require_staff(cohandler)
    with _lock(task.process_id):
        info = _locked_info(task)
        if not may_handle(user, info):
            raise PermissionDenied
        _close(info, TaskOutcome.DONE)
        forced = {"step": info.step_key, "participants": [cohandler.pk], "name": info.step_name}
        with transition(users=[cohandler]) as moved:
            process = _complete_with(info.task, user, next_step=forced)
        _event(
            process,
            user,
            EventAction.ADD_COHANDLER,
            task=task,
            comment=comment,
            from_step=info.step_key,
            to_step=info.step_key,
            target=cohandler,
        )
    _notify_new_tasks(moved.created)
    return process


def returnable_steps(process: RouteProcess) -> list[tuple[str, str]]:
    """Earlier steps of this case someone completed, newest first: where 退回 may send it."""
    seen, steps = set(), []
    rows = (
        TaskInfo.objects.filter(process=process, outcome=TaskOutcome.DONE)
        .exclude(step_key=process.current_step)
        .order_by("-finished_at")
        .values_list("step_key", "step_name")
    )
    for key, name in rows:
        if key not in seen:
            seen.add(key)
            steps.append((key, name))
    return steps


@transaction.atomic
def task_return(*, task: Task, user: User, to_step: str, comment: str) -> RouteProcess:
    """退回：把事项退回到之前办理过的步骤，由当时的办理人重新办理。"""
    if not (comment or "").strip():
        raise ValidationError({"comment": _("退回须填写理由。")})
    with _lock(task.process_id):
        info = _locked_info(task)
        if not may_handle(user, info):
            raise PermissionDenied
        process = info.process
        previous = (
            TaskInfo.objects.filter(process=process, step_key=to_step, outcome=TaskOutcome.DONE)
            .order_by("-finished_at")
            .first()
        )
        if previous is None or to_step == info.step_key:
            raise ValidationError({"to_step": _("只能退回到本事项已办理过的步骤。")})
        _close(info, TaskOutcome.RETURNED)
        forced = {"step": to_step, "participants": [previous.owner_id], "name": previous.step_name}
        with transition() as moved:
            process = _complete_with(info.task, user, next_step=forced, siblings_cancel=True)
        _event(
            process,
            user,
            EventAction.RETURN,
            task=task,
            comment=comment,
            from_step=info.step_key,
            to_step=to_step,
            target=previous.owner,
        )
    _notify_new_tasks(moved.created)
    return process


@transaction.atomic
def case_withdraw(*, process: RouteProcess, user: User) -> RouteProcess:
    """撤回：刚送出的事项，在下一步办理人打开之前，由送出人收回重新办理。"""
    with _lock(process.pk):
        open_infos = list(
            TaskInfo.objects.filter(process=process, is_open=True).select_related("task")
        )
        last_done = (
            TaskInfo.objects.filter(process=process, outcome=TaskOutcome.DONE)
            .order_by("-finished_at")
            .first()
        )
        if not open_infos or last_done is None or last_done.owner_id != user.pk:
            raise ValidationError(_("只有刚送出该事项的人可以撤回。"))
        if any(i.sent_by_id != user.pk for i in open_infos):
            raise ValidationError(_("只有刚送出该事项的人可以撤回。"))
        if any(i.opened_at for i in open_infos):
            raise TaskStateError(_("下一步办理人已打开该事项，不能撤回。"))
        keep, others = open_infos[0], open_infos[1:]
        for info in others:
            with info.task.activation() as activation:
                activation.cancel()
            _close(info, TaskOutcome.WITHDRAWN)
        _close(keep, TaskOutcome.WITHDRAWN)
        forced = {
            "step": last_done.step_key,
            "participants": [user.pk],
            "name": last_done.step_name,
        }
        updated = _complete_with(keep.task, keep.owner or user, next_step=forced)
        _event(
            updated, user, EventAction.WITHDRAW, from_step=keep.step_key, to_step=last_done.step_key
        )
    return updated


@transaction.atomic
def task_remind(*, task: Task, user: User, comment: str = "") -> TaskInfo:
    """催办：提醒当前办理人（未认领时提醒候选人）。"""
    info = TaskInfo.objects.select_related("process", "owner").get(pk=task.pk)
    if not info.is_open:
        raise TaskStateError(_("该待办已办结，无需催办。"))
    if not may_view_case(user, info.process):
        raise PermissionDenied
    recipients = (
        [info.owner]
        if info.owner_id
        else [
            p.user
            for p in Post.objects.active()
            .filter(unit_id=info.unit_id, role_id=info.role_id)
            .select_related("user")
        ]
    )
    for recipient in recipients:
        notify_user(
            user=recipient,
            sms=True,
            subject=_("催办：%(title)s") % {"title": info.title},
            body=comment
            or _("请尽快办理“%(title)s”（%(step)s）。")
            % {"title": info.title, "step": info.step_name},
            link=f"/office/tasks/{info.pk}/",
        )
    _event(
        info.process,
        user,
        EventAction.REMIND,
        task=task,
        comment=comment,
        from_step=info.step_key,
        target=info.owner,
    )
    return info


@transaction.atomic
def case_comment(*, process: RouteProcess, user: User, comment: str) -> CaseEvent:
    """意见：在事项上留下意见，随事项保存。"""
    if not (comment or "").strip():
        raise ValidationError({"comment": _("请填写意见。")})
    if not may_view_case(user, process):
        raise PermissionDenied
    return _event(
        process, user, EventAction.COMMENT, comment=comment.strip(), from_step=process.current_step
    )


@transaction.atomic
def case_draft_save(
    *,
    by: User,
    title: str,
    draft: CaseDraft | None = None,
    owner_unit: OrgUnit | None = None,
    definition: ProcessDefinition | None = None,
    handler: User | None = None,
) -> CaseDraft:
    """保存草稿：事项写好但暂不发送。"""
    _require_staff(by)
    if draft is not None and draft.created_by_id != by.pk:
        raise PermissionDenied
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写标题。")})
    draft = draft or CaseDraft(created_by=by)
    draft.title, draft.owner_unit, draft.definition, draft.handler = (
        title[:200],
        owner_unit,
        definition,
        handler,
    )
    draft.save()
    return draft


@transaction.atomic
def delegation_create(
    *,
    principal: User,
    delegate: User,
    start_date: datetime.date,
    end_date: datetime.date,
    reason: str,
    by: User,
) -> Delegation:
    """委托：本人在一段时间内把待办交给他人代办（留痕）。"""
    _require_staff(delegate)
    if by.pk != principal.pk:
        raise PermissionDenied
    delegation = Delegation(
        principal=principal,
        delegate=delegate,
        start_date=start_date,
        end_date=end_date,
        reason=reason,
    )
    delegation.full_clean()
    delegation._history_user = by
    delegation.save()
    return delegation


@transaction.atomic
def delegation_revoke(*, delegation: Delegation, by: User) -> Delegation:
    if by.pk != delegation.principal_id:
        raise PermissionDenied
    delegation.revoked_at = timezone.now()
    delegation._history_user = by
    delegation.save(update_fields=["revoked_at"])
    return delegation
