"""Forms of the handling page (decision, extension, special procedures, delivery) and rating."""

from django import forms
from django.utils.translation import gettext_lazy as _

from approval.models import DeliveryMethod
from approval.services.decision import EXTENSION_MAX_DAYS, SPECIAL_PROCEDURES


class GrantForm(forms.Form):
    valid_until = forms.DateField(
        label=_("许可有效期至"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("不填表示长期有效。"),
    )
    note = forms.CharField(label=_("决定说明"), required=False, max_length=1000)


class RefuseForm(forms.Form):
    reasons = forms.CharField(
        label=_("不予许可的理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("不予行政许可须说明理由。")},
    )


class ExtendForm(forms.Form):
    days = forms.IntegerField(
        label=_("延长工作日"),
        min_value=1,
        max_value=EXTENSION_MAX_DAYS,
        initial=EXTENSION_MAX_DAYS,
        error_messages={
            "min_value": _("延长期限为1至10个工作日。"),
            "max_value": _("延长期限为1至10个工作日。"),
            "invalid": _("请填写整数。"),
        },
    )
    reason = forms.CharField(
        label=_("延期理由"), max_length=500, error_messages={"required": _("请填写延期理由。")}
    )


class SpecialStartForm(forms.Form):
    procedure = forms.ChoiceField(
        label=_("特别程序"),
        choices=[(p.value, p.label) for p in SPECIAL_PROCEDURES],
        error_messages={"invalid_choice": _("请选择听证、专家评审或检验检测。")},
    )
    reason = forms.CharField(
        label=_("事由"), max_length=500, error_messages={"required": _("请填写特别程序的事由。")}
    )


class SpecialEndForm(forms.Form):
    note = forms.CharField(label=_("结果说明"), required=False, max_length=500)


class DeliverForm(forms.Form):
    method = forms.ChoiceField(
        label=_("送达方式"),
        choices=DeliveryMethod.choices,
        error_messages={"invalid_choice": _("请选择送达方式。")},
    )
    on = forms.DateField(
        label=_("送达日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请填写正确的日期。"), "required": _("请填写送达日期。")},
    )


class ConcludeForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("确认办结"), error_messages={"required": _("请勾选确认办结。")}
    )


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("评价"),
        coerce=int,
        choices=[
            (5, _("非常满意")),
            (4, _("满意")),
            (3, _("基本满意")),
            (2, _("不满意")),
            (1, _("非常不满意")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择评价等级。"), "invalid_choice": _("请选择1至5分。")},
    )
    comment = forms.CharField(
        label=_("意见建议"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
