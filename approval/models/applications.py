"""Licensing items (事项目录) in versions, applications, their event log and the notices issued.

An item is a row per version: a draft is edited, publishing freezes it and retires the version
published before. An application points at the exact version it was made under, so a new version
never changes what a running application was promised (time limits, materials, form).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from approval.constants import (
    AppStatus,
    Channel,
    EventKind,
    ItemKind,
    ItemStatus,
    MaterialForm,
    NoticeKind,
)
from platform_core.models import CaseClock, FormSubmission, OrgUnit, RouteProcess


class LicensingItem(models.Model):
    """One version of a licensing item and its service guide (办事指南)."""

    code = models.CharField(_("事项编码"), max_length=64, db_index=True)
    version = models.PositiveIntegerField(_("版本号"), default=1)
    status = models.CharField(
        _("状态"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.DRAFT
    )
    name = models.CharField(_("事项名称"), max_length=200, blank=True)
    kind = models.CharField(
        _("事项类型"), max_length=16, choices=ItemKind.choices, default=ItemKind.LICENSING
    )
    department = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="licensing_items",
        verbose_name=_("实施部门"),
    )
    legal_basis = models.TextField(_("设定依据"), blank=True)
    conditions = models.TextField(_("申请条件"), blank=True)
    keywords = models.CharField(
        _("检索关键词"),
        max_length=300,
        blank=True,
        help_text=_("群众常用的叫法，多个词用空格或逗号分隔，如“开饭店 餐馆”。"),
    )
    fees = models.TextField(_("收费标准"), blank=True, help_text=_("不收费的填写“不收费”。"))
    fee_basis = models.TextField(_("收费依据"), blank=True)
    statutory_days = models.PositiveSmallIntegerField(_("法定办结时限（工作日）"), default=20)
    promised_days = models.PositiveSmallIntegerField(_("承诺办结时限（工作日）"), default=10)
    visits = models.PositiveSmallIntegerField(_("到现场次数"), default=0)
    special_procedures = models.TextField(
        _("特别程序"),
        blank=True,
        help_text=_("听证、专家评审、检验检测等，所需时间不计入办理时限。"),
    )
    place = models.CharField(_("办理地点"), max_length=200, blank=True)
    hours = models.CharField(_("办理时间"), max_length=200, blank=True)
    phone = models.CharField(_("咨询电话"), max_length=64, blank=True)
    faq = models.TextField(_("常见问题"), blank=True)
    form_code = models.SlugField(_("申请表单代码"), max_length=64, blank=True)
    route_code = models.SlugField(_("办理流程代码"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发布人"),
    )
    # The catalogue's audit trail: every edit, publication and retirement, with who did it.
    history = HistoricalRecords(
        verbose_name=_("审批事项修改历史"), verbose_name_plural=_("审批事项修改历史")
    )

    class Meta:
        verbose_name = _("审批事项")
        verbose_name_plural = _("审批事项")
        ordering = ["code", "-version"]
        permissions = [
            ("manage_item", _("维护审批事项（起草、修改、复制、停用、导入导出）")),
            ("approve_item", _("审核审批事项发布")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="unique_item_version"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(status="draft"), name="one_draft_per_item"
            ),
            models.UniqueConstraint(
                fields=["code"], condition=Q(status="published"), name="one_published_per_item"
            ),
            # The promised limit is the department's commitment to do better than the law.
            models.CheckConstraint(
                name="item_promise_within_statute",
                condition=Q(promised_days__lte=F("statutory_days")),
            ),
            models.CheckConstraint(
                name="item_published_has_time",
                condition=Q(status="draft") | Q(published_at__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["department", "status"])]

    def __str__(self) -> str:
        return f"{self.name}（{self.code} 第{self.version}版）"

    @property
    def owner_unit(self) -> OrgUnit:
        return self.department

    @property
    def is_draft(self) -> bool:
        return self.status == ItemStatus.DRAFT


class RequiredMaterial(models.Model):
    item = models.ForeignKey(
        LicensingItem, on_delete=models.CASCADE, related_name="materials", verbose_name=_("事项")
    )
    name = models.CharField(_("材料名称"), max_length=200)
    form = models.CharField(
        _("材料形式"), max_length=16, choices=MaterialForm.choices, default=MaterialForm.ORIGINAL
    )
    count = models.PositiveSmallIntegerField(_("份数"), default=1)
    may_defer = models.BooleanField(
        _("可容缺"), default=False, help_text=_("受理时可暂缺，申请人承诺限期补交。")
    )
    note = models.CharField(_("说明"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    history = HistoricalRecords(
        verbose_name=_("申请材料修改历史"), verbose_name_plural=_("申请材料修改历史")
    )

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(name="material_count_positive", condition=Q(count__gt=0))
        ]

    def __str__(self) -> str:
        return self.name


class NumberSequence(models.Model):
    """Daily/yearly counters for application and notice numbers, incremented under a row lock."""

    key = models.CharField(max_length=64, unique=True, verbose_name=_("编号规则"))
    value = models.PositiveIntegerField(default=0, verbose_name=_("当前值"))

    class Meta:
        verbose_name = _("编号计数器")
        verbose_name_plural = _("编号计数器")

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class Application(models.Model):
    """One application for one item version, whether made online or at the window."""

    number = models.CharField(_("申请编号"), max_length=32, unique=True, null=True, blank=True)
    query_code_hash = models.CharField(_("查询码"), max_length=128, blank=True)
    item = models.ForeignKey(
        LicensingItem, on_delete=models.PROTECT, related_name="applications", verbose_name=_("事项")
    )
    # Copied from the item version: the visibility filter and the indexes work on this column.
    department = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("实施部门")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("申请人账号"),
    )
    applicant_name = models.CharField(_("申请人"), max_length=128, blank=True)
    applicant_id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    applicant_uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    applicant_mobile = models.CharField(_("联系手机"), max_length=11, blank=True)
    channel = models.CharField(_("申请渠道"), max_length=16, choices=Channel.choices)
    status = models.CharField(
        _("状态"), max_length=16, choices=AppStatus.choices, default=AppStatus.DRAFT
    )
    draft_data = models.JSONField(_("暂存内容"), default=dict, blank=True)
    submission = models.ForeignKey(
        FormSubmission,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("申请表"),
    )
    received_at = models.DateTimeField(_("收件时间"), null=True, blank=True)
    # Last day of the five-working-day acceptance period (reset when corrections arrive).
    accept_due = models.DateField(_("受理期限"), null=True, blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    deemed_accepted = models.BooleanField(
        _("逾期视为受理"),
        default=False,
        help_text=_("5个工作日内未作出受理决定，自收到材料之日起视为受理。"),
    )
    correction_items = models.JSONField(_("补正事项"), default=list, blank=True)
    deferred_materials = models.JSONField(_("容缺材料"), default=list, blank=True)
    deferred_due = models.DateField(_("容缺补交期限"), null=True, blank=True)
    reject_reason = models.TextField(_("不予受理理由"), blank=True)
    redirect_body = models.CharField(_("告知向其申请的机关"), max_length=200, blank=True)
    process = models.ForeignKey(
        RouteProcess,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办理流程"),
    )
    clock = models.OneToOneField(
        CaseClock,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办理时限"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("录入人"),
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    # Progress lookup (ADR 0006): wrong query codes in a row, and the lock they set off.
    lookup_failures = models.PositiveSmallIntegerField(_("查询码连续错误次数"), default=0)
    lookup_locked_until = models.DateTimeField(_("进度查询暂停至"), null=True, blank=True)

    class Meta:
        verbose_name = _("申请")
        verbose_name_plural = _("申请")
        ordering = ["-received_at", "-id"]
        constraints = [
            # A submitted application always has its number and receipt time.
            models.CheckConstraint(
                name="application_submitted_has_number",
                condition=Q(status="draft") | Q(number__isnull=False, received_at__isnull=False),
            ),
            # One online draft per person and item version: "save and resume" finds it again.
            models.UniqueConstraint(
                fields=["applicant", "item"],
                condition=Q(status="draft"),
                name="one_draft_application_per_item",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "status", "accept_due"]),
            models.Index(fields=["status", "accept_due"], name="app_pending_due"),
            models.Index(fields=["applicant", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.number or f"草稿 #{self.pk}"

    @property
    def owner_unit(self) -> OrgUnit:
        return self.department


class ApplicationEvent(models.Model):
    """Append-only history: each status change with who, when, from, to and why."""

    append_only = True

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="events", verbose_name=_("申请")
    )
    kind = models.CharField(_("环节"), max_length=16, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
        help_text=_("为空表示系统自动处理。"),
    )
    from_status = models.CharField(_("原状态"), max_length=16, choices=AppStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=16, choices=AppStatus.choices)
    reason = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("申请记录")
        verbose_name_plural = _("申请记录")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["application", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.from_status}→{self.to_status}"


class Notice(models.Model):
    """A notice to the applicant (受理/补正/不予受理 …); its PDF is rendered from this row."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="notices", verbose_name=_("申请")
    )
    kind = models.CharField(_("文书类型"), max_length=16, choices=NoticeKind.choices)
    number = models.CharField(_("文书编号"), max_length=40, unique=True)
    holder = models.CharField(_("持有人"), max_length=128)
    department = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("出具单位")
    )
    issued_on = models.DateField(_("出具日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    body = models.JSONField(_("文书内容"), default=dict)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("经办人"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("生成时间"))

    class Meta:
        verbose_name = _("通知文书")
        verbose_name_plural = _("通知文书")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def owner_unit(self) -> OrgUnit:
        return self.department
