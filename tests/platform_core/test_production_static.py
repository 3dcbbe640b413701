"""Production starts: `collectstatic` with the production settings, pages rendered from its
manifest, and a login over plain HTTP in the README's trial setup.

`collectstatic` once stopped on viewflow's bundled npm copies (MissingFileError for
`viewflow/fonts/roboto/node_modules/roboto-fontface/css/roboto/Roboto-Thin.woff2`), so the
docker-compose `web` command never reached gunicorn and every `{% static %}` raised "Missing
staticfiles manifest entry". These tests run the real command in a subprocess, as the compose
file does, into a temporary directory.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client, override_settings

from tests.factories import DEFAULT_PASSWORD, StaffFactory
from tests.faults.servers import free_port, start_gunicorn, stop

ROOT = Path(__file__).resolve().parents[2]
STATIC_URL = re.compile(r"""(?:src|href)="(/static/[^"?#]+)""")


def production_env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/egov"),
        "EGOV_VAR_DIR": str(var_dir),
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    env.pop("EGOV_TEST_WORKER_ISOLATED", None)
    return env


def manage(env: dict, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """The static files collected with the production settings, and those settings' storages."""
    var_dir = tmp_path_factory.mktemp("production-var")
    env = production_env(var_dir)
    result = manage(env, "collectstatic", "--noinput")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    shown = manage(
        env,
        "shell",
        "-c",
        "import json; from django.conf import settings; "
        "print(json.dumps({'STORAGES': settings.STORAGES, "
        "'STATIC_ROOT': str(settings.STATIC_ROOT)}))",
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr
    production = json.loads(shown.stdout.strip().splitlines()[-1])
    return {"var_dir": var_dir, **production}


@pytest.mark.slow
def test_collectstatic_leaves_out_viewflows_unused_bundles_only(collected):
    static_root = Path(collected["STATIC_ROOT"])
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    assert not [p for p in manifest if "node_modules" in p or p.startswith("viewflow/js/contrib")]
    # What viewflow's own templates load is there, fonts included.
    for path in (
        "viewflow/css/viewflow.min.css",
        "viewflow/js/viewflow.min.js",
        "viewflow/fonts/roboto/roboto-fontface.css",
        "viewflow/fonts/roboto/Roboto-Thin.woff2",
        "viewflow/fonts/material-icons/material-icons.css",
        "viewflow/img/favicon.png",
    ):
        assert path in manifest, path
    # runserver and findstatic do not find the skipped files either.
    assert finders.find("viewflow/fonts/roboto/roboto-fontface.css")
    assert not finders.find(
        "viewflow/fonts/roboto/node_modules/roboto-fontface/css/roboto/roboto-fontface.css"
    )


def _assert_static_from_manifest(html: str, static_root: Path) -> None:
    urls = STATIC_URL.findall(html)
    assert urls, "the page loads no static file"
    for url in urls:
        name = url.removeprefix("/static/")
        # The manifest storage names files by content hash: name.<12 hex>.ext
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", name), url
        assert (static_root / name).is_file(), url


@pytest.mark.slow
@pytest.mark.django_db
def test_pages_render_with_the_production_manifest(collected, gov):
    static_root = Path(collected["STATIC_ROOT"])
    admin = StaffFactory(is_staff=True, is_superuser=True, username="root")
    with override_settings(STORAGES=collected["STORAGES"], STATIC_ROOT=static_root, DEBUG=False):
        client = Client()
        client.force_login(admin)
        for url in ("/", "/office/", "/office/inbox/", "/admin/"):
            response = client.get(url, secure=True)
            assert response.status_code == 200, (url, response.status_code)
            _assert_static_from_manifest(response.content.decode(), static_root)


def _form_fields(html: str) -> dict[str, str]:
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token, "no CSRF token in the form"
    return {"csrfmiddlewaretoken": token[1]}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_trial_on_plain_http_can_log_in(collected, gov, tmp_path):
    """README: SECURE_SSL_REDIRECT=false SECURE_COOKIES=false on http://localhost, under gunicorn.

    urllib's cookie jar, like a browser, never sends a Secure cookie over HTTP: with the Secure
    flags on, the CSRF cookie is not sent back and the login POST is refused (403).
    """
    staff = StaffFactory(username="trial")
    # The test settings hash with MD5 for speed; production knows Django's default hashers only.
    hasher = PBKDF2PasswordHasher()
    staff.password = hasher.encode(DEFAULT_PASSWORD, hasher.salt())
    staff.save(update_fields=["password"])
    port = free_port()
    env = production_env(
        collected["var_dir"],
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        DATABASE_URL=(
            f"postgres://{connection.settings_dict['USER'] or 'postgres'}@"
            f"{connection.settings_dict['HOST'] or '127.0.0.1'}:"
            f"{connection.settings_dict['PORT'] or 5432}/{connection.settings_dict['NAME']}"
        ),
        DB_CONN_MAX_AGE="0",
    )
    server = start_gunicorn(env, port, tmp_path / "gunicorn.log", workers=1)
    try:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
        base = f"http://127.0.0.1:{port}"
        with opener.open(f"{base}/office/login/", timeout=30) as page:
            assert page.status == 200
            html = page.read().decode()
        assert {c.name for c in jar} >= {"csrftoken"}
        assert not any(c.secure for c in jar)
        data = {**_form_fields(html), "username": staff.username, "password": DEFAULT_PASSWORD}
        request = urllib.request.Request(
            f"{base}/office/login/",
            data=urllib.parse.urlencode(data).encode(),
            headers={"Referer": f"{base}/office/login/"},
        )
        try:
            with opener.open(request, timeout=30) as page:
                body = page.read().decode()
            raise AssertionError("the login did not redirect: " + body[-3000:])
        except urllib.error.HTTPError as exc:
            assert exc.code == 302, (exc.code, (tmp_path / "gunicorn.log").read_text()[-3000:])
            assert exc.headers["Location"] == "/office/"
        with opener.open(f"{base}/office/", timeout=30) as page:
            assert page.status == 200
            assert staff.name in page.read().decode()
    finally:
        stop(server)


def test_secure_cookies_are_on_unless_switched_off(tmp_path):
    code = (
        "from django.conf import settings; "
        "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
    )
    for extra, expected in (({}, "True True"), ({"SECURE_COOKIES": "false"}, "False False")):
        result = manage(production_env(tmp_path, **extra), "shell", "-c", code, timeout=120)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[-1] == expected
        assert ("SECURE_COOKIES=false" in result.stderr) == bool(extra)
