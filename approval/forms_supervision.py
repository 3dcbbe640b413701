"""Forms of the supervision pages: a rule's switch and threshold, a card's clearing note."""

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
