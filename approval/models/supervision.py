"""E-supervision (电子监察) rules and cards, API clients of other systems, the provincial outbox.

Imported by `approval/models/__init__.py`, so Django registers these models with the app.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platform_core.models import OrgUnit


class CardColor(models.TextChoices):
    YELLOW = "yellow", _("黄牌")
    RED = "red", _("红牌")


class RuleKind(models.TextChoices):
    TIME_USED = "time_used", _("已用时限达到比例")
    DAYS_LEFT = "days_left", _("剩余工作日不足")
    OVERDUE = "overdue", _("超期未办结")
    DEEMED_ACCEPT = "deemed_accept", _("5个工作日内未作受理决定")
    REJECT_NO_REASON = "reject_no_reason", _("不予受理未说明理由")
    DECISION_SKIPPED_STEP = "decision_no_step", _("作出决定缺少必经环节")
    FEE_NOT_LISTED = "fee_not_listed", _("收取事项未公布的费用")


# Yellow cards warn before the promise is broken; red cards record that a rule was broken.
RULE_COLORS = {
    RuleKind.TIME_USED: CardColor.YELLOW,
    RuleKind.DAYS_LEFT: CardColor.YELLOW,
    RuleKind.OVERDUE: CardColor.RED,
    RuleKind.DEEMED_ACCEPT: CardColor.RED,
    RuleKind.REJECT_NO_REASON: CardColor.RED,
    RuleKind.DECISION_SKIPPED_STEP: CardColor.RED,
    RuleKind.FEE_NOT_LISTED: CardColor.RED,
}


class SupervisionRule(models.Model):
    """One configurable rule; the supervisor switches it on or off and sets its threshold."""

    kind = models.CharField(_("规则"), max_length=32, choices=RuleKind.choices, unique=True)
    color = models.CharField(_("牌色"), max_length=8, choices=CardColor.choices)
    active = models.BooleanField(_("启用"), default=True)
    threshold_percent = models.PositiveSmallIntegerField(
        _("用时比例（%）"), null=True, blank=True, help_text=_("已用承诺时限达到该比例时亮牌。")
    )
    threshold_days = models.PositiveSmallIntegerField(
        _("剩余工作日"), null=True, blank=True, help_text=_("剩余工作日不超过该数时亮牌。")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("修改人"),
    )
    updated_at = models.DateTimeField(_("修改时间"), default=timezone.now)

    class Meta:
        verbose_name = _("监察规则")
        verbose_name_plural = _("监察规则")
        ordering = ["color", "kind"]
        constraints = [
            models.CheckConstraint(
                name="rule_percent_range",
                condition=Q(threshold_percent__isnull=True)
                | Q(threshold_percent__gte=1, threshold_percent__lte=100),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_color_display()} · {self.get_kind_display()}"


class SupervisionCard(models.Model):
    """A yellow or red card on one case for one rule: fired once, cleared with an explanation."""

    application = models.ForeignKey(
        "approval.Application",
        on_delete=models.PROTECT,
        related_name="cards",
        verbose_name=_("申请"),
    )
    rule = models.ForeignKey(
        SupervisionRule, on_delete=models.PROTECT, related_name="cards", verbose_name=_("规则")
    )
    # Copied from rule and application: the dashboard counts cards by colour and department.
    color = models.CharField(_("牌色"), max_length=8, choices=CardColor.choices)
    department = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("实施部门")
    )
    reason = models.CharField(_("亮牌原因"), max_length=500)
    fired_at = models.DateTimeField(_("亮牌时间"), default=timezone.now)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("处理人"),
    )
    cleared_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    explanation = models.TextField(_("处理说明"), blank=True)

    class Meta:
        verbose_name = _("监察亮牌")
        verbose_name_plural = _("监察亮牌")
        ordering = ["-fired_at", "-id"]
        constraints = [
            # The periodic scan may run twice or concurrently: one card per case and rule, ever.
            models.UniqueConstraint(fields=["application", "rule"], name="one_card_per_rule"),
            models.CheckConstraint(
                name="card_cleared_with_explanation",
                condition=Q(cleared_at__isnull=True)
                | (Q(cleared_by__isnull=False) & ~Q(explanation="")),
            ),
        ]
        indexes = [
            models.Index(fields=["department", "color", "cleared_at"]),
            models.Index(fields=["fired_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_color_display()} {self.application_id} {self.rule.kind}"

    @property
    def owner_unit(self) -> OrgUnit:
        return self.department


class ApiClient(models.Model):
    """Another government system calling the REST API; only the token's SHA-256 is stored."""

    name = models.CharField(_("系统名称"), max_length=200)
    token_prefix = models.CharField(_("令牌前缀"), max_length=8)
    token_hash = models.CharField(max_length=64, unique=True, verbose_name=_("令牌哈希"))
    scopes = models.JSONField(_("授权范围"), default=list, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    last_used_at = models.DateTimeField(_("最近调用"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口调用系统")
        verbose_name_plural = _("接口调用系统")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.token_prefix}…）"


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("待推送")
    SENT = "sent", _("已推送")
    FAILED = "failed", _("推送失败")


class ExportEvent(models.Model):
    """Outbox row for one case event to push to the provincial e-supervision system.

    Written in the transaction that appends the event, so an event exists iff its row does. `seq`
    numbers the events of one case (1, 2, …); the pusher never sends seq n+1 before n was sent.
    """

    event = models.OneToOneField(
        "approval.ApplicationEvent",
        on_delete=models.PROTECT,
        related_name="export",
        verbose_name=_("推送事件"),
    )
    application = models.ForeignKey(
        "approval.Application",
        on_delete=models.PROTECT,
        related_name="exports",
        verbose_name=_("申请"),
    )
    seq = models.PositiveIntegerField(_("序号"))
    payload = models.JSONField(_("推送内容"))
    status = models.CharField(
        _("状态"), max_length=8, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), default=timezone.now)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("推送时间"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("创建时间"))

    class Meta:
        verbose_name = _("省级推送")
        verbose_name_plural = _("省级推送")
        ordering = ["application_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["application", "seq"], name="export_seq_per_case")
        ]
        indexes = [
            # The pusher's scan: unsent rows by due time.
            models.Index(
                fields=["next_attempt_at"],
                condition=~Q(status="sent"),
                name="export_unsent_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id}#{self.seq} {self.get_status_display()}"
