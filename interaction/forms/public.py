"""Forms of the public side: submitting a case, looking it up, rating the reply."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from platform_core.constants import UnitKind
from platform_core.consultation_topics import Topic, topic_resolve
from platform_core.models import OrgUnit
from platform_core.validators import validate_mobile

from ..constants import Kind, Score, Source
from ..models import Category
from ..services.cases import ADDRESS_MAX, CONTENT_MAX, TITLE_MAX


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.label


def category_choices():
    return (
        Category.objects.filter(is_active=True)
        .select_related("parent")
        .order_by("parent__sort_order", "parent_id", "sort_order", "pk")
    )


class CaseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=Kind.choices,
        error_messages={"required": _("请选择来件类型。"), "invalid_choice": _("请选择来件类型。")},
    )
    category = CategoryChoiceField(
        label=_("问题分类"),
        queryset=Category.objects.none(),
        empty_label=_("请选择"),
        error_messages={
            "required": _("请选择问题分类。"),
            "invalid_choice": _("请选择问题分类。"),
        },
    )
    title = forms.CharField(
        label=_("标题"),
        max_length=TITLE_MAX,
        error_messages={"required": _("请填写标题。"), "max_length": _("标题不能超过100个字。")},
    )
    content = forms.CharField(
        label=_("内容"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=CONTENT_MAX,
        help_text=_("请写明时间、地点、事由和诉求，10至3000个字。"),
        error_messages={"required": _("请填写内容。"), "max_length": _("内容不能超过3000个字。")},
    )
    township = forms.ModelChoiceField(
        label=_("所在乡镇（街道）"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("请选择"),
        error_messages={"invalid_choice": _("请选择乡镇（街道）。")},
    )
    address = forms.CharField(
        label=_("详细地址"),
        max_length=ADDRESS_MAX,
        required=False,
        error_messages={"max_length": _("详细地址不能超过200个字。")},
    )
    attachments = MultipleFileField(
        label=_("附件（照片或PDF，最多5个，每个不超过10MB）"), required=False
    )
    allow_public = forms.BooleanField(
        label=_("同意在网站公开（公开时隐去姓名、电话和详细地址）"), required=False
    )
    name = forms.CharField(
        label=_("姓名"), max_length=64, error_messages={"required": _("请填写姓名。")}
    )
    mobile = forms.CharField(
        label=_("手机号码"),
        max_length=11,
        validators=[validate_mobile],
        error_messages={"required": _("请输入手机号码。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    # The service-hall item a 咨询 is about (the guide's 咨询 button): resolved on the platform,
    # so that only a published item can be named.
    item = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, citizen=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.citizen = citizen
        self.fields["category"].queryset = category_choices()
        self.fields["township"].queryset = OrgUnit.objects.filter(
            kind=UnitKind.TOWNSHIP, is_active=True
        ).order_by("path")
        if citizen is not None:
            # A logged-in citizen is already identified: name and mobile come from the account.
            for name in ("name", "mobile", "code"):
                del self.fields[name]

    def item_code(self) -> str:
        raw = self.data.get("item") if self.is_bound else self.initial.get("item")
        return (raw or "").strip()[:64]

    def topic(self) -> Topic | None:
        """The item this consultation is about, shown above the form (None: no item)."""
        if not hasattr(self, "_topic"):
            code = self.item_code()
            self._topic = topic_resolve(Source.SERVICE_ITEM, code) if code else None
        return self._topic

    def clean_item(self) -> str:
        code = (self.cleaned_data.get("item") or "").strip()
        if code and self.topic() is None:
            raise ValidationError(_("所咨询的办事事项不存在或已停止办理，请从办事指南重新进入。"))
        return code

    def clean(self):
        data = super().clean()
        if data.get("item") and data.get("kind") and data["kind"] != Kind.CONSULTATION:
            self.add_error("kind", _("针对办事事项的留言请选择“咨询”。"))
        return data

    def clean_code(self) -> str:
        code = (self.cleaned_data.get("code") or "").strip()
        if self.citizen is None and not (len(code) == 6 and code.isdigit()):
            raise ValidationError(_("请输入6位短信验证码（点击“获取验证码”）。"))
        return code


class LookupForm(forms.Form):
    number = forms.CharField(
        label=_("来件编号"), max_length=20, error_messages={"required": _("请填写来件编号。")}
    )
    query_code = forms.CharField(
        label=_("查询码"), max_length=12, error_messages={"required": _("请填写查询码。")}
    )


class RatingForm(forms.Form):
    score = forms.ChoiceField(
        label=_("评议结果"),
        choices=Score.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择评议结果。"), "invalid_choice": _("请选择评议结果。")},
    )
    comment = forms.CharField(
        label=_("评议意见"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("评议意见不能超过500个字。")},
    )
