"""Cases (来件) and what happens to them: assignments, replies, ratings, return calls, events."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platform_core.models import CaseClock, OrgUnit

from ..constants import (
    CaseAction,
    CaseStatus,
    Channel,
    FollowUpMethod,
    Kind,
    ReplyStatus,
    Score,
    Source,
)
from .config import Category


class CaseCounter(models.Model):
    """Serial of case numbers per day, locked with SELECT … FOR UPDATE (gapless)."""

    day = models.DateField(unique=True, verbose_name=_("日期"))
    last = models.PositiveIntegerField(default=0, verbose_name=_("已用顺序号"))

    class Meta:
        verbose_name = _("来件编号计数")
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.day} {self.last}"


class Case(models.Model):
    number = models.CharField(_("编号"), max_length=20, unique=True)
    query_code_hash = models.CharField(max_length=64, verbose_name=_("查询码哈希"))
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    is_petition = models.BooleanField(_("按信访事项办理"), default=False)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, verbose_name=_("问题分类"), related_name="cases"
    )
    title = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("内容"))
    township = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("乡镇（街道）"),
    )
    address = models.CharField(_("详细地址"), max_length=200, blank=True)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interaction_cases",
        verbose_name=_("公众用户"),
    )
    name = models.CharField(_("姓名"), max_length=64)
    # A mobile number, or (only for investment consultations) a landline such as 0746-1234567.
    mobile = models.CharField(_("联系电话"), max_length=20)
    allow_public = models.BooleanField(_("本人同意公开"), default=False)
    staff_public = models.BooleanField(_("经审核同意公开"), default=False)
    status = models.CharField(
        _("状态"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.SUBMITTED
    )
    department = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interaction_cases",
        verbose_name=_("承办单位"),
    )
    clock = models.OneToOneField(
        CaseClock,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办理时限"),
    )
    triage_due = models.DateField(_("分办期限"), null=True, blank=True)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    received_at = models.DateTimeField(_("收件时间"), default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    # 并案: a duplicate is merged into one parent case; it keeps its own row, text and files.
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("并入来件"),
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    # 重点关注: picked by the interaction office for the portal's channel (a public, replied case).
    featured_at = models.DateTimeField(_("设为重点关注时间"), null=True, blank=True)
    featured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("设为重点关注人"),
    )
    # Consultations raised from elsewhere on the portal keep a link back to what they are about:
    # the item guide (its code) or the investment channel (the old consultation reference).
    source = models.CharField(
        _("来源"), max_length=16, choices=Source.choices, default=Source.FORM, blank=True
    )
    source_ref = models.CharField(_("来源编号"), max_length=64, blank=True)
    source_title = models.CharField(_("咨询事项"), max_length=200, blank=True)
    source_url = models.CharField(_("事项链接"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("来件")
        verbose_name_plural = _("来件")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "department"], name="case_status_dept"),
            models.Index(
                fields=["-replied_at"],
                condition=Q(allow_public=True, staff_public=True, replied_at__isnull=False),
                name="case_public_replied",
            ),
            models.Index(
                fields=["-featured_at"],
                condition=Q(featured_at__isnull=False),
                name="case_featured",
            ),
            # The Open311 list: cases whose citizen allowed publication, newest first.
            models.Index(
                fields=["-received_at"], condition=Q(allow_public=True), name="case_open311"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(round__in=[1, 2]), name="case_round_1_or_2"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | Q(status="merged"), name="case_merged_has_status"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["assigned", "review"]) | Q(department__isnull=False),
                name="case_assigned_has_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_public(self) -> bool:
        return self.allow_public and self.staff_public


def _attachment_path(instance: "Attachment", filename: str) -> str:
    return f"interaction/{timezone.localdate():%Y/%m}/{instance.case_id}/{filename}"


class Attachment(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("来件")
    )
    file = models.FileField(upload_to=_attachment_path, max_length=255, verbose_name=_("文件"))
    original_name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(max_length=8, verbose_name=_("类型"))
    size = models.PositiveIntegerField(
        verbose_name=_("文件大小"),
    )
    uploaded_at = models.DateTimeField(default=timezone.now, verbose_name=_("上传时间"))

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.original_name


class Assignment(models.Model):
    """交办: one row per assignment; a return (退回) closes it with a reason."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("来件")
    )
    department = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("承办单位")
    )
    note = models.TextField(_("交办意见"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("交办人"),
    )
    assigned_at = models.DateTimeField(default=timezone.now, verbose_name=_("交办时间"))
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("退回人"),
    )
    returned_at = models.DateTimeField(null=True, blank=True, verbose_name=_("退回时间"))
    return_reason = models.TextField(_("退回理由"), blank=True)

    class Meta:
        verbose_name = _("交办记录")
        verbose_name_plural = verbose_name
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(returned_at__isnull=True), name="one_open_assignment"
            ),
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True) | ~Q(return_reason=""),
                name="return_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.department_id}"


class Reply(models.Model):
    """答复: drafted by the department, reviewed by the office, then published or sent."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="replies", verbose_name=_("来件")
    )
    round = models.PositiveSmallIntegerField(default=1, verbose_name=_("办理轮次"))
    department = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("承办单位")
    )
    body = models.TextField(_("答复内容"))
    status = models.CharField(
        max_length=12,
        choices=ReplyStatus.choices,
        default=ReplyStatus.DRAFT,
        verbose_name=_("状态"),
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("拟稿人"),
    )
    drafted_at = models.DateTimeField(default=timezone.now, verbose_name=_("拟稿时间"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("审核时间"))
    review_comment = models.TextField(_("审核意见"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True, verbose_name=_("发布时间"))

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = verbose_name
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "round"],
                condition=Q(status="approved"),
                name="one_approved_reply_per_round",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.round} {self.status}"


class Rating(models.Model):
    """评议 of a round's reply by the citizen, within 14 days."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("来件")
    )
    round = models.PositiveSmallIntegerField(
        verbose_name=_("办理轮次"),
    )
    score = models.CharField(_("评议结果"), max_length=12, choices=Score.choices)
    comment = models.TextField(_("评议意见"), blank=True)
    rated_at = models.DateTimeField(default=timezone.now, verbose_name=_("评价时间"))

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["case", "round"], name="one_rating_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.round} {self.score}"


class FollowUp(models.Model):
    """回访 by staff."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("来件")
    )
    method = models.CharField(_("回访方式"), max_length=8, choices=FollowUpMethod.choices)
    note = models.TextField(_("回访情况"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("记录人"),
    )
    at = models.DateTimeField(default=timezone.now, verbose_name=_("时间"))

    class Meta:
        verbose_name = _("回访")
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.case_id} {self.method}"


class CaseEvent(models.Model):
    """Every state change of a case, appended and never changed: who, when, what, from → to."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="events", verbose_name=_("来件")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    action = models.CharField(_("操作"), max_length=16, choices=CaseAction.choices)
    from_status = models.CharField(max_length=12, blank=True, verbose_name=_("原状态"))
    to_status = models.CharField(max_length=12, blank=True, verbose_name=_("新状态"))
    comment = models.TextField(blank=True, verbose_name=_("意见"))
    at = models.DateTimeField(default=timezone.now, verbose_name=_("时间"))

    class Meta:
        verbose_name = _("来件办理记录")
        verbose_name_plural = verbose_name
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"], name="case_event_case_at")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action}"
