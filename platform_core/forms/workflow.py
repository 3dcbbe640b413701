from django import forms
from django.utils.translation import gettext_lazy as _

from ..constants import UserKind
from ..models import OrgUnit, ProcessDefinition, User
from ..permissions import units_in_business_scope
from .org import UnitChoiceField


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.name}（{obj.username}）"


def _staff() -> forms.ModelChoiceField:
    return StaffChoiceField(
        label=_("办理人"),
        queryset=User.objects.filter(kind=UserKind.STAFF, is_active=True).order_by("name"),
        empty_label=_("（请选择）"),
    )


class CaseStartForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    owner_unit = UnitChoiceField(label=_("主办单位"), queryset=OrgUnit.objects.none())
    definition = forms.ModelChoiceField(
        label=_("固定流程"),
        queryset=ProcessDefinition.objects.filter(versions__status="published").distinct(),
        required=False,
        empty_label=_("（不使用固定流程，按自由流程发送）"),
    )
    handler = StaffChoiceField(
        label=_("第一步办理人（自由流程）"),
        queryset=User.objects.filter(kind=UserKind.STAFF, is_active=True).order_by("name"),
        required=False,
        empty_label=_("（请选择）"),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = units_in_business_scope(user).order_by("path")

    def clean(self):
        data = super().clean()
        if not data.get("definition") and not data.get("handler"):
            raise forms.ValidationError(_("请选择固定流程，或为自由流程选择第一步办理人。"))
        return data


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("办理意见"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class FreeNextForm(CommentForm):
    next_handler = StaffChoiceField(
        label=_("下一步办理人"),
        queryset=User.objects.filter(kind=UserKind.STAFF, is_active=True).order_by("name"),
        required=False,
        empty_label=_("（办结，不再流转）"),
    )
    step_name = forms.CharField(label=_("下一步名称"), max_length=64, required=False)


class _OwnIdsMixin:
    """The task page shows several forms with a `comment` field: each form gets its own id
    prefix, so every <label for> points at the field of its own form (not the first one)."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class TransferForm(_OwnIdsMixin, CommentForm):
    id_prefix = "transfer"
    to_user = _staff()


class CohandlerForm(_OwnIdsMixin, CommentForm):
    id_prefix = "cohandler"
    cohandler = _staff()


class ReturnForm(_OwnIdsMixin, forms.Form):
    id_prefix = "return"
    to_step = forms.ChoiceField(label=_("退回到"))
    comment = forms.CharField(
        label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, steps: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_step"].choices = steps


class DelegationForm(forms.Form):
    delegate = StaffChoiceField(
        label=_("受托人"),
        queryset=User.objects.filter(kind=UserKind.STAFF, is_active=True).order_by("name"),
        empty_label=_("（请选择）"),
    )
    start_date = forms.DateField(
        label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("事由"), max_length=200)
