"""Conditions on form fields that choose the next step, and the choice itself.

A condition is JSON: {"field": "amount", "op": "gt", "value": 100}; an empty one ({}) is the
default path. Everything here is pure (no database): the engine, the designer's validation and the
BPMN/XPDL interchange all rely on the same rules.

A field missing from the form data never matches (not even "ne"): a form that lacks the field
cannot prove the condition, so the case takes the default path, which every step must have.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .spec import RouteSpec

OPS = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "contains")
OP_LABELS = {
    "eq": "等于",
    "ne": "不等于",
    "gt": "大于",
    "gte": "大于等于",
    "lt": "小于",
    "lte": "小于等于",
    "in": "属于",
    "contains": "包含",
}
# Readable expression operators, as BPMN engines write them (`${amount > 100}`).
_EXPR_OPS = {
    "eq": "==",
    "ne": "!=",
    "gt": ">",
    "gte": ">=",
    "lt": "<",
    "lte": "<=",
    "in": "in",
    "contains": "contains",
}
_EXPR_RE = re.compile(
    r"^\$\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s+(==|!=|>=|<=|>|<|in|contains)\s+(.+?)\s*\}$", re.S
)
FIELD_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


class ConditionError(ValueError):
    """A condition that cannot be evaluated; the message is for the administrator (Chinese)."""


def check_condition(condition: Any) -> dict:
    """Return the condition normalised ({} for the default), or raise ConditionError."""
    if condition in (None, "", {}):
        return {}
    if not isinstance(condition, dict):
        raise ConditionError(_("条件格式不正确。"))
    unknown = set(condition) - {"field", "op", "value"}
    if unknown:
        raise ConditionError(
            _("条件包含未知的项：%(keys)s。") % {"keys": "、".join(sorted(unknown))}
        )
    field, op = condition.get("field"), condition.get("op")
    if not isinstance(field, str) or not FIELD_RE.match(field):
        raise ConditionError(_("条件的字段名须以字母开头，只含字母、数字、下划线和点。"))
    if op not in OPS:
        raise ConditionError(_("不支持的比较方式：%(op)s。") % {"op": op})
    if "value" not in condition:
        raise ConditionError(_("条件缺少比较值。"))
    value = condition["value"]
    if op == "in" and not isinstance(value, list):
        raise ConditionError(_("“属于”的比较值须是一个列表。"))
    if op in ("gt", "gte", "lt", "lte") and _number(value) is None:
        raise ConditionError(_("大小比较的比较值须是数字。"))
    if isinstance(value, dict):
        raise ConditionError(_("比较值不能是对象。"))
    return {"field": field, "op": op, "value": value}


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except (InvalidOperation, ValueError):
            return None
    return None


def _same(left: Any, right: Any) -> bool:
    # Form data arrives as strings ("120") while the route says 120: compare numbers as numbers.
    if left == right:
        return True
    a, b = _number(left), _number(right)
    if a is not None and b is not None and not isinstance(left, bool):
        return a == b
    return str(left) == str(right) if isinstance(left, str) or isinstance(right, str) else False


def _lookup(data: dict, field: str) -> tuple[bool, Any]:
    current: Any = data
    for part in field.split("."):
        if not isinstance(current, dict) or part not in current:
            return False, None
        current = current[part]
    return True, current


def evaluate(condition: dict | None, data: dict) -> bool:
    """Does the form `data` satisfy `condition`? An empty condition (the default) always does."""
    condition = check_condition(condition)
    if not condition:
        return True
    found, actual = _lookup(data or {}, condition["field"])
    if not found or actual is None:
        return False
    op, expected = condition["op"], condition["value"]
    if op == "eq":
        return _same(actual, expected)
    if op == "ne":
        return not _same(actual, expected)
    if op in ("gt", "gte", "lt", "lte"):
        a, b = _number(actual), _number(expected)
        if a is None or b is None:
            return False
        return {"gt": a > b, "gte": a >= b, "lt": a < b, "lte": a <= b}[op]
    if op == "in":
        return any(_same(actual, item) for item in expected)
    # contains: a list holding the value (checked boxes, attached materials) or a substring.
    if isinstance(actual, (list, tuple)):
        return any(_same(item, expected) for item in actual)
    if isinstance(actual, str):
        return str(expected) in actual
    return False


def to_expression(condition: dict) -> str:
    """The readable form used in BPMN and XPDL: `${amount > 100}` (value written as JSON)."""
    condition = check_condition(condition)
    if not condition:
        return ""
    value = json.dumps(condition["value"], ensure_ascii=False, separators=(",", ":"))
    return f"${{{condition['field']} {_EXPR_OPS[condition['op']]} {value}}}"


def from_expression(text: str) -> dict:
    """Inverse of `to_expression`; raises ConditionError for anything else."""
    text = (text or "").strip()
    if not text:
        return {}
    match = _EXPR_RE.match(text)
    if not match:
        raise ConditionError(_("无法识别的条件表达式：%(expr)s") % {"expr": text[:80]})
    field, symbol, raw = match.groups()
    op = next(k for k, v in _EXPR_OPS.items() if v == symbol)
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise ConditionError(
            _("条件表达式的比较值无法识别：%(value)s") % {"value": raw[:40]}
        ) from exc
    return check_condition({"field": field, "op": op, "value": value})


def describe(condition: dict) -> str:
    """Chinese text for pages and the graph: "amount 大于 100"."""
    condition = check_condition(condition)
    if not condition:
        return _("默认")
    value = condition["value"]
    shown = "、".join(map(str, value)) if isinstance(value, list) else str(value)
    return f"{condition['field']} {OP_LABELS[condition['op']]} {shown}"


def choose_next_step(spec: RouteSpec, current_step_key: str, data: dict) -> str | None:
    """The key of the step after `current_step_key` for this form data; None means the end.

    Conditional transitions are tried in ascending priority; when none matches, the default path
    is taken. (selectors.routes.next_step does the same for a stored ProcessVersion.)
    """
    if current_step_key not in spec.step_keys:
        raise ConditionError(_("流程中没有步骤“%(key)s”。") % {"key": current_step_key})
    default = None
    for transition in spec.outgoing(current_step_key):
        if not transition.condition:
            default = transition
        elif evaluate(transition.condition, data):
            return transition.target
    if default is None:
        raise ConditionError(_("步骤“%(key)s”没有默认去向。") % {"key": current_step_key})
    return default.target
