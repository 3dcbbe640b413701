"""待阅 / 已阅: things a person is asked to read (a circulated document, a notice), not to handle.

Tasks to handle live in `TaskInfo` (kept in step by the workflow engine); reading items have no
process behind them, so they are rows of their own, written by the app that circulates something
(`services.inbox.reading_items_send`) and marked read by their recipient.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .workflow import Subsystem


class ReadingItem(models.Model):
    """One thing for one person to read (待阅 until `read_at` is set, then 已阅)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reading_items",
        verbose_name=_("接收人"),
        db_index=False,  # "reading_recipient" below starts with it
    )
    subsystem = models.CharField(_("子系统"), max_length=16, choices=Subsystem.choices)
    title = models.CharField(_("标题"), max_length=200)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("送达时间"), default=timezone.now)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("待阅")
        verbose_name_plural = _("待阅")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The 待阅 tab and its count: my unread items, newest first.
            models.Index(
                fields=["recipient", "-created_at", "-id"],
                condition=Q(read_at__isnull=True),
                name="reading_unread",
            ),
            # The 已阅 tab.
            models.Index(fields=["recipient", "-created_at", "-id"], name="reading_recipient"),
        ]

    def __str__(self) -> str:
        return self.title
