"""短信收发: templates, two-way threads and their messages, and the webhook's replay guard.

An outgoing message is sent through the platform outbox (a `Notification` row of channel SMS):
the gateway sees it as ``egov-<notification id>``, which is how its delivery report finds it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SmsStatus(models.TextChoices):
    QUEUED = "queued", _("排队")
    SENT = "sent", _("已发送")
    DELIVERED = "delivered", _("已送达")
    FAILED = "failed", _("失败")
    RECEIVED = "received", _("已接收")


class SmsDirection(models.TextChoices):
    OUT = "out", _("发出")
    IN = "in", _("收到")


class SenderKind(models.TextChoices):
    STAFF = "staff", _("工作人员")
    CITIZEN = "citizen", _("群众")
    UNKNOWN = "unknown", _("未知号码")


class SmsTemplate(models.Model):
    name = models.CharField(_("模板名称"), max_length=60)
    body = models.TextField(_("模板内容"), max_length=500)
    unit = models.ForeignKey(
        "platform_core.OrgUnit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所属单位"),
        help_text=_("为空时全县通用。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("短信模板")
        verbose_name_plural = _("短信模板")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class SmsThread(models.Model):
    """A two-way conversation between a staff member and one mobile number."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("发起人"),
    )
    mobile = models.CharField(_("对方号码"), max_length=11)
    counterpart = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("对方"),
    )
    counterpart_kind = models.CharField(
        _("对方类型"), max_length=16, choices=SenderKind.choices, default=SenderKind.UNKNOWN
    )
    last_at = models.DateTimeField(_("最后消息时间"), default=timezone.now)
    unread = models.PositiveIntegerField(_("未读回复数"), default=0)

    class Meta:
        verbose_name = _("短信会话")
        verbose_name_plural = _("短信会话")
        ordering = ["-last_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "mobile"], name="oa_sms_thread_per_number")
        ]
        indexes = [models.Index(fields=["owner", "-last_at"], name="oa_sms_thread_recent")]

    def __str__(self) -> str:
        return self.mobile


class SmsMessage(models.Model):
    thread = models.ForeignKey(
        SmsThread, on_delete=models.CASCADE, related_name="messages", verbose_name=_("会话")
    )
    direction = models.CharField(_("方向"), max_length=8, choices=SmsDirection.choices)
    mobile = models.CharField(_("号码"), max_length=11)
    body = models.TextField(_("内容"), max_length=1000)
    status = models.CharField(
        _("状态"), max_length=16, choices=SmsStatus.choices, default=SmsStatus.QUEUED
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发送人"),
    )
    sender_kind = models.CharField(
        _("发送方类型"), max_length=16, choices=SenderKind.choices, blank=True
    )
    notification = models.OneToOneField(
        "platform_core.Notification",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发件箱消息"),
    )
    in_reply_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("回复的短信"),
    )
    context_kind = models.CharField(
        _("业务类型"), max_length=40, blank=True, help_text=_("如会议通知：回复短信交给它处理。")
    )
    context_id = models.PositiveBigIntegerField(_("业务编号"), null=True, blank=True)
    gateway_id = models.CharField(
        _("网关消息编号"), max_length=64, null=True, blank=True, unique=True
    )
    attempts = models.PositiveSmallIntegerField(_("发送次数"), default=1)
    error = models.CharField(_("失败原因"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    handled_as = models.CharField(_("处理结果"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("短信")
        verbose_name_plural = _("短信")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["mobile", "direction", "-created_at"], name="oa_sms_by_number"),
        ]

    def __str__(self) -> str:
        return f"{self.mobile}: {self.body[:20]}"


class WebhookNonce(models.Model):
    """Every nonce the webhook accepted within the replay window: a second use is refused."""

    nonce = models.CharField(_("随机串"), max_length=64, unique=True)
    received_at = models.DateTimeField(_("接收时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("回调随机串")
        verbose_name_plural = _("回调随机串")

    def __str__(self) -> str:
        return self.nonce
