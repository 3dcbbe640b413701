"""Production settings refuse unsafe configuration and pass Django's deployment checks."""

import io
import os
import secrets
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "SECRET_KEY": secrets.token_urlsafe(48)[:64].ljust(64, "x"),
    "DATABASE_URL": "postgres://egov:secret@db.internal:5432/egov",
    "ALLOWED_HOSTS": "www.lanshan.gov.example.cn",
}


def _env(**overrides) -> dict[str, str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/")}
    env.update(GOOD)
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def _import_production(**overrides) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import config.settings.production"],
        cwd=ROOT,
        env=_env(**overrides),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_good_values_import():
    result = _import_production()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": "short-key"}, "SECRET_KEY"),
        ({"SECRET_KEY": "django-insecure-" + "a" * 60}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"DATABASE_URL": None}, "DATABASE_URL"),
    ],
)
def test_unsafe_configuration_is_refused(overrides, words):
    result = _import_production(**overrides)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert words in result.stderr


@pytest.mark.slow
def test_check_deploy_has_no_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_env(DJANGO_SETTINGS_MODULE="config.settings.production"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


DEMO_404 = """
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
for path in ("/no-such-page/", "/static/no-such-file.css"):
    response = client.get(path)
    print(response.status_code, response.content.decode())
print("STATIC", client.get("/static/portal/img/emblem.svg").status_code)
"""


def _database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db
def test_the_demo_shows_the_projects_chinese_404_not_djangos_debug_page(tmp_path):
    """The trial a county runs first (`make demo`) shows the pages its users will see."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/"),
        "DJANGO_SETTINGS_MODULE": "config.settings.demo",
        "EGOV_VAR_DIR": str(tmp_path),
        "DEMO_DATABASE_URL": _database_url(),  # the demo runs on PostgreSQL (range types, FTS)
    }
    proc = subprocess.run(
        [sys.executable, "-c", DEMO_404],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.count("404 ") == 2
    assert "页面不存在" in proc.stdout
    assert "DEBUG = True" not in proc.stdout and "Page not found" not in proc.stdout
    # Static files still come straight from the apps, without collectstatic.
    assert "STATIC 200" in proc.stdout


@pytest.mark.django_db
def test_create_database_creates_the_demo_database_once():
    """`make demo` creates its PostgreSQL database when missing, and repeating it is harmless."""
    from django.core.management import call_command
    from django.db import connection

    name = f"{connection.settings_dict['NAME']}_created"
    databases = {"default": {**settings.DATABASES["default"], "NAME": name}}

    def drop():
        maintenance = psycopg2.connect(
            dbname="postgres", user=connection.settings_dict["USER"],
            host=connection.settings_dict["HOST"], port=connection.settings_dict["PORT"] or 5432,
        )  # fmt: skip
        maintenance.autocommit = True
        with maintenance.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        maintenance.close()

    drop()
    try:
        with override_settings(DATABASES=databases):
            out = io.StringIO()
            call_command("create_database", stdout=out)
            call_command("create_database", stdout=out)
        assert out.getvalue().splitlines() == [
            f"create_database: created {name}",
            f"create_database: {name} exists",
        ]
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [name])
            assert cursor.fetchone() == (1,)
    finally:
        drop()
