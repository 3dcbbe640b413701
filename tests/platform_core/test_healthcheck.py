"""`manage.py healthcheck` against the real PostgreSQL and Redis, and with Redis unreachable."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

pytestmark = pytest.mark.django_db

CLOSED = "redis://127.0.0.1:6399/0"  # nothing listens here
CLOSED_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CLOSED,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_passes_against_real_services(capsys):
    call_command("healthcheck", "--skip-worker")
    out = capsys.readouterr().out
    assert "database: ok (postgresql)" in out
    assert "cache: ok" in out
    assert "broker: ok" in out
    assert "worker" not in out


@override_settings(CELERY_TASK_ALWAYS_EAGER=False, CACHES=CLOSED_CACHE, CELERY_BROKER_URL=CLOSED)
def test_names_the_parts_that_fail(capsys):
    with pytest.raises(CommandError) as excinfo:
        call_command("healthcheck", "--skip-worker")
    message = str(excinfo.value)
    assert "cache: " in message and "6399" in message
    assert "broker: " in message
    assert "database" not in message
    assert "database: ok" in capsys.readouterr().out


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_worker_missing_is_reported():
    # No Celery worker runs during the tests: the ping must time out and say so.
    with pytest.raises(CommandError, match="worker: no worker answered"):
        call_command("healthcheck")


@override_settings(CELERY_TASK_ALWAYS_EAGER=True, CELERY_BROKER_URL="memory://")
def test_inline_tasks_pass_without_broker(capsys):
    call_command("healthcheck")
    out = capsys.readouterr().out
    assert "broker: inline (demo)" in out
    assert "worker: inline (demo)" in out
