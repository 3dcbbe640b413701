"""Forms of the route designer. They parse input; services check the route and write it."""

from __future__ import annotations

import json

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from ..models import CountersignMode, OrgUnit, ProcessVersion, Role, StepDefinition, UnitScope
from ..routes.conditions import OP_LABELS, ConditionError, check_condition
from ..routes.xmlio import MAX_IMPORT_BYTES
from .org import UnitChoiceField


def _unit_field(label, required: bool = False) -> UnitChoiceField:
    return UnitChoiceField(
        label=label,
        queryset=OrgUnit.objects.filter(is_active=True).order_by("path"),
        required=required,
        empty_label=_("（不指定）"),
        error_messages={"invalid_choice": _("所选单位不存在，请重新选择。")},
    )


class DefinitionForm(forms.Form):
    code = forms.SlugField(
        label=_("流程代码"),
        max_length=64,
        help_text=_("英文字母、数字、连字符或下划线，如 building-permit；建立后不能修改。"),
        error_messages={"invalid": _("流程代码只能包含英文字母、数字、连字符和下划线。")},
    )
    name = forms.CharField(label=_("流程名称"), max_length=128)
    description = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner_unit = _unit_field(_("主管单位"))


class StepForm(forms.Form):
    key = forms.SlugField(
        label=_("步骤标识"),
        max_length=64,
        help_text=_("英文字母、数字、连字符或下划线，如 review；在本版本内唯一。"),
        error_messages={"invalid": _("步骤标识只能包含英文字母、数字、连字符和下划线。")},
    )
    name = forms.CharField(label=_("步骤名称"), max_length=64)
    role = forms.ModelChoiceField(
        label=_("办理角色"),
        queryset=Role.objects.order_by("id"),
        empty_label=_("（请选择）"),
        error_messages={"invalid_choice": _("所选角色不存在，请重新选择。")},
    )
    unit_scope = forms.ChoiceField(label=_("办理单位"), choices=UnitScope.choices)
    unit = _unit_field(_("指定单位"))
    unit.help_text = _("仅在办理单位选择“指定单位”时填写。")
    time_limit_days = forms.IntegerField(
        label=_("办理时限（工作日）"), min_value=1, max_value=365, initial=1
    )
    form_code = forms.CharField(
        label=_("表单代码"), max_length=64, required=False, help_text=_("动态表单的代码，可留空。")
    )
    countersign = forms.ChoiceField(label=_("会签方式"), choices=CountersignMode.choices)

    def clean(self):
        # The service clears a unit given with another scope; a missing one is said here, by
        # the field it belongs to.
        data = super().clean()
        if data.get("unit_scope") == UnitScope.FIXED_UNIT and data.get("unit") is None:
            self.add_error("unit", _("选择“指定单位”时须选择单位。"))
        return data


END = "__end__"


class TransitionForm(forms.Form):
    source = forms.ChoiceField(label=_("从步骤"))
    target = forms.ChoiceField(label=_("到步骤"))
    field = forms.CharField(
        label=_("条件字段"),
        max_length=64,
        required=False,
        help_text=_("表单字段名，如 amount；留空表示默认去向（不满足其他条件时走这条）。"),
    )
    op = forms.ChoiceField(
        label=_("比较方式"),
        required=False,
        choices=[("", _("（无条件）"))] + list(OP_LABELS.items()),
    )
    value = forms.CharField(
        label=_("比较值"),
        max_length=200,
        required=False,
        help_text=_("数字直接填写；“属于”可填多个值，用逗号分隔。"),
    )
    priority = forms.IntegerField(
        label=_("优先级"),
        min_value=0,
        max_value=32767,
        initial=100,
        help_text=_("数字小的条件先判断。"),
    )
    label = forms.CharField(label=_("连线说明"), max_length=64, required=False)

    def __init__(self, *args, version: ProcessVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.steps = {s.key: s for s in version.steps.order_by("order", "key")}
        choices = [(key, s.name) for key, s in self.steps.items()]
        self.fields["source"].choices = choices
        self.fields["target"].choices = choices + [(END, _("（流程结束）"))]

    def clean_source(self) -> StepDefinition:
        return self.steps[self.cleaned_data["source"]]

    def clean_target(self) -> StepDefinition | None:
        """The step, or None for the end of the process."""
        key = self.cleaned_data["target"]
        return None if key == END else self.steps[key]

    @staticmethod
    def _value(raw: str, op: str):
        raw = raw.strip()
        if op == "in":
            parts = [p.strip() for p in raw.replace("，", ",").replace("、", ",").split(",")]
            return [TransitionForm._value(p, "eq") for p in parts if p]
        try:
            value = json.loads(raw)
        except ValueError:
            return raw
        # Numbers and true/false are read as such; anything else stays the text typed.
        return value if isinstance(value, (int, float, bool)) else raw

    def clean(self):
        data = super().clean()
        field, op = (data.get("field") or "").strip(), data.get("op") or ""
        if not field and not op:
            data["condition"] = {}
            return data
        if not field or not op:
            raise forms.ValidationError(_("条件字段和比较方式须同时填写，或同时留空。"))
        try:
            data["condition"] = check_condition(
                {"field": field, "op": op, "value": self._value(data.get("value") or "", op)}
            )
        except ConditionError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data


class ImportForm(forms.Form):
    code = forms.SlugField(
        label=_("流程代码"),
        max_length=64,
        error_messages={"invalid": _("流程代码只能包含英文字母、数字、连字符和下划线。")},
    )
    file = forms.FileField(
        label=_("BPMN 文件"),
        help_text=_("BPMN 2.0 格式（.bpmn 或 .xml），不超过 1 MB。导入后生成新的草稿版本。"),
        error_messages={"required": _("请选择要导入的文件。")},
        validators=[
            FileExtensionValidator(["bpmn", "xml"], message=_("只能导入 .bpmn 或 .xml 文件。"))
        ],
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("文件超过 1 MB，无法导入。"))
        return upload
