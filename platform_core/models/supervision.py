"""Generic e-supervision (电子监察) on the case clock: a watch names what a clock is about
(unit, subsystem, title, link); the periodic scan fires a yellow card when the clock is due soon
and a red card when it is overdue, each once per clock.

Licensing has its own, richer rule set (approval/models/supervision.py: SupervisionCard, one per
application and rule); it keeps it. These cards use the same colours and the same
"fired once, cleared with an explanation" life, so dashboards can show both side by side. Any
app whose deadline is a `CaseClock` (disclosure's 20 working days, later requests) uses these.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .clock import CaseClock
from .org import OrgUnit
from .workflow import Subsystem


class CardColor(models.TextChoices):
    """The same values as approval's CardColor."""

    YELLOW = "yellow", _("黄牌")
    RED = "red", _("红牌")


class ClockWatch(models.Model):
    """A clock under e-supervision, and what its cards are about."""

    clock = models.OneToOneField(
        CaseClock, on_delete=models.CASCADE, related_name="watch", verbose_name=_("办理时限")
    )
    subsystem = models.CharField(_("子系统"), max_length=16, choices=Subsystem.choices)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("责任单位")
    )
    title = models.CharField(_("事项"), max_length=200)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("创建时间"))

    class Meta:
        verbose_name = _("时限监察")
        verbose_name_plural = _("时限监察")
        indexes = [models.Index(fields=["subsystem", "unit"])]

    def __str__(self) -> str:
        return self.title


class ClockCard(models.Model):
    """A yellow (due soon) or red (overdue) card on a watched clock: fired once per colour."""

    watch = models.ForeignKey(
        ClockWatch, on_delete=models.CASCADE, related_name="cards", verbose_name=_("时限监察")
    )
    color = models.CharField(_("牌色"), max_length=8, choices=CardColor.choices)
    # Copied from the watch: dashboards count cards by colour and unit.
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("责任单位")
    )
    subsystem = models.CharField(_("子系统"), max_length=16, choices=Subsystem.choices)
    reason = models.CharField(_("亮牌原因"), max_length=500)
    fired_at = models.DateTimeField(_("亮牌时间"), default=timezone.now)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("处理人"),
    )
    cleared_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    explanation = models.TextField(_("处理说明"), blank=True)

    class Meta:
        verbose_name = _("时限亮牌")
        verbose_name_plural = _("时限亮牌")
        ordering = ["-fired_at", "-id"]
        constraints = [
            # The scan may run twice or concurrently: one card per clock and colour, ever.
            models.UniqueConstraint(fields=["watch", "color"], name="one_clock_card_per_color"),
            models.CheckConstraint(
                name="clock_card_cleared_with_explanation",
                condition=Q(cleared_at__isnull=True)
                | (Q(cleared_by__isnull=False) & ~Q(explanation="")),
            ),
        ]
        indexes = [models.Index(fields=["subsystem", "unit", "color", "cleared_at"])]

    def __str__(self) -> str:
        return f"{self.get_color_display()} {self.watch}"
