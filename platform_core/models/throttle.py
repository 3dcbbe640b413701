"""Counters for rate limits and lockouts kept in PostgreSQL (ADR 0005, ADR 0006)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FallbackCounter(models.Model):
    """A rate-limit counter written here while Redis is unreachable (platform_core/cache.py).

    Keyed like the cache entry it stands in for; a row past `expires_at` counts as absent and is
    deleted by the daily housekeeping task.
    """

    key = models.CharField(max_length=250, primary_key=True, verbose_name=_("计数键"))
    value = models.BigIntegerField(default=0, verbose_name=_("计数"))
    expires_at = models.DateTimeField(db_index=True, verbose_name=_("失效时间"))

    class Meta:
        verbose_name = _("限流计数（缓存故障时）")
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.key}={self.value}"
