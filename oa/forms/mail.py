"""Forms of the mailbox and the address book. The services check everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..constants import MobileScope

ADDRESS_HELP = _(
    "多个地址用分号隔开。可写人员（如：周敏 <zhoumin>）、整个单位（【单位】县政府办公室）、"
    "角色（【角色】科员，或【角色】科员@县政府办公室）或外部电子邮箱。"
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _address(label, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=20000,
        help_text=help_text,
        widget=forms.TextInput(attrs={"list": "mail-addresses", "autocomplete": "off"}),
    )


class ComposeForm(forms.Form):
    to = _address(_("收件人"), ADDRESS_HELP)
    cc = _address(_("抄送"))
    bcc = _address(_("密送"), _("密送的收件人彼此看不到，其他收件人也看不到他们。"))
    subject = forms.CharField(label=_("主题"), max_length=200, required=False)
    body = forms.CharField(
        label=_("正文"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    files = MultipleFileField(label=_("添加附件"), required=False)
    request_receipt = forms.BooleanField(label=_("要求已读回执"), required=False)

    def clean(self):
        data = super().clean()
        if self.data.get("action") == "send" and not data.get("subject", "").strip():
            self.add_error("subject", _("请填写主题。"))
        return data


class SearchForm(forms.Form):
    q = forms.CharField(label=_("主题或正文"), max_length=100, required=False)
    sender = forms.CharField(label=_("发件人"), max_length=64, required=False)
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data


class FolderForm(forms.Form):
    name = forms.CharField(label=_("文件夹名称"), max_length=40)


class ContactSearchForm(forms.Form):
    q = forms.CharField(
        label=_("姓名、拼音、单位或电话"),
        max_length=50,
        required=False,
        help_text=_("可输入拼音首字母，如“zm”查找周敏。"),
    )


class ContactSettingsForm(forms.Form):
    office_phone = forms.CharField(label=_("办公电话"), max_length=32, required=False)
    room = forms.CharField(label=_("办公室"), max_length=32, required=False)
    mobile_scope = forms.ChoiceField(
        label=_("手机号码可见范围"),
        choices=MobileScope.choices,
        widget=forms.RadioSelect,
    )


class QuotaForm(forms.Form):
    limit_mb = forms.IntegerField(
        label=_("空间上限（MB）"),
        required=False,
        min_value=1,
        max_value=100 * 1024,
        help_text=_("留空则使用系统默认值。"),
        error_messages={
            "invalid": _("请填写整数（单位：MB）。"),
            "min_value": _("空间上限至少为 1 MB。"),
            "max_value": _("空间上限不能超过 %(limit_value)s MB。"),
        },
    )


class QuotaSearchForm(forms.Form):
    q = forms.CharField(label=_("姓名、用户名或单位"), max_length=50, required=False)
