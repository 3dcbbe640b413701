"""Forms of the annual report: open one, edit its text and entered figures."""

from django import forms
from django.utils.translation import gettext_lazy as _

from platform_core.models import OrgUnit
from platform_core.report_figures import provided_figures

from ..constants import REVIEW_LITIGATION_KEYS, SECTION2_KEYS


class OpenForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=OrgUnit.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=2008, max_value=2100)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()


class ReportForm(forms.Form):
    overall = forms.CharField(
        label=_("一、总体情况"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    problems = forms.CharField(
        label=_("五、存在的主要问题及改进情况"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        required=False,
    )
    other = forms.CharField(
        label=_("六、其他需要报告的事项"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20000,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A figure another subsystem counts (e.g. 行政许可 from 网上行政审批) is not typed in.
        provided = provided_figures()
        for key, label in SECTION2_KEYS:
            if key in provided:
                continue
            self.fields[key] = forms.DecimalField(
                label=label, min_value=0, max_digits=12, decimal_places=2, required=False
            )
        for key, label in REVIEW_LITIGATION_KEYS:
            self.fields[key] = forms.IntegerField(label=label, min_value=0, required=False)

    def figures(self) -> dict:
        keys = [k for k, _l in SECTION2_KEYS] + [k for k, _l in REVIEW_LITIGATION_KEYS]
        out = {}
        for key in keys:
            if key not in self.fields:
                continue
            value = self.cleaned_data.get(key)
            if value is not None:
                out[key] = float(value) if key == "admin_fees" else int(value)
        return out
