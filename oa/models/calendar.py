"""日程安排: events (one-off or recurring by an RFC 5545 RRULE), who shares them, reminders with
their exactly-once delivery marker, secretaries' delegations and the private iCalendar token."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class EventKind(models.TextChoices):
    MEETING = "meeting", _("会议")
    APPOINTMENT = "appointment", _("约会")
    ALL_DAY = "all_day", _("全天事件")
    ANNIVERSARY = "anniversary", _("纪念日")
    OTHER = "other", _("其他")


class ReminderChannel(models.TextChoices):
    IN_APP = "in_app", _("站内消息")
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarEvent(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_events",
        verbose_name=_("日程所有人"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("录入人"),
    )
    kind = models.CharField(
        _("类型"), max_length=20, choices=EventKind.choices, default=EventKind.APPOINTMENT
    )
    title = models.CharField(_("标题"), max_length=200)
    location = models.CharField(_("地点"), max_length=200, blank=True)
    description = models.TextField(_("说明"), blank=True)
    start = models.DateTimeField(_("开始时间"))
    end = models.DateTimeField(_("结束时间"))
    all_day = models.BooleanField(_("全天"), default=False)
    rrule = models.CharField(
        _("重复规则"), max_length=300, blank=True, help_text=_("RFC 5545 RRULE，如 FREQ=WEEKLY")
    )
    shared_with = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="shared_calendar_events",
        verbose_name=_("共享给"),
    )
    meeting = models.ForeignKey(
        "oa.MeetingNotice",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_events",
        verbose_name=_("会议通知"),
    )
    uid = models.CharField(_("日历唯一标识"), max_length=80, unique=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    history = HistoricalRecords(m2m_fields=[shared_with])

    class Meta:
        verbose_name = _("日程")
        verbose_name_plural = _("日程")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["owner", "start"], name="oa_event_owner_start")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="oa_event_end"),
            # A meeting appears once on each attendee's calendar.
            models.UniqueConstraint(
                fields=["owner", "meeting"],
                name="oa_event_meeting_once",
                condition=Q(meeting__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EventReminder(models.Model):
    """A reminder `minutes_before` each occurrence. `next_fire_at` is the next time the scanner
    must act (null when no occurrence is left); the scanner claims the row with SKIP LOCKED."""

    event = models.ForeignKey(
        CalendarEvent, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("日程")
    )
    channel = models.CharField(_("提醒方式"), max_length=10, choices=ReminderChannel.choices)
    minutes_before = models.PositiveIntegerField(_("提前分钟数"), default=15)
    next_fire_at = models.DateTimeField(_("下次提醒时间"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("日程提醒")
        verbose_name_plural = _("日程提醒")
        ordering = ["event", "minutes_before", "pk"]

    def __str__(self) -> str:
        return f"{self.event} · {self.get_channel_display()}"


class ReminderDelivery(models.Model):
    """The sent marker: one row per reminder and occurrence, written in the same transaction as
    the outbox message. The unique constraint makes a second scanner's insert fail."""

    reminder = models.ForeignKey(
        EventReminder,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("日程提醒"),
    )
    occurrence = models.DateTimeField(_("日程发生时间"))
    notification = models.ForeignKey(
        "platform_core.Notification",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("消息"),
    )
    created_at = models.DateTimeField(_("发送时间"), default=timezone.now)

    class Meta:
        verbose_name = _("提醒发送记录")
        verbose_name_plural = _("提醒发送记录")
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "occurrence"], name="oa_reminder_once_per_occurrence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reminder_id}@{self.occurrence:%Y-%m-%d %H:%M}"


class CalendarDelegation(models.Model):
    """A leader lets a secretary keep their calendar (create, change and delete events)."""

    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_delegations_given",
        verbose_name=_("领导"),
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_delegations",
        verbose_name=_("秘书"),
    )
    created_at = models.DateTimeField(_("授权时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("日程代管授权")
        verbose_name_plural = _("日程代管授权")
        constraints = [
            models.UniqueConstraint(fields=["leader", "secretary"], name="oa_cal_delegation_once")
        ]

    def __str__(self) -> str:
        return f"{self.leader} → {self.secretary}"


class CalendarFeed(models.Model):
    """The private token of a person's iCalendar subscription URL (rotated on request)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("人员"),
    )
    token = models.CharField(_("订阅令牌"), max_length=64, unique=True, default=new_feed_token)
    rotated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        verbose_name = _("日历订阅")
        verbose_name_plural = _("日历订阅")

    def __str__(self) -> str:
        return str(self.user)
