"""Forms of disclosure requests: staff registration, the officer's actions, the citizen's
online application, clarification answer, lookup and rating. The services validate the rules;
these forms only parse input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from platform_core.models import OrgUnit

from ..constants import (
    ApplicantType,
    ConsultationOutcome,
    DeliveryMethod,
    FeeMode,
    InfoForm,
    LegalSubtype,
    NotProcessedReason,
    RefusalGround,
    ReplyOutcome,
    RequestChannel,
    RequestStatus,
    UnavailableReason,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BLANK = [("", "—")]


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), choices=BLANK + RequestStatus.choices, required=False
    )
    channel = forms.ChoiceField(
        label=_("申请方式"), choices=BLANK + RequestChannel.choices, required=False
    )
    q = forms.CharField(label=_("编号或申请人"), max_length=100, required=False)


class _ContentFields(forms.Form):
    description = forms.CharField(
        label=_("所需政府信息的名称、文号或者便于查询的其他特征性描述"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    form_wanted = forms.ChoiceField(label=_("信息提供形式"), choices=InfoForm.choices)
    delivery_method = forms.ChoiceField(label=_("获取信息方式"), choices=DeliveryMethod.choices)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    address = forms.CharField(label=_("通信地址"), max_length=200, required=False)
    postcode = forms.RegexField(label=_("邮政编码"), regex=r"^\d{6}$", required=False, max_length=6)


class RegisterForm(_ContentFields):
    """登记信函、传真、当面提交的申请."""

    unit = forms.ModelChoiceField(label=_("受理机关"), queryset=OrgUnit.objects.none())
    channel = forms.ChoiceField(
        label=_("申请方式"),
        choices=[c for c in RequestChannel.choices if c[0] != RequestChannel.ONLINE],
    )
    received_on = forms.DateField(
        label=_("收到申请日期"),
        widget=DATE,
        required=False,
        help_text=_("当面提交的为当日；邮寄的为签收之日；传真的为与申请人确认之日。"),
    )
    applicant_type = forms.ChoiceField(label=_("申请人类型"), choices=ApplicantType.choices)
    legal_subtype = forms.ChoiceField(
        label=_("法人或其他组织类型"), choices=BLANK + LegalSubtype.choices, required=False
    )
    applicant_name = forms.CharField(label=_("姓名/名称"), max_length=128)
    id_number = forms.CharField(label=_("居民身份证号码"), max_length=18, required=False)
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=64, required=False)
    contact_person = forms.CharField(label=_("联系人"), max_length=64, required=False)
    mobile = forms.CharField(label=_("联系电话"), max_length=20)

    field_order = [
        "unit",
        "channel",
        "received_on",
        "applicant_type",
        "legal_subtype",
        "applicant_name",
        "id_number",
        "uscc",
        "legal_representative",
        "contact_person",
        "mobile",
    ]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()


class OnlineForm(_ContentFields):
    """网上申请 (the identity comes from the citizen's real-name account)."""

    unit = forms.ModelChoiceField(
        label=_("受理机关"), queryset=OrgUnit.objects.filter(is_active=True).order_by("path")
    )
    legal_subtype = forms.ChoiceField(
        label=_("单位类型（法人或其他组织填写）"),
        choices=BLANK + LegalSubtype.choices,
        required=False,
    )
    field_order = ["unit", "legal_subtype"]


class ClarifyForm(forms.Form):
    items = forms.CharField(
        label=_("需要补正的事项（每行一项，一次性列明）"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    answer_days = forms.IntegerField(
        label=_("补正期限（工作日）"), min_value=1, max_value=30, initial=15
    )

    def item_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("补正内容"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class ConsultForm(forms.Form):
    third_party = forms.CharField(label=_("第三方"), max_length=128)
    contact = forms.CharField(label=_("联系方式"), max_length=200, required=False)
    matter = forms.CharField(
        label=_("征求意见的内容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class ConsultedForm(forms.Form):
    outcome = forms.ChoiceField(label=_("第三方意见"), choices=ConsultationOutcome.choices)
    note = forms.CharField(label=_("意见说明"), max_length=2000, required=False)
    on = forms.DateField(label=_("收到意见日期"), widget=DATE, required=False)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("延长工作日"), min_value=1, max_value=20)
    reason = forms.CharField(label=_("延期理由"), max_length=500)


class ExtensionDecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审批意见"),
        choices=[("1", _("同意延期")), ("0", _("不同意"))],
        coerce=lambda v: v == "1",
    )
    comment = forms.CharField(label=_("意见"), max_length=500, required=False)


class FeeForm(forms.Form):
    mode = forms.ChoiceField(label=_("计收方式"), choices=FeeMode.choices)
    pages = forms.IntegerField(label=_("页数（按量计收）"), min_value=0, required=False)


class FilePostForm(forms.Form):
    file = forms.FileField(label=_("提供的政府信息文件"))
    pages = forms.IntegerField(label=_("页数"), min_value=0, required=False)


GROUND_CHOICES = (
    [(c, f"不予公开：{label}") for c, label in RefusalGround.choices]
    + [(c, f"无法提供：{label}") for c, label in UnavailableReason.choices]
    + [(c, f"不予处理：{label}") for c, label in NotProcessedReason.choices]
)


class ReplyForm(forms.Form):
    outcome = forms.ChoiceField(label=_("答复类型"), choices=ReplyOutcome.choices)
    grounds = forms.MultipleChoiceField(
        label=_("理由"), choices=GROUND_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    public_location = forms.CharField(
        label=_("获取途径（已主动公开的）"), max_length=300, required=False
    )
    reply_text = forms.CharField(
        label=_("答复说明"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class LookupForm(forms.Form):
    number = forms.CharField(label=_("申请编号"), max_length=48)
    code = forms.RegexField(label=_("查询码"), regex=r"^\d{6,8}$", max_length=8)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("评价"),
        choices=[(str(i), f"{i}星") for i in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("评价意见"), max_length=500, required=False)
