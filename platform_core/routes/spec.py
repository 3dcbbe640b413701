"""A route as plain, immutable data: what export, import, drawing and validation work on.

`RouteSpec` is read from a version by `selectors.routes.version_spec` and written back by
`services.routes.bpmn_import`; nothing here touches the database, so the rules are testable
alone. Everything is kept in one canonical order (steps by order then key, transitions by source
step, conditional ones by priority and the default last), which is what makes an export
byte-for-byte repeatable.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext as _

from .conditions import ConditionError, check_condition

UNIT_SCOPES = ("case_unit", "fixed_unit", "parent_unit")
COUNTERSIGN_MODES = ("none", "all", "any")


@dataclass(frozen=True)
class StepSpec:
    key: str
    name: str
    order: int
    role_code: str
    role_name: str = ""
    unit_scope: str = "case_unit"
    unit_code: str = ""
    unit_name: str = ""
    time_limit_days: int = 1
    form_code: str = ""
    countersign: str = "none"


@dataclass(frozen=True)
class TransitionSpec:
    source: str
    target: str | None  # None: the process ends
    condition: dict = field(default_factory=dict)
    priority: int = 100
    label: str = ""

    @property
    def is_default(self) -> bool:
        return not self.condition


def _transition_sort_key(step_rank: dict[str, int]):
    def key(t: TransitionSpec):
        return (
            step_rank.get(t.source, 10**6),
            t.source,
            1 if t.is_default else 0,  # the default is the fallback: listed last
            t.priority,
            step_rank.get(t.target, 10**6) if t.target else 10**7,
            t.target or "",
        )

    return key


@dataclass(frozen=True)
class RouteSpec:
    code: str
    name: str
    description: str = ""
    steps: tuple[StepSpec, ...] = ()
    transitions: tuple[TransitionSpec, ...] = ()
    # Used by the XPDL header only: BPMN leaves them out so that a re-imported route (a new
    # version number) still exports the same document.
    version_number: int | None = None
    created: str = ""

    @classmethod
    def build(cls, *, steps, transitions, **kwargs) -> RouteSpec:
        steps = tuple(sorted(steps, key=lambda s: (s.order, s.key)))
        rank = {s.key: i for i, s in enumerate(steps)}
        transitions = tuple(sorted(transitions, key=_transition_sort_key(rank)))
        return cls(steps=steps, transitions=transitions, **kwargs)

    @property
    def step_keys(self) -> list[str]:
        return [s.key for s in self.steps]

    @property
    def start(self) -> StepSpec | None:
        return self.steps[0] if self.steps else None

    def step(self, key: str) -> StepSpec:
        for s in self.steps:
            if s.key == key:
                return s
        raise KeyError(key)

    @cached_property
    def _outgoing(self) -> dict[str, list[TransitionSpec]]:
        # Layout, export, drawing and validation ask for a step's transitions again and again.
        by_source: dict[str, list[TransitionSpec]] = {}
        for t in self.transitions:
            by_source.setdefault(t.source, []).append(t)
        return by_source

    def outgoing(self, key: str) -> list[TransitionSpec]:
        return list(self._outgoing.get(key, ()))

    def has_gateway(self, key: str) -> bool:
        """A step whose next step depends on a condition is followed by an exclusive gateway."""
        return any(not t.is_default for t in self.outgoing(key))


def _reachable(start: set[str], links: dict[str, set[str]]) -> set[str]:
    seen, queue = set(start), deque(start)
    while queue:
        for key in links.get(queue.popleft(), ()):
            if key not in seen:
                seen.add(key)
                queue.append(key)
    return seen


def validate(spec: RouteSpec) -> list[str]:
    """What stops this route from being published, in Chinese; empty when it may be published."""
    errors: list[str] = []
    if not spec.steps:
        return [_("流程至少需要一个步骤。")]
    keys = spec.step_keys
    names = {s.key: s.name for s in spec.steps}
    if len(set(keys)) != len(keys):
        errors.append(_("步骤标识不能重复。"))
    for s in spec.steps:
        if not s.role_code:
            errors.append(_("步骤“%(name)s”未指定办理角色。") % {"name": s.name})
        if s.unit_scope not in UNIT_SCOPES:
            errors.append(_("步骤“%(name)s”的办理单位范围无效。") % {"name": s.name})
        elif (s.unit_scope == "fixed_unit") != bool(s.unit_code):
            errors.append(
                _("步骤“%(name)s”选择“指定单位”时须指定单位，其他范围不能指定单位。")
                % {"name": s.name}
            )
        if s.countersign not in COUNTERSIGN_MODES:
            errors.append(_("步骤“%(name)s”的会签方式无效。") % {"name": s.name})
        if s.time_limit_days < 1:
            errors.append(_("步骤“%(name)s”的办理时限至少为 1 个工作日。") % {"name": s.name})
    for t in spec.transitions:
        if t.source not in names or (t.target is not None and t.target not in names):
            errors.append(_("流转条件指向了不存在的步骤。"))
            continue
        try:
            check_condition(t.condition)
        except ConditionError as exc:
            errors.append(
                _("步骤“%(name)s”的流转条件有误：%(error)s")
                % {"name": names[t.source], "error": exc}
            )
    if errors:
        return errors
    for s in spec.steps:
        defaults = [t for t in spec.outgoing(s.key) if t.is_default]
        if not defaults:
            errors.append(
                _("步骤“%(name)s”没有默认去向（不满足任何条件时的下一步）。") % {"name": s.name}
            )
        elif len(defaults) > 1:
            errors.append(_("步骤“%(name)s”有多个默认去向。") % {"name": s.name})
    forward: dict[str, set[str]] = {}
    backward: dict[str, set[str]] = {}
    for t in spec.transitions:
        if t.target is not None:
            forward.setdefault(t.source, set()).add(t.target)
            backward.setdefault(t.target, set()).add(t.source)
    reachable = _reachable({spec.steps[0].key}, forward)
    for s in spec.steps:
        if s.key not in reachable:
            errors.append(_("步骤“%(name)s”从开始步骤无法到达。") % {"name": s.name})
    # Every step must be able to finish: a loop without an exit would hold a case forever.
    # The steps that can are those that lead, backwards, to a step ending the process.
    finishing = _reachable({t.source for t in spec.transitions if t.target is None}, backward)
    for s in spec.steps:
        if s.key in reachable and s.key not in finishing:
            errors.append(_("步骤“%(name)s”之后无法到达流程结束。") % {"name": s.name})
    return errors
