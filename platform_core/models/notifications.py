from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..constants import Channel, OutboxStatus


class Notification(models.Model):
    """One message in the outbox: in-app, SMS or e-mail.

    Written in the same transaction as the business change that causes it, then sent by a
    Celery task that can run twice without sending twice (see `services.notification_send`).
    """

    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("接收人"),
    )
    address = models.CharField(_("手机号/邮箱"), max_length=254, blank=True)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    link = models.CharField(_("链接"), max_length=300, blank=True)
    dedupe_key = models.CharField(
        _("去重键"),
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text=_("同一业务事件只生成一条消息。"),
    )
    redact_after_send = models.BooleanField(
        _("发送后隐去内容"), default=False, help_text=_("如验证码：发送后不再保存明文。")
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    last_error = models.TextField(_("最后错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("下次发送时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The drain job's scan: pending rows that are due.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="outbox_pending_due",
            ),
            # The unread badge and the in-app list.
            models.Index(fields=["recipient", "channel", "read_at"], name="inbox_unread"),
        ]
        constraints = [
            models.CheckConstraint(
                name="notification_has_destination",
                condition=Q(recipient__isnull=False) | ~Q(address=""),
            ),
        ]
        permissions = [("resend_notification", _("可重发失败消息"))]

    def __str__(self) -> str:
        return f"[{self.get_channel_display()}] {self.subject}"


class NotificationAttachment(models.Model):
    """A file an e-mail in the outbox carries. The bytes are not copied: the row names a file the
    calling app already keeps in Django's storage, read when the message is sent."""

    notification = models.ForeignKey(
        Notification,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("消息"),
    )
    name = models.CharField(_("附件名称"), max_length=200)
    storage_name = models.CharField(_("存储位置"), max_length=300)
    content_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("文件大小"), default=0)

    class Meta:
        verbose_name = _("消息附件")
        verbose_name_plural = _("消息附件")
        ordering = ["notification", "pk"]
        indexes = [models.Index(fields=["storage_name"], name="outbox_attachment_file")]

    def __str__(self) -> str:
        return self.name
