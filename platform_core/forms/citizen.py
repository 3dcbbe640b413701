"""Forms of the citizen account pages: SMS login and real-name registration."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..constants import PersonType
from ..validators import normalise_code, validate_mobile, validate_resident_id, validate_uscc


class MobileForm(forms.Form):
    """Asks for a code: the mobile number only."""

    mobile = forms.CharField(
        label=_("手机号码"),
        max_length=11,
        validators=[validate_mobile],
        error_messages={"required": _("请输入手机号码。")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "tel", "pattern": "1[3-9][0-9]{9}"}
        ),
    )

    def clean_mobile(self) -> str:
        return self.cleaned_data["mobile"].strip()


class SmsLoginForm(MobileForm):
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        min_length=6,
        error_messages={
            "required": _("请输入短信验证码。"),
            "min_length": _("验证码为6位数字。"),
            "max_length": _("验证码为6位数字。"),
        },
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise ValidationError(_("验证码为6位数字。"))
        return code


class CitizenRegisterForm(forms.Form):
    """Real-name registration: a natural person with an ID number, or a legal person with USCC."""

    person_type = forms.ChoiceField(
        label=_("主体类型"),
        choices=PersonType.choices,
        initial=PersonType.NATURAL,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择主体类型。")},
    )
    name = forms.CharField(
        label=_("姓名/单位名称"),
        max_length=128,
        error_messages={"required": _("请填写姓名或单位名称。")},
    )
    id_number = forms.CharField(
        label=_("居民身份证号"),
        max_length=20,
        required=False,
        help_text=_("自然人填写，18位，最后一位可为X。"),
    )
    uscc = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=20,
        required=False,
        help_text=_("法人填写，18位。"),
    )
    legal_representative = forms.CharField(
        label=_("法定代表人"), max_length=64, required=False, help_text=_("法人填写。")
    )

    def clean_id_number(self) -> str:
        return normalise_code(self.cleaned_data.get("id_number", ""))

    def clean_uscc(self) -> str:
        return normalise_code(self.cleaned_data.get("uscc", ""))

    def clean(self):
        data = super().clean()
        person_type = data.get("person_type")
        if person_type == PersonType.NATURAL:
            self._check(data, "id_number", _("请填写居民身份证号。"), validate_resident_id)
            data["uscc"], data["legal_representative"] = "", ""
        elif person_type == PersonType.LEGAL:
            self._check(data, "uscc", _("请填写统一社会信用代码。"), validate_uscc)
            if not (data.get("legal_representative") or "").strip():
                self.add_error("legal_representative", _("请填写法定代表人姓名。"))
            data["id_number"] = ""
        return data

    def _check(self, data, field, missing, validator) -> None:
        value = data.get(field, "")
        if not value:
            self.add_error(field, missing)
            return
        try:
            validator(value)
        except ValidationError as exc:
            self.add_error(field, exc)
