"""Forms of 收文 registration, handling and circulation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from platform_core.forms.org import UnitMultipleChoiceField
from platform_core.forms.people import StaffMultiPicker, StaffPicker
from platform_core.models import OrgUnit, User

from ..constants import Secrecy, Urgency
from ..models import CirculationMode, IncomingStatus
from .mail import MultipleFileField

# Staff grouped by unit and searchable (the platform's picker).
PersonChoice = StaffPicker
PeopleChoice = StaffMultiPicker


def staff():
    return (
        User.objects.filter(is_active=True, kind="staff", posts__isnull=False)
        .distinct()
        .order_by("name")
    )


class RegisterForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("收文单位"))
    sender = forms.CharField(label=_("来文单位"), max_length=100)
    number = forms.CharField(label=_("文号"), max_length=64, required=False)
    title = forms.CharField(label=_("标题"), max_length=200)
    secrecy = forms.ChoiceField(label=_("密级"), choices=Secrecy.choices, required=False)
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices, required=False)
    received_on = forms.DateField(
        label=_("收文日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    copies = forms.IntegerField(label=_("份数"), min_value=1, max_value=9999, initial=1)
    source = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()
        self.fields["unit"].label_from_instance = lambda u: u.name


class ScanForm(forms.Form):
    scan = forms.FileField(label=_("扫描件（PDF 或图片）"))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件"))


class ProposeForm(forms.Form):
    proposal = forms.CharField(
        label=_("拟办意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    leader = PersonChoice(queryset=User.objects.none(), label=_("送批示领导"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = staff()


class InstructForm(forms.Form):
    instruction = forms.CharField(
        label=_("批示意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    units = UnitMultipleChoiceField(
        queryset=OrgUnit.objects.filter(is_active=True).order_by("path"), label=_("承办单位")
    )
    days = forms.IntegerField(label=_("办理时限（工作日）"), min_value=1, max_value=60, initial=10)


class ReportForm(forms.Form):
    report = forms.CharField(
        label=_("办理情况"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    files = MultipleFileField(label=_("附件（办理材料）"), required=False)
    conclude = forms.BooleanField(label=_("本单位已办结"), required=False)


class CirculateForm(forms.Form):
    readers = PeopleChoice(queryset=User.objects.none(), label=_("阅文人（按所选顺序）"))
    mode = forms.ChoiceField(label=_("传阅方式"), choices=CirculationMode.choices)
    note = forms.CharField(label=_("传阅说明"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["readers"].queryset = staff()


class ReadForm(forms.Form):
    comment = forms.CharField(label=_("阅文意见"), max_length=500, required=False)


class StatusFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部"))] + IncomingStatus.choices, required=False
    )
