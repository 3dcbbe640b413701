"""Running processes: the case behind every multi-step process and the inbox's view of its tasks.

viewflow owns the engine tables (`viewflow.workflow.models.Process` / `Task`). `RouteProcess`
extends viewflow's Process with the business facts every process shares; `TaskInfo` sits beside
each human task with what the unified inbox filters and sorts on (owner, open or not, due date,
unit and role of the candidates), denormalised under the task's row lock by the engine services
so that the inbox is one indexed query whatever the number of tasks. `CaseEvent` is the case's
append-only history.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from viewflow.workflow.models import Process, Task

from .clock import CaseClock
from .org import OrgUnit, Role
from .routes import ProcessVersion


class Subsystem(models.TextChoices):
    PORTAL = "portal", _("门户网站")
    DISCLOSURE = "disclosure", _("信息公开")
    OA = "oa", _("协同办公")
    INTERACTION = "interaction", _("政民互动")
    APPROVAL = "approval", _("行政审批")
    PLATFORM = "platform", _("应用支撑平台")


class RoutingMode(models.TextChoices):
    FIXED = "fixed", _("固定流程")
    FREE = "free", _("自由流程")


class RouteProcess(Process):
    """A case moving along an administrator-defined route (fixed) or chosen step by step (free)."""

    title = models.CharField(_("标题"), max_length=200)
    subsystem = models.CharField(_("子系统"), max_length=16, choices=Subsystem.choices)
    mode = models.CharField(_("流转方式"), max_length=8, choices=RoutingMode.choices)
    version = models.ForeignKey(
        ProcessVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("流程版本"),
    )
    owner_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("主办单位")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("发起人"),
    )
    # Form data of the case: viewflow's Process.data (JSON).
    current_step = models.CharField(_("当前步骤"), max_length=64, blank=True)
    clock = models.OneToOneField(
        CaseClock,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办理时限"),
    )

    class Meta:
        verbose_name = _("流程实例")
        verbose_name_plural = _("流程实例")

    def __str__(self) -> str:
        return self.title


class TaskOutcome(models.TextChoices):
    DONE = "done", _("已办理")
    RETURNED = "returned", _("已退回")
    WITHDRAWN = "withdrawn", _("被撤回")
    CANCELLED = "cancelled", _("已取消")


class TaskInfo(models.Model):
    """The inbox's row for one human task (viewflow Task), kept in step by the engine."""

    task = models.OneToOneField(
        Task,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="info",
        verbose_name=_("流程任务"),
    )
    process = models.ForeignKey(
        RouteProcess, on_delete=models.CASCADE, related_name="infos", verbose_name=_("流程实例")
    )
    subsystem = models.CharField(_("子系统"), max_length=16, choices=Subsystem.choices)
    title = models.CharField(_("标题"), max_length=200)
    step_key = models.CharField(_("步骤"), max_length=64)
    step_name = models.CharField(_("步骤名称"), max_length=64)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办理人"),
    )
    # Candidates while nobody has claimed it: holders of `role` in `unit`.
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("办理单位")
    )
    role = models.ForeignKey(
        Role,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办理角色"),
    )
    is_open = models.BooleanField(_("未办结"), default=True)
    due_date = models.DateField(_("办理期限"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("创建时间"))
    opened_at = models.DateTimeField(_("首次打开"), null=True, blank=True)
    finished_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    outcome = models.CharField(
        _("结果"),
        max_length=16,
        choices=TaskOutcome.choices,
        blank=True,
        help_text=_("办理人本人办理的为“已办理”或“已退回”；被撤回、被取消的不计入其已办。"),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("上一步办理人（撤回时使用）"),
        verbose_name=_("发送人"),
    )

    class Meta:
        verbose_name = _("待办")
        verbose_name_plural = _("待办")
        indexes = [
            # My open tasks by due date (the inbox's first page), and my done tasks.
            models.Index(fields=["owner", "is_open", "due_date"], name="taskinfo_owner_open_due"),
            # Unclaimed tasks offered to a role in a unit.
            models.Index(
                fields=["unit", "role", "due_date"],
                condition=Q(is_open=True, owner__isnull=True),
                name="taskinfo_unclaimed",
            ),
            # The reminder job's scan.
            models.Index(fields=["due_date"], condition=Q(is_open=True), name="taskinfo_open_due"),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.step_name}"


class EventAction(models.TextChoices):
    START = "start", _("发起")
    CLAIM = "claim", _("认领")
    RELEASE = "release", _("退回待认领")
    COMPLETE = "complete", _("办理")
    TRANSFER = "transfer", _("转办")
    ADD_COHANDLER = "add_cohandler", _("加签")
    RETURN = "return", _("退回")
    WITHDRAW = "withdraw", _("撤回")
    REMIND = "remind", _("催办")
    COMMENT = "comment", _("意见")
    END = "end", _("办结")


class CaseEvent(models.Model):
    """One thing that happened to a case: who, when, what, from which step to which."""

    append_only = True  # PostgreSQL refuses UPDATE/DELETE (platform_core.db)

    process = models.ForeignKey(
        RouteProcess, on_delete=models.PROTECT, related_name="events", verbose_name=_("流程实例")
    )
    task = models.ForeignKey(
        Task,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("流程任务"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("操作人"),
    )
    action = models.CharField(_("操作"), max_length=16, choices=EventAction.choices)
    from_step = models.CharField(_("原步骤"), max_length=64, blank=True)
    to_step = models.CharField(_("新步骤"), max_length=64, blank=True)
    comment = models.TextField(_("意见"), blank=True)
    target = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("对象"),
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["process", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.from_step}→{self.to_step}"


class Delegation(models.Model):
    """委托: while it runs, tasks offered to `principal` go to `delegate` as well (audited)."""

    principal = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="delegations_given",
        verbose_name=_("委托人"),
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="delegations_received",
        verbose_name=_("受托人"),
    )
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    reason = models.CharField(_("事由"), max_length=200)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("委托")
        verbose_name_plural = _("委托")
        constraints = [
            models.CheckConstraint(
                name="delegation_dates", condition=Q(end_date__gte=models.F("start_date"))
            ),
            models.CheckConstraint(
                name="delegation_not_self", condition=~Q(principal=models.F("delegate"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.principal} → {self.delegate}"


class CaseDraft(models.Model):
    """草稿: a case written but not sent yet (title, unit, route or first handler)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="case_drafts",
        verbose_name=_("起草人"),
    )
    title = models.CharField(_("标题"), max_length=200)
    owner_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("主办单位"),
    )
    definition = models.ForeignKey(
        "platform_core.ProcessDefinition",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("固定流程"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("第一步办理人"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("创建时间"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("修改时间"))

    class Meta:
        verbose_name = _("草稿")
        verbose_name_plural = _("草稿")
        indexes = [models.Index(fields=["created_by", "-updated_at"])]

    def __str__(self) -> str:
        return self.title
