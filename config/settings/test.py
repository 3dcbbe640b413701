"""Test mode: the real stack (PostgreSQL and Redis), fast password hashing, in-memory mail/SMS."""

import os

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, STATIC_ROOT

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_egov")}
# Parallel runs (several developers on one machine) use their own REDIS_URL database number.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("CACHE_KEY_PREFIX", "egov-test")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "platform_core.sms.LocmemSmsBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

# WhiteNoise warns on every request when the collected-static directory is missing.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
