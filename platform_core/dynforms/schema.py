"""Checking a whole form definition, and its JSON export/import format.

The JSON holds the definition only (no database ids, no version numbers, no dates), so a form can
move between environments and export → import → export gives the same document.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .builder import MORE_ROWS
from .types import FIELD_TYPES, FieldSpec, normalise_options

FORMAT = "egov-dynform"
FORMAT_VERSION = 1
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# Names a generated form class or formset already uses, and the task page's own "comment".
RESERVED_KEYS = frozenset(
    {
        "specs", "formset_classes", "formsets", "items", "clean", "data", "files", "fields",
        "errors", "initial", "prefix", "media", "hidden_keys", "table_errors", "uploads",
        "data_json", "more_rows_for", "delete", "order", "comment", MORE_ROWS,
    }
)  # fmt: skip
CONDITION_TYPES = ("choice", "multichoice", "yesno", "text")
MAX_FIELDS = 200


def check_code(code: str) -> str | None:
    if not CODE_RE.match(code or ""):
        return _("表单代码只能包含小写字母、数字、下划线和连字符，且以字母或数字开头。")
    return None


def check_key(key: str) -> str | None:
    if not KEY_RE.match(key or ""):
        return _("字段标识“%s”不合法：应以小写字母开头，只含小写字母、数字和下划线。") % key
    if key in RESERVED_KEYS:
        return _("字段标识“%s”是系统保留字，请换一个。") % key
    return None


def check_condition(spec: FieldSpec, earlier: dict[str, FieldSpec]) -> str | None:
    """The display condition must name an earlier field that can take the given value."""
    if not spec.condition_field:
        return None
    controller = earlier.get(spec.condition_field)
    if controller is None:
        return _("“%(label)s”的显示条件引用了不存在或不在其前面的字段“%(key)s”。") % {
            "label": spec.label,
            "key": spec.condition_field,
        }
    if controller.type not in CONDITION_TYPES:
        return _("“%s”的显示条件只能引用单选、多选、是/否或单行文本字段。") % spec.label
    value = spec.condition_value
    if controller.type == "yesno" and value not in ("yes", "no"):
        return _("“%s”的显示条件取值应为 yes 或 no。") % spec.label
    if controller.type in ("choice", "multichoice") and value not in controller.choice_labels():
        return _("“%(label)s”的显示条件取值“%(value)s”不是“%(ctrl)s”的选项。") % {
            "label": spec.label,
            "value": value,
            "ctrl": controller.label,
        }
    if controller.type == "text" and not value:
        return _("“%s”的显示条件取值不能为空。") % spec.label
    return None


def check_specs(specs: list[FieldSpec], *, for_publish: bool = False) -> list[str]:
    """Every problem of a definition, as Chinese messages (empty list: fine).

    Options are normalised in place, so an imported definition is stored in canonical form.
    """
    problems: list[str] = []
    if for_publish and not specs:
        problems.append(_("表单至少需要一个字段才能发布。"))
    if len(specs) > MAX_FIELDS:
        problems.append(_("字段过多（最多 %s 个）。") % MAX_FIELDS)
    earlier: dict[str, FieldSpec] = {}
    for index, spec in enumerate(specs, start=1):
        where = _("第 %(n)s 个字段“%(label)s”") % {"n": index, "label": spec.label or spec.key}
        problems.extend(f"{where}：{p}" for p in _check_one(spec, in_table=False))
        if spec.key in earlier:
            problems.append(
                _("%(where)s：字段标识“%(key)s”重复。") % {"where": where, "key": spec.key}
            )
        problem = check_condition(spec, earlier)
        if problem:
            problems.append(problem)
        if spec.type == "table":
            if not spec.columns and for_publish:
                problems.append(_("%s：重复表格至少需要一列。") % where)
            seen: set[str] = set()
            for col in spec.columns:
                col_where = _("%(where)s的列“%(label)s”") % {"where": where, "label": col.label}
                problems.extend(f"{col_where}：{p}" for p in _check_one(col, in_table=True))
                if col.key in seen:
                    problems.append(_("%s：列标识重复。") % col_where)
                seen.add(col.key)
        earlier[spec.key] = spec
    return problems


def _check_one(spec: FieldSpec, *, in_table: bool) -> list[str]:
    problems = []
    problem = check_key(spec.key)
    if problem:
        problems.append(problem)
    if not spec.label or len(spec.label) > 128:
        problems.append(_("名称不能为空，且不超过128个字。"))
    field_type = FIELD_TYPES.get(spec.type)
    if field_type is None:
        problems.append(_("字段类型“%s”不受支持（可能来自更新版本的系统），无法导入。") % spec.type)
        return problems
    if in_table and not field_type.in_table:
        problems.append(_("表格的列不能是“%s”类型。") % field_type.label)
    if in_table and spec.condition_field:
        problems.append(_("表格的列不能设置显示条件。"))
    try:
        spec.options = normalise_options(spec.type, spec.options)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            problems.extend(f"{name}：{m}" for m in messages)
    return problems


# --- JSON -----------------------------------------------------------------------------------------


def spec_to_dict(spec: FieldSpec) -> dict:
    data = asdict(spec)
    columns = data.pop("columns")
    if spec.type == "table":
        data["columns"] = columns
    return data


def export_document(*, code: str, name: str, description: str, specs: list[FieldSpec]) -> dict:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "code": code,
        "name": name,
        "description": description,
        "fields": [spec_to_dict(spec) for spec in specs],
    }


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


_SPEC_KEYS = {
    "key": str,
    "label": str,
    "type": str,
    "required": bool,
    "help_text": str,
    "default": str,
    "options": dict,
    "condition_field": str,
    "condition_value": str,
}


def _spec_from_dict(raw, where: str, problems: list[str]) -> FieldSpec | None:
    if not isinstance(raw, dict):
        problems.append(_("%s：格式不正确。") % where)
        return None
    values = {}
    for name, kind in _SPEC_KEYS.items():
        value = raw.get(name, kind())
        if not isinstance(value, kind):
            problems.append(
                _("%(where)s：“%(name)s”的格式不正确。") % {"where": where, "name": name}
            )
            return None
        values[name] = value
    columns_raw = raw.get("columns", [])
    if not isinstance(columns_raw, list):
        problems.append(_("%s：columns 应为列表。") % where)
        return None
    columns = []
    for n, col in enumerate(columns_raw, start=1):
        col_spec = _spec_from_dict(
            col, _("%(where)s第 %(n)s 列") % {"where": where, "n": n}, problems
        )
        if col_spec is not None:
            columns.append(col_spec)
    return FieldSpec(columns=columns, **values)


def parse_document(text: str | bytes) -> dict:
    """Parse and check an exported form; ValidationError with Chinese messages if it is not one.

    Returns {"code", "name", "description", "specs"}.
    """
    try:
        document = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        raise ValidationError(_("文件不是有效的 JSON。")) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError(_("这不是本系统导出的表单文件（缺少格式标识）。"))
    if document.get("format_version") != FORMAT_VERSION:
        raise ValidationError(_("表单文件的格式版本不受支持。"))
    problems: list[str] = []
    code, name = document.get("code"), document.get("name")
    description = document.get("description", "")
    if not isinstance(code, str) or not CODE_RE.match(code):
        problems.append(_("表单代码缺失或不合法。"))
    if not isinstance(name, str) or not name.strip() or len(name) > 128:
        problems.append(_("表单名称缺失或过长。"))
    if not isinstance(description, str):
        problems.append(_("表单说明的格式不正确。"))
    raw_fields = document.get("fields")
    if not isinstance(raw_fields, list):
        raise ValidationError([*problems, _("缺少字段列表。")])
    specs = []
    for n, raw in enumerate(raw_fields, start=1):
        spec = _spec_from_dict(raw, _("第 %s 个字段") % n, problems)
        if spec is not None:
            specs.append(spec)
    problems.extend(check_specs(specs))
    if problems:
        raise ValidationError(problems)
    return {"code": code, "name": name.strip(), "description": description, "specs": specs}
