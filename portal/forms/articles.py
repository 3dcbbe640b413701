"""Forms of the public portal: site search and the back-office article form."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from platform_core.richtext.widgets import RichTextWidget
from portal.constants import Validity
from portal.models import Article, Channel


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("关键词"),
        max_length=50,
        error_messages={"required": _("请输入关键词。"), "max_length": _("关键词不能超过50个字。")},
    )
    channel = forms.ModelChoiceField(
        label=_("栏目"),
        queryset=Channel.objects.filter(depth=1),
        required=False,
        empty_label=_("全部栏目"),
        error_messages={"invalid_choice": _("请选择有效的栏目。")},
    )
    start = forms.DateField(
        label=_("起始日期"), required=False, error_messages={"invalid": _("请输入有效的日期。")}
    )
    end = forms.DateField(
        label=_("截止日期"), required=False, error_messages={"invalid": _("请输入有效的日期。")}
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("起始日期不能晚于截止日期。"))
        return data


class ArticleForm(forms.ModelForm):
    interprets = forms.ModelMultipleChoiceField(
        label=_("解读的政策文件"),
        queryset=Article.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Article
        fields = [
            "channel", "title", "subtitle", "summary", "body", "source",
            "document_number", "validity", "tags", "cover", "cover_alt",
            "publish_date", "withdraw_at",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "publish_date": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "withdraw_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
        help_texts = {
            "body": _(
                "可使用标题、列表、表格、链接和图片；从Word或WPS粘贴的内容会自动清理格式，"
                "不安全的内容会被自动清除。"
            ),
            "publish_date": _("留空则审核通过后立即发布；填写将来的时间则审核通过后定时发布。"),
            "withdraw_at": _("可选：到时自动从网站撤下。"),
        }
        error_messages = {
            "title": {"required": _("请填写标题。"), "max_length": _("标题不能超过200个字。")},
            "channel": {"required": _("请选择栏目。"), "invalid_choice": _("请选择有效的栏目。")},
            "validity": {"invalid_choice": _("请选择有效性。")},
            "publish_date": {"invalid": _("请输入有效的发布日期和时间。")},
            "withdraw_at": {"invalid": _("请输入有效的撤稿日期和时间。")},
        }

    def __init__(self, *args, channels, policies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = channels
        if self.instance.pk:
            upload_url = reverse("portal:article_image_upload", args=[self.instance.pk])
            self.fields["body"].widget = RichTextWidget(upload_url=upload_url)
        else:
            self.fields["body"].widget = RichTextWidget(
                upload_hint=_("保存草稿后即可在正文中上传图片。")
            )
        self.fields["channel"].empty_label = _("请选择栏目")
        self.fields["validity"].choices = [("", _("（非政策文件不填）")), *Validity.choices]
        self.fields["interprets"].queryset = policies
        if self.instance.pk:
            self.fields["interprets"].initial = list(self.instance.interprets.all())

    def clean(self):
        from portal.forms.media import (
            clean_cover,  # cover checked by content, re-encoded, alt required
        )

        data = super().clean()
        clean_cover(self)
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结果"),
        choices=[("approve", _("通过并发布")), ("reject", _("退回修改"))],
        error_messages={"required": _("请选择审核结果。"), "invalid_choice": _("请选择审核结果。")},
    )
    comment = forms.CharField(
        label=_("审核意见"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("撤稿原因"),
        max_length=500,
        error_messages={"required": _("请填写撤稿原因。")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
