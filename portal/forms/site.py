"""Forms of site definition (栏目管理, 网站设置, 敏感词库)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from platform_core.dynforms.files import check_upload
from platform_core.models import OrgUnit
from portal.constants import HomeSection, WordKind
from portal.models import Channel, SensitiveWord, SiteSettings
from portal.selectors.home import home_sections
from portal.services.site import WORD_FILE_MAX_BYTES


class ChannelForm(forms.ModelForm):
    parent = forms.ModelChoiceField(
        label=_("上级栏目"),
        queryset=Channel.objects.order_by("path"),
        required=False,
        empty_label=_("（顶级频道）"),
    )
    editor_units = forms.ModelMultipleChoiceField(
        label=_("可发布单位"),
        queryset=OrgUnit.objects.order_by("path"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("这些单位（含下级单位）的网站编辑可向本栏目发布稿件。"),
    )

    class Meta:
        model = Channel
        fields = [
            "name", "slug", "list_template", "page_template", "in_navigation", "home_block",
            "description", "link_url", "update_interval_days",
        ]  # fmt: skip
        help_texts = {"slug": _("小写字母、数字、连字符或下划线，是栏目网址中的一段。")}
        error_messages = {
            "slug": {"invalid": _("英文标识只能使用小写字母、数字、连字符和下划线。")},
        }

    def __init__(self, *args, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["parent"]
        else:
            self.fields["parent"].label_from_instance = lambda c: "　" * (c.depth - 1) + c.name
        self.fields["editor_units"].label_from_instance = lambda u: "　" * (u.depth - 1) + u.name
        if self.instance.pk:
            self.initial["editor_units"] = list(self.instance.editor_units.all())

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug != slug.lower() or not slug.replace("-", "").replace("_", "").isalnum():
            raise ValidationError(_("英文标识只能使用小写字母、数字、连字符和下划线。"))
        if not slug.isascii():
            raise ValidationError(_("英文标识只能使用小写字母、数字、连字符和下划线。"))
        return slug

    def validate_unique(self):
        # The service checks uniqueness within the parent (url_path), with a clear message.
        pass


class SiteSettingsForm(forms.ModelForm):
    class Meta:
        model = SiteSettings
        fields = [
            "government_name", "site_name", "site_code", "icp_number", "police_record_number",
            "police_record_url", "host_unit", "address", "postcode", "phone", "email",
            "error_report_url",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        order = home_sections(self.instance)
        for code, label in HomeSection.choices:
            self.fields[f"section_{code}"] = forms.IntegerField(
                label=label,
                required=False,
                min_value=1,
                max_value=len(HomeSection.values),
                initial=order.index(code) + 1 if code in order else None,
                help_text=_("显示顺序；留空则首页不显示该区块。"),
            )

    def section_fields(self):
        return [self[f"section_{code}"] for code in HomeSection.values]

    def clean(self):
        data = super().clean()
        chosen = [
            (data.get(f"section_{code}"), code)
            for code in HomeSection.values
            if data.get(f"section_{code}")
        ]
        if not chosen and not self.errors:
            raise ValidationError(_("首页至少要显示一个区块。"))
        positions = [n for n, _code in chosen]
        if len(set(positions)) != len(positions):
            raise ValidationError(_("首页区块的显示顺序不能重复。"))
        data["home_layout"] = [code for _n, code in sorted(chosen)]
        return data


class WordForm(forms.ModelForm):
    class Meta:
        model = SensitiveWord
        fields = ["word", "kind", "suggestion", "is_active"]

    def validate_unique(self):
        pass  # the service says which word is already in the list


def _sniff_text(content: bytes, extension: str):
    if extension != "txt" or b"\x00" in content:
        return None
    try:
        content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return "txt"


class WordImportForm(forms.Form):
    prefix = "import"  # beside the add form on one page: its own ids

    kind = forms.ChoiceField(label=_("导入为"), choices=WordKind.choices)
    file = forms.FileField(
        label=_("文本文件"),
        help_text=_(
            "UTF-8 编码的 .txt 文件，每行一个词；易错词写成“错词=正确写法”。以 # 开头的行忽略。"
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(
            upload,
            ("txt",),
            WORD_FILE_MAX_BYTES,
            kinds={"txt": (_("UTF-8 文本文件（txt）"), ("txt",))},
            sniffer=_sniff_text,
        )
        upload.seek(0)
        return upload.read()
