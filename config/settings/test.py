"""Test mode: the real stack (PostgreSQL and Redis), fast password hashing, in-memory mail/SMS."""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

# Under pytest-xdist every worker process gets its own Redis database number, cache prefix and
# var/ directory (media, published site, collected static), so that `cache.clear()` in one worker
# never wipes another's rate limits and two workers never publish into the same files. pytest-django
# already gives each worker its own test database (`test_egov_gw0`, ...). The environment is set
# before base.py reads it, so subprocesses started by tests (gunicorn, Celery) inherit the same.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER.startswith("gw") and not os.environ.get("EGOV_TEST_WORKER_ISOLATED"):
    _n = int(_WORKER[2:])
    _redis = urlsplit(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    _db = int(_redis.path.lstrip("/") or 0)
    os.environ["REDIS_URL"] = urlunsplit(_redis._replace(path=f"/{(_db + 1 + _n) % 16}"))
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ["CACHE_KEY_PREFIX"] = f"{os.environ.get('CACHE_KEY_PREFIX', 'egov-test')}-{_WORKER}"
    _var = Path(os.environ.get("EGOV_VAR_DIR", Path(__file__).resolve().parents[2] / "var"))
    os.environ["EGOV_VAR_DIR"] = str(_var / f"test-{_WORKER}")
    os.environ.pop("MEDIA_ROOT", None)
    os.environ.pop("PUBLISH_ROOT", None)
    os.environ["EGOV_TEST_WORKER_ISOLATED"] = "1"

from .base import *  # noqa: E402, F403
from .base import CACHES, DATABASES, STATIC_ROOT  # noqa: E402

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_egov")}
# Parallel runs (several developers on one machine) use their own REDIS_URL database number.
for _alias in CACHES.values():
    _alias["KEY_PREFIX"] = os.environ.get("CACHE_KEY_PREFIX", "egov-test")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "platform_core.sms.LocmemSmsBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

# WhiteNoise warns on every request when the collected-static directory is missing.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
