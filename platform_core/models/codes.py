"""Code tables (数据字典): document types, subject categories, industries and similar lists, kept in
one place so that administrators can extend them and every app reads them the same way."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CodeTable(models.Model):
    code = models.SlugField(_("字典代码"), max_length=64, unique=True)
    name = models.CharField(_("字典名称"), max_length=64)
    description = models.TextField(_("说明"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("数据字典")
        verbose_name_plural = _("数据字典")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.name)


class CodeEntry(models.Model):
    table = models.ForeignKey(
        CodeTable, on_delete=models.CASCADE, related_name="entries", verbose_name=_("数据字典")
    )
    code = models.CharField(_("代码"), max_length=32)
    name = models.CharField(_("名称"), max_length=128)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(
        _("启用"), default=True, help_text=_("停用的条目不再供选择，已使用的记录仍显示其名称。")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("字典条目")
        verbose_name_plural = _("字典条目")
        ordering = ["table_id", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["table", "code"], name="unique_code_entry")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
