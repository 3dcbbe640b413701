"""Forms of the document back office. The body uses the shared rich-text editor (ADR 0007) and
is cleaned again by the service whatever the browser sends."""

from django import forms
from django.utils.translation import gettext_lazy as _

from platform_core.forms.org import UnitMultipleChoiceField
from platform_core.models import OrgUnit
from platform_core.richtext.widgets import RichTextWidget

from ..constants import DocKind, DocStatus, Openness, Secrecy, Urgency
from ..models import Issuer


class UnitChoices(UnitMultipleChoiceField):
    """Units as the tree, a section with its department (县教育局 / 办公室)."""


class DocumentForm(forms.Form):
    issuer = forms.ModelChoiceField(label=_("发文机关"), queryset=Issuer.objects.none())
    unit = forms.ModelChoiceField(label=_("拟稿单位"), queryset=OrgUnit.objects.none())
    kind = forms.ChoiceField(label=_("文种"), choices=DocKind.choices, initial=DocKind.NOTICE)
    title = forms.CharField(label=_("标题"), max_length=200)
    main_to = forms.CharField(label=_("主送机关"), max_length=300, required=False)
    copy_to = forms.CharField(label=_("抄送机关"), max_length=300, required=False)
    secrecy = forms.ChoiceField(label=_("密级"), choices=Secrecy.choices, required=False)
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices, required=False)
    openness = forms.ChoiceField(label=_("公开属性"), choices=Openness.choices)
    countersign_units = UnitChoices(
        label=_("会签单位"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("可选多个单位，核稿后各单位同时会签。"),
    )
    recipient_units = UnitChoices(
        label=_("分发单位"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("签发后公文送达这些单位的收文。"),
    )
    note = forms.CharField(label=_("附注"), max_length=200, required=False)
    copies = forms.IntegerField(label=_("印制份数"), min_value=1, max_value=9999, initial=1)
    body = forms.CharField(label=_("正文"), required=False, widget=RichTextWidget())

    def __init__(self, *args, units=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = Issuer.objects.filter(is_active=True).order_by("pk")
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()
        self.fields["unit"].label_from_instance = lambda u: u.name
        all_units = OrgUnit.objects.filter(is_active=True).order_by("path")
        self.fields["countersign_units"].queryset = all_units
        self.fields["recipient_units"].queryset = all_units
        if editing:
            del self.fields["issuer"], self.fields["unit"]


class DocxImportForm(forms.Form):
    file = forms.FileField(label=_("Word 文件（.docx）"))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件"))


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("意见"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部"))] + list(DocStatus.choices), required=False
    )
    q = forms.CharField(label=_("标题或文号"), max_length=100, required=False)
