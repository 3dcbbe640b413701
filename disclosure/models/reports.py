"""The annual report (政府信息公开工作年度报告) of a unit and a year. Its tables are counted
from the data when it is shown or rendered (selectors/annual_report.py); what staff write is
kept here. It is reviewed and published as an item of the catalogue's 信息公开年报 column."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platform_core.models import CaseClock, OrgUnit

from .items import Item


class AnnualReport(models.Model):
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("单位")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    overall = models.TextField(_("一、总体情况"), blank=True)
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other = models.TextField(_("六、其他需要报告的事项"), blank=True)
    # Figures staff enter: 行政复议/行政诉讼 (section 4) and the licensing, penalty and
    # enforcement counts of section 2 that the system does not hold.
    figures = models.JSONField(_("人工填报数据"), default=dict, blank=True)
    item = models.OneToOneField(
        Item,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="annual_report",
        verbose_name=_("公开信息"),
    )
    clock = models.ForeignKey(
        CaseClock,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办理时限"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("创建时间"))
    updated_at = models.DateTimeField(default=timezone.now, verbose_name=_("修改时间"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("修改人"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="disclosure_report_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}"

    @property
    def title(self) -> str:
        return f"{self.unit.name}{self.year}年政府信息公开工作年度报告"

    @property
    def status_label(self) -> str:
        if self.item_id is None:
            return "编制中"
        return {"in_review": "审核中", "returned": "已退回", "published": "已发布"}.get(
            self.item.status, "编制中"
        )
