"""The field types a form may use: how each becomes a Django form field, which settings it takes,
how its cleaned value is stored as JSON and shown again.

A field is described by a `FieldSpec` (built from a FormField row or from imported JSON), so the
same code renders the draft in the builder, a published version, and an imported file.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from . import fields as dyn_fields
from . import files, regions

TEXT_MAX = 500
TEXTAREA_MAX = 5000
FILE_MAX_MB = 50
TABLE_MAX_ROWS = 100


@dataclass
class FieldSpec:
    key: str
    label: str
    type: str
    required: bool = False
    help_text: str = ""
    default: str = ""
    options: dict = field(default_factory=dict)
    condition_field: str = ""
    condition_value: str = ""
    columns: list[FieldSpec] = field(default_factory=list)

    @classmethod
    def from_model(cls, row, columns=None) -> FieldSpec:
        return cls(
            key=row.key,
            label=row.label,
            type=row.field_type,
            required=row.required,
            help_text=row.help_text,
            default=row.default,
            options=dict(row.options or {}),
            condition_field=row.condition_field,
            condition_value=row.condition_value,
            columns=[cls.from_model(col) for col in (columns or [])],
        )

    def choice_labels(self) -> dict[str, str]:
        return dict(self.options.get("choices", []))


@dataclass(frozen=True)
class FieldType:
    code: str
    label: Any
    options: tuple[str, ...] = ()
    in_table: bool = True  # may be a column of a repeating table


FIELD_TYPES: dict[str, FieldType] = {
    t.code: t
    for t in (
        FieldType("text", _("单行文本"), ("max_length",)),
        FieldType("textarea", _("多行文本"), ("max_length",)),
        FieldType("number", _("数字"), ("min_value", "max_value", "decimal_places", "unit")),
        FieldType("money", _("金额"), ("min_value", "max_value", "unit")),
        FieldType("date", _("日期")),
        FieldType("date_range", _("日期范围")),
        FieldType("choice", _("单选"), ("choices",)),
        FieldType("multichoice", _("多选"), ("choices",)),
        FieldType("yesno", _("是/否")),
        FieldType("resident_id", _("居民身份证号")),
        FieldType("uscc", _("统一社会信用代码")),
        FieldType("mobile", _("手机号码")),
        FieldType("email", _("电子邮箱")),
        FieldType("region", _("行政区划（省/市/县/乡镇）"), in_table=False),
        FieldType("address", _("详细地址"), ("max_length",)),
        FieldType("file", _("附件上传"), ("allowed_types", "max_size_mb"), in_table=False),
        FieldType("table", _("重复表格"), ("min_rows", "max_rows"), in_table=False),
    )
}


MONEY_UNIT = "元"


def type_choices(*, in_table: bool = False) -> list[tuple[str, Any]]:
    return [(t.code, t.label) for t in FIELD_TYPES.values() if t.in_table or not in_table]


# --- Settings -------------------------------------------------------------------------------------


def _int_option(raw: dict, name: str, low: int, high: int, default: int | None, errors: dict):
    value = raw.get(name)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[name] = _t("请输入整数。")
        return default
    if not low <= number <= high:
        errors[name] = _t("应在 %(low)s 到 %(high)s 之间。") % {"low": low, "high": high}
    return number


def _decimal_option(raw: dict, name: str, errors: dict) -> str | None:
    value = raw.get(name)
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        errors[name] = _t("请输入数字。")
        return None
    if not number.is_finite():
        errors[name] = _t("请输入数字。")
        return None
    return str(number)


def normalise_options(type_code: str, raw: dict | None) -> dict:
    """The settings of a field of this type, checked and with defaults; ValidationError (by
    setting name, Chinese messages) when one is wrong. Unknown settings are dropped."""
    if type_code not in FIELD_TYPES:
        raise ValidationError({"field_type": _t("不支持的字段类型“%s”。") % type_code})
    raw = raw or {}
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    wanted = FIELD_TYPES[type_code].options
    if "max_length" in wanted:
        high = TEXTAREA_MAX if type_code == "textarea" else TEXT_MAX
        default = 2000 if type_code == "textarea" else 200
        out["max_length"] = _int_option(raw, "max_length", 1, high, default, errors)
    if "min_value" in wanted:
        low = _decimal_option(raw, "min_value", errors)
        high = _decimal_option(raw, "max_value", errors)
        if low is not None and high is not None and Decimal(low) > Decimal(high):
            errors["max_value"] = _t("最大值不能小于最小值。")
        out["min_value"], out["max_value"] = low, high
    if "decimal_places" in wanted:
        out["decimal_places"] = _int_option(raw, "decimal_places", 0, 6, 0, errors)
    if "unit" in wanted:
        unit = str(raw.get("unit") or "").strip() or (MONEY_UNIT if type_code == "money" else "")
        if len(unit) > 8 or any(ch.isdigit() for ch in unit):
            errors["unit"] = _t("计量单位最多 8 个字，不含数字，如 万元、平方米、人。")
        out["unit"] = unit[:8]
    if "choices" in wanted:
        out["choices"] = _normalise_choices(raw.get("choices"), errors)
    if "allowed_types" in wanted:
        kinds = raw.get("allowed_types") or []
        if not isinstance(kinds, list) or not kinds:
            errors["allowed_types"] = _t("请至少选择一种允许上传的文件类型。")
            kinds = []
        unknown = [k for k in kinds if k not in files.FILE_KINDS]
        if unknown:
            errors["allowed_types"] = _t("不支持的文件类型：%s。") % "、".join(map(str, unknown))
        out["allowed_types"] = [k for k in files.FILE_KINDS if k in kinds]
        out["max_size_mb"] = _int_option(raw, "max_size_mb", 1, FILE_MAX_MB, 10, errors)
    if "min_rows" in wanted:
        low = _int_option(raw, "min_rows", 0, TABLE_MAX_ROWS, 0, errors)
        high = _int_option(raw, "max_rows", 1, TABLE_MAX_ROWS, 20, errors)
        if low is not None and high is not None and low > high:
            errors["max_rows"] = _t("最多行数不能小于最少行数。")
        out["min_rows"], out["max_rows"] = low, high
    if errors:
        raise ValidationError(errors)
    return out


def _normalise_choices(value, errors: dict) -> list[list[str]]:
    if not isinstance(value, list) or not value:
        errors["choices"] = _t("请至少填写一个选项。")
        return []
    pairs: list[list[str]] = []
    for item in value:
        if isinstance(item, str):
            item = [item, item]
        if not (isinstance(item, list | tuple) and len(item) == 2):
            errors["choices"] = _t("选项格式不正确。")
            return []
        code, label = (str(part).strip() for part in item)
        if not code or not label:
            errors["choices"] = _t("选项的值和名称都不能为空。")
            return []
        pairs.append([code, label])
    codes = [code for code, _label in pairs]
    if len(set(codes)) != len(codes):
        errors["choices"] = _t("选项的值不能重复。")
    return pairs


def parse_choices_text(text: str) -> list[list[str]]:
    """Builder textarea: one option per line, "值|名称" or just "名称" (then value = name)."""
    pairs = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        value, _sep, label = line.partition("|")
        pairs.append([value.strip(), (label or value).strip()])
    return pairs


def choices_text(pairs: list) -> str:
    return "\n".join(value if value == label else f"{value}|{label}" for value, label in pairs)


# --- Django form fields ---------------------------------------------------------------------------


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def unit_of(spec: FieldSpec) -> str:
    """The unit a number or amount is entered and shown in (from the form definition; an amount
    defined before units existed is in 元)."""
    if spec.type == "money":
        return spec.options.get("unit") or MONEY_UNIT
    if spec.type == "number":
        return spec.options.get("unit") or ""
    return ""


def label_with_unit(spec: FieldSpec) -> str:
    unit = unit_of(spec)
    return f"{spec.label}（{unit}）" if unit and unit not in spec.label else spec.label


def make_field(spec: FieldSpec) -> forms.Field:
    """The Django form field for one (non-table) field."""
    opts = spec.options
    common = {"label": spec.label, "required": spec.required, "help_text": spec.help_text}
    kind = spec.type
    if kind in ("text", "address"):
        return forms.CharField(max_length=opts.get("max_length") or TEXT_MAX, **common)
    if kind == "textarea":
        return forms.CharField(
            max_length=opts.get("max_length") or TEXTAREA_MAX,
            widget=forms.Textarea(attrs={"rows": 4}),
            **common,
        )
    if kind in ("number", "money"):
        places = 2 if kind == "money" else int(opts.get("decimal_places") or 0)
        return forms.DecimalField(
            max_digits=16,
            decimal_places=places,
            min_value=_decimal(opts.get("min_value")),
            max_value=_decimal(opts.get("max_value")),
            **{**common, "label": label_with_unit(spec)},
        )
    if kind == "date":
        return forms.DateField(widget=dyn_fields.DateInput(), **common)
    if kind == "date_range":
        return dyn_fields.DateRangeField(**common)
    if kind == "choice":
        return forms.ChoiceField(
            choices=[("", "——"), *map(tuple, opts.get("choices", []))], **common
        )
    if kind == "multichoice":
        return forms.MultipleChoiceField(
            choices=list(map(tuple, opts.get("choices", []))),
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if kind == "yesno":
        return dyn_fields.YesNoField(**common)
    if kind == "resident_id":
        return dyn_fields.ResidentIdField(**common)
    if kind == "uscc":
        return dyn_fields.UsccField(**common)
    if kind == "mobile":
        return dyn_fields.MobileField(**common)
    if kind == "email":
        return forms.EmailField(max_length=254, **common)
    if kind == "region":
        return dyn_fields.RegionField(**common)
    if kind == "file":
        return dyn_fields.SniffedFileField(
            allowed_kinds=opts.get("allowed_types") or ["pdf"],
            max_bytes=int(opts.get("max_size_mb") or 10) * 1024 * 1024,
            **common,
        )
    raise ValueError(f"no form field for type {kind!r}")


def initial_value(spec: FieldSpec):
    """The field's default as the form's initial value (None when there is none)."""
    default = spec.default
    if not default:
        return None
    if spec.type == "multichoice":
        return [part.strip() for part in default.split(",") if part.strip()]
    if spec.type in ("file", "table", "region", "date_range"):
        return None
    return default


def form_value(spec: FieldSpec, stored):
    """A stored JSON value (FormSubmission.data) as the form's initial value, so a form opened
    again (补正, the next step of a case, going back from the confirmation page) shows what was
    saved, for every field type. Files are not shown again: the view says which file is kept."""
    if stored is None or spec.type == "file":
        return None
    if spec.type == "yesno":
        # The radio buttons are "yes"/"no"; the stored value is a boolean.
        if isinstance(stored, bool):
            return "yes" if stored else "no"
        return stored if stored in ("yes", "no") else None
    if spec.type == "table":
        if not isinstance(stored, list):
            return None
        return [
            {col.key: form_value(col, row.get(col.key)) for col in spec.columns}
            for row in stored
            if isinstance(row, dict)
        ]
    if spec.type in ("date_range", "region"):
        return stored if isinstance(stored, dict) else None
    if spec.type == "multichoice":
        return stored if isinstance(stored, list) else [stored]
    return stored


# --- JSON storage and display ---------------------------------------------------------------------


def to_json(spec: FieldSpec, value):
    """A cleaned value as stored in FormSubmission.data."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # Stored with the field's own precision: "10.50" for money, whatever was typed.
        places = 2 if spec.type == "money" else int(spec.options.get("decimal_places") or 0)
        return str(value.quantize(Decimal(1).scaleb(-places)))
    if spec.type == "date_range":
        return {"start": value["start"].isoformat(), "end": value["end"].isoformat()}
    return value


def condition_tokens(value) -> set[str]:
    """What a stored value "equals" for conditional display (a yes/no field is "yes"/"no")."""
    if value is None:
        return set()
    if isinstance(value, bool):
        return {"yes" if value else "no"}
    if isinstance(value, list):
        return {str(item) for item in value}
    return {str(value)}


def display(spec: FieldSpec, value) -> str:
    """A stored value as text for people (table and file fields are shown by the template)."""
    if value in (None, "", []):
        return ""
    kind = spec.type
    if kind == "yesno":
        return _t("是") if value else _t("否")
    if kind == "choice":
        return spec.choice_labels().get(value, str(value))
    if kind == "multichoice":
        labels = spec.choice_labels()
        return "、".join(labels.get(item, str(item)) for item in value)
    if kind == "date_range" and isinstance(value, dict):
        return _t("%(start)s 至 %(end)s") % value
    if kind == "region" and isinstance(value, dict):
        return regions.value_names(value)
    if kind in ("money", "number") and unit_of(spec):
        return f"{value} {unit_of(spec)}"
    return str(value)
