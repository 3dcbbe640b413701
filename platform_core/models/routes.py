"""Fixed routes (固定流程) defined by administrators as data, in numbered versions.

A definition has versions; only a draft may be edited, and at most one draft exists at a time.
Publishing a draft retires the previously published version, whose steps stay untouched, so a case
that started on it keeps running on exactly the route it started with.

The start step is the step with the lowest `order`; a transition whose target is empty ends the
process. What a route must satisfy before it is published lives in `platform_core/routes/spec.py`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .org import OrgUnit, Role


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    RETIRED = "retired", _("已停用")


class UnitScope(models.TextChoices):
    CASE_UNIT = "case_unit", _("案件所属单位")
    FIXED_UNIT = "fixed_unit", _("指定单位")
    PARENT_UNIT = "parent_unit", _("案件所属单位的上级单位")


class CountersignMode(models.TextChoices):
    NONE = "none", _("不会签")
    ALL = "all", _("会签（全部办理后继续）")
    ANY = "any", _("会签（任一人办理后继续）")


class ProcessDefinition(models.Model):
    """A route such as "license review"; its steps live in its versions."""

    code = models.SlugField(_("流程代码"), max_length=64, unique=True)
    name = models.CharField(_("流程名称"), max_length=128)
    description = models.TextField(_("说明"), blank=True)
    owner_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("主管单位"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("固定流程")
        verbose_name_plural = _("固定流程")
        ordering = ["code"]
        permissions = [("design_process", _("可设计固定流程"))]

    def __str__(self) -> str:
        return self.name


class ProcessVersion(models.Model):
    definition = models.ForeignKey(
        ProcessDefinition,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("流程"),
    )
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(
        _("状态"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("创建人"),
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

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("流程版本")
        verbose_name_plural = _("流程版本")
        ordering = ["definition_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "number"], name="unique_process_version_number"
            ),
            # Two drafts would make "the draft being edited" ambiguous in the designer.
            models.UniqueConstraint(
                fields=["definition"],
                condition=Q(status="draft"),
                name="one_draft_per_process",
            ),
            # New cases start on the one published version; older ones are retired, not changed.
            models.UniqueConstraint(
                fields=["definition"],
                condition=Q(status="published"),
                name="one_published_per_process",
            ),
            models.CheckConstraint(
                name="process_version_published_has_time",
                condition=Q(status="draft") | Q(published_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.definition} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


class StepDefinition(models.Model):
    version = models.ForeignKey(
        ProcessVersion, on_delete=models.CASCADE, related_name="steps", verbose_name=_("版本")
    )
    key = models.SlugField(_("步骤标识"), max_length=64)
    name = models.CharField(_("步骤名称"), max_length=64)
    order = models.PositiveSmallIntegerField(_("顺序"))
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="+", verbose_name=_("办理角色")
    )
    unit_scope = models.CharField(
        _("办理单位"), max_length=16, choices=UnitScope.choices, default=UnitScope.CASE_UNIT
    )
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("指定单位"),
    )
    time_limit_days = models.PositiveSmallIntegerField(_("办理时限（工作日）"), default=1)
    form_code = models.CharField(
        _("表单代码"), max_length=64, blank=True, help_text=_("动态表单的代码，可留空。")
    )
    countersign = models.CharField(
        _("会签方式"), max_length=8, choices=CountersignMode.choices, default=CountersignMode.NONE
    )

    class Meta:
        verbose_name = _("流程步骤")
        verbose_name_plural = _("流程步骤")
        ordering = ["version_id", "order", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key"],
                name="unique_step_key_per_version",
                violation_error_message=_("本版本中已有相同标识的步骤。"),
            ),
            models.CheckConstraint(
                name="fixed_unit_step_has_unit",
                condition=(Q(unit_scope="fixed_unit") & Q(unit__isnull=False))
                | (~Q(unit_scope="fixed_unit") & Q(unit__isnull=True)),
                violation_error_message=_(
                    "选择“指定单位”时须选择单位；其他办理单位范围不能选择单位。"
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Transition(models.Model):
    """From a step to the next one (or to the end when `target` is empty).

    An empty condition is the default path, taken when no conditional transition matches; the
    conditional ones are tried in ascending `priority`.
    """

    version = models.ForeignKey(
        ProcessVersion,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("版本"),
    )
    source = models.ForeignKey(
        StepDefinition,
        on_delete=models.CASCADE,
        related_name="outgoing",
        verbose_name=_("来源步骤"),
    )
    target = models.ForeignKey(
        StepDefinition,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="incoming",
        verbose_name=_("去向步骤"),
    )
    condition = models.JSONField(_("条件"), default=dict, blank=True)
    priority = models.PositiveSmallIntegerField(_("优先级"), default=100)
    label = models.CharField(_("说明"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("流转条件")
        verbose_name_plural = _("流转条件")
        ordering = ["version_id", "source__order", "priority", "id"]
        constraints = [
            # Two default paths out of one step would make the route ambiguous.
            models.UniqueConstraint(
                fields=["source"],
                condition=Q(condition={}),
                name="one_default_per_step",
                violation_error_message=_("该步骤已有默认去向（无条件的流转）。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target or _('结束')}"

    @property
    def is_default(self) -> bool:
        return not self.condition
