"""After acceptance: the licensing decision (with its delivery and conclusion) and the rating.

Imported by `approval/models/__init__.py`, so Django registers these models with the app.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platform_core.models import RouteProcess


class DecisionOutcome(models.TextChoices):
    GRANT = "grant", _("准予行政许可")
    REFUSE = "refuse", _("不予行政许可")


class DeliveryMethod(models.TextChoices):
    # 行政许可法 第四十四条 and 民事诉讼法's service rules name these ways of 送达.
    COUNTER = "counter", _("窗口领取")
    POST = "post", _("邮寄送达")
    ELECTRONIC = "electronic", _("电子送达")
    IN_PERSON = "in_person", _("直接送达")


class Decision(models.Model):
    """The decision on one application, its delivery (送达) and conclusion (办结)."""

    application = models.OneToOneField(
        "approval.Application",
        on_delete=models.PROTECT,
        related_name="decision",
        verbose_name=_("申请"),
    )
    outcome = models.CharField(_("决定"), max_length=8, choices=DecisionOutcome.choices)
    notice = models.OneToOneField(
        "approval.Notice", on_delete=models.PROTECT, related_name="+", verbose_name=_("决定书")
    )
    reasons = models.TextField(_("理由"), blank=True)
    valid_until = models.DateField(_("许可有效期至"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("决定人"),
    )
    decided_at = models.DateTimeField(_("决定时间"), default=timezone.now)
    delivery_method = models.CharField(
        _("送达方式"), max_length=16, choices=DeliveryMethod.choices, blank=True
    )
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("送达人"),
    )
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("许可决定")
        verbose_name_plural = _("许可决定")
        constraints = [
            # A refusal must say why (行政许可法 第三十八条第二款).
            models.CheckConstraint(
                name="decision_refusal_has_reasons",
                condition=Q(outcome="grant") | ~Q(reasons=""),
            ),
            models.CheckConstraint(
                name="decision_delivery_complete",
                condition=Q(delivered_on__isnull=True)
                | (~Q(delivery_method="") & Q(delivered_by__isnull=False)),
            ),
            # 办结 comes after 送达.
            models.CheckConstraint(
                name="decision_concluded_after_delivery",
                condition=Q(concluded_on__isnull=True) | Q(delivered_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.notice.number}"


class Rating(models.Model):
    """政务服务“好差评”: one rating per concluded application, by its online applicant."""

    application = models.OneToOneField(
        "approval.Application",
        on_delete=models.PROTECT,
        related_name="rating",
        verbose_name=_("申请"),
    )
    score = models.PositiveSmallIntegerField(_("评价等级"))
    comment = models.TextField(_("评价内容"), blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("评价人"),
    )
    created_at = models.DateTimeField(_("评价时间"), default=timezone.now)
    follow_up = models.ForeignKey(
        RouteProcess,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("差评整改"),
    )

    class Meta:
        verbose_name = _("服务评价")
        verbose_name_plural = _("服务评价")
        constraints = [
            models.CheckConstraint(
                name="rating_score_1_to_5", condition=Q(score__gte=1, score__lte=5)
            )
        ]
        indexes = [models.Index(fields=["score", "created_at"])]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.score}"

    @property
    def is_bad(self) -> bool:
        return self.score <= 2
