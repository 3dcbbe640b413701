"""Forms of the supervision pages: a rule's switch and threshold, a card's clearing note, the fee
record of an application and the month of the performance report."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


class RuleForm(forms.Form):
    active = forms.BooleanField(label=_("启用"), required=False)
    threshold_percent = forms.IntegerField(
        label=_("用时比例（%）"), required=False, min_value=1, max_value=100
    )
    threshold_days = forms.IntegerField(
        label=_("剩余工作日"), required=False, min_value=0, max_value=30
    )


class ClearForm(forms.Form):
    explanation = forms.CharField(
        label=_("处理说明"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写处理说明。")},
    )


class FeeForm(forms.Form):
    """收费登记 on the office application page."""

    name = forms.CharField(
        label=_("收费项目"),
        max_length=200,
        error_messages={"required": _("请填写收费项目。")},
        widget=forms.TextInput(attrs={"list": "listed-fees", "autocomplete": "off"}),
    )
    amount = forms.DecimalField(
        label=_("金额（元）"),
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={
            "required": _("请填写金额。"),
            "invalid": _("请填写正确的金额。"),
            "min_value": _("金额应大于0元。"),
            "max_digits": _("金额过大。"),
            "max_decimal_places": _("金额最多保留两位小数。"),
        },
    )
    basis = forms.CharField(
        label=_("收费依据"),
        max_length=500,
        required=False,
        help_text=_("留空时按事项公布的收费依据登记。"),
    )


class PerformanceMonthForm(forms.Form):
    month = forms.RegexField(
        label=_("统计月份"),
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        error_messages={"invalid": _("月份格式应为 YYYY-MM，例如 2026-11。")},
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-11"}),
    )
