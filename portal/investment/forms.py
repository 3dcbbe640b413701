"""Forms of the investment-promotion channel: back-office projects and trade warnings, and the
investors' public consultation form (在线咨询)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.investment.models import InvestmentProject, Sector, TradeWarning
from portal.investment.services import PHONE_RE


class ProjectForm(forms.ModelForm):
    class Meta:
        model = InvestmentProject
        fields = [
            "name", "sector", "amount", "location", "contact_person", "contact_phone", "status",
            "summary", "is_public",
        ]  # fmt: skip
        widgets = {"summary": forms.Textarea(attrs={"rows": 8})}
        error_messages = {
            "name": {
                "required": _("请填写项目名称。"),
                "max_length": _("项目名称不能超过100个字。"),
            },
            "sector": {"required": _("请选择所属产业。"), "invalid_choice": _("请选择所属产业。")},
            "amount": {
                "required": _("请填写投资额。"),
                "invalid": _("投资额请填写数字（单位：万元）。"),
                "max_digits": _("投资额过大，请检查单位是否为万元。"),
                "max_decimal_places": _("投资额最多保留两位小数。"),
                "max_whole_digits": _("投资额过大，请检查单位是否为万元。"),
            },
            "location": {"required": _("请填写项目地点。")},
            "contact_person": {"required": _("请填写联系人。")},
            "contact_phone": {"required": _("请填写联系电话。")},
            "status": {"invalid_choice": _("请选择项目状态。")},
            "summary": {"required": _("请填写项目简介。")},
        }

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError(_("投资额不能为负数。"))
        return amount


class WarningForm(forms.ModelForm):
    class Meta:
        model = TradeWarning
        fields = ["title", "market", "product", "level", "issued_on", "body", "is_public"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 10}),
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "title": {"required": _("请填写标题。")},
            "market": {"required": _("请填写市场或国家。")},
            "product": {"required": _("请填写涉及产品。")},
            "level": {"invalid_choice": _("请选择预警级别。")},
            "issued_on": {"required": _("请填写发布日期。"), "invalid": _("请输入有效的日期。")},
            "body": {"required": _("请填写预警内容。")},
        }


class ConsultationForm(forms.Form):
    name = forms.CharField(
        label=_("姓名"),
        max_length=32,
        error_messages={"required": _("请填写姓名。"), "max_length": _("姓名不能超过32个字。")},
    )
    company = forms.CharField(
        label=_("单位名称"),
        max_length=100,
        required=False,
        error_messages={"max_length": _("单位名称不能超过100个字。")},
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={"required": _("请填写联系电话。"), "max_length": _("联系电话过长。")},
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("请填写正确的电子邮箱。")},
    )
    sector = forms.ChoiceField(
        label=_("意向产业"),
        choices=[("", _("请选择")), *Sector.choices],
        error_messages={"required": _("请选择意向产业。"), "invalid_choice": _("请选择意向产业。")},
    )
    content = forms.CharField(
        label=_("咨询内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("请填写咨询内容。"),
            "max_length": _("咨询内容不能超过2000字。"),
        },
    )

    allow_public = forms.BooleanField(
        label=_("同意在网站公开咨询和答复（公开时隐去个人信息）"), required=False
    )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].replace(" ", "")
        if not PHONE_RE.match(phone):
            raise forms.ValidationError(_("请填写正确的手机号码或固定电话（如0746-1234567）。"))
        return phone

    def mark_errors(self) -> None:
        """Tie each field's error message to its control for screen readers."""
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{name}-error"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["company"].widget.attrs["autocomplete"] = "organization"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
