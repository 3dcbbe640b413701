"""The catalogue's structure: columns (栏目), a tree per unit, each naming its information body
(a platform dynamic form) and its review route (a platform fixed route)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platform_core.models import FormDefinition, OrgUnit, ProcessDefinition

from ..constants import ColumnKind


class Column(models.Model):
    """A column of the disclosure catalogue. `unit` owns it (the county platform's columns belong
    to the government, a department's 专栏 to the department); `parent` makes the tree."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("所属单位")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级栏目"),
    )
    name = models.CharField(_("栏目名称"), max_length=64)
    slug = models.SlugField(_("栏目标识"), max_length=48)
    kind = models.CharField(
        _("栏目类型"), max_length=16, choices=ColumnKind.choices, default=ColumnKind.CATALOGUE
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    description = models.TextField(_("说明"), blank=True)
    body_form = models.ForeignKey(
        FormDefinition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("信息体（动态表单）"),
        help_text=_("该栏目信息除通用元数据外还需填写的项目，如预决算的年度。"),
    )
    route = models.ForeignKey(
        ProcessDefinition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核流程"),
        help_text=_("录入 → 保密审查 → 签发 → 发布；留空时使用默认的信息公开审核流程。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("创建时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("创建人"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("公开栏目")
        verbose_name_plural = _("公开栏目")
        ordering = ["unit_id", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "slug"],
                name="disclosure_column_slug_per_unit",
                violation_error_message=_("本单位已有相同标识的栏目。"),
            ),
            models.CheckConstraint(
                name="disclosure_column_not_own_parent", condition=~Q(parent=models.F("pk"))
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owner_unit(self) -> OrgUnit:
        return self.unit
