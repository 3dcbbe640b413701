"""Incoming documents (收文): registration, proposal (拟办), instruction (批示), handling units
(承办) on the case clock, conclusion (办结), and circulation (传阅) with read receipts."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platform_core.models import CaseClock, OrgUnit

from ..constants import Secrecy, Urgency
from .documents import Dispatch


class IncomingSource(models.TextChoices):
    EXCHANGE = "exchange", _("系统内交换")
    BARCODE = "barcode", _("扫描条码")
    MANUAL = "manual", _("手工登记")


class IncomingStatus(models.TextChoices):
    REGISTERED = "registered", _("待拟办")
    PROPOSED = "proposed", _("待批示")
    HANDLING = "handling", _("承办中")
    CONCLUDED = "concluded", _("已办结")


class IncomingDocument(models.Model):
    """One incoming document in a unit's 收文 register."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("收文单位")
    )
    source = models.CharField(
        _("登记方式"), max_length=16, choices=IncomingSource.choices, default=IncomingSource.MANUAL
    )
    dispatch = models.OneToOneField(
        Dispatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incoming",
        verbose_name=_("系统内来文"),
    )
    sender = models.CharField(_("来文单位"), max_length=100)
    number = models.CharField(_("文号"), max_length=64, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    secrecy = models.CharField(
        _("密级"), max_length=16, choices=Secrecy.choices, default=Secrecy.NONE, blank=True
    )
    urgency = models.CharField(
        _("紧急程度"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL, blank=True
    )
    received_on = models.DateField(_("收文日期"), default=timezone.localdate)
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=IncomingStatus.choices, default=IncomingStatus.REGISTERED
    )
    proposal = models.TextField(_("拟办意见"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("拟办人"),
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("批示领导"),
    )
    instruction = models.TextField(_("批示意见"), blank=True)
    instructed_at = models.DateTimeField(_("批示时间"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办结人"),
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("收文")
        verbose_name_plural = _("收文")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status"], name="oa_incoming_unit_status"),
            models.Index(fields=["leader", "status"], name="oa_incoming_leader_status"),
        ]

    def __str__(self) -> str:
        return self.title


def incoming_attachment_path(instance, filename: str) -> str:
    return f"oa/incoming/{instance.document_id}/{filename}"


class IncomingAttachment(models.Model):
    """A file of an incoming document: its scan or attachment, or (with `handling`) material a
    handling unit attached to its report (办理情况)."""

    document = models.ForeignKey(
        IncomingDocument,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("收文"),
    )
    handling = models.ForeignKey(
        "Handling",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("承办"),
    )
    file = models.FileField(
        upload_to=incoming_attachment_path, max_length=300, verbose_name=_("文件")
    )
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
        verbose_name = _("收文附件")
        verbose_name_plural = _("收文附件")
        ordering = ["document", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Handling(models.Model):
    """承办: one handling unit named by the leader's instruction, with its deadline."""

    document = models.ForeignKey(
        IncomingDocument, on_delete=models.CASCADE, related_name="handlings", verbose_name=_("收文")
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("承办单位")
    )
    clock = models.OneToOneField(
        CaseClock,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办理时限"),
    )
    report = models.TextField(_("办理情况"), blank=True)
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办结人"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("承办")
        verbose_name_plural = _("承办")
        ordering = ["document", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "unit"], name="oa_handling_unique"),
        ]
        indexes = [models.Index(fields=["unit", "concluded_at"], name="oa_handling_unit_open")]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.unit_id}"


class CirculationMode(models.TextChoices):
    SEQUENTIAL = "sequential", _("依次传阅")
    PARALLEL = "parallel", _("同时传阅")


class Circulation(models.Model):
    """传阅: the document sent to people to read, in order or all at once."""

    document = models.ForeignKey(
        IncomingDocument,
        on_delete=models.CASCADE,
        related_name="circulations",
        verbose_name=_("收文"),
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("传阅人"),
    )
    mode = models.CharField(_("传阅方式"), max_length=16, choices=CirculationMode.choices)
    note = models.CharField(_("传阅说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("发起时间"), default=timezone.now)
    recalled_at = models.DateTimeField(_("收回时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("传阅")
        verbose_name_plural = _("传阅")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.document_id}（{self.get_mode_display()}）"


class CirculationReader(models.Model):
    """One reader of a circulation: whose turn it is (sent_at), the read receipt and comment."""

    circulation = models.ForeignKey(
        Circulation, on_delete=models.CASCADE, related_name="readers", verbose_name=_("传阅")
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("阅文人"),
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    sent_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    comment = models.CharField(_("阅文意见"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("阅文人")
        verbose_name_plural = _("阅文人")
        ordering = ["circulation", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["circulation", "reader"], name="oa_circ_reader_unique"),
        ]
        indexes = [models.Index(fields=["reader", "read_at"], name="oa_circ_reader_open")]

    def __str__(self) -> str:
        return f"{self.circulation_id} → {self.reader_id}"
