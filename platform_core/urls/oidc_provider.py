"""The OpenID Connect provider's endpoints under /o/ (namespace `oauth2_provider`, which
django-oauth-toolkit reverses). Only what the authorisation code flow needs is exposed: no
dynamic client registration, no device flow, no self-service application pages (clients are
registered by the system administrator at /office/sso/clients/)."""

from django.urls import path, re_path
from oauth2_provider import views

from ..views.oidc import EgovAuthorizationView, with_signing_keys

app_name = "oauth2_provider"

urlpatterns = [
    path("authorize/", with_signing_keys(EgovAuthorizationView.as_view()), name="authorize"),
    path("token/", with_signing_keys(views.TokenView.as_view()), name="token"),
    path("revoke_token/", with_signing_keys(views.RevokeTokenView.as_view()), name="revoke-token"),
    path("introspect/", with_signing_keys(views.IntrospectTokenView.as_view()), name="introspect"),
    re_path(
        r"^\.well-known/openid-configuration/?$",
        with_signing_keys(views.ConnectDiscoveryInfoView.as_view()),
        name="oidc-connect-discovery-info",
    ),
    path(
        ".well-known/jwks.json",
        with_signing_keys(views.JwksInfoView.as_view()),
        name="jwks-info",
    ),
    path("userinfo/", with_signing_keys(views.UserInfoView.as_view()), name="user-info"),
    path(
        "logout/",
        with_signing_keys(views.RPInitiatedLogoutView.as_view()),
        name="rp-initiated-logout",
    ),
]
