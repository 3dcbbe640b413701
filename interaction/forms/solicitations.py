"""意见征集 forms: the draft (department), a comment (public), moderation and adoption."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platform_core.forms.org import UnitChoiceField
from platform_core.models import OrgUnit
from platform_core.richtext.widgets import RichTextWidget

from ..constants import SOLICITATION_MIN_DAYS, Adoption
from ..models import SolicitationArticle

DATE = forms.DateInput(attrs={"type": "date"})


class SolicitationForm(forms.Form):
    title = forms.CharField(label=_("征集标题"), max_length=200)
    department = UnitChoiceField(label=_("征集单位"), queryset=OrgUnit.objects.none())
    explanation = forms.CharField(label=_("起草说明"), widget=RichTextWidget())
    draft_text = forms.CharField(
        label=_("征求意见稿正文"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("按“第一条”“第二条”……分条，或以空行分段；发布时逐条拆分供公众对条提意见。"),
    )
    opens_on = forms.DateField(label=_("开始日期"), widget=DATE)
    closes_on = forms.DateField(label=_("截止日期"), widget=DATE)
    short_reason = forms.CharField(
        label=_("征集期少于30日的理由"),
        max_length=300,
        required=False,
        help_text=_("征集期一般不少于30日；少于30日的须说明理由。"),
    )

    def __init__(self, *args, departments, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault(
            "initial",
            {
                "opens_on": today,
                "closes_on": today + datetime.timedelta(days=SOLICITATION_MIN_DAYS - 1),
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class OpinionForm(forms.Form):
    article = forms.ModelChoiceField(
        label=_("针对条目"),
        queryset=SolicitationArticle.objects.none(),
        required=False,
        empty_label=_("对全文提意见"),
    )
    body = forms.CharField(
        label=_("意见内容"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        error_messages={
            "required": _("请填写意见内容。"),
            "max_length": _("意见不能超过2000个字。"),
        },
    )

    def __init__(self, *args, solicitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = solicitation.articles.all()
        self.fields["article"].label_from_instance = lambda a: f"{a.heading} {a.text[:20]}…"


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结果"),
        choices=[("show", _("公开")), ("reject", _("不予公开"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择审核结果。")},
    )
    reason = forms.CharField(label=_("不予公开理由"), max_length=200, required=False)


class AdoptForm(forms.Form):
    adoption = forms.ChoiceField(
        label=_("采纳情况"),
        choices=[c for c in Adoption.choices if c[0]],
        error_messages={"required": _("请选择采纳情况。")},
    )
    note = forms.CharField(label=_("理由"), max_length=500, required=False)


class ReportForm(forms.Form):
    report = forms.CharField(
        label=_("意见采纳情况说明"),
        widget=RichTextWidget(),
        error_messages={"required": _("请填写采纳情况说明。")},
    )
