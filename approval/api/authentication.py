"""Token authentication per calling system, and the scope check.

Each system (ApiClient) holds one random token; only its SHA-256 is stored, so a database leak
does not reveal working tokens. A request authenticates as that system, never as a staff member:
what it may read is its list of scopes ("items:read", "applications:read"), checked per view.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission

from approval.models.supervision import ApiClient

KEYWORD = "Token"
# "open311:submit": may post citizens' requests to 政民互动 through the Open311 API (the key is
# checked for interaction by client_name_for_token, wired in by the portal).
SCOPES = ("items:read", "applications:read", "open311:submit")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_client_create(*, name: str, scopes: list[str]) -> tuple[ApiClient, str]:
    """登记接口调用系统：生成令牌（仅此一次返回明文），保存其摘要与授权范围。"""
    unknown = set(scopes) - set(SCOPES)
    if unknown:
        raise ValueError(f"unknown scopes: {sorted(unknown)}")
    token = secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        name=name, token_prefix=token[:8], token_hash=token_hash(token), scopes=sorted(scopes)
    )
    return client, token


def client_name_for_token(token: str, scope: str) -> str | None:
    """The name of the active calling system holding `token` and `scope` (None otherwise)."""
    if not token:
        return None
    client = (
        ApiClient.objects.filter(token_hash=token_hash(token), active=True)
        .only("pk", "name", "scopes")
        .first()
    )
    if client is None or scope not in client.scopes:
        return None
    ApiClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
    return client.name


class ApiPrincipal:
    """The calling system as `request.user`: authenticated, but no staff permissions at all."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    is_office_user = False
    pk = None

    def __init__(self, client: ApiClient):
        self.client = client
        # What templates and logs read of a user (an error page rendered for an API request).
        self.name = client.name
        self.username = f"api:{client.token_prefix}"

    def __str__(self) -> str:
        return self.client.name


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("令牌格式错误。")
        try:
            token = parts[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed("令牌格式错误。") from exc
        client = ApiClient.objects.filter(token_hash=token_hash(token), active=True).first()
        if client is None:
            raise exceptions.AuthenticationFailed("令牌无效或已停用。")
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
        return ApiPrincipal(client), client

    def authenticate_header(self, request):
        # Makes DRF answer 401 (with WWW-Authenticate) rather than 403 when no token is sent.
        return KEYWORD


class HasScope(BasePermission):
    """The calling system holds the view's `required_scope`."""

    message = "该系统未获授权访问此接口。"

    def has_permission(self, request, view):
        client = getattr(request.user, "client", None)
        if client is None:
            return False
        return getattr(view, "required_scope", None) in client.scopes


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "approval.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token <令牌>",
        }
