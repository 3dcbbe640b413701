"""Single sign-on (统一身份认证): signing keys, client registration, audience, claims, logout.

django-oauth-toolkit runs the OpenID Connect protocol; this module holds the county's rules:
- a client serves one audience (staff or citizen) and only that kind of account may authorise it;
- claims: 姓名 (profile), 单位 (unit), 岗位 (posts), 角色 (roles), from the person's current posts;
- RSA signing keys live in the database and rotate; the JWKS publishes the current and the
  previous key;
- logging out here logs the person out of the clients they used (back-channel logout tokens).
"""

from __future__ import annotations

import logging
import secrets
import time
import uuid
from collections.abc import Callable

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from jwcrypto import jwk, jwt
from oauth2_provider.models import get_access_token_model, get_application_model
from oauth2_provider.settings import oauth2_settings

from ..constants import UserKind
from ..models import OidcClient, OidcSigningKey, Post, User

logger = logging.getLogger(__name__)

KEY_SIZE = 2048
BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout"

Application = get_application_model()


# --- Signing keys -------------------------------------------------------------------------------


def _new_key() -> tuple[str, str]:
    key = jwk.JWK.generate(kty="RSA", size=KEY_SIZE)
    pem = key.export_to_pem(private_key=True, password=None).decode("ascii")
    return key.thumbprint(), pem


@transaction.atomic
def signing_key_rotate() -> OidcSigningKey:
    """生成新的签名密钥并设为当前密钥；原当前密钥停用，但仍在 JWKS 中公布，直到下一次轮换。"""
    now = timezone.now()
    OidcSigningKey.objects.select_for_update().filter(is_current=True).update(
        is_current=False, retired_at=now
    )
    kid, pem = _new_key()
    key = OidcSigningKey.objects.create(kid=kid, private_pem=pem, is_current=True)
    _loaded["ids"] = None  # this process reloads at its next OIDC request
    return key


def signing_keys() -> list[OidcSigningKey]:
    """The current key first, then the previous one (at most two). A first key is made if none."""
    keys = list(OidcSigningKey.objects.order_by("-is_current", "-created_at", "-id")[:2])
    if not keys or not keys[0].is_current:
        signing_key_rotate()
        keys = list(OidcSigningKey.objects.order_by("-is_current", "-created_at", "-id")[:2])
    return keys


_loaded: dict = {"ids": None}


def signing_keys_load() -> None:
    """Put the current and previous keys into django-oauth-toolkit's settings (one query).

    Called before every OIDC request, so a rotation made by another process takes effect at once.
    """
    keys = signing_keys()
    ids = tuple(key.pk for key in keys)
    if _loaded["ids"] == ids:
        return
    user_settings = oauth2_settings.user_settings
    user_settings["OIDC_RSA_PRIVATE_KEY"] = keys[0].private_pem
    user_settings["OIDC_RSA_PRIVATE_KEYS_INACTIVE"] = [key.private_pem for key in keys[1:]]
    for attr in ("OIDC_RSA_PRIVATE_KEY", "OIDC_RSA_PRIVATE_KEYS_INACTIVE"):
        oauth2_settings.__dict__.pop(attr, None)
        oauth2_settings._cached_attrs.discard(attr)
    _loaded["ids"] = ids


def verification_key(kid: str) -> jwk.JWK | None:
    """The public key with this id, if it is still published (current or previous)."""
    for key in signing_keys():
        if key.kid == kid:
            return jwk.JWK.from_pem(key.private_pem.encode("ascii"))
    return None


# --- Clients ------------------------------------------------------------------------------------


@transaction.atomic
def client_register(
    *,
    by: User,
    name: str,
    audience: str,
    redirect_uris: str,
    post_logout_redirect_uris: str = "",
    skip_authorization: bool = False,
    confidential: bool = True,
    backchannel_logout_uri: str = "",
    owner_unit_name: str = "",
    contact: str = "",
) -> tuple[OidcClient, str]:
    """登记接入系统。Returns the client and, for a confidential client, its secret in clear text:
    shown once to the administrator, stored only as a hash."""
    if audience not in UserKind.values:
        raise ValueError(audience)
    signing_keys_load()  # the model's clean() wants a key for RS256
    secret = secrets.token_urlsafe(32) if confidential else ""
    application = Application(
        name=name,
        user=by,
        client_type=(
            Application.CLIENT_CONFIDENTIAL if confidential else Application.CLIENT_PUBLIC
        ),
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uris.strip(),
        post_logout_redirect_uris=post_logout_redirect_uris.strip(),
        skip_authorization=skip_authorization,
        algorithm=Application.RS256_ALGORITHM,
        client_secret=secret,
        hash_client_secret=True,
    )
    application.full_clean(exclude=["client_secret"])
    application.save()
    client = OidcClient(
        application=application,
        audience=audience,
        backchannel_logout_uri=backchannel_logout_uri,
        owner_unit_name=owner_unit_name,
        contact=contact,
    )
    client._history_user = by
    client.full_clean(exclude=["application"])
    client.save()
    return client, secret


@transaction.atomic
def client_update(client: OidcClient, *, by: User, **changes) -> OidcClient:
    """修改接入系统：回调地址、免授权确认、退出通知地址、启用状态等（用户类型不可改）。"""
    app_fields = {"name", "redirect_uris", "post_logout_redirect_uris", "skip_authorization"}
    application = client.application
    for name, value in changes.items():
        if name in app_fields:
            setattr(application, name, value.strip() if isinstance(value, str) else value)
        elif name in {
            "backchannel_logout_uri",
            "owner_unit_name",
            "contact",
            "is_active",
        }:
            setattr(client, name, value)
        else:
            raise ValueError(name)
    signing_keys_load()
    application.full_clean(exclude=["client_secret"])
    application.save()
    client._history_user = by
    client.save()
    if not client.is_active:
        get_access_token_model().objects.filter(application=application).delete()
    return client


def client_for(application) -> OidcClient | None:
    if application is None:
        return None
    try:
        return application.egov_client
    except OidcClient.DoesNotExist:
        return None


def may_authorise(user: User, application) -> bool:
    """May this account authorise this client? Only an active account of the client's audience,
    and only for an active client registered here (an unregistered Application serves no one)."""
    client = client_for(application)
    if client is None or not client.is_active or not user.is_active:
        return False
    return user.kind == client.audience


def login_url_for(application) -> str:
    """Where a person logs in before authorising: the staff or the citizen login page."""
    from django.urls import reverse

    client = client_for(application)
    if client is not None and client.audience == UserKind.CITIZEN:
        return reverse("platform_core:citizen_login")
    return reverse("platform_core:staff_login")


# --- Claims -------------------------------------------------------------------------------------


def _active_posts(user: User) -> list[Post]:
    cached = getattr(user, "_oidc_posts", None)
    if cached is None:
        cached = list(
            Post.objects.active()
            .filter(user=user)
            .select_related("unit", "role")
            .order_by("-is_primary", "id")
        )
        user._oidc_posts = cached
    return cached


def claims_for(user: User) -> dict:
    """Every claim this platform can give about a person; the validator keeps those whose scope
    was granted (name: profile; unit: unit; posts: posts; roles: roles)."""
    claims: dict = {"name": user.name, "preferred_username": user.get_username()}
    if user.kind != UserKind.STAFF:
        claims.update(unit=None, posts=[], roles=[])
        return claims
    posts = _active_posts(user)
    primary = posts[0] if posts else None
    claims["unit"] = (
        {"code": primary.unit.code, "name": primary.unit.name} if primary is not None else None
    )
    claims["posts"] = [
        {
            "unit": {"code": post.unit.code, "name": post.unit.name},
            "role": post.role.code,
            "role_name": post.role.name,
            "title": post.title,
            "primary": post.is_primary,
        }
        for post in posts
    ]
    claims["roles"] = sorted({post.role.code for post in posts})
    return claims


# --- Logout -------------------------------------------------------------------------------------


def logout_targets(user: User) -> list[OidcClient]:
    """The clients this person holds tokens for (they logged in there through us)."""
    app_ids = (
        get_access_token_model()
        .objects.filter(user=user)
        .values_list("application_id", flat=True)
        .distinct()
    )
    return list(
        OidcClient.objects.filter(application_id__in=app_ids, is_active=True).select_related(
            "application"
        )
    )


def logout_token(client: OidcClient, user: User, *, issuer: str) -> str:
    """A signed back-channel logout token (OpenID Connect Back-Channel Logout 1.0, section 2.4)."""
    key = signing_keys()[0]
    now = int(time.time())
    token = jwt.JWT(
        header={"alg": "RS256", "typ": "logout+jwt", "kid": key.kid},
        claims={
            "iss": issuer,
            "aud": client.application.client_id,
            "iat": now,
            "exp": now + 120,
            "jti": str(uuid.uuid4()),
            "sub": str(user.pk),
            "events": {BACKCHANNEL_EVENT: {}},
        },
    )
    token.make_signed_token(jwk.JWK.from_pem(key.private_pem.encode("ascii")))
    return token.serialize()


def user_logout_everywhere(user: User, *, issuer: Callable[[], str]) -> None:
    """退出登录时通知各接入系统：向登记了后端退出地址的系统发送退出令牌，并作废该用户的令牌。

    A client that does not answer is logged and does not stop the logout.
    """
    targets = logout_targets(user)
    for client in targets:
        if not client.backchannel_logout_uri:
            continue
        try:
            requests.post(
                client.backchannel_logout_uri,
                data={"logout_token": logout_token(client, user, issuer=issuer())},
                timeout=settings.OIDC_BACKCHANNEL_TIMEOUT_SECONDS,
            )
        except requests.RequestException:
            logger.warning("back-channel logout to client %s failed", client.pk, exc_info=True)
    get_access_token_model().objects.filter(user=user).delete()
