"""Forms for article attachments and the statistics page, and the cover-image field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.services import media

ALT_REQUIRED = _("上传图片必须填写图片说明（替代文本），以便视障读者了解图片内容。")
ACCEPT_ALL = ",".join(f".{ext}" for kind in media.KINDS.values() for ext in kind[1])
ACCEPT_IMAGES = ",".join(f".{ext}" for k in media.IMAGE_KINDS for ext in media.KINDS[k][1])


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("文件"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ALL}),
        help_text=_(
            "图片：JPG、PNG、GIF、WebP（自动缩放到1600像素宽并去除拍摄信息）；"
            "文件：PDF、Word、Excel、OFD、ZIP。"
        ),
        error_messages={
            "required": _("请选择要上传的文件。"),
            "empty": _("上传的文件是空的。"),
            "invalid": _("上传的文件无效，请重新选择。"),
        },
    )
    title = forms.CharField(
        label=_("标题"),
        max_length=200,
        required=False,
        help_text=_("不填则使用文件名。"),
        error_messages={"max_length": _("标题不能超过200个字。")},
    )
    alt = forms.CharField(
        label=_("图片说明（替代文本）"),
        max_length=200,
        required=False,
        help_text=_("上传图片时必填：用一句话说明图片内容，供视障读者的读屏软件朗读。"),
        error_messages={"max_length": _("图片说明不能超过200个字。")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.checked = media.check_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        checked = getattr(self, "checked", None)
        if checked is not None and checked.is_image and not (data.get("alt") or "").strip():
            self.add_error("alt", ALT_REQUIRED)
        return data


def clean_cover(form: forms.ModelForm) -> None:
    """ArticleForm's cover: checked by content, re-encoded and scaled; its description required.

    Called from `ArticleForm.clean()`. A new upload is replaced in cleaned_data by the
    re-encoded file under a generated name; an existing cover is left alone.
    """
    data = form.cleaned_data
    cover = data.get("cover")
    if "cover" in data and not cover:
        data["cover"] = ""  # none, or cleared: the service stores an empty file name
    if cover and hasattr(cover, "content_type"):  # a new upload, not the stored file
        try:
            checked = media.check_upload(cover, media.IMAGE_KINDS)
            data["cover"] = media.process_image(checked).main
        except ValidationError as exc:
            form.add_error("cover", exc)
            return
    has_cover = bool(data.get("cover"))
    if has_cover and not (data.get("cover_alt") or "").strip():
        form.add_error("cover_alt", _("有封面图片时必须填写封面图片说明（替代文本）。"))


class StatsFilterForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("统计范围"),
        choices=[(7, _("最近7天")), (30, _("最近30天")), (90, _("最近90天")), (365, _("最近一年"))],
        coerce=int,
        required=False,
        initial=30,
        empty_value=30,
        error_messages={"invalid_choice": _("请选择有效的统计范围。")},
    )
