"""Internal mail (我的公务邮箱).

One `MailMessage` row holds the body of a message once, whatever the number of recipients; its
attachments point to content-addressed `MailFile` blobs (an identical file, or a forwarded one,
is stored once). Every person who has the message in a box has one `MailDelivery` row: the
sender's copy (sent or drafts) and one per recipient (to, cc or bcc), each with its own box,
folder and read state. The mailbox list reads only deliveries of one owner in one box, newest
first, from one index, so it stays as fast with 100,000 messages as with ten.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..constants import MailBox, MailRole, MailStatus


class MailFolder(models.Model):
    """A folder of one's own (自定义文件夹)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("所有人"),
    )
    name = models.CharField(_("文件夹名称"), max_length=40)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("邮件文件夹")
        verbose_name_plural = _("邮件文件夹")
        ordering = ["owner", "name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="oa_mailfolder_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


MAIL_FILES_PREFIX = "oa/mail/"


def mail_file_path(instance, filename: str) -> str:
    return f"{MAIL_FILES_PREFIX}{instance.sha256[:2]}/{instance.sha256}"


class MailFile(models.Model):
    """The bytes of an attachment, stored once per content (SHA-256)."""

    sha256 = models.CharField(_("内容摘要（SHA-256）"), max_length=64, unique=True)
    file = models.FileField(_("文件"), upload_to=mail_file_path, max_length=300)
    size = models.PositiveBigIntegerField(_("文件大小"))
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("邮件附件文件")
        verbose_name_plural = _("邮件附件文件")

    def __str__(self) -> str:
        return self.sha256[:12]


class MailMessage(models.Model):
    """A message: written once, read by everyone it was sent to."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("发件人"),
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=MailStatus.choices, default=MailStatus.DRAFT
    )
    subject = models.CharField(_("主题"), max_length=200)
    body = models.TextField(_("正文"), blank=True)
    # The addresses as written, normalised (姓名 <username>, 【单位】…, 【角色】…, e-mail).
    to_text = models.TextField(_("收件人"), blank=True)
    cc_text = models.TextField(_("抄送"), blank=True)
    bcc_text = models.TextField(_("密送"), blank=True)
    request_receipt = models.BooleanField(_("要求已读回执"), default=False)
    reply_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("回复的邮件"),
    )
    forward_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("转发的邮件"),
    )
    # Body plus attachments, in bytes: what every copy costs its owner's quota.
    size = models.PositiveBigIntegerField(_("大小"), default=0)
    attachment_count = models.PositiveSmallIntegerField(_("附件数"), default=0)
    external_count = models.PositiveSmallIntegerField(_("外部邮件数"), default=0)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["body"])

    class Meta:
        verbose_name = _("邮件")
        verbose_name_plural = _("邮件")

    def __str__(self) -> str:
        return self.subject


class MailAttachment(models.Model):
    message = models.ForeignKey(
        MailMessage, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("邮件")
    )
    blob = models.ForeignKey(
        MailFile, on_delete=models.PROTECT, related_name="+", verbose_name=_("文件")
    )
    name = models.CharField(_("附件名称"), max_length=200)

    class Meta:
        verbose_name = _("邮件附件")
        verbose_name_plural = _("邮件附件")
        ordering = ["message", "pk"]

    def __str__(self) -> str:
        return self.name


class MailDelivery(models.Model):
    """One person's copy of a message: which box or folder it is in, and whether it was read."""

    message = models.ForeignKey(
        MailMessage, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("邮件")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("所有人"),
    )
    role = models.CharField(_("身份"), max_length=8, choices=MailRole.choices)
    box = models.CharField(_("邮箱位置"), max_length=8, choices=MailBox.choices)
    folder = models.ForeignKey(
        MailFolder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("文件夹"),
    )
    # Where a deleted copy came from, to restore it there.
    box_before_trash = models.CharField(
        _("删除前位置"), max_length=8, choices=MailBox.choices, blank=True
    )
    # The message's send (or last save) time, copied here so one index serves the list.
    date = models.DateTimeField(_("时间"), default=timezone.now)
    is_read = models.BooleanField(_("已读"), default=False)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("邮件副本")
        verbose_name_plural = _("邮件副本")
        constraints = [
            models.UniqueConstraint(
                fields=["message", "owner", "role"], name="oa_maildelivery_unique"
            ),
            models.CheckConstraint(
                name="oa_maildelivery_folder_box",
                condition=Q(box=MailBox.FOLDER, folder__isnull=False)
                | (~Q(box=MailBox.FOLDER) & Q(folder__isnull=True)),
            ),
        ]
        indexes = [
            # The mailbox list: one owner's box (or folder), newest first, keyset pages.
            models.Index(fields=["owner", "box", "-date", "-id"], name="oa_mail_box_date"),
            models.Index(
                fields=["folder", "-date", "-id"],
                condition=Q(folder__isnull=False),
                name="oa_mail_folder_date",
            ),
            # The unread badge: a count over unread inbox copies only.
            models.Index(
                fields=["owner"],
                condition=Q(box=MailBox.INBOX, is_read=False),
                name="oa_mail_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner_id} · {self.message_id}"


class MailQuota(models.Model):
    """Space used by one person's mailbox (a counter kept by the mail services)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("人员"),
    )
    used_bytes = models.BigIntegerField(_("已用空间"), default=0)
    limit_bytes = models.BigIntegerField(
        _("空间上限"), null=True, blank=True, help_text=_("留空则使用系统默认值。")
    )

    history = HistoricalRecords(excluded_fields=["used_bytes"])

    class Meta:
        verbose_name = _("邮箱空间")
        verbose_name_plural = _("邮箱空间")

    def __str__(self) -> str:
        return str(self.user_id)

    @property
    def limit(self) -> int:
        return self.limit_bytes or settings.OA_MAIL_QUOTA_BYTES
