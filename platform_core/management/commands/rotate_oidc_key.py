"""Rotate the RSA key that signs single sign-on ID tokens (统一身份认证签名密钥轮换)."""

from django.core.management.base import BaseCommand

from platform_core.models import OidcSigningKey
from platform_core.services.oidc import signing_key_rotate


class Command(BaseCommand):
    help = "生成新的身份令牌签名密钥；原密钥停用但仍公布到下一次轮换，已签发的令牌仍可验证。"

    def handle(self, *args, **options):
        key = signing_key_rotate()
        previous = OidcSigningKey.objects.filter(is_current=False).order_by("-retired_at").first()
        self.stdout.write(f"当前密钥：{key.kid}")
        if previous is not None:
            self.stdout.write(f"上一密钥（仍在 JWKS 中公布）：{previous.kid}")
