"""督办 (supervision items) and 归档 (archiving by item, DA/T 22-2015)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..constants import Retention, SupervisionSource, SupervisionStatus


class SupervisionItem(models.Model):
    """A supervision item: what must be done, by which lead unit (with co-units), by when."""

    title = models.CharField(_("督办事项"), max_length=200)
    requirement = models.TextField(_("督办要求"), blank=True)
    source_kind = models.CharField(_("来源"), max_length=16, choices=SupervisionSource.choices)
    source_id = models.PositiveBigIntegerField(_("来源编号"))
    source_title = models.CharField(_("来源名称"), max_length=300, blank=True)
    source_link = models.CharField(_("来源链接"), max_length=300, blank=True)
    lead_unit = models.ForeignKey(
        "platform_core.OrgUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("牵头单位"),
    )
    co_units = models.ManyToManyField(
        "platform_core.OrgUnit", blank=True, related_name="+", verbose_name=_("协办单位")
    )
    due_date = models.DateField(_("办结期限"))
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=SupervisionStatus.choices,
        default=SupervisionStatus.OPEN,
        db_index=True,
    )
    clock = models.OneToOneField(
        "platform_core.CaseClock",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办理时限"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("立项人"),
    )
    created_at = models.DateTimeField(_("立项时间"), default=timezone.now)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["lead_unit", "status"], name="oa_sv_unit_status")]
        constraints = [
            # One item per source: an action item or instruction is supervised once.
            models.UniqueConstraint(fields=["source_kind", "source_id"], name="oa_sv_source_once")
        ]

    def __str__(self) -> str:
        return self.title


class SupervisionMilestone(models.Model):
    """阶段性节点: a step of the item with its own due date (reminded like the item)."""

    item = models.ForeignKey(
        SupervisionItem,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("督办事项"),
    )
    title = models.CharField(_("节点"), max_length=200)
    due_date = models.DateField(_("节点期限"))
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("督办节点")
        verbose_name_plural = _("督办节点")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class SupervisionEvent(models.Model):
    """The item's whole history, appended: 立项, 反馈, 办结申请与审核, 退回, 催办, 归档."""

    class Action(models.TextChoices):
        CREATE = "create", _("立项")
        PROGRESS = "progress", _("反馈进展")
        SUBMIT = "submit", _("申请办结")
        CLOSE = "close", _("审核办结")
        RETURN = "return", _("退回重办")
        REMIND = "remind", _("催办")
        ESCALATE = "escalate", _("升级催办")
        ARCHIVE = "archive", _("归档")

    item = models.ForeignKey(
        SupervisionItem, on_delete=models.CASCADE, related_name="events", verbose_name=_("督办事项")
    )
    action = models.CharField(_("操作"), max_length=16, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    unit = models.ForeignKey(
        "platform_core.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("单位"),
    )
    text = models.TextField(_("内容"), blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id} · {self.get_action_display()}"


def progress_file_path(instance, filename: str) -> str:
    return f"oa/supervision/{instance.event.item_id}/{filename}"


class SupervisionAttachment(models.Model):
    """An attachment of a progress report (through the platform's upload validation)."""

    event = models.ForeignKey(
        SupervisionEvent,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("督办记录"),
    )
    file = models.FileField(upload_to=progress_file_path, max_length=300, verbose_name=_("文件"))
    original_name = models.CharField(_("附件名称"), max_length=200)
    size = models.PositiveIntegerField(default=0, verbose_name=_("文件大小"))

    class Meta:
        verbose_name = _("反馈附件")
        verbose_name_plural = _("反馈附件")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class SupervisionReminder(models.Model):
    """The sent marker of one reminder point (an offset in working days from a due date) of the
    item or one of its milestones: written in the same transaction as the outbox messages, the
    unique constraint makes a second scanner's insert fail, so each point is sent once."""

    item = models.ForeignKey(
        SupervisionItem,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("督办事项"),
    )
    # "" for the item's own due date, else "m<milestone id>".
    target = models.CharField(_("提醒对象"), max_length=24, blank=True)
    offset = models.SmallIntegerField(_("相对期限（工作日）"))
    due_date = models.DateField(_("期限"))
    fire_on = models.DateField(_("提醒日期"))
    escalated = models.BooleanField(_("已升级"), default=False)
    sent_at = models.DateTimeField(_("发送时间"), default=timezone.now)

    class Meta:
        verbose_name = _("催办记录")
        verbose_name_plural = _("催办记录")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "target", "due_date", "offset"], name="oa_sv_remind_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.target}:{self.offset}"


class ArchiveCounter(models.Model):
    """The last 件号 per 全宗/year/retention/organisation; locked while a number is assigned."""

    fonds = models.CharField(_("全宗号"), max_length=16)
    year = models.PositiveSmallIntegerField(_("年度"))
    retention = models.CharField(_("保管期限"), max_length=4, choices=Retention.choices)
    org_code = models.CharField(_("机构（问题）代码"), max_length=32)
    last = models.PositiveIntegerField(_("最后件号"), default=0)

    class Meta:
        verbose_name = _("件号计数")
        verbose_name_plural = _("件号计数")
        constraints = [
            models.UniqueConstraint(
                fields=["fonds", "year", "retention", "org_code"], name="oa_archive_counter_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fonds}-{self.year}-{self.retention}-{self.org_code}: {self.last}"


class ArchiveRecord(models.Model):
    """One archived item (件, DA/T 22-2015): a concluded document or a closed supervision item."""

    fonds = models.CharField(_("全宗号"), max_length=16)
    year = models.PositiveSmallIntegerField(_("年度"))
    retention = models.CharField(_("保管期限"), max_length=4, choices=Retention.choices)
    org_code = models.CharField(_("机构（问题）代码"), max_length=32)
    piece = models.PositiveIntegerField(_("件号"))
    archival_code = models.CharField(_("档号"), max_length=80, unique=True)
    title = models.CharField(_("题名"), max_length=300)
    responsible = models.CharField(_("责任者"), max_length=100, blank=True)
    doc_number = models.CharField(_("文号"), max_length=64, blank=True)
    doc_date = models.DateField(_("日期"), null=True, blank=True)
    unit = models.ForeignKey(
        "platform_core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位")
    )
    document = models.OneToOneField(
        "oa.OutgoingDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="archive",
        verbose_name=_("公文"),
    )
    supervision = models.OneToOneField(
        SupervisionItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="archive",
        verbose_name=_("督办事项"),
    )
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("归档人"),
    )
    archived_at = models.DateTimeField(_("归档时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("归档文件")
        verbose_name_plural = _("归档文件")
        # Who archives: the units' archivists (a role's permission; see selectors.supervision).
        permissions = [("archive_record", _("归档公文和督办事项"))]
        ordering = ["fonds", "year", "retention", "org_code", "piece"]
        constraints = [
            # 件号 unique within its 全宗/year/retention/organisation; assigned under the counter's
            # row lock in the archiving transaction, so no gap either.
            models.UniqueConstraint(
                fields=["fonds", "year", "retention", "org_code", "piece"],
                name="oa_archive_piece_once",
            ),
            models.CheckConstraint(condition=Q(piece__gte=1), name="oa_archive_piece_positive"),
            models.CheckConstraint(
                condition=Q(document__isnull=False, supervision__isnull=True)
                | Q(document__isnull=True, supervision__isnull=False),
                name="oa_archive_one_source",
            ),
        ]

    def __str__(self) -> str:
        return self.archival_code
