"""Forms of 督办 and 归档. The services check everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from platform_core.forms.org import UnitChoiceField, UnitMultipleChoiceField
from platform_core.models import OrgUnit

from ..constants import Retention, SupervisionSource
from .calendar import DATE_WIDGET
from .mail import MultipleFileField


def _units():
    return OrgUnit.objects.filter(is_active=True).order_by("path")


class ItemForm(forms.Form):
    source_kind = forms.ChoiceField(label=_("来源"), choices=SupervisionSource.choices)
    source_id = forms.IntegerField(label=_("来源编号"), min_value=1)
    title = forms.CharField(label=_("督办事项"), max_length=200, required=False)
    requirement = forms.CharField(label=_("督办要求"), widget=forms.Textarea, required=False)
    lead_unit = UnitChoiceField(label=_("牵头单位"), queryset=OrgUnit.objects.none())
    co_units = UnitMultipleChoiceField(
        label=_("协办单位"), queryset=OrgUnit.objects.none(), required=False
    )
    due_date = forms.DateField(label=_("办结期限"), widget=DATE_WIDGET)
    milestones = forms.CharField(
        label=_("阶段节点"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个：节点名称，期限（如：完成方案，2026-12-20）"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("lead_unit", "co_units"):
            self.fields[name].queryset = _units()

    def clean_milestones(self):
        rows = []
        for line in self.cleaned_data["milestones"].splitlines():
            if not line.strip():
                continue
            title, _sep, day = line.replace("，", ",").rpartition(",")
            try:
                rows.append((title.strip(), forms.DateField().clean(day.strip())))
            except forms.ValidationError as exc:
                raise forms.ValidationError(_("节点格式：名称，YYYY-MM-DD")) from exc
        return rows


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("办理情况"), widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_("附件"), required=False)
    completion = forms.BooleanField(label=_("同时申请办结"), required=False)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核意见"), choices=[("close", _("同意办结")), ("return", _("退回重办"))]
    )
    comment = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ArchiveForm(forms.Form):
    retention = forms.ChoiceField(label=_("保管期限"), choices=Retention.choices)
