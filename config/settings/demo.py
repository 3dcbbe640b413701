"""Demo mode: a first run on a laptop with nothing but Python.

SQLite file under var/, tasks run inline, a local-memory cache, SMS printed to the console.
"""

import os

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
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "demo.sqlite3",
        "OPTIONS": {"timeout": 20},
    }
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
