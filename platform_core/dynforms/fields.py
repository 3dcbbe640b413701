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
    """省 → 市 → 县（区） → 乡镇（街道）: each select lists only the children of the division chosen
    in the one before it, so the page stays small. Without JavaScript, the "更新下级选项" button
    submits the form and it comes back with the next list filled (the field reports what is still
    missing); with JavaScript (dynforms/region.js) the next list is fetched as soon as a choice
    is made."""

    template_name = "platform_core/dynforms/region_widget.html"

    def __init__(self, attrs=None):
        attrs = {**(attrs or {}), "data-region-select": ""}
        labels = [_("省份"), _("市"), _("县（区）"), _("乡镇（街道）")]
        widgets = [
            forms.Select(attrs={"data-region-level": level, "aria-label": label})
            for level, label in zip(regions.LEVELS, labels, strict=True)
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, dict):
            return [value.get(level) for level in regions.LEVELS]
        return [None, None, None, None]

    def get_context(self, name, value, attrs):
        values = value if isinstance(value, list) else self.decompress(value)
        values = [*(values or []), None, None, None, None][:4]  # drops the refresh flag
        placeholders = [
            _("请选择省份"),
            _("请选择市"),
            _("请选择县（区）"),
            _("请选择乡镇（街道）"),
        ]
        parent = None
        for index, widget in enumerate(self.widgets):
            options = (
                regions.province_choices()
                if index == 0
                else regions.children_choices(parent, index)
            )
            widget.choices = [("", placeholders[index]), *options]
            chosen = values[index]
            parent = chosen if chosen and chosen in dict(options) else None
        context = super().get_context(name, values, attrs)
        context["widget"]["refresh_name"] = f"{name}__refresh"
        return context

    def value_from_datadict(self, data, files, name):
        values = super().value_from_datadict(data, files, name)
        # The no-JavaScript step: the refresh button asks for the next list, not to submit.
        return [*values, bool(data.get(f"{name}__refresh"))]


class RegionField(forms.MultiValueField):
    """省/市/县 (required) and 乡镇（街道） (optional) from the national divisions: each must lie in
    the one before it. Cleans to {"province", "city", "county"[, "township"]} (codes)."""

    widget = RegionWidget
    default_error_messages = {
        "incomplete": _("请完整选择省、市、县（区）。"),
        "mismatch": _("所选县（区）不属于所选市，或所选市不属于所选省，请重新选择。"),
    }

    def __init__(self, **kwargs):
        fields = (
            forms.CharField(),
            forms.CharField(),
            forms.CharField(),
            forms.CharField(required=False),
        )
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def clean(self, value):
        if isinstance(value, list) and len(value) == 5:
            refresh, value = value[4], value[:4]
            if refresh:
                raise ValidationError(_("已更新下级选项，请继续选择后再提交。"), code="refresh")
        return super().clean(value)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        province, city, county, township = [*data_list, "", "", "", ""][:4]
        if not (province and city and county):
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        if not regions.is_valid(province, city, county, township or ""):
            raise ValidationError(self.error_messages["mismatch"], code="mismatch")
        value = {"province": province, "city": city, "county": county}
        if township:
            value["township"] = township
        return value


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
