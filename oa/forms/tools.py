"""Forms of 短信收发, 通知公告 and 值班管理. The services check everything again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from platform_core.forms.org import UnitMultipleChoiceField
from platform_core.forms.people import StaffMultiPicker
from platform_core.models import OrgUnit, User
from platform_core.richtext.widgets import RichTextWidget

from ..models import SmsTemplate
from ..models.duty import RecordKind
from ..models.notices import NoticeScope


class _Units(UnitMultipleChoiceField):
    """Units as the tree, a section with its department (县教育局 / 办公室)."""


class _People(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class _Person(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _staff():
    return User.objects.filter(is_active=True, kind="staff").order_by("name", "pk")


def _units():
    return OrgUnit.objects.filter(is_active=True).order_by("path")


class SmsForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("短信模板"), queryset=SmsTemplate.objects.none(), required=False
    )
    people = StaffMultiPicker(label=_("发送给人员"), queryset=User.objects.none(), required=False)
    units = _Units(
        label=_("发送给单位"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("单位及下属单位全体有手机号码的工作人员。"),
    )
    numbers = forms.CharField(
        label=_("输入号码"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("多个号码用逗号、空格或换行分隔。"),
    )
    body = forms.CharField(
        label=_("短信内容"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("发送时自动加签名；选择模板且内容为空时使用模板内容。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = SmsTemplate.objects.filter(is_active=True)
        self.fields["people"].queryset = _staff().exclude(mobile="")
        self.fields["units"].queryset = _units()

    def clean(self):
        data = super().clean()
        if not (data.get("body") or "").strip() and data.get("template"):
            data["body"] = data["template"].body
        if not (data.get("body") or "").strip():
            self.add_error("body", _("请填写短信内容或选择模板。"))
        return data


class NoticeForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("发布单位"), queryset=OrgUnit.objects.none())
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("正文"), widget=RichTextWidget())
    scope = forms.ChoiceField(label=_("发布范围"), choices=NoticeScope.choices)
    scope_units = _Units(
        label=_("接收单位"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    scope_people = StaffMultiPicker(
        label=_("接收人员"), queryset=User.objects.none(), required=False
    )
    expires_on = forms.DateField(
        label=_("有效期至"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("过期后自动从通知列表中撤下；不填则长期有效。"),
    )
    is_pinned = forms.BooleanField(label=_("置顶"), required=False)
    comments_open = forms.BooleanField(label=_("开放留言"), required=False, initial=True)

    def __init__(self, *args, units=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()
        self.fields["unit"].label_from_instance = lambda u: u.name
        self.fields["scope_units"].queryset = _units()
        self.fields["scope_people"].queryset = _staff()
        if editing:
            del self.fields["unit"]


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("留言"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RosterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=OrgUnit.objects.none())
    title = forms.CharField(label=_("名称"), max_length=100)
    start = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
    phone = forms.CharField(label=_("值班电话"), max_length=20)
    officers = _People(
        label=_("值班人员（按顺序轮流）"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    leaders = _People(
        label=_("带班领导（按日轮流）"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_public = forms.BooleanField(label=_("在门户公布值班电话"), required=False)

    def __init__(self, *args, units=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()
        self.fields["unit"].label_from_instance = lambda u: u.name
        self.fields["officers"].queryset = people if people is not None else User.objects.none()
        self.fields["leaders"].queryset = people if people is not None else User.objects.none()

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("结束日期不能早于开始日期。"))
        return data


class SwapForm(forms.Form):
    substitute = _Person(label=_("替班人"), queryset=User.objects.none())
    reason = forms.CharField(label=_("理由"), max_length=300)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["substitute"].queryset = people if people is not None else User.objects.none()


class RecordForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=RecordKind.choices)
    title = forms.CharField(label=_("事由"), max_length=200)
    caller = forms.CharField(label=_("来电人/报告对象"), max_length=100, required=False)
    caller_phone = forms.CharField(label=_("来电号码"), max_length=20, required=False)
    content = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 5}))
    handling = forms.CharField(
        label=_("处理情况"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RecordCloseForm(forms.Form):
    result = forms.CharField(
        label=_("办结结果"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("请填写办结结果。"),
            "max_length": _("办结结果不能超过 2000 字。"),
        },
    )


class HandoverForm(forms.Form):
    note = forms.CharField(
        label=_("交班记录"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
