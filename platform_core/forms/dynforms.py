"""Back-office forms of the form builder (the forms that design forms)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..dynforms import files, schema, types
from ..dynforms.types import FieldSpec
from ..models import OrgUnit
from .org import UnitChoiceField

IMPORT_MAX_BYTES = 1024 * 1024


class FormCreateForm(forms.Form):
    code = forms.CharField(
        label=_("表单代码"),
        max_length=64,
        help_text=_("小写字母、数字、下划线或连字符，如 food-licence。导入导出时用于识别表单。"),
    )
    name = forms.CharField(label=_("表单名称"), max_length=128)
    description = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner_unit = UnitChoiceField(
        label=_("所属单位"),
        queryset=OrgUnit.objects.filter(is_active=True).order_by("path"),
        required=False,
    )

    def clean_code(self):
        code = self.cleaned_data["code"]
        problem = schema.check_code(code)
        if problem:
            raise ValidationError(problem)
        return code


class CopyForm(forms.Form):
    code = forms.CharField(label=_("新表单代码"), max_length=64)
    name = forms.CharField(label=_("新表单名称"), max_length=128)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("表单文件（JSON）"))
    code = forms.CharField(
        label=_("表单代码"),
        max_length=64,
        required=False,
        help_text=_("留空则使用文件中的代码；本系统已有同代码表单时请另填一个。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(_("文件过大（最大 1 MB）。"))
        return upload.read()


# The settings of `types.normalise_options` that have an input of the same name; "choices" is typed
# in `choices_text` (and its errors are shown there).
_OPTION_NAMES = (
    "max_length", "min_value", "max_value", "decimal_places", "unit", "allowed_types",
    "max_size_mb", "min_rows", "max_rows",
)  # fmt: skip
_OPTION_INPUTS = {"choices": "choices_text"}


class FieldForm(forms.Form):
    """Add or change one field. Settings not used by the chosen type are ignored."""

    key = forms.CharField(
        label=_("字段标识"),
        max_length=64,
        help_text=_("小写字母开头，只含小写字母、数字和下划线，如 legal_person。"),
    )
    label = forms.CharField(label=_("名称"), max_length=128)
    field_type = forms.ChoiceField(label=_("类型"))
    required = forms.BooleanField(label=_("必填"), required=False)
    help_text = forms.CharField(label=_("填写说明"), max_length=500, required=False)
    default = forms.CharField(
        label=_("默认值"),
        max_length=500,
        required=False,
        help_text=_("多选用英文逗号分隔；是/否填 yes 或 no；日期如 2026-01-31。"),
    )
    condition_field = forms.ChoiceField(label=_("显示条件：当字段"), required=False)
    condition_value = forms.CharField(
        label=_("取值为"),
        max_length=200,
        required=False,
        help_text=_("选项填选项的值；是/否填 yes 或 no。"),
    )
    max_length = forms.IntegerField(label=_("最多字数"), required=False)
    min_value = forms.DecimalField(label=_("最小值"), required=False)
    max_value = forms.DecimalField(label=_("最大值"), required=False)
    decimal_places = forms.IntegerField(label=_("小数位数"), required=False)
    unit = forms.CharField(
        label=_("计量单位"),
        max_length=8,
        required=False,
        help_text=_("数字和金额显示的单位，如 万元、平方米、人；金额默认为元。"),
    )
    choices_text = forms.CharField(
        label=_("选项"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一个选项；值与名称不同时写作“值|名称”。"),
    )
    allowed_types = forms.MultipleChoiceField(
        label=_("允许的文件类型"),
        required=False,
        choices=[(k, v[0]) for k, v in files.FILE_KINDS.items()],
        widget=forms.CheckboxSelectMultiple,
    )
    max_size_mb = forms.IntegerField(label=_("文件大小上限（MB）"), required=False)
    min_rows = forms.IntegerField(label=_("最少行数"), required=False)
    max_rows = forms.IntegerField(label=_("最多行数"), required=False)

    def __init__(self, *args, in_table: bool = False, controllers=(), **kwargs):
        """`controllers`: the fields a display condition may name (`selectors.condition_fields`)."""
        super().__init__(*args, **kwargs)
        self.fields["field_type"].choices = types.type_choices(in_table=in_table)
        if in_table:
            for name in ("condition_field", "condition_value"):
                del self.fields[name]
        else:
            self.fields["condition_field"].choices = [
                ("", _("（始终显示）")),
                *[(c.key, c.label) for c in controllers],
            ]

    @classmethod
    def initial_from(cls, row) -> dict:
        opts = row.options or {}
        initial = {
            "key": row.key,
            "label": row.label,
            "field_type": row.field_type,
            "required": row.required,
            "help_text": row.help_text,
            "default": row.default,
            "condition_field": row.condition_field,
            "condition_value": row.condition_value,
            "choices_text": types.choices_text(opts.get("choices", [])),
        }
        for name in _OPTION_NAMES:
            initial[name] = opts.get(name)
        return initial

    def clean(self):
        data = super().clean()
        key = data.get("key")
        problem = schema.check_key(key) if key else None
        if problem:
            self.add_error("key", problem)
        field_type = data.get("field_type")
        if not field_type:
            return data
        raw = {name: data.get(name) for name in _OPTION_NAMES}
        raw["choices"] = types.parse_choices_text(data.get("choices_text", ""))
        try:
            data["options"] = types.normalise_options(field_type, raw)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                target = _OPTION_INPUTS.get(name, name)
                self.add_error(target if target in self.fields else None, messages)
        if data.get("condition_field") and not data.get("condition_value"):
            self.add_error("condition_value", _("设置了显示条件时，请填写条件取值。"))
        return data

    def to_spec(self) -> FieldSpec:
        data = self.cleaned_data
        return FieldSpec(
            key=data["key"],
            label=data["label"],
            type=data["field_type"],
            required=data["required"],
            help_text=data["help_text"],
            default=data["default"],
            options=data["options"],
            condition_field=data.get("condition_field", ""),
            condition_value=data.get("condition_value", ""),
        )
