"""Single sign-on (统一身份认证): a real OpenID Connect client (oauthlib's WebApplicationClient
with PKCE, jwcrypto for the signature) completes the authorisation code flow against /o/."""

from __future__ import annotations

import json
from io import StringIO
from urllib.parse import urlparse

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from jwcrypto import jwk, jwt
from oauthlib.oauth2 import WebApplicationClient

from platform_core.constants import RoleCode, UserKind
from platform_core.models import OidcClient, OidcSigningKey
from platform_core.services import oidc as oidc_services
from tests.factories import CitizenFactory, staff_with_role

REDIRECT = "https://oa.example.gov.cn/oidc/callback"
SCOPES = ["openid", "profile", "unit", "posts", "roles"]


@pytest.fixture
def staff_client(sysadmin):
    client, secret = oidc_services.client_register(
        by=sysadmin,
        name="县档案管理系统",
        audience=UserKind.STAFF,
        redirect_uris=REDIRECT,
        post_logout_redirect_uris="https://oa.example.gov.cn/",
        skip_authorization=False,
    )
    return client, secret


def _rp(client_id):
    rp = WebApplicationClient(client_id)
    verifier = rp.create_code_verifier(64)
    rp.create_code_challenge(verifier, "S256")
    return rp, verifier


def _authorize_url(rp, state="st-1", nonce="n-1"):
    url = rp.prepare_request_uri(
        "https://testserver" + reverse("oauth2_provider:authorize"),
        redirect_uri=REDIRECT,
        scope=SCOPES,
        state=state,
        nonce=nonce,
        code_challenge=rp.code_challenge,
        code_challenge_method="S256",
    )
    parsed = urlparse(url)
    return f"{parsed.path}?{parsed.query}"


def _code_flow(client, rp, verifier, secret, user):
    """Log in, consent, exchange the code; returns the token response."""
    client.force_login(user)
    url = _authorize_url(rp)
    page = client.get(url)
    assert page.status_code == 200
    assert "县档案管理系统" in page.content.decode()
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["allow"] = "Authorize"
    answer = client.post(url, data)
    assert answer.status_code == 302
    location = answer["Location"]
    assert location.startswith(REDIRECT)
    params = rp.parse_request_uri_response(location, state="st-1")
    body = rp.prepare_request_body(
        code=params["code"],
        redirect_uri=REDIRECT,
        code_verifier=verifier,
        client_secret=secret,
        include_client_id=True,
    )
    token = client.post(
        reverse("oauth2_provider:token"),
        data=body,
        content_type="application/x-www-form-urlencoded",
    )
    assert token.status_code == 200, token.content
    return rp.parse_request_body_response(token.content.decode())


def _jwks(client):
    response = client.get(reverse("oauth2_provider:jwks-info"))
    assert response.status_code == 200
    return jwk.JWKSet.from_json(response.content.decode())


@pytest.mark.django_db
def test_staff_member_logs_in_through_oidc_and_the_client_reads_unit_and_roles(
    client, staff_client, gov
):
    app_client, secret = staff_client
    person = staff_with_role(RoleCode.REVIEW_CLERK, gov, name="李审批")
    rp, verifier = _rp(app_client.application.client_id)

    discovery = client.get("/o/.well-known/openid-configuration").json()
    assert discovery["jwks_uri"].endswith("/o/.well-known/jwks.json")
    assert "RS256" in discovery["id_token_signing_alg_values_supported"]

    tokens = _code_flow(client, rp, verifier, secret, person)

    # The ID token: signature checked against the published JWKS, then the claims.
    id_token = jwt.JWT(jwt=tokens["id_token"], key=_jwks(client), algs=["RS256"])
    claims = json.loads(id_token.claims)
    assert claims["aud"] == app_client.application.client_id
    assert claims["sub"] == str(person.pk)
    assert claims["nonce"] == "n-1"
    assert claims["iss"] == discovery["issuer"]
    assert claims["name"] == "李审批"
    assert claims["unit"] == {"code": gov.code, "name": gov.name}
    assert claims["roles"] == [RoleCode.REVIEW_CLERK]

    # userinfo with the access token, called by the client's back end (no session).
    info = Client().get(
        reverse("oauth2_provider:user-info"),
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )
    assert info.status_code == 200
    data = info.json()
    assert data["sub"] == str(person.pk)
    assert data["unit"]["name"] == gov.name
    assert data["roles"] == [RoleCode.REVIEW_CLERK]
    assert data["posts"][0]["role"] == RoleCode.REVIEW_CLERK


@pytest.mark.django_db
def test_code_exchange_without_the_pkce_verifier_is_refused(client, staff_client, gov):
    app_client, secret = staff_client
    person = staff_with_role(RoleCode.REVIEW_CLERK, gov)
    rp, _verifier = _rp(app_client.application.client_id)
    with pytest.raises(Exception, match="invalid_grant"):
        _code_flow(client, rp, "x" * 64, secret, person)


@pytest.mark.django_db
def test_authorise_without_pkce_is_refused(client, staff_client, gov):
    app_client, _secret = staff_client
    client.force_login(staff_with_role(RoleCode.REVIEW_CLERK, gov))
    rp = WebApplicationClient(app_client.application.client_id)
    url = rp.prepare_request_uri(
        "https://testserver/o/authorize/", redirect_uri=REDIRECT, scope=["openid"]
    )
    answer = client.get(url)
    assert answer.status_code == 302
    assert "error=invalid_request" in answer["Location"]


@pytest.mark.django_db
def test_citizen_cannot_log_into_a_staff_client(client, staff_client):
    app_client, _secret = staff_client
    rp, _verifier = _rp(app_client.application.client_id)
    client.force_login(CitizenFactory())
    page = client.get(_authorize_url(rp))
    assert page.status_code == 403
    assert "仅供工作人员使用" in page.content.decode()
    assert not page.has_header("Location")


@pytest.mark.django_db
def test_staff_cannot_log_into_a_citizen_client_and_anonymous_go_to_citizen_login(
    client, sysadmin, gov
):
    app_client, _secret = oidc_services.client_register(
        by=sysadmin, name="县便民服务系统", audience=UserKind.CITIZEN, redirect_uris=REDIRECT
    )
    rp, _verifier = _rp(app_client.application.client_id)
    url = _authorize_url(rp)
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("platform_core:citizen_login"))
    client.force_login(staff_with_role(RoleCode.REVIEW_CLERK, gov))
    page = client.get(url)
    assert page.status_code == 403
    assert "请使用公众用户账号登录" in page.content.decode()


@pytest.mark.django_db
def test_may_authorise_keeps_audiences_apart_and_stops_at_a_disabled_client(
    staff_client, sysadmin, gov
):
    """The rule behind the page and behind the validator's code exchange (validate_code)."""
    app_client, _secret = staff_client
    application = app_client.application
    staff = staff_with_role(RoleCode.REVIEW_CLERK, gov)
    assert oidc_services.may_authorise(staff, application)
    assert not oidc_services.may_authorise(CitizenFactory(), application)
    oidc_services.client_update(app_client, by=sysadmin, is_active=False)
    assert not oidc_services.may_authorise(staff, application)


@pytest.mark.django_db
def test_trusted_client_skips_consent(client, staff_client, sysadmin, gov):
    app_client, _secret = staff_client
    oidc_services.client_update(app_client, by=sysadmin, skip_authorization=True)
    rp, _verifier = _rp(app_client.application.client_id)
    client.force_login(staff_with_role(RoleCode.REVIEW_CLERK, gov))
    answer = client.get(_authorize_url(rp))
    assert answer.status_code == 302
    assert answer["Location"].startswith(REDIRECT)
    assert "code=" in answer["Location"]
    history = app_client.history.order_by("history_date")
    assert history.last().history_user == sysadmin


@pytest.mark.django_db
def test_key_rotation_keeps_the_previous_key_published(client, staff_client, gov):
    app_client, secret = staff_client
    person = staff_with_role(RoleCode.REVIEW_CLERK, gov)
    rp, verifier = _rp(app_client.application.client_id)
    tokens = _code_flow(client, rp, verifier, secret, person)
    old_kid = jwt.JWT(jwt=tokens["id_token"], key=_jwks(client)).token.jose_header["kid"]

    call_command("rotate_oidc_key", stdout=StringIO())
    current = OidcSigningKey.objects.get(is_current=True)
    assert current.kid != old_kid
    keyset = _jwks(client)
    kids = {key["kid"] for key in keyset}
    assert kids == {current.kid, old_kid}
    # A token signed before the rotation still verifies against the JWKS.
    jwt.JWT(jwt=tokens["id_token"], key=keyset, algs=["RS256"])

    # New tokens are signed with the new key.
    rp2, verifier2 = _rp(app_client.application.client_id)
    client.logout()
    tokens2 = _code_flow(client, rp2, verifier2, secret, person)
    signed = jwt.JWT(jwt=tokens2["id_token"], key=_jwks(client), algs=["RS256"])
    assert signed.token.jose_header["kid"] == current.kid

    # A second rotation retires the oldest key from the JWKS.
    call_command("rotate_oidc_key", stdout=StringIO())
    assert old_kid not in {key["kid"] for key in _jwks(client)}


@pytest.mark.django_db
def test_logout_here_logs_out_of_the_clients(client, staff_client, sysadmin, gov, monkeypatch):
    app_client, secret = staff_client
    oidc_services.client_update(
        app_client, by=sysadmin, backchannel_logout_uri="https://oa.example.gov.cn/oidc/logout"
    )
    person = staff_with_role(RoleCode.REVIEW_CLERK, gov)
    rp, verifier = _rp(app_client.application.client_id)
    tokens = _code_flow(client, rp, verifier, secret, person)
    sent = []
    monkeypatch.setattr(
        oidc_services.requests, "post", lambda url, data, timeout: sent.append((url, data))
    )
    client.post(reverse("platform_core:staff_logout"))
    assert len(sent) == 1
    url, data = sent[0]
    assert url == "https://oa.example.gov.cn/oidc/logout"
    logout = jwt.JWT(jwt=data["logout_token"], key=_jwks(client), algs=["RS256"])
    claims = json.loads(logout.claims)
    assert claims["sub"] == str(person.pk)
    assert claims["aud"] == app_client.application.client_id
    assert oidc_services.BACKCHANNEL_EVENT in claims["events"]
    # The access token no longer opens userinfo.
    info = client.get(
        reverse("oauth2_provider:user-info"),
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )
    assert info.status_code == 401


@pytest.mark.django_db
def test_rp_initiated_logout_ends_the_session(client, staff_client, gov):
    app_client, secret = staff_client
    person = staff_with_role(RoleCode.REVIEW_CLERK, gov)
    rp, verifier = _rp(app_client.application.client_id)
    tokens = _code_flow(client, rp, verifier, secret, person)
    answer = client.get(
        reverse("oauth2_provider:rp-initiated-logout"),
        {
            "id_token_hint": tokens["id_token"],
            "post_logout_redirect_uri": "https://oa.example.gov.cn/",
        },
    )
    assert answer.status_code == 302
    assert answer["Location"] == "https://oa.example.gov.cn/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_sysadmin_registers_a_client_on_the_back_office_page(client, sysadmin):
    client.force_login(sysadmin)
    page = client.post(
        reverse("platform_core:oidc_client_create"),
        {
            "name": "县不动产登记系统",
            "audience": UserKind.STAFF,
            "redirect_uris": "https://bdc.example.gov.cn/cb\nhttps://bdc2.example.gov.cn/cb",
            "confidential": "on",
            "skip_authorization": "on",
        },
    )
    assert page.status_code == 302
    registered = OidcClient.objects.get(application__name="县不动产登记系统")
    assert registered.application.skip_authorization
    assert registered.application.redirect_uris.split() == [
        "https://bdc.example.gov.cn/cb",
        "https://bdc2.example.gov.cn/cb",
    ]
    shown = client.get(page["Location"])
    assert shown.status_code == 200, (page["Location"], shown.status_code)
    secret = shown.context["secret"]
    assert secret and secret in shown.content.decode()
    assert registered.application.client_secret != secret  # only the hash is kept
    assert check_password(secret, registered.application.client_secret)
    assert not client.get(page["Location"]).context["secret"]  # shown once
    listing = client.get(reverse("platform_core:oidc_client_list"))
    assert "县不动产登记系统" in listing.content.decode()


@pytest.mark.django_db
def test_only_the_sysadmin_manages_clients(client, secadmin, gov):
    client.force_login(secadmin)
    assert client.get(reverse("platform_core:oidc_client_list")).status_code == 403
    client.force_login(staff_with_role(RoleCode.LEADER, gov))
    assert client.get(reverse("platform_core:oidc_client_create")).status_code == 403
