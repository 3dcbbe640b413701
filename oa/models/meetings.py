"""会议管理: rooms and their bookings (no double booking: an exclusion constraint on the booked
time range per room), meeting notices with invitees (units or people) and their replies (回执),
attachments, sign-in and minutes with action items."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class MeetingRoom(models.Model):
    name = models.CharField(_("会议室名称"), max_length=100, unique=True)
    location = models.CharField(_("位置"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("容纳人数"), default=20)
    equipment = models.CharField(_("设备"), max_length=200, blank=True)
    has_video = models.BooleanField(_("可开电视电话会议"), default=False)
    is_active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会议室")
        verbose_name_plural = _("会议室")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RoomBooking(models.Model):
    room = models.ForeignKey(
        MeetingRoom, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("会议室")
    )
    during = DateTimeRangeField(_("占用时段"))
    title = models.CharField(_("用途"), max_length=200)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("预订人"),
    )
    meeting = models.ForeignKey(
        "oa.MeetingNotice",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("会议通知"),
    )
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("预订时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会议室预订")
        verbose_name_plural = _("会议室预订")
        ordering = ["during"]
        constraints = [
            ExclusionConstraint(
                name="oa_room_no_double_booking",
                expressions=[("room", RangeOperators.EQUAL), ("during", RangeOperators.OVERLAPS)],
                condition=Q(is_active=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.room} {self.title}"


class MeetingKind(models.TextChoices):
    ONSITE = "onsite", _("现场会议")
    VIDEO = "video", _("电视电话会议")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SENT = "sent", _("已发通知")
    CANCELLED = "cancelled", _("已取消")


class MeetingNotice(models.Model):
    title = models.CharField(_("会议名称"), max_length=200)
    kind = models.CharField(
        _("会议形式"), max_length=10, choices=MeetingKind.choices, default=MeetingKind.ONSITE
    )
    unit = models.ForeignKey(
        "platform_core.OrgUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("主办单位"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("发起人"),
    )
    start = models.DateTimeField(_("开始时间"))
    end = models.DateTimeField(_("结束时间"))
    room = models.ForeignKey(
        MeetingRoom,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("会议室"),
    )
    place = models.CharField(_("会议地点"), max_length=200, blank=True)
    agenda = models.TextField(_("会议议程"), blank=True)
    reply_deadline = models.DateTimeField(_("回执截止时间"))
    send_sms = models.BooleanField(_("同时发送短信"), default=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    sent_at = models.DateTimeField(_("发出时间"), null=True, blank=True)
    minutes = models.TextField(_("会议纪要"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会议通知")
        verbose_name_plural = _("会议通知")
        ordering = ["-start", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="oa_meeting_end")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def where(self) -> str:
        return self.room.name if self.room_id else self.place


class MeetingInvitee(models.Model):
    """One addressee of a notice: a unit (which replies with who will attend) or a person.
    Its reply is its 回执; until then it is work in the unit's (or person's) inbox."""

    meeting = models.ForeignKey(
        MeetingNotice, on_delete=models.CASCADE, related_name="invitees", verbose_name=_("会议")
    )
    unit = models.ForeignKey(
        "platform_core.OrgUnit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("参会单位"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meeting_invitations",
        verbose_name=_("参会人员"),
    )
    replied_at = models.DateTimeField(_("回执时间"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("回执人"),
    )
    attending = models.BooleanField(_("参会"), default=True)
    attendee_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("参会人员（本系统）")
    )
    attendees = models.CharField(_("参会人员名单"), max_length=500, blank=True)
    reply_note = models.CharField(_("回执说明"), max_length=500, blank=True)
    reply_via = models.CharField(_("回执方式"), max_length=10, blank=True)
    reminded_at = models.DateTimeField(_("最近催报时间"), null=True, blank=True)
    # The reply deadline on the platform case clock (e-supervision cards when late).
    clock = models.OneToOneField(
        "platform_core.CaseClock",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("回执时限"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("参会对象")
        verbose_name_plural = _("参会对象")
        ordering = ["meeting", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, person__isnull=True)
                | Q(unit__isnull=True, person__isnull=False),
                name="oa_invitee_unit_or_person",
            ),
            models.UniqueConstraint(
                fields=["meeting", "unit"],
                name="oa_invitee_unit_once",
                condition=Q(unit__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="oa_invitee_person_once",
                condition=Q(person__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return str(self.unit or self.person)

    @property
    def name(self) -> str:
        return self.unit.name if self.unit_id else self.person.name


def meeting_file_path(instance, filename: str) -> str:
    return f"oa/meetings/{instance.meeting_id}/{filename}"


class MeetingAttachment(models.Model):
    meeting = models.ForeignKey(
        MeetingNotice, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("会议")
    )
    file = models.FileField(upload_to=meeting_file_path, max_length=300, verbose_name=_("文件"))
    original_name = models.CharField(_("附件名称"), max_length=200)
    size = models.PositiveIntegerField(default=0, verbose_name=_("文件大小"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )
    uploaded_at = models.DateTimeField(default=timezone.now, verbose_name=_("上传时间"))

    class Meta:
        verbose_name = _("会议材料")
        verbose_name_plural = _("会议材料")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.original_name


class MeetingSignIn(models.Model):
    meeting = models.ForeignKey(
        MeetingNotice, on_delete=models.CASCADE, related_name="sign_ins", verbose_name=_("会议")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("签到人"),
    )
    signed_at = models.DateTimeField(_("签到时间"), default=timezone.now)

    class Meta:
        verbose_name = _("会议签到")
        verbose_name_plural = _("会议签到")
        ordering = ["signed_at"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="oa_sign_in_once")]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.user}"


class ActionItem(models.Model):
    """A task decided in the minutes (OA has no 督办 yet): its owner unit sees it in the inbox
    until it is marked done."""

    meeting = models.ForeignKey(
        MeetingNotice, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("会议")
    )
    title = models.CharField(_("事项"), max_length=300)
    owner_unit = models.ForeignKey(
        "platform_core.OrgUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("责任单位"),
    )
    due_date = models.DateField(_("完成期限"))
    done_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办结人"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("交办人"),
    )
    created_at = models.DateTimeField(_("交办时间"), default=timezone.now)
    # The due date on the platform case clock (e-supervision cards when late).
    clock = models.OneToOneField(
        "platform_core.CaseClock",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办理时限"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会议议定事项")
        verbose_name_plural = _("会议议定事项")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title
