"""Forms of the disclosure back office. Rich text: a plain textarea, cleaned by the service
(platform_core.richtext.sanitize.clean_html)."""

from functools import partial

from django import forms
from django.utils.translation import gettext_lazy as _

from platform_core.forms.org import UnitChoiceField
from platform_core.models import FormDefinition, OrgUnit, ProcessDefinition
from platform_core.selectors import codes

from ..constants import GENRE_TABLE, SUBJECT_TABLE, ColumnKind, ItemStatus, Validity
from ..models import Column, Item

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ItemForm(forms.Form):
    column = forms.ModelChoiceField(label=_("栏目"), queryset=Column.objects.none())
    unit = UnitChoiceField(label=_("发布机构"), queryset=OrgUnit.objects.none())
    title = forms.CharField(label=_("标题"), max_length=300)
    document_number = forms.CharField(label=_("发文字号"), max_length=100, required=False)
    subject = forms.ChoiceField(label=_("主题分类"), choices=partial(codes.choices, SUBJECT_TABLE))
    genre = forms.ChoiceField(label=_("体裁"), choices=partial(codes.choices, GENRE_TABLE))
    formed_on = forms.DateField(
        label=_("成文日期"),
        widget=DATE,
        help_text=_("信息形成的日期；自该日起20个工作日内应予公开（条例第二十六条）。"),
    )
    changed_on = forms.DateField(
        label=_("变更日期"),
        widget=DATE,
        required=False,
        help_text=_("信息发生变更的，填写变更日期，时限自变更之日起重新计算。"),
    )
    summary = forms.CharField(
        label=_("摘要"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    body = forms.CharField(
        label=_("正文"), required=False, widget=forms.Textarea(attrs={"rows": 14})
    )

    def __init__(self, *args, columns=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = columns if columns is not None else Column.objects.none()
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()
        self.fields["column"].label_from_instance = lambda c: (
            f"{c.unit.short_name or c.unit.name} · {c.name}"
        )


class ColumnForm(forms.ModelForm):
    class Meta:
        model = Column
        fields = [
            "unit", "parent", "name", "slug", "kind", "sort_order", "description",
            "body_form", "route", "is_active",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"unit": UnitChoiceField}

    def __init__(self, *args, units=None, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()
        self.fields["parent"].queryset = parents if parents is not None else Column.objects.none()
        self.fields["body_form"].queryset = FormDefinition.objects.order_by("code")
        self.fields["route"].queryset = ProcessDefinition.objects.order_by("code")
        self.fields["kind"].choices = ColumnKind.choices

    def validate_unique(self):
        """The service checks uniqueness (in its transaction)."""


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结果"),
        choices=[("approve", _("同意")), ("return", _("退回修改"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("审核意见"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("退回须填写意见。"))
        return data


class OverrideForm(forms.Form):
    reason = forms.CharField(label=_("放行理由"), min_length=4, max_length=500)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("附件"), help_text=_("PDF、DOCX、XLSX 等，上传后自动进行隐私检查。")
    )


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label=_("有效性"), choices=Validity.choices)
    on = forms.DateField(label=_("变更日期"), widget=DATE, required=False)
    replaced_by = forms.ModelChoiceField(
        label=_("替代文件"), queryset=Item.objects.none(), required=False
    )
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["replaced_by"].queryset = candidates
        self.fields["replaced_by"].label_from_instance = lambda i: f"{i.index_number} {i.title}"


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回理由"), max_length=500)


class LinkForm(forms.Form):
    policy = forms.ModelChoiceField(label=_("解读的政策文件"), queryset=Item.objects.none())

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["policy"].queryset = candidates
        self.fields["policy"].label_from_instance = lambda i: f"{i.index_number or ''} {i.title}"


class ClearCardForm(forms.Form):
    explanation = forms.CharField(label=_("处理说明"), max_length=500)


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *ItemStatus.choices], required=False
    )
    q = forms.CharField(label=_("标题或索引号"), max_length=50, required=False)
