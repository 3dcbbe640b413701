"""Forms of the service hall and of the acceptance desk. Every message is Chinese and specific."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from approval.models import LicensingItem
from platform_core.validators import (
    normalise_code,
    validate_mobile,
    validate_resident_id,
    validate_uscc,
)


class ItemSearchForm(forms.Form):
    q = forms.CharField(
        label=_("关键词"),
        required=False,
        max_length=50,
        error_messages={"max_length": _("关键词不能超过50个字。")},
    )
    dept = forms.SlugField(
        label=_("部门"), required=False, error_messages={"invalid": _("部门参数无效。")}
    )


class ProgressForm(forms.Form):
    number = forms.CharField(
        label=_("申请编号"),
        max_length=21,
        validators=[
            RegexValidator(r"^\d{6}-\d{8}-\d{5}$", _("申请编号格式应为“431127-20261009-00001”。"))
        ],
        error_messages={"required": _("请输入申请编号。")},
    )
    code = forms.CharField(
        label=_("查询码"),
        max_length=8,
        # 6 digits for applications made online, 8 for those registered at the counter.
        validators=[RegexValidator(r"^(\d{6}|\d{8})$", _("查询码为6位或8位数字。"))],
        error_messages={"required": _("请输入查询码。"), "max_length": _("查询码为6位或8位数字。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_number(self) -> str:
        return self.cleaned_data["number"].strip()


class CounterApplicantForm(forms.Form):
    """The applicant at the window: a person (ID number) or an organisation (USCC)."""

    applicant_name = forms.CharField(
        label=_("申请人（单位）名称"),
        max_length=128,
        error_messages={"required": _("请填写申请人姓名或单位名称。")},
    )
    applicant_id_number = forms.CharField(label=_("居民身份证号"), max_length=18, required=False)
    applicant_uscc = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    applicant_mobile = forms.CharField(
        label=_("联系手机"),
        max_length=11,
        validators=[validate_mobile],
        error_messages={"required": _("请填写联系手机，查询码将以短信发送。")},
    )

    def clean_applicant_id_number(self) -> str:
        value = normalise_code(self.cleaned_data.get("applicant_id_number", ""))
        if value:
            validate_resident_id(value)
        return value

    def clean_applicant_uscc(self) -> str:
        value = normalise_code(self.cleaned_data.get("applicant_uscc", ""))
        if value:
            validate_uscc(value)
        return value

    def clean(self):
        cleaned = super().clean()
        if (
            not self.errors
            and not cleaned.get("applicant_id_number")
            and not cleaned.get("applicant_uscc")
        ):
            raise ValidationError(_("请填写居民身份证号或统一社会信用代码。"))
        return cleaned


class AcceptForm(forms.Form):
    note = forms.CharField(label=_("受理意见"), max_length=500, required=False)


class CorrectionForm(forms.Form):
    materials = forms.MultipleChoiceField(
        label=_("需补正的材料"), required=False, widget=forms.CheckboxSelectMultiple
    )
    other = forms.CharField(
        label=_("其他需补正的内容（每行一项）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, item: LicensingItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["materials"].choices = [(m.name, m.name) for m in item.materials.all()]
        self.fields["materials"].error_messages["invalid_choice"] = _("所选材料不属于本事项。")

    def clean(self):
        cleaned = super().clean()
        lines = [line.strip() for line in (cleaned.get("other") or "").splitlines()]
        cleaned["items"] = [*cleaned.get("materials", []), *[line for line in lines if line]]
        if not self.errors and not cleaned["items"]:
            raise ValidationError(_("请一次性列出需要补正的全部材料或内容。"))
        return cleaned


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("不予受理理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请填写不予受理的理由。")},
    )
    redirect_body = forms.CharField(
        label=_("应向其申请的机关（不属于本机关职权范围时填写）"), max_length=200, required=False
    )


class DeferForm(forms.Form):
    materials = forms.TypedMultipleChoiceField(
        label=_("容缺材料"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("请选择暂缺的材料。"),
            "invalid_choice": _("所选材料不允许容缺。"),
        },
    )
    promise_days = forms.IntegerField(
        label=_("承诺补交期限（工作日）"),
        min_value=1,
        max_value=30,
        initial=5,
        error_messages={
            "required": _("请填写承诺补交期限。"),
            "invalid": _("请填写整数。"),
            "min_value": _("承诺补交期限至少1个工作日。"),
            "max_value": _("承诺补交期限不超过30个工作日。"),
        },
    )

    def __init__(self, *args, item: LicensingItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["materials"].choices = [
            (m.pk, m.name) for m in item.materials.filter(may_defer=True)
        ]


class ResubmitNoteForm(forms.Form):
    note = forms.CharField(label=_("补正说明"), max_length=500, required=False)
