"""The review route of an item (录入 → 保密审查 → 签发 → 发布) on the platform's workflow engine.

Each column names its route (a fixed route of the platform, designed in the back office); a
column without one uses the default route below, created once by `ensure_default_route()`.
Submitting starts a case (or continues a returned one) and completes the entry step; every
later step is a task in the reviewers' unified inbox with the step's time limit. When the last
step is completed the case ends and the item is published (services/items.py). Sending back
returns the case to the entry step with the reviewer's comment.

The functions here run inside the caller's transaction, after items.py checked the user's rights.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from platform_core.constants import RoleCode
from platform_core.flows import RouteFlow
from platform_core.models import ProcessDefinition, Role, RouteProcess, Subsystem, TaskInfo, User
from platform_core.selectors.routes import version_for_new_case, version_spec
from platform_core.services import routes as route_services
from platform_core.services import workflow as wf

from ..models import Item

DEFAULT_ROUTE_CODE = "disclosure-proactive-review"
ENTRY_STEP = "entry"


def ensure_default_route(*, by: User, code: str = DEFAULT_ROUTE_CODE) -> ProcessDefinition:
    """建立默认的主动公开审核流程（录入 → 保密审查 → 签发），已发布时不重复建立。"""
    definition = ProcessDefinition.objects.filter(code=code).first()
    if definition is not None and version_for_new_case(code) is not None:
        return definition
    if definition is None:
        definition = route_services.definition_create(
            code=code,
            name="主动公开信息审核",
            description="信息公开专员录入，科室负责人保密审查，分管领导签发后发布。",
            by=by,
        )
    draft = definition.versions.filter(status="draft").first()
    if draft is None:
        draft = route_services.version_draft_from_published(definition=definition, by=by)
    if not draft.steps.exists():
        steps = [
            (ENTRY_STEP, "录入", RoleCode.DISCLOSURE_OFFICER, 3),
            ("secrecy", "保密审查", RoleCode.SECTION_HEAD, 3),
            ("signoff", "签发", RoleCode.LEADER, 2),
        ]
        rows = [
            route_services.step_add(
                version=draft,
                by=by,
                key=key,
                name=name,
                role=Role.objects.get(code=role),
                time_limit_days=days,
            )
            for key, name, role, days in steps
        ]
        for source, target in zip(rows, [*rows[1:], None], strict=True):
            route_services.transition_add(version=draft, source=source, target=target, by=by)
    route_services.version_publish(version=draft, by=by)
    return definition


def route_code_for(item: Item) -> str:
    return item.column.route.code if item.column.route_id else DEFAULT_ROUTE_CODE


def _open_infos(process: RouteProcess):
    return TaskInfo.objects.filter(process=process, is_open=True).select_related("task")


def entry_step(process: RouteProcess) -> str:
    return version_spec(process.version).start.key


def case_ended(process: RouteProcess | None) -> bool:
    return process is not None and not process.current_step


def case_returned(process: RouteProcess | None) -> bool:
    return (
        process is not None
        and bool(process.current_step)
        and process.current_step == entry_step(process)
        and _open_infos(process).exists()
    )


def open_review_task(item: Item, user: User) -> TaskInfo | None:
    """The open review task (not the entry step) that `user` may work: own, or claimable."""
    process = item.review_process
    if process is None or case_ended(process):
        return None
    infos = list(_open_infos(process).exclude(step_key=entry_step(process)))
    for info in infos:
        if wf.may_handle(user, info):
            return info
    for info in infos:
        if wf.may_claim(user, info):
            return info
    return None


def current_step_name(item: Item) -> str:
    process = item.review_process
    if process is None or case_ended(process):
        return ""
    info = _open_infos(process).first()
    return info.step_name if info else ""


def _take(info: TaskInfo, by: User) -> TaskInfo:
    if info.owner_id is None:
        wf.task_claim(task=info.task, user=by)
        info.refresh_from_db()
    return info


def _entry_task(process: RouteProcess, by: User) -> TaskInfo:
    infos = list(_open_infos(process).filter(step_key=entry_step(process)))
    for info in infos:
        if wf.may_handle(by, info) or wf.may_claim(by, info):
            return _take(info, by)
    raise ValidationError(
        _("您不能办理本单位信息公开的录入步骤（需在发布机构任信息公开专员），请联系管理员。")
    )


def submit(item: Item, by: User) -> RouteProcess:
    """送审: start the case (or continue a returned one) and complete the entry step."""
    process = item.review_process
    if not case_returned(process):
        code = route_code_for(item)
        if version_for_new_case(code) is None:
            raise ValidationError(_("审核流程“%(code)s”没有已发布的版本。") % {"code": code})
        process = wf.case_start(
            title=_("主动公开：%(title)s") % {"title": item.title[:180]},
            subsystem=Subsystem.DISCLOSURE,
            owner_unit=item.unit,
            by=by,
            definition_code=code,
            data={"disclosure_item": item.pk},
        )
    info = _entry_task(process, by)
    return wf.task_complete(task=info.task, user=by, comment=_("送审"))


def approve(item: Item, by: User, comment: str) -> RouteProcess:
    """审核通过 this step; the case moves to the next step or ends."""
    info = open_review_task(item, by)
    if info is None:
        raise ValidationError(_("该信息当前的审核待办不在您名下，不能审核。"))
    info = _take(info, by)
    with RouteFlow.lock(info.process_id):
        return wf.task_complete(task=info.task, user=by, comment=comment or _("同意"))


def send_back(item: Item, by: User, comment: str) -> RouteProcess:
    """退回 to the entry step, with the reviewer's comment."""
    info = open_review_task(item, by)
    if info is None:
        raise ValidationError(_("该信息当前的审核待办不在您名下，不能退回。"))
    info = _take(info, by)
    return wf.task_return(
        task=info.task, user=by, to_step=entry_step(info.process), comment=comment
    )
