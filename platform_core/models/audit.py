"""Login audit. Master-data changes are audited by django-simple-history on each model.

Rows here and in every historical table are append-only: PostgreSQL triggers (migration 0002)
refuse UPDATE and DELETE, and the admin shows them read-only.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermission
from simple_history import register

from ..constants import LoginEventKind, UserKind


class LoginEvent(models.Model):
    append_only = True  # see platform_core.db
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="login_events",
        verbose_name=_("用户"),
    )
    username = models.CharField(_("登录名"), max_length=150, blank=True)
    kind = models.CharField(_("事件"), max_length=16, choices=LoginEventKind.choices)
    user_kind = models.CharField(_("用户类型"), max_length=16, choices=UserKind.choices, blank=True)
    method = models.CharField(_("方式"), max_length=16, default="password")
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("登录日志")
        verbose_name_plural = _("登录日志")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "-created_at"])]
        permissions = [("view_audit", _("可查阅审计日志"))]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_kind_display()}"


# Grants of object permissions are master data too: keep their history like the rest.
register(UserObjectPermission, app="platform_core", verbose_name=_("对象权限授予"))
