"""Knowledge base forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from platform_core.models import OrgUnit
from platform_core.richtext.widgets import RichTextWidget

from ..constants import EntryStatus
from ..selectors.access import DEPARTMENT_KINDS
from .public import CategoryChoiceField, category_choices


class EntryForm(forms.Form):
    title = forms.CharField(label=_("问题"), max_length=200)
    answer = forms.CharField(label=_("标准答复"), widget=RichTextWidget())
    category = CategoryChoiceField(label=_("问题分类"), queryset=None, empty_label=_("请选择"))
    keywords = forms.CharField(
        label=_("关键词"), max_length=200, required=False, help_text=_("多个关键词用逗号分隔。")
    )
    valid_until = forms.DateField(
        label=_("有效期至"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    department = forms.ModelChoiceField(label=_("责任单位"), queryset=None, empty_label=_("请选择"))
    public = forms.BooleanField(
        label=_("向公众公开"),
        required=False,
        initial=True,
        help_text=_("公开的条目在群众写信时作为参考答复显示；取消勾选则仅供内部答复参考。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = category_choices()
        self.fields["department"].queryset = OrgUnit.objects.filter(
            kind__in=DEPARTMENT_KINDS, is_active=True
        ).order_by("path")


class EntrySearchForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=50)
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部"))] + list(EntryStatus.choices), required=False
    )
