"""Forms of the catalogue back office (事项管理): the guide, its materials and fees, copy,
review, import and the list filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from approval.constants import ItemStatus, MaterialForm
from approval.models import LicensingItem, LifeEvent
from approval.services.items import ITEM_FIELDS
from platform_core.models import FormDefinition, OrgUnit, ProcessDefinition

GUIDE_FIELDS = [f for f in ITEM_FIELDS if f not in ("form_code", "route_code")]


class ItemForm(forms.ModelForm):
    """Every field of the service guide; department limited to the administrator's own."""

    form_code = forms.ChoiceField(label=_("申请表单"), required=False)
    route_code = forms.ChoiceField(label=_("办理流程"), required=False)
    events = forms.MultipleChoiceField(
        label=_("办事主题"),
        choices=LifeEvent.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = LicensingItem
        fields = GUIDE_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "legal_basis",
                "conditions",
                "fees",
                "fee_basis",
                "special_procedures",
                "faq",
            )
        }

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = (
            departments if departments is not None else OrgUnit.objects.none()
        )
        self.fields["department"].empty_label = None
        self.fields["form_code"].choices = [("", _("（不设申请表单）"))] + list(
            FormDefinition.objects.order_by("code").values_list("code", "name")
        )
        self.fields["route_code"].choices = [("", _("（未设置）"))] + list(
            ProcessDefinition.objects.order_by("code").values_list("code", "name")
        )
        if self.instance.pk:
            self.fields["events"].initial = list(
                self.instance.life_events.values_list("event", flat=True)
            )

    def clean(self):
        data = super().clean()
        promised, statutory = data.get("promised_days"), data.get("statutory_days")
        if promised is not None and statutory is not None and promised > statutory:
            self.add_error("promised_days", _("承诺时限不能长于法定时限。"))
        return data

    def item_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ITEM_FIELDS if name in self.cleaned_data}


class NewItemForm(ItemForm):
    code = forms.SlugField(
        label=_("事项编码"),
        max_length=64,
        help_text=_("只能使用字母、数字、连字符，如 431127-XK-001。"),
    )

    field_order = ["code"]

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if LicensingItem.objects.filter(code=code).exists():
            raise forms.ValidationError(_("事项编码“%(code)s”已被使用。") % {"code": code})
        return code


class MaterialRowForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("材料名称"), max_length=200)
    # Initials match the blank extra row, so that an untouched blank row is not "changed".
    form = forms.ChoiceField(
        label=_("材料形式"), choices=MaterialForm.choices, initial=MaterialForm.ORIGINAL
    )
    count = forms.IntegerField(label=_("份数"), min_value=1, max_value=99, initial=1)
    may_defer = forms.BooleanField(label=_("可容缺"), required=False)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class FeeRowForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("收费项目"), max_length=200)
    standard = forms.CharField(label=_("收费标准"), max_length=500, required=False)
    amount = forms.DecimalField(
        label=_("收费上限（元）"),
        max_digits=10,
        decimal_places=2,
        min_value=0.01,
        required=False,
    )
    basis = forms.CharField(label=_("收费依据"), max_length=500, required=False)


MaterialFormSet = forms.formset_factory(
    MaterialRowForm, extra=1, can_delete=True, max_num=100, validate_max=True
)
FeeFormSet = forms.formset_factory(
    FeeRowForm, extra=1, can_delete=True, max_num=50, validate_max=True
)


def formset_rows(formset) -> list[dict]:
    """The kept rows of a valid formset (deleted and untouched blank rows left out)."""
    return [
        {k: v for k, v in row.cleaned_data.items() if k != "DELETE"}
        for row in formset.forms
        if row.has_changed() and not row.cleaned_data.get("DELETE") and row.cleaned_data
    ]


class CopyForm(forms.Form):
    code = forms.SlugField(label=_("新事项编码"), max_length=64)
    name = forms.CharField(label=_("新事项名称"), max_length=200, required=False)

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if LicensingItem.objects.filter(code=code).exists():
            raise forms.ValidationError(_("事项编码“%(code)s”已被使用。") % {"code": code})
        return code


class SubmitForm(forms.Form):
    note = forms.CharField(
        label=_("送审说明"), max_length=500, required=False, widget=forms.Textarea({"rows": 2})
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结果"),
        choices=[("approve", _("同意发布")), ("return", _("退回修改"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("审核意见"),
        max_length=2000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("退回时必须写明原因。"),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("请填写退回原因。"))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("事项目录文件"),
        help_text=_("Excel（.xlsx，含“事项”和“申请材料”两张工作表）或 JSON 文件，最大 10 MB。"),
    )


class CatalogueFilterForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("实施部门"), queryset=OrgUnit.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部"))] + list(ItemStatus.choices), required=False
    )
    q = forms.CharField(label=_("搜索"), max_length=100, required=False)

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if departments is not None:
            self.fields["department"].queryset = departments
        self.fields["department"].empty_label = _("全部部门")
