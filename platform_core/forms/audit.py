"""Filter forms of the audit browser (GET forms; invalid input shows a message, never a 500)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..constants import LoginEventKind


class DateInput(forms.DateInput):
    input_type = "date"


class _DateRangeForm(forms.Form):
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=DateInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise ValidationError(_("开始日期不能晚于结束日期。"), code="date_range")
        return cleaned


class LoginEventFilterForm(_DateRangeForm):
    user = forms.CharField(
        label=_("用户"), required=False, max_length=64, help_text=_("登录名或姓名")
    )
    kind = forms.ChoiceField(
        label=_("事件"),
        required=False,
        choices=[("", _("全部"))] + list(LoginEventKind.choices),
    )

    field_order = ["user", "kind", "date_from", "date_to"]


class ChangeFilterForm(_DateRangeForm):
    model = forms.ChoiceField(label=_("数据类别"), required=False)
    user = forms.CharField(
        label=_("操作人"), required=False, max_length=64, help_text=_("登录名或姓名")
    )

    field_order = ["model", "user", "date_from", "date_to"]

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("全部"))] + kinds
