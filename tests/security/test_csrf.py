"""CSRF: every state-changing endpoint refuses a POST without a token, for every kind of visitor.

Walks the whole URL configuration (as tests/platform_core/test_bad_input.py does for bad IDs) and
posts with a client that enforces CSRF checks. The CSRF middleware decides before the view runs,
so IDs that do not exist are fine: a refused request gets the CSRF failure page (403, "页面已过期"),
whatever the view would have done. The one deliberate exemption is the REST API under /api/
(listed in CSRF_EXEMPT, checked separately below): it authenticates systems by token only.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
SAMPLE = {"int": "1", "slug": "sample", "str": "sample", "path": "sample"}
# Deliberately CSRF-exempt route prefixes -> reason. Keep this list short and reviewed.
CSRF_EXEMPT: dict[str, str] = {
    "api/": (
        "REST API for other government systems: ApiTokenAuthentication only (an Authorization "
        "header a forged cross-site request cannot carry), no session authentication, read-only; "
        "Open311 (api/open311/v2/) takes no session either: a submission names an api_key or "
        "an SMS code in its own body, which a forged cross-site request cannot know"
    ),
    # Single sign-on (统一身份认证), django-oauth-toolkit's back-channel endpoints: called by the
    # client system's server with its client credentials (and the PKCE verifier), never with
    # the user's session. The authorisation page (/o/authorize/) keeps its CSRF check.
    "o/token/": "OpenID Connect token endpoint: client authentication, no session",
    "o/revoke_token/": "OAuth 2.0 token revocation (RFC 7009): client authentication",
    "o/introspect/": "OAuth 2.0 token introspection (RFC 7662): client or bearer authentication",
    "o/userinfo/": "OpenID Connect userinfo: the access token in the Authorization header only",
    "o/^": "OpenID Connect discovery (a regular-expression route, GET only): no form",
}
CSRF_PAGE_TITLE = "页面已过期"


def _routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _post_urls():
    urls = {}
    for route, callback in _routes():
        if route.startswith("admin/") or route.startswith(tuple(CSRF_EXEMPT)):
            continue
        if route.startswith("^"):
            # The published-site catch-all: a POST to a published page must be refused too.
            urls["/zwgk/index.html"] = callback
            continue
        urls["/" + PARAM.sub(lambda m: SAMPLE[m.group(1) or "str"], route)] = callback
    # Django admin's own forms are state-changing too: its login and one change form.
    urls["/admin/login/"] = None
    urls["/admin/platform_core/user/1/change/"] = None
    return urls


POST_URLS = _post_urls()


def test_no_view_outside_the_list_is_csrf_exempt():
    exempt = [url for url, cb in POST_URLS.items() if cb and getattr(cb, "csrf_exempt", False)]
    assert exempt == [], f"CSRF-exempt views not listed in CSRF_EXEMPT: {exempt}"
    assert len(POST_URLS) > 80


API_URLS = ["/api/schema/", "/api/items/", "/api/items/sample/", "/api/applications/"]


@pytest.mark.django_db
def test_the_exempt_api_takes_no_session_and_writes_nothing(superuser):
    from approval.api.authentication import api_client_create

    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    for url in API_URLS[1:]:
        # A browser session (what a CSRF attack would ride on) is not an API credential.
        assert client.get(url).status_code in (401, 403), url
        assert client.post(url, {"name": "x"}).status_code in (401, 403), url
    _api_client, token = api_client_create(name="省级监察系统", scopes=["items:read"])
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    assert client.get("/api/items/", **auth).status_code == 200
    # Even with a valid token, nothing can be written: the API is read-only.
    for url in API_URLS:
        for method in (client.post, client.put, client.patch, client.delete):
            assert method(url, **auth).status_code in (403, 404, 405), (method.__name__, url)


@pytest.fixture
def visitors(citizen, clerk, superuser):
    return {"anonymous": None, "citizen": citizen, "staff": clerk, "superuser": superuser}


@pytest.mark.django_db
def test_every_post_without_token_is_refused(visitors):
    accepted = {}
    for who, user in visitors.items():
        client = Client(enforce_csrf_checks=True)
        if user is not None:
            client.force_login(user)
        for url in POST_URLS:
            response = client.post(url, {"title": "x", "q": "x", "mobile": "13812345678"})
            if response.status_code != 403 or CSRF_PAGE_TITLE not in response.text:
                accepted[f"{who} POST {url}"] = response.status_code
    assert not accepted, accepted


@pytest.mark.django_db
def test_put_patch_delete_without_token_are_refused_too(superuser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    for method in (client.put, client.patch, client.delete):
        for url in ("/office/org/people/1/deactivate/", "/office/portal/articles/1/edit/"):
            assert method(url).status_code == 403, (method.__name__, url)


@pytest.mark.django_db
def test_a_wrong_token_or_foreign_origin_is_refused(citizen):
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    client.get("/service/progress/")  # a page with a form sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    wrong = client.post("/accounts/logout/", {"csrfmiddlewaretoken": "x" * 64})
    assert wrong.status_code == 403
    # Over HTTPS Django also checks the Origin/Referer: a forged cross-site post is refused.
    forged = client.post(
        "/accounts/logout/",
        {"csrfmiddlewaretoken": token},
        secure=True,
        HTTP_ORIGIN="https://evil.example.com",
    )
    assert forged.status_code == 403
    # The same post with the right token from our own page works: the check is not vacuous.
    ok = client.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert ok.status_code == 302
    assert "_auth_user_id" not in client.session
