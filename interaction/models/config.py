"""What administrators configure: time limits per kind, the office, categories, routing rules."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from platform_core.models import OrgUnit

from ..constants import Kind


class KindPolicy(models.Model):
    """Time limits of one kind of case in working days (editable by an administrator)."""

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, unique=True)
    limit_days = models.PositiveSmallIntegerField(_("办理时限（工作日）"))

    class Meta:
        verbose_name = _("来件类型时限")
        verbose_name_plural = _("来件类型时限")
        constraints = [
            models.CheckConstraint(condition=models.Q(limit_days__gte=1), name="kind_limit_pos")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.limit_days} 个工作日"


class PetitionPolicy(models.Model):
    """信访事项的时限（信访工作条例）: one row, editable by an administrator."""

    accept_days = models.PositiveSmallIntegerField(_("受理告知时限（工作日）"), default=15)
    handle_days = models.PositiveSmallIntegerField(_("办理时限（工作日）"), default=60)
    max_extension_days = models.PositiveSmallIntegerField(_("最多延长（工作日）"), default=30)

    class Meta:
        verbose_name = _("信访事项时限")
        verbose_name_plural = _("信访事项时限")

    def __str__(self) -> str:
        return f"{self.accept_days}/{self.handle_days}/{self.max_extension_days}"


class Office(models.Model):
    """The interaction office (政民互动办公室 / 信访局): triages, assigns and reviews. One row."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, verbose_name=_("承办单位"))

    class Meta:
        verbose_name = _("政民互动办公室")
        verbose_name_plural = _("政民互动办公室")

    def __str__(self) -> str:
        return self.unit.name


class Category(models.Model):
    """A subject category (城乡建设 / 交通运输 / 教育 …); two levels are enough for a county."""

    name = models.CharField(_("名称"), max_length=64)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级分类"),
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("问题分类")
        verbose_name_plural = _("问题分类")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="category_unique_name")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.parent_id:
            return f"{self.parent.name} / {self.name}"
        return self.name


class RoutingRule(models.Model):
    """Suggests the department for a category and/or township; the most specific rule wins."""

    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("问题分类")
    )
    township = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("乡镇（街道）"),
    )
    department = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="+", verbose_name=_("建议承办单位")
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("分办规则")
        verbose_name_plural = _("分办规则")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(category__isnull=False) | models.Q(township__isnull=False),
                name="routing_rule_condition",
            ),
            models.UniqueConstraint(
                fields=["category", "township"],
                nulls_distinct=False,
                name="routing_rule_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category or '—'} · {self.township or '—'} → {self.department}"
