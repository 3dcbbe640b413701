"""Django form fields for the composite field types: date range, region, yes/no, codes, files."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..validators import normalise_code, validate_mobile, validate_resident_id, validate_uscc
from . import files, regions


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateRangeWidget(forms.MultiWidget):
    def __init__(self, attrs=None):
        super().__init__([DateInput(), DateInput()], attrs)

    def decompress(self, value):
        if isinstance(value, dict):
            return [value.get("start"), value.get("end")]
        return [None, None]


class DateRangeField(forms.MultiValueField):
    """Two dates; the end may not be before the start. Cleans to {"start": date, "end": date}."""

    widget = DateRangeWidget
    default_error_messages = {
        "incomplete": _("请填写开始日期和结束日期。"),
        "order": _("结束日期不能早于开始日期。"),
    }

    def __init__(self, **kwargs):
        fields = (forms.DateField(), forms.DateField())
        super().__init__(fields=fields, require_all_fields=True, **kwargs)

    def compress(self, data_list):
        if not data_list:
            return None
        start, end = data_list
        if start is None or end is None:
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        if end < start:
            raise ValidationError(self.error_messages["order"], code="order")
        return {"start": start, "end": end}


class RegionWidget(forms.MultiWidget):
    def __init__(self, attrs=None):
        widgets = [
            forms.Select(choices=[("", _("请选择省份")), *regions.province_choices()]),
            forms.Select(choices=[("", _("请选择市")), *regions.city_choices()]),
            forms.Select(choices=[("", _("请选择县（区）")), *regions.county_choices()]),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, dict):
            return [value.get("province"), value.get("city"), value.get("county")]
        return [None, None, None]


class RegionField(forms.MultiValueField):
    """省/市/县 from the built-in table: the county must lie in the city, the city in the province.

    Cleans to {"province": code, "city": code, "county": code}.
    """

    widget = RegionWidget
    default_error_messages = {
        "incomplete": _("请完整选择省、市、县（区）。"),
        "mismatch": _("所选县（区）不属于所选市，或所选市不属于所选省，请重新选择。"),
    }

    def __init__(self, **kwargs):
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=True, **kwargs)

    def compress(self, data_list):
        if not data_list:
            return None
        province, city, county = data_list
        if not (province and city and county):
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        if not regions.is_valid(province, city, county):
            raise ValidationError(self.error_messages["mismatch"], code="mismatch")
        return {"province": province, "city": city, "county": county}


class CodeField(forms.CharField):
    """A national code typed by a person: spaces removed and letters upper-cased before checks."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_code(value) if value else value


class ResidentIdField(CodeField):
    default_validators = [validate_resident_id]

    def __init__(self, **kwargs):
        super().__init__(max_length=24, **kwargs)


class UsccField(CodeField):
    default_validators = [validate_uscc]

    def __init__(self, **kwargs):
        super().__init__(max_length=24, **kwargs)


class MobileField(forms.CharField):
    default_validators = [validate_mobile]

    def __init__(self, **kwargs):
        super().__init__(max_length=11, **kwargs)
        self.widget.input_type = "tel"


YES_NO_CHOICES = [("yes", _("是")), ("no", _("否"))]


class YesNoField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=YES_NO_CHOICES,
            coerce=lambda value: value == "yes",
            empty_value=None,
            widget=forms.RadioSelect,
            **kwargs,
        )


class SniffedFileField(forms.FileField):
    """A file whose content is sniffed; the cleaned upload carries `egov_kind` and `egov_name`."""

    def __init__(self, *, allowed_kinds: list[str], max_bytes: int, **kwargs):
        self.allowed_kinds = list(allowed_kinds)
        self.max_bytes = max_bytes
        accept = ",".join(
            f".{ext}" for kind in self.allowed_kinds for ext in files.FILE_KINDS[kind][1]
        )
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": accept}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and hasattr(upload, "read"):
            kind, name = files.check_upload(upload, self.allowed_kinds, self.max_bytes)
            upload.egov_kind = kind
            upload.egov_name = name
        return upload
