"""Demo mode: a first run on a laptop with Python and a local PostgreSQL.

Database egov_demo (DEMO_DATABASE_URL), tasks run inline, a local-memory cache, no Redis, SMS
printed to the console.
"""

import os

import dj_database_url

from .base import *  # noqa: F403
from .base import VAR_DIR

# Not DEBUG: a trial shows what the county's users will see, the project's own Chinese 403, 404
# and 500 pages, never Django's English debug pages (which DEBUG = True puts on every 404).
# WhiteNoise serves the static files straight from the apps, without collectstatic.
DEBUG = False
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SECRET_KEY = os.environ.get("SECRET_KEY", "demo-only-insecure-key-not-for-production")
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

VAR_DIR.mkdir(parents=True, exist_ok=True)
# PostgreSQL, as in production: the system uses range types with an exclusion constraint (room
# bookings), full-text search vectors and trigram similarity, which SQLite cannot hold. The
# database is created by `make demo` (manage.py create_database) when it is missing.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DEMO_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/egov_demo"),
        conn_max_age=0,
    )
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
RATELIMIT_USE_CACHE = "default"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_BROKER_URL = "memory://"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
SMS_BACKEND = "platform_core.sms.ConsoleSmsBackend"
# django-ratelimit refuses a local-memory cache unless told it is fine for one process.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
