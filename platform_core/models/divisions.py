"""Base data (统一基础数据): the national administrative divisions, GB/T 2260, to township level."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DivisionLevel(models.IntegerChoices):
    PROVINCE = 1, _("省级")
    CITY = 2, _("地级")
    COUNTY = 3, _("县级")
    TOWNSHIP = 4, _("乡级")


class Division(models.Model):
    """An administrative division. Codes: 6 digits for province, city and county (430000,
    431100, 431127), 9 digits for a township or street (431127100). Loaded by
    `manage.py load_divisions` from platform_core/data/divisions.json.gz; a code is unique within
    its level (a city without counties repeats at county level); rows are never deleted
    (stored addresses keep their codes), a division that disappeared is marked inactive."""

    code = models.CharField(_("区划代码"), max_length=12)
    name = models.CharField(_("名称"), max_length=64)
    level = models.PositiveSmallIntegerField(_("级别"), choices=DivisionLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级区划"),
    )
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        indexes = [models.Index(fields=["parent", "code"], name="division_parent_code")]
        constraints = [
            # A city without counties (东莞市 441900) is also its own county-level row.
            models.UniqueConstraint(fields=["level", "code"], name="unique_division_level_code")
        ]

    def __str__(self) -> str:
        return self.name
