"""Persistent side of the case clock (see platform_core/clock.py for the arithmetic)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PauseReason(models.TextChoices):
    CORRECTION = "correction", _("等待申请人补正材料")
    THIRD_PARTY = "third_party", _("征求第三方意见")
    HEARING = "hearing", _("听证")
    EXPERT_REVIEW = "expert_review", _("专家评审")
    TESTING = "testing", _("检验检测")
    AWAITING_FEE = "awaiting_fee", _("等待缴费")
    OTHER = "other", _("其他特别程序")


class ClockPolicy(models.Model):
    """Status thresholds per process (what counts as "due soon")."""

    process = models.CharField(_("流程代码"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    due_soon_days = models.PositiveSmallIntegerField(_("剩余工作日预警"), default=1)
    due_soon_ratio = models.DecimalField(
        _("已用时限比例预警"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        default=0.8,
        help_text=_("如 0.80 表示已用时限达到 80% 时预警；留空不按比例预警。"),
    )

    class Meta:
        verbose_name = _("时限预警规则")
        verbose_name_plural = _("时限预警规则")

    def __str__(self) -> str:
        return self.name


class CaseClock(models.Model):
    """The time limit of one case or task, in working days."""

    process = models.CharField(_("流程代码"), max_length=64, db_index=True)
    subject = models.CharField(_("事项"), max_length=200, blank=True)
    start_date = models.DateField(_("起算日期"))
    limit_days = models.PositiveSmallIntegerField(_("时限（工作日）"))
    finished_on = models.DateField(_("办结日期"), null=True, blank=True)
    # Denormalised from the rows below under a row lock, for list filters and the overdue scan.
    due_date = models.DateField(_("到期日期"), null=True, blank=True, db_index=True)
    is_paused = models.BooleanField(_("暂停中"), default=False)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("创建时间"))

    class Meta:
        verbose_name = _("办理时限")
        verbose_name_plural = _("办理时限")
        indexes = [
            models.Index(
                fields=["due_date"], condition=Q(finished_on__isnull=True), name="clock_open_due"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject or self.process} · {self.limit_days} 个工作日"


class ClockPause(models.Model):
    clock = models.ForeignKey(
        CaseClock, on_delete=models.CASCADE, related_name="pauses", verbose_name=_("办理时限")
    )
    reason = models.CharField(_("暂停原因"), max_length=32, choices=PauseReason.choices)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    start_date = models.DateField(_("暂停日期"))
    end_date = models.DateField(_("恢复日期"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("记录时间"))

    class Meta:
        verbose_name = _("时限暂停")
        verbose_name_plural = verbose_name
        ordering = ["start_date", "id"]
        constraints = [
            # At most one open pause per clock.
            models.UniqueConstraint(
                fields=["clock"], condition=Q(end_date__isnull=True), name="one_open_pause"
            ),
            models.CheckConstraint(
                name="pause_ends_after_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.start_date}–{self.end_date or ''}"


class ClockExtension(models.Model):
    clock = models.ForeignKey(
        CaseClock, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("办理时限")
    )
    days = models.PositiveSmallIntegerField(_("延长工作日"))
    reason = models.CharField(_("延期理由"), max_length=500)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("批准人"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("记录时间"))

    class Meta:
        verbose_name = _("时限延长")
        verbose_name_plural = verbose_name
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(name="extension_positive", condition=Q(days__gt=0))]

    def __str__(self) -> str:
        return f"+{self.days}"
