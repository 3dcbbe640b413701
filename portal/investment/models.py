"""Structured content of the investment-promotion channel (招商引资): projects on offer,
foreign-trade early warnings, and investors' online consultations.

Articles of the channel (news, environment, policies, plans, procedures, regional layout) are
ordinary `Article`s in sub-columns of the channel; only what has its own fields lives here.
Imported at the end of `portal/models/articles.py`, so Django sees these models as the portal's.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

__all__ = ["InvestmentConsultation", "InvestmentProject", "TradeWarning"]

# The investment channel's path, and where its structured pages are published below it.
INVESTMENT_CHANNEL_PATH = "zsyz/"
PROJECTS_DIR = f"{INVESTMENT_CHANNEL_PATH}zsxm/"
WARNINGS_DIR = f"{INVESTMENT_CHANNEL_PATH}wmyj/"


class Sector(models.TextChoices):
    NEW_MATERIALS = "materials", _("新材料")
    MANUFACTURING = "manufacturing", _("装备制造")
    ELECTRONICS = "electronics", _("电子信息")
    AGRICULTURE = "agriculture", _("农产品加工")
    TOURISM = "tourism", _("文化旅游")
    LOGISTICS = "logistics", _("现代物流")
    SERVICES = "services", _("现代服务业")
    HEALTH = "health", _("医药健康")
    ENERGY = "energy", _("新能源")
    OTHER = "other", _("其他")


class ProjectStatus(models.TextChoices):
    NEGOTIATING = "negotiating", _("在谈")
    SIGNED = "signed", _("签约")
    BUILDING = "building", _("在建")
    OPERATING = "operating", _("投产")


class WarningLevel(models.TextChoices):
    NOTICE = "notice", _("一般")
    SERIOUS = "serious", _("较重")
    SEVERE = "severe", _("严重")


class InvestmentProject(models.Model):
    """A project offered to or agreed with investors (招商项目)."""

    name = models.CharField(_("项目名称"), max_length=100)
    sector = models.CharField(_("所属产业"), max_length=16, choices=Sector.choices)
    amount = models.DecimalField(
        _("投资额（万元）"), max_digits=12, decimal_places=2, help_text=_("单位：万元")
    )
    location = models.CharField(_("项目地点"), max_length=100)
    contact_person = models.CharField(_("联系人"), max_length=32)
    contact_phone = models.CharField(_("联系电话"), max_length=32)
    status = models.CharField(
        _("项目状态"),
        max_length=16,
        choices=ProjectStatus.choices,
        default=ProjectStatus.NEGOTIATING,
    )
    summary = models.TextField(_("项目简介"), max_length=5000)
    is_public = models.BooleanField(
        _("在网站公开"), default=True, help_text=_("取消勾选后，项目页面从网站上撤下。")
    )
    owner_unit = models.ForeignKey(
        "platform_core.OrgUnit",
        on_delete=models.PROTECT,
        related_name="investment_projects",
        verbose_name=_("录入单位"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("录入人"),
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("招商项目")
        verbose_name_plural = _("招商项目")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="portal_project_amount_nonneg"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def url(self) -> str:
        return f"/{PROJECTS_DIR}{self.pk}.html"

    @property
    def title(self) -> str:  # so generic item lists can show a project
        return self.name


class TradeWarning(models.Model):
    """A foreign-trade early warning (外贸预警): a risk on a market for a kind of product."""

    title = models.CharField(_("标题"), max_length=200)
    market = models.CharField(_("市场/国家"), max_length=64)
    product = models.CharField(_("涉及产品"), max_length=100)
    level = models.CharField(
        _("预警级别"), max_length=16, choices=WarningLevel.choices, default=WarningLevel.NOTICE
    )
    issued_on = models.DateField(_("发布日期"))
    body = models.TextField(_("预警内容"), max_length=20000)
    is_public = models.BooleanField(_("在网站公开"), default=True)
    owner_unit = models.ForeignKey(
        "platform_core.OrgUnit",
        on_delete=models.PROTECT,
        related_name="trade_warnings",
        verbose_name=_("发布单位"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("录入人"),
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("外贸预警")
        verbose_name_plural = _("外贸预警")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def url(self) -> str:
        return f"/{WARNINGS_DIR}{self.pk}.html"

    @property
    def date(self):
        return self.issued_on


class InvestmentConsultation(models.Model):
    """An investor's online consultation (在线咨询) from before they became 政民互动 cases."""

    reference = models.CharField(_("咨询编号"), max_length=20, unique=True, editable=False)
    name = models.CharField(_("姓名"), max_length=32)
    company = models.CharField(_("单位名称"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20)
    email = models.EmailField(_("电子邮箱"), blank=True)
    sector = models.CharField(_("意向产业"), max_length=16, choices=Sector.choices)
    content = models.TextField(_("咨询内容"), max_length=2000)
    handling_unit = models.ForeignKey(
        "platform_core.OrgUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("承办单位"),
    )
    process = models.OneToOneField(
        "platform_core.RouteProcess",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="investment_consultation",
        verbose_name=_("办理流程"),
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    # Kept for the record: every consultation now lives in 政民互动 as a 咨询 case (moved by
    # migration 0008, which also closed the old workflow tasks); this is that case's number.
    case_number = models.CharField(_("政民互动来件编号"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("投资咨询")
        verbose_name_plural = _("投资咨询")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"
