"""值班管理: a unit's roster for a period, its shifts (working days, weekends, public holidays and
make-up working days from the platform calendar), swaps approved by the unit head, phone records
(电话记录单) and duty reports (报告单) written on a shift, and the handover to the next shift."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ShiftKind(models.TextChoices):
    DAY = "day", _("白班")
    NIGHT = "night", _("夜班")


class DayKind(models.TextChoices):
    WORKDAY = "workday", _("工作日")
    WEEKEND = "weekend", _("休息日")
    HOLIDAY = "holiday", _("法定节假日")
    MAKEUP = "makeup", _("调休上班")


class SwapStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REJECTED = "rejected", _("未同意")


class RecordKind(models.TextChoices):
    PHONE = "phone", _("电话记录单")
    REPORT = "report", _("值班报告单")


class DutyRoster(models.Model):
    unit = models.ForeignKey(
        "platform_core.OrgUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("单位")
    )
    title = models.CharField(_("名称"), max_length=100)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    phone = models.CharField(_("值班电话"), max_length=20)
    is_public = models.BooleanField(
        _("在门户公布值班电话"), default=False, help_text=_("全县值班电话，在门户网站首页公布。")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("编排人"),
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("值班表")
        verbose_name_plural = _("值班表")
        ordering = ["-start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="oa_roster_period"
            )
        ]

    def __str__(self) -> str:
        return self.title


class DutyShift(models.Model):
    roster = models.ForeignKey(
        DutyRoster, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("值班表")
    )
    date = models.DateField(_("日期"))
    kind = models.CharField(_("班次"), max_length=8, choices=ShiftKind.choices)
    day_kind = models.CharField(_("日期类型"), max_length=16, choices=DayKind.choices)
    holiday_name = models.CharField(_("节日"), max_length=20, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("值班人"),
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("带班领导"),
    )
    handover_note = models.TextField(_("交班记录"), blank=True)
    handed_over_at = models.DateTimeField(_("交班时间"), null=True, blank=True)
    taken_over_at = models.DateTimeField(_("接班时间"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("班次")
        verbose_name_plural = _("班次")
        ordering = ["date", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["roster", "date", "kind"], name="oa_shift_once")
        ]
        indexes = [models.Index(fields=["date", "kind"], name="oa_shift_by_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class ShiftSwap(models.Model):
    shift = models.ForeignKey(
        DutyShift, on_delete=models.CASCADE, related_name="swaps", verbose_name=_("班次")
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("申请人"),
    )
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("替班人"),
    )
    reason = models.CharField(_("理由"), max_length=300)
    status = models.CharField(
        _("状态"), max_length=16, choices=SwapStatus.choices, default=SwapStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审批人"),
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("换班申请")
        verbose_name_plural = _("换班申请")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.shift} → {self.substitute_id}"


class DutyRecordTemplate(models.Model):
    kind = models.CharField(_("类型"), max_length=16, choices=RecordKind.choices)
    name = models.CharField(_("模板名称"), max_length=60)
    body = models.TextField(_("模板内容"))

    class Meta:
        verbose_name = _("值班记录模板")
        verbose_name_plural = _("值班记录模板")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.name


class DutyRecord(models.Model):
    shift = models.ForeignKey(
        DutyShift, on_delete=models.CASCADE, related_name="records", verbose_name=_("班次")
    )
    kind = models.CharField(_("类型"), max_length=16, choices=RecordKind.choices)
    title = models.CharField(_("事由"), max_length=200)
    caller = models.CharField(_("来电人/报告对象"), max_length=100, blank=True)
    caller_phone = models.CharField(_("来电号码"), max_length=20, blank=True)
    content = models.TextField(_("内容"))
    handling = models.TextField(_("处理情况"), blank=True)
    is_closed = models.BooleanField(_("已办结"), default=False)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办结人"),
    )
    # The shift during which it was closed (a later one, when a record was handed over).
    closed_in = models.ForeignKey(
        DutyShift,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="closed_records",
        verbose_name=_("办结班次"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("记录人"),
    )
    created_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("值班记录")
        verbose_name_plural = _("值班记录")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title
