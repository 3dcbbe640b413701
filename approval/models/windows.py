"""综合窗口授权: a county service centre's comprehensive window accepts for other departments.

Each department accepts its own items at its own window. Many counties also run a comprehensive
window (综合窗口, 一窗受理) in the 政务服务中心 that accepts applications for several
departments. That is never implied by where a clerk sits: the system administrator records an
explicit grant (this window unit may accept for that department), kept with its history. The
window clerks of the window unit then find those departments' applications to accept and deliver
in their inbox; the review and the decision stay with the department.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platform_core.models import OrgUnit


class WindowGrant(models.Model):
    window = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        related_name="window_grants",
        verbose_name=_("综合窗口"),
        help_text=_("受理窗口所在的科室或单位，其窗口受理员可受理下列部门的事项。"),
    )
    department = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        related_name="granted_windows",
        verbose_name=_("委托受理的部门"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("授权人"),
    )
    granted_at = models.DateTimeField(_("授权时间"), default=timezone.now)
    note = models.CharField(_("授权依据"), max_length=200, blank=True)
    history = HistoricalRecords(
        verbose_name=_("综合窗口授权历史"), verbose_name_plural=_("综合窗口授权历史")
    )

    class Meta:
        verbose_name = _("综合窗口授权")
        verbose_name_plural = _("综合窗口授权")
        constraints = [
            models.UniqueConstraint(fields=["window", "department"], name="window_grant_once")
        ]

    def __str__(self) -> str:
        return f"{self.window} → {self.department}"
