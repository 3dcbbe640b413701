"""Writes for fixed routes: definitions, drafts, steps, transitions, publishing, BPMN import.

Only a draft can be edited. Publishing checks the whole graph (`routes.spec.validate`) and
retires the version published before, leaving its rows as they were: a case that started on it
still finds its steps. Every function checks `platform_core.design_process` itself, because the
view is not the only caller (management commands, the demo loader).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .. import permissions
from ..models import (
    OrgUnit,
    ProcessDefinition,
    ProcessVersion,
    Role,
    StepDefinition,
    Transition,
    User,
    VersionStatus,
)
from ..routes import bpmn
from ..routes.conditions import ConditionError, check_condition
from ..routes.spec import RouteSpec, validate
from ..selectors.routes import version_published, version_spec

DESIGN = "platform_core.design_process"
STEP_FIELDS = frozenset(
    {"key", "name", "role", "unit_scope", "unit", "time_limit_days", "form_code", "countersign"}
)


def _require_designer(by: User) -> None:
    if not permissions.can(by, DESIGN):
        raise PermissionDenied(_("您没有设计固定流程的权限。"))


def _require_draft(version: ProcessVersion) -> None:
    # Read the status under a row lock rather than trusting the caller's copy: an edit and a
    # publish of the same draft must not interleave, and a stale object must not slip through.
    current = ProcessVersion.objects.select_for_update().only("status").get(pk=version.pk)
    version.status = current.status
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(
            _("第 %(number)s 版已发布或停用，不能修改；请先新建草稿版本。")
            % {"number": version.number}
        )


def _lock_definition(definition: ProcessDefinition) -> ProcessDefinition:
    # Drafts and publishing are serialised per definition: two administrators publishing at once
    # must not leave two published versions or skip a number.
    return ProcessDefinition.objects.select_for_update().get(pk=definition.pk)


def _next_number(definition: ProcessDefinition) -> int:
    return (definition.versions.aggregate(m=Max("number"))["m"] or 0) + 1


def _new_draft(definition: ProcessDefinition, by: User) -> ProcessVersion:
    if definition.versions.filter(status=VersionStatus.DRAFT).exists():
        raise ValidationError(_("该流程已有草稿版本，请先发布或删除草稿。"))
    version = ProcessVersion(definition=definition, number=_next_number(definition), created_by=by)
    version._history_user = by
    version.save()
    return version


@transaction.atomic
def definition_create(
    *,
    code: str,
    name: str,
    by: User,
    description: str = "",
    owner_unit: OrgUnit | None = None,
) -> ProcessDefinition:
    """新建固定流程：建立流程及其第 1 版草稿。"""
    _require_designer(by)
    if ProcessDefinition.objects.filter(code=code).exists():
        raise ValidationError({"code": _("流程代码“%(code)s”已被使用。") % {"code": code}})
    definition = ProcessDefinition(
        code=code, name=name, description=description, owner_unit=owner_unit
    )
    definition.full_clean()
    definition._history_user = by
    definition.save()
    _new_draft(definition, by)
    return definition


@transaction.atomic
def version_draft_from_published(*, definition: ProcessDefinition, by: User) -> ProcessVersion:
    """新建草稿：复制当前发布版本（无发布版本时复制最新版本）的全部步骤和流转条件。"""
    _require_designer(by)
    definition = _lock_definition(definition)
    source = version_published(definition) or definition.versions.order_by("-number").first()
    draft = _new_draft(definition, by)
    if source is not None:
        _write_spec(draft, version_spec(source))
    return draft


@transaction.atomic
def version_draft_discard(*, version: ProcessVersion, by: User) -> None:
    """删除草稿版本（已发布的版本不能删除）。"""
    _require_designer(by)
    _require_draft(version)
    version._history_user = by
    version.delete()


@transaction.atomic
def version_publish(*, version: ProcessVersion, by: User) -> ProcessVersion:
    """发布流程版本：检查流程图，停用原发布版本（原版本的步骤保持不变，进行中的案件不受影响）。"""
    _require_designer(by)
    _lock_definition(version.definition)
    _require_draft(version)  # locks the version row and refreshes its status
    errors = validate(version_spec(version))
    if errors:
        raise ValidationError(errors)
    for old in version.definition.versions.filter(status=VersionStatus.PUBLISHED):
        old.status = VersionStatus.RETIRED
        old._history_user = by
        old.save(update_fields=["status"])
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = by
    version._history_user = by
    version.save(update_fields=["status", "published_at", "published_by"])
    return version


# --- Steps ----------------------------------------------------------------------------------------


def _clean_step(step: StepDefinition) -> None:
    if step.unit_scope != "fixed_unit":
        step.unit = None
    if (
        StepDefinition.objects.filter(version=step.version, key=step.key)
        .exclude(pk=step.pk)
        .exists()
    ):
        raise ValidationError({"key": _("本版本中已有标识为“%(key)s”的步骤。") % {"key": step.key}})
    step.full_clean()


@transaction.atomic
def step_add(*, version: ProcessVersion, by: User, **fields: Any) -> StepDefinition:
    """在草稿中新增步骤（排在最后）。"""
    _require_designer(by)
    _require_draft(version)
    unknown = set(fields) - STEP_FIELDS - {"order"}
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")
    if "order" not in fields:
        fields["order"] = (version.steps.aggregate(m=Max("order"))["m"] or 0) + 1
    step = StepDefinition(version=version, **fields)
    _clean_step(step)
    step.save()
    return step


@transaction.atomic
def step_update(*, step: StepDefinition, by: User, **fields: Any) -> StepDefinition:
    """修改草稿中的步骤。"""
    _require_designer(by)
    _require_draft(step.version)
    unknown = set(fields) - STEP_FIELDS
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(step, name, value)
    _clean_step(step)
    step.save()
    return step


@transaction.atomic
def step_remove(*, step: StepDefinition, by: User) -> None:
    """删除草稿中的步骤及与之相连的流转条件。"""
    _require_designer(by)
    _require_draft(step.version)
    step.delete()  # transitions from and to it go with it (CASCADE)


@transaction.atomic
def step_reorder(*, version: ProcessVersion, keys: list[str], by: User) -> None:
    """调整草稿中步骤的顺序（第一个步骤即开始步骤）。"""
    _require_designer(by)
    _require_draft(version)
    steps = {s.key: s for s in version.steps.select_for_update()}
    if sorted(keys) != sorted(steps):
        raise ValidationError(_("步骤顺序须包含本版本的全部步骤，且不能重复。"))
    moved = []
    for position, key in enumerate(keys, start=1):
        if steps[key].order != position:
            steps[key].order = position
            moved.append(steps[key])
    StepDefinition.objects.bulk_update(moved, ["order"])


def step_move(*, step: StepDefinition, offset: int, by: User) -> None:
    """把步骤上移（offset=-1）或下移（offset=1）一位。"""
    keys = list(step.version.steps.order_by("order", "key").values_list("key", flat=True))
    index = keys.index(step.key)
    other = index + offset
    if 0 <= other < len(keys):
        keys[index], keys[other] = keys[other], keys[index]
    step_reorder(version=step.version, keys=keys, by=by)


# --- Transitions ----------------------------------------------------------------------------------


@transaction.atomic
def transition_add(
    *,
    version: ProcessVersion,
    source: StepDefinition,
    target: StepDefinition | None,
    by: User,
    condition: dict | None = None,
    priority: int = 100,
    label: str = "",
) -> Transition:
    """在草稿中新增流转：从某步骤到下一步骤（或结束），可带表单字段条件。"""
    _require_designer(by)
    _require_draft(version)
    if source.version_id != version.pk or (target is not None and target.version_id != version.pk):
        raise ValidationError(_("流转的两端须是本版本的步骤。"))
    try:
        condition = check_condition(condition)
    except ConditionError as exc:
        raise ValidationError({"condition": str(exc)}) from exc
    if not condition and source.outgoing.filter(condition={}).exists():
        raise ValidationError(_("步骤“%(name)s”已有默认去向。") % {"name": source.name})
    transition = Transition(
        version=version,
        source=source,
        target=target,
        condition=condition,
        priority=priority,
        label=label,
    )
    transition.full_clean()
    transition.save()
    return transition


@transaction.atomic
def transition_remove(*, transition: Transition, by: User) -> None:
    """删除草稿中的流转。"""
    _require_designer(by)
    _require_draft(transition.version)
    transition.delete()


# --- Interchange ----------------------------------------------------------------------------------


def _write_spec(version: ProcessVersion, spec: RouteSpec) -> None:
    """Create the steps and transitions of `spec` in an empty draft; Chinese errors on bad data."""
    roles = {r.code: r for r in Role.objects.filter(code__in={s.role_code for s in spec.steps})}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in={s.unit_code for s in spec.steps})}
    created: dict[str, StepDefinition] = {}
    for s in spec.steps:
        if s.key != slugify(s.key) or not s.key:
            raise ValidationError(
                _("步骤标识“%(key)s”只能包含字母、数字、连字符和下划线。") % {"key": s.key}
            )
        if s.key in created:
            raise ValidationError(_("步骤标识“%(key)s”重复。") % {"key": s.key})
        role = roles.get(s.role_code)
        if not s.role_code:
            raise ValidationError(
                _("步骤“%(name)s”（标识 %(key)s）没有设置办理角色。")
                % {"name": s.name, "key": s.key}
            )
        if role is None:
            raise ValidationError(
                _("步骤“%(name)s”的角色代码“%(role)s”不存在。")
                % {"name": s.name, "role": s.role_code}
            )
        unit = units.get(s.unit_code) if s.unit_code else None
        if s.unit_code and unit is None:
            raise ValidationError(
                _("步骤“%(name)s”的单位代码“%(unit)s”不存在。")
                % {"name": s.name, "unit": s.unit_code}
            )
        step = StepDefinition(
            version=version,
            key=s.key,
            name=s.name,
            order=s.order,
            role=role,
            unit_scope=s.unit_scope,
            unit=unit,
            time_limit_days=s.time_limit_days,
            form_code=s.form_code,
            countersign=s.countersign,
        )
        try:
            step.full_clean(exclude=["version"])
        except ValidationError as exc:
            raise ValidationError(
                _("步骤“%(name)s”有误：%(error)s")
                % {"name": s.name, "error": "；".join(exc.messages)}
            ) from exc
        step.save()
        created[s.key] = step
    defaults: set[str] = set()
    for t in spec.transitions:
        if t.source not in created or (t.target is not None and t.target not in created):
            raise ValidationError(_("流转条件指向了不存在的步骤。"))
        if not t.condition:
            if t.source in defaults:
                raise ValidationError(
                    _("步骤“%(name)s”有多个默认去向。") % {"name": created[t.source].name}
                )
            defaults.add(t.source)
        Transition.objects.create(
            version=version,
            source=created[t.source],
            target=created[t.target] if t.target else None,
            condition=check_condition(t.condition),
            priority=t.priority,
            label=t.label[:64],
        )


@transaction.atomic
def bpmn_import(*, xml_bytes: bytes, code: str, by: User) -> ProcessVersion:
    """导入 BPMN 2.0 文件，生成流程的新草稿版本（流程不存在时一并新建）。"""
    _require_designer(by)
    spec = bpmn.parse_bpmn(xml_bytes, code=code)
    definition = ProcessDefinition.objects.select_for_update().filter(code=code).first()
    if definition is None:
        definition = ProcessDefinition(
            code=code, name=spec.name[:128], description=spec.description
        )
        definition.full_clean()
        definition._history_user = by
        definition.save()
    draft = _new_draft(definition, by)
    _write_spec(draft, spec)
    return draft


@transaction.atomic
def bpmn_save_draft(*, version: ProcessVersion, xml_bytes: bytes, by: User) -> ProcessVersion:
    """保存图形化设计器画出的流程：经 BPMN 导入与校验后替换草稿的全部步骤和流转条件。

    Anything the engine cannot run, and any graph `validate` refuses, raises a ValidationError
    naming the element; the transaction then rolls back and the draft keeps what it had.
    """
    _require_designer(by)
    _lock_definition(version.definition)
    _require_draft(version)
    spec = bpmn.parse_bpmn(xml_bytes, code=version.definition.code)
    for s in spec.steps:  # the drawn diagram's usual omissions, named by task name and key
        if not s.role_code:
            raise ValidationError(
                _("任务“%(name)s”（标识 %(key)s）没有设置办理角色；流程未保存。")
                % {"name": s.name, "key": s.key}
            )
        if s.time_limit_days < 1:
            raise ValidationError(
                _("任务“%(name)s”（标识 %(key)s）的办理时限至少为 1 个工作日；流程未保存。")
                % {"name": s.name, "key": s.key}
            )
    errors = validate(spec)
    if errors:
        raise ValidationError(errors)
    version.steps.all().delete()  # transitions go with their steps (CASCADE)
    _write_spec(version, spec)
    version._history_user = by
    version.save()
    return version
