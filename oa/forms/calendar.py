"""Forms of the calendar and meetings (Chinese labels; the services check the rules again)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from platform_core.forms.org import UnitChoiceField, UnitMultipleChoiceField
from platform_core.forms.people import StaffMultiPicker
from platform_core.models import OrgUnit, User

from ..models import EventKind, MeetingKind, MeetingRoom, ReminderChannel

DT_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

REPEAT_CHOICES = [
    ("", _("不重复")),
    ("FREQ=DAILY", _("每天")),
    ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", _("每个工作日（周一至周五）")),
    ("FREQ=WEEKLY", _("每周")),
    ("FREQ=MONTHLY", _("每月")),
    ("FREQ=YEARLY", _("每年")),
    ("custom", _("自定义规则")),
]
REMIND_CHOICES = [
    ("", _("不提醒")),
    ("0", _("开始时")),
    ("5", _("提前 5 分钟")),
    ("15", _("提前 15 分钟")),
    ("30", _("提前 30 分钟")),
    ("60", _("提前 1 小时")),
    ("1440", _("提前 1 天")),
]


class PersonChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class UnitChoices(UnitMultipleChoiceField):
    """Units as the tree, a section with its department (县教育局 / 办公室): a county has a
    dozen sections called 办公室."""


class EventForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=EventKind.choices)
    all_day = forms.BooleanField(label=_("全天"), required=False)
    start = forms.DateTimeField(label=_("开始时间"), widget=DT_WIDGET, input_formats=DT_FORMATS)
    end = forms.DateTimeField(label=_("结束时间"), widget=DT_WIDGET, input_formats=DT_FORMATS)
    location = forms.CharField(label=_("地点"), max_length=200, required=False)
    description = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    repeat = forms.ChoiceField(label=_("重复"), choices=REPEAT_CHOICES, required=False)
    rrule = forms.CharField(
        label=_("自定义重复规则"),
        max_length=300,
        required=False,
        help_text=_("按国际通用的日历重复规则书写，一般在上方“重复”中选择即可。"),
    )
    remind = forms.ChoiceField(label=_("提醒时间"), choices=REMIND_CHOICES, required=False)
    remind_channels = forms.MultipleChoiceField(
        label=_("提醒方式"),
        choices=ReminderChannel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    shared_with = StaffMultiPicker(
        label=_("共享给同事"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    def __init__(self, *args, colleagues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shared_with"].queryset = (
            colleagues if colleagues is not None else User.objects.none()
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("结束时间不能早于开始时间。"))
        repeat = data.get("repeat") or ""
        if repeat == "custom":
            if not data.get("rrule"):
                self.add_error("rrule", _("请填写自定义重复规则。"))
            data["rule"] = data.get("rrule", "")
        else:
            data["rule"] = repeat
        if data.get("remind") and not data.get("remind_channels"):
            self.add_error("remind_channels", _("请选择提醒方式。"))
        minutes = data.get("remind")
        data["reminders"] = (
            [(c, int(minutes)) for c in data.get("remind_channels", [])] if minutes else []
        )
        return data


class DelegationForm(forms.Form):
    secretary = forms.ModelChoiceField(label=_("授权给（秘书）"), queryset=User.objects.none())

    def __init__(self, *args, colleagues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["secretary"].queryset = (
            colleagues if colleagues is not None else User.objects.none()
        )
        self.fields["secretary"].label_from_instance = lambda u: u.name


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("会议名称"), max_length=200)
    kind = forms.ChoiceField(label=_("会议形式"), choices=MeetingKind.choices)
    unit = forms.ModelChoiceField(label=_("主办单位"), queryset=OrgUnit.objects.none())
    start = forms.DateTimeField(label=_("开始时间"), widget=DT_WIDGET, input_formats=DT_FORMATS)
    end = forms.DateTimeField(label=_("结束时间"), widget=DT_WIDGET, input_formats=DT_FORMATS)
    room = forms.ModelChoiceField(
        label=_("会议室"),
        queryset=MeetingRoom.objects.none(),
        required=False,
        empty_label=_("不预订会议室（填写地点）"),
    )
    place = forms.CharField(label=_("会议地点"), max_length=200, required=False)
    reply_deadline = forms.DateTimeField(
        label=_("回执截止时间"), widget=DT_WIDGET, input_formats=DT_FORMATS
    )
    agenda = forms.CharField(label=_("会议议程"), widget=forms.Textarea(attrs={"rows": 5}))
    units = UnitChoices(
        label=_("参会单位"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    persons = StaffMultiPicker(
        label=_("参会人员"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    send_sms = forms.BooleanField(label=_("同时发送短信通知"), required=False, initial=True)

    def __init__(self, *args, units=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()
        self.fields["unit"].label_from_instance = lambda u: u.name
        self.fields["room"].queryset = MeetingRoom.objects.filter(is_active=True).order_by("name")
        self.fields["units"].queryset = OrgUnit.objects.filter(is_active=True).order_by("path")
        self.fields["persons"].queryset = people if people is not None else User.objects.none()

    def clean(self):
        data = super().clean()
        start, end, deadline = data.get("start"), data.get("end"), data.get("reply_deadline")
        if start and end and end <= start:
            self.add_error("end", _("结束时间应晚于开始时间。"))
        if start and deadline and deadline > start:
            self.add_error("reply_deadline", _("回执截止时间不能晚于会议开始时间。"))
        if not data.get("room") and not (data.get("place") or "").strip():
            self.add_error("place", _("请选择会议室或填写会议地点。"))
        if not data.get("units") and not data.get("persons"):
            self.add_error("units", _("请选择参会单位或参会人员。"))
        return data


class ReplyForm(forms.Form):
    attending = forms.TypedChoiceField(
        label=_("是否参会"),
        choices=[("1", _("参会")), ("0", _("不参会"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    attendee_users = PersonChoices(
        label=_("参会人员"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attendees = forms.CharField(
        label=_("其他参会人员（姓名、职务）"), max_length=500, required=False
    )
    note = forms.CharField(label=_("说明"), max_length=500, required=False)

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendee_users"].queryset = staff if staff is not None else User.objects.none()


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("会议材料"))


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 8}))


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("议定事项"), max_length=300)
    owner_unit = UnitChoiceField(label=_("责任单位"), queryset=OrgUnit.objects.none())
    due_date = forms.DateField(label=_("完成期限"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("path")
