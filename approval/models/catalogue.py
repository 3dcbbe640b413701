"""Publication review of a licensing item draft (事项发布审核).

The item administrator submits a draft; the department's leader (分管领导) approves, which
publishes the version, or sends it back with a reason. Each submission is a row of its own, so the
history of submissions and decisions stays; at most one waits per draft. The review waits in the
reviewer's unified inbox (approval.selectors.work.ItemReviewWork) by its clock's due date.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platform_core.models import CaseClock


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过并发布")
    RETURNED = "returned", _("已退回")
    WITHDRAWN = "withdrawn", _("已撤回")


class ItemReview(models.Model):
    """One submission of an item draft for publication and its outcome."""

    item = models.ForeignKey(
        "approval.LicensingItem",
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("事项版本"),
    )
    # Copied from the item: the inbox finds the reviewers' work by department without a join.
    department = models.ForeignKey(
        "platform_core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("部门")
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    note = models.CharField(_("送审说明"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("送审人"),
    )
    submitted_at = models.DateTimeField(_("送审时间"), default=timezone.now)
    clock = models.OneToOneField(
        CaseClock,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核时限"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reason = models.TextField(_("审核意见"), blank=True)
    history = HistoricalRecords(
        verbose_name=_("事项发布审核历史"), verbose_name_plural=_("事项发布审核历史")
    )

    class Meta:
        verbose_name = _("事项发布审核")
        verbose_name_plural = _("事项发布审核")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(status="pending"), name="one_pending_review_per_item"
            ),
            # A return must say why (the administrator has to know what to fix).
            models.CheckConstraint(
                name="item_review_return_has_reason",
                condition=~Q(status="returned") | ~Q(reason=""),
            ),
            models.CheckConstraint(
                name="item_review_decided_has_time",
                condition=Q(status__in=["pending", "withdrawn"]) | Q(decided_at__isnull=False),
            ),
        ]
        # The inbox reads the pending reviews of the reader's departments.
        indexes = [models.Index(fields=["department", "status"])]

    def __str__(self) -> str:
        return f"{self.item} · {self.get_status_display()}"

    @property
    def owner_unit(self):
        return self.department
