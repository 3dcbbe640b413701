"""Back-office forms: staff entry, assignment, return, reply, review, return calls, extension."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from platform_core.models import OrgUnit
from platform_core.richtext.widgets import RichTextWidget

from ..constants import CaseStatus, Channel, FollowUpMethod
from ..selectors.access import DEPARTMENT_KINDS
from .public import CaseForm


class RegisterForm(CaseForm):
    """登记来信、来电、来访: the public form's fields without the SMS code, plus the channel."""

    channel = forms.ChoiceField(
        label=_("来件渠道"),
        choices=[c for c in Channel.choices if c[0] != Channel.ONLINE],
        error_messages={"required": _("请选择来件渠道。")},
    )
    is_petition = forms.BooleanField(label=_("按信访事项办理（信访工作条例）"), required=False)

    field_order = ["channel", "is_petition", "kind", "category", "title", "content"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["code"]
        self.fields["allow_public"].label = _("来件人同意公开（公开时隐去个人信息）")

    def clean_code(self) -> str:
        return ""


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("承办单位"),
        queryset=OrgUnit.objects.none(),
        empty_label=_("请选择"),
        error_messages={"required": _("请选择承办单位。")},
    )
    note = forms.CharField(
        label=_("交办意见"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = OrgUnit.objects.filter(
            kind__in=DEPARTMENT_KINDS, is_active=True
        ).order_by("path")


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("退回理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写退回理由。")},
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("答复内容"),
        widget=RichTextWidget(),
        error_messages={"required": _("请填写答复内容。")},
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结果"),
        choices=[("approve", _("同意发布")), ("send_back", _("退回修改"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择审核结果。")},
    )
    public = forms.BooleanField(label=_("在网站公开（来件人已同意）"), required=False)
    comment = forms.CharField(
        label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FollowUpForm(forms.Form):
    method = forms.ChoiceField(label=_("回访方式"), choices=FollowUpMethod.choices)
    note = forms.CharField(
        label=_("回访情况"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写回访情况。")},
    )


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("延长工作日"), min_value=1, max_value=30)
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部"))] + list(CaseStatus.choices), required=False
    )
    q = forms.CharField(label=_("编号或标题"), required=False, max_length=50)
