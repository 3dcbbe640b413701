"""意见征集: a department publishes a draft policy for comment, the public comments on the whole
draft or on one article, comments are moderated before display, and after closing the
department publishes how many comments it received, which it adopted and why (采纳情况)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platform_core.models import CaseClock, OrgUnit

from ..constants import Adoption, OpinionStatus, SolicitationStatus


class Solicitation(models.Model):
    title = models.CharField(_("征集标题"), max_length=200)
    department = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("征集单位")
    )
    explanation = models.TextField(_("起草说明"))
    draft_text = models.TextField(
        _("征求意见稿正文"),
        help_text=_("按“第一条”“第二条”……分条，或以空行分段；发布时逐条拆分供公众对条提意见。"),
    )
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    short_reason = models.CharField(_("征集期少于30日的理由"), max_length=300, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=SolicitationStatus.choices,
        default=SolicitationStatus.DRAFT,
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发布人"),
    )
    # Two deadlines on the platform's case clock, both under e-supervision (services/solicitations):
    # every comment moderated within OPINION_MODERATION_DAYS working days of closing, and the
    # adoption report published within REPORT_DAYS working days of closing.
    comment_clock = models.OneToOneField(
        CaseClock,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("意见审核时限"),
    )
    report_clock = models.OneToOneField(
        CaseClock,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("采纳情况公布时限"),
    )
    report = models.TextField(_("意见采纳情况说明"), blank=True)
    reported_at = models.DateTimeField(_("采纳情况公布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("起草人"),
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    history = HistoricalRecords(
        verbose_name=_("意见征集历史"), verbose_name_plural=_("意见征集历史")
    )

    class Meta:
        verbose_name = _("意见征集")
        verbose_name_plural = _("意见征集")
        ordering = ["-opens_on", "-pk"]
        indexes = [models.Index(fields=["status", "opens_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_unit(self) -> OrgUnit:
        return self.department

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == SolicitationStatus.PUBLISHED and self.opens_on <= today <= self.closes_on
        )

    def phase(self, today=None) -> str:
        """What a reader is told: 草稿, 未开始, 征集中, 已截止 or 已公布采纳情况."""
        today = today or timezone.localdate()
        if self.status == SolicitationStatus.DRAFT:
            return str(_("草稿"))
        if self.status == SolicitationStatus.REPORTED:
            return str(_("已公布采纳情况"))
        if today < self.opens_on:
            return str(_("未开始"))
        return str(_("征集中")) if today <= self.closes_on else str(_("已截止"))


class SolicitationArticle(models.Model):
    """One article (条) or paragraph of the draft, split when it is published."""

    solicitation = models.ForeignKey(
        Solicitation, on_delete=models.CASCADE, related_name="articles", verbose_name=_("意见征集")
    )
    position = models.PositiveSmallIntegerField(_("顺序"))
    heading = models.CharField(_("条目"), max_length=30)
    text = models.TextField(_("内容"))

    class Meta:
        verbose_name = _("征求意见稿条目")
        verbose_name_plural = _("征求意见稿条目")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["solicitation", "position"], name="article_position")
        ]

    def __str__(self) -> str:
        return self.heading


class Opinion(models.Model):
    solicitation = models.ForeignKey(
        Solicitation, on_delete=models.CASCADE, related_name="opinions", verbose_name=_("意见征集")
    )
    article = models.ForeignKey(
        SolicitationArticle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name=_("针对条目"),
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("提出人账号"),
    )
    name = models.CharField(_("提出人"), max_length=50)
    body = models.TextField(_("意见内容"))
    created_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    status = models.CharField(
        _("审核状态"), max_length=10, choices=OpinionStatus.choices, default=OpinionStatus.PENDING
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    moderated_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reject_reason = models.CharField(_("不予公开理由"), max_length=200, blank=True)
    adoption = models.CharField(
        _("采纳情况"),
        max_length=8,
        choices=Adoption.choices,
        default=Adoption.UNDECIDED,
        blank=True,
    )
    adoption_note = models.CharField(_("采纳或不采纳的理由"), max_length=500, blank=True)
    history = HistoricalRecords(verbose_name=_("意见历史"), verbose_name_plural=_("意见历史"))

    class Meta:
        verbose_name = _("征集意见")
        verbose_name_plural = _("征集意见")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["solicitation", "status"])]

    def __str__(self) -> str:
        return f"{self.solicitation}：{self.name}"
