"""Single sign-on (统一身份认证): the OpenID Connect clients' audience and the signing keys.

The clients themselves are django-oauth-toolkit's `Application` rows; `OidcClient` adds what the
county needs on top: which kind of account may use the client (staff or citizen, never both), the
claims it may read, and where its users are logged out when they log out here (back-channel).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from oauth2_provider.settings import oauth2_settings
from simple_history.models import HistoricalRecords

from ..constants import UserKind


class OidcClient(models.Model):
    """A government system registered to log its users in with the county's accounts."""

    application = models.OneToOneField(
        oauth2_settings.APPLICATION_MODEL,
        on_delete=models.CASCADE,
        related_name="egov_client",
        verbose_name=_("接入应用"),
    )
    audience = models.CharField(
        _("用户类型"),
        max_length=16,
        choices=UserKind.choices,
        help_text=_("工作人员系统只允许工作人员账号登录，公众系统只允许公众用户账号登录。"),
    )
    owner_unit_name = models.CharField(_("建设单位"), max_length=128, blank=True)
    contact = models.CharField(_("联系人及电话"), max_length=128, blank=True)
    backchannel_logout_uri = models.URLField(
        _("后端退出通知地址"),
        blank=True,
        help_text=_("用户在本平台退出时，向该地址发送退出通知（OpenID Connect 后端通道退出）。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("统一身份认证接入系统")
        verbose_name_plural = _("统一身份认证接入系统")
        ordering = ["id"]
        permissions = [("manage_oidcclient", _("可登记统一身份认证接入系统"))]

    def __str__(self) -> str:
        return str(self.application.name)


class OidcSigningKey(models.Model):
    """An RSA key that signs ID tokens. One is current; the one before it stays published in the
    JWKS so that tokens signed just before a rotation still verify."""

    kid = models.CharField(_("密钥标识"), max_length=64, unique=True)
    private_pem = models.TextField(_("私钥（PEM）"))
    is_current = models.BooleanField(_("当前密钥"), default=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    retired_at = models.DateTimeField(_("停用时间"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["private_pem"])

    class Meta:
        verbose_name = _("身份令牌签名密钥")
        verbose_name_plural = _("身份令牌签名密钥")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_oidc_key",
            )
        ]

    def __str__(self) -> str:
        return self.kid
