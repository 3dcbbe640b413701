"""Security headers on public and back-office pages, as a browser would receive them.

`manage.py check --deploy` under production settings is covered in tests/platform_core/
test_settings.py; here the headers themselves are read off real responses, with the production
values switched on by override_settings where the test settings differ (HSTS only on HTTPS).
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from platform_core.middleware import RENEW_EVERY_SECONDS, RENEWED_KEY

PUBLIC_PAGES = [
    "/",
    "/search/?q=营业执照",
    "/service/",
    "/service/progress/",
    "/accounts/login/",
    "/office/login/",
]
OFFICE_PAGES = ["/office/", "/office/inbox/", "/office/org/", "/office/portal/"]
PRODUCTION_LIKE = {
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


def _directives(policy: str) -> dict[str, list[str]]:
    result = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            result[words[0]] = words[1:]
    return result


def _assert_headers(response, url):
    assert response.status_code == 200, (url, response.status_code)
    policy = response.get("Content-Security-Policy")
    assert policy, f"{url}: no Content-Security-Policy"
    directives = _directives(policy)
    # Scripts: own host only; no inline script, no eval, no wildcard, no other host.
    scripts = directives.get("script-src") or directives["default-src"]
    assert scripts == ["'self'"], (url, scripts)
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in directives.get("style-src", [])
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_headers(client, url):
    _assert_headers(client.get(url), url)


@pytest.mark.django_db
@pytest.mark.parametrize("url", OFFICE_PAGES)
def test_office_page_headers(client, superuser, url):
    client.force_login(superuser)
    _assert_headers(client.get(url), url)


@pytest.mark.django_db
def test_error_pages_carry_the_headers_too(client):
    response = client.get("/no-such-page/at-all/")
    assert response.status_code == 404
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
@override_settings(**PRODUCTION_LIKE)
@pytest.mark.parametrize("url", ["/", "/service/", "/accounts/login/", "/office/login/"])
def test_production_https_gets_hsts_and_secure_cookies(client, url):
    response = client.get(url, secure=True)
    _assert_headers(response, url)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    # A form page sets the CSRF cookie: under production settings it is Secure.
    if "csrftoken" in response.cookies:
        assert response.cookies["csrftoken"]["secure"]


@pytest.mark.django_db
@override_settings(**PRODUCTION_LIKE)
def test_production_plain_http_is_redirected_to_https(client):
    response = client.get("/service/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    # No HSTS on plain HTTP: browsers ignore it there, and the spec says not to send it.
    assert "Strict-Transport-Security" not in response


@pytest.mark.django_db
@override_settings(**PRODUCTION_LIKE)
def test_production_session_cookie_is_secure_httponly_lax(client, citizen):
    client.force_login(citizen)
    # The idle expiry is renewed when the last renewal is a minute old (set at login), and the
    # renewed session cookie is sent again: with flags.
    session = client.session
    session[RENEWED_KEY] -= RENEW_EVERY_SECONDS
    session.save()
    response = client.get("/accounts/", secure=True)
    assert response.status_code == 200
    renewed = response.cookies["sessionid"]
    assert renewed["secure"] and renewed["httponly"]
    assert renewed["samesite"] == "Lax"


NGINX_CONF = settings.BASE_DIR / "config" / "deploy" / "nginx.conf"


def _nginx_location_headers(location: str) -> dict[str, str]:
    text = NGINX_CONF.read_text(encoding="utf-8")
    block = re.search(r"location " + re.escape(location) + r" \{(.*?)\n    \}", text, re.S)
    assert block, f"nginx.conf has no `location {location}` block"
    return {
        name: value.strip('"')
        for name, value in re.findall(r"add_header ([\w-]+) (\"[^\"]*\"|\S+);", block.group(1))
    }


def test_published_pages_served_by_nginx_get_the_same_headers():
    # In production nginx serves the published portal files itself, without Django.
    headers = _nginx_location_headers("/")
    assert headers["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == settings.X_FRAME_OPTIONS
    assert headers["Referrer-Policy"] == settings.SECURE_REFERRER_POLICY
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_uploaded_files_are_never_rendered_as_pages_by_nginx():
    headers = _nginx_location_headers("/media/")
    assert headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "internal;" in NGINX_CONF.read_text(encoding="utf-8")


def test_published_attachments_are_inert_files_on_nginx():
    headers = _nginx_location_headers("/files/")
    assert "sandbox" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_nginx_accepts_the_configuration(tmp_path):
    """`nginx -t` on the deployed configuration (the compose service name of the upstream
    replaced by loopback: there is no `web` host here)."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("nginx is not installed (config/deploy/ensure-services.sh installs it)")
    site = tmp_path / "site.conf"
    site.write_text(
        NGINX_CONF.read_text(encoding="utf-8").replace("server web:8000;", "server 127.0.0.1:9;")
    )
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {site};\n}}\n"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [nginx, "-t", "-q", "-c", str(main), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
