"""Findings of the privacy check (个人信息检查) run before an item is published."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..constants import FindingKind
from .items import Attachment, Item


class PrivacyFinding(models.Model):
    """Personal data found in the body or an attachment. It blocks publishing until the text is
    redacted (the next scan no longer finds it, and the row goes) or a reviewer overrides it with
    a recorded reason. `fingerprint` identifies the same finding across scans."""

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="findings", verbose_name=_("公开信息")
    )
    attachment = models.ForeignKey(
        Attachment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("附件"),
    )
    kind = models.CharField(_("类型"), max_length=16, choices=FindingKind.choices)
    location = models.CharField(_("位置"), max_length=200)
    excerpt = models.CharField(_("上下文（已遮盖）"), max_length=300)
    fingerprint = models.CharField(max_length=64, verbose_name=_("内容指纹"))
    found_at = models.DateTimeField(_("发现时间"), default=timezone.now)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("放行人"),
    )
    overridden_at = models.DateTimeField(_("放行时间"), null=True, blank=True)
    override_reason = models.CharField(_("放行理由"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("隐私检查发现")
        verbose_name_plural = _("隐私检查发现")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "fingerprint"], name="disclosure_finding_once_per_item"
            ),
            models.CheckConstraint(
                name="disclosure_override_has_reason",
                condition=Q(overridden_at__isnull=True)
                | (Q(overridden_by__isnull=False) & ~Q(override_reason="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {self.location}"

    @property
    def is_open(self) -> bool:
        return self.overridden_at is None
