"""Settings shared by every running mode.

Every setting is declared here once, with a safe default, and read from the environment where an
operator may need to change it. `demo.py`, `test.py` and `production.py` only override what differs.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("EGOV_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------------------------
# No usable default: demo and test set their own, production refuses to start without one.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Libraries
    "treebeard",
    "guardian",
    "simple_history",
    "axes",
    "django_celery_beat",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "viewflow",
    "viewflow.workflow",
    # OpenID Connect provider (统一身份认证): other government systems log in with our accounts.
    "oauth2_provider",
    # Project apps, lowest layer first
    "platform_core",
    "disclosure",
    "oa",
    "interaction",
    "approval",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "platform_core.middleware.SecurityHeadersMiddleware",
    # Near the top: a database outage in any middleware below (sessions, users) or in a view
    # becomes the friendly 503 page, still with the security headers of the two above.
    "platform_core.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "platform_core.middleware.AccountPolicyMiddleware",
    # A NUL byte in the path, a query parameter or a form field: 400 before any view runs.
    "platform_core.middleware.RejectNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns django-ratelimit's refusal (block=True) into the 429 page of RATELIMIT_VIEW.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # AxesMiddleware last, as its documentation asks: it turns a lockout into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "platform_core.context_processors.display_preferences",
                "platform_core.context_processors.office",
                "oa.context_processors.mail",
                "portal.context_processors.portal",
                "portal.context_processors.public_chrome",
            ],
        },
    }
]

# --- Database, cache, broker ----------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/egov"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A PostgreSQL streaming replica (optional): read-only public queries (search, the service hall,
# progress lookup, statistics, the full publishing run) may read there; writes, transactions and
# what a reader has just written stay on the primary (platform_core/replica.py).
if os.environ.get("DATABASE_REPLICA_URL", "").strip():
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"].strip(),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["platform_core.replica.ReplicaRouter"]
    # Read-your-writes: outside the session middleware, so that a session saved counts as a write.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("platform_core.middleware.DatabaseUnavailableMiddleware") + 1,
        "platform_core.replica.ReplicaConsistencyMiddleware",
    )
# How long a page that must show the current state waits for a lagging replica before it reads
# from the primary instead; how long a browser's "I wrote up to here" mark is kept.
REPLICA_WAIT_SECONDS = float(os.environ.get("REPLICA_WAIT_SECONDS", "0.05"))
REPLICA_TOKEN_MAX_AGE = 24 * 3600
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
# Redis unreachable is not an error page (platform_core/cache.py, ADR 0005): the default cache
# then misses (callers read the database) and the rate-limit counters move to PostgreSQL.
_REDIS_CACHE = {
    "LOCATION": REDIS_URL,
    "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "egov"),
    "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
}
CACHES = {
    "default": {**_REDIS_CACHE, "BACKEND": "platform_core.cache.ResilientRedisCache"},
    "ratelimit": {**_REDIS_CACHE, "BACKEND": "platform_core.cache.RateLimitCache"},
}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_ACKS_LATE = True  # a task killed mid-way is delivered again
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# A task whose worker died (acks_late: never acknowledged) is handed out again after this many
# seconds; the outbox drain job (every 60 s) resends a pending message sooner anyway.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
    "socket_connect_timeout": 3,
}
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    # Safety net: rows whose task could not be queued (broker down) are picked up again.
    "outbox-drain": {"task": "platform_core.tasks.drain_outbox", "schedule": 60.0},
    # Nightly: orphaned draft form submissions and their files (older than a day), expired
    # PostgreSQL rate-limit counters.
    "platform-housekeeping": {
        "task": "platform_core.tasks.housekeeping",
        "schedule": crontab(hour=3, minute=15),
    },
    "inbox-remind": {"task": "platform_core.tasks_reminders.remind_due_tasks", "schedule": 1800.0},
    # 行政许可法 第三十二条: an application not handled within 5 working days counts as accepted.
    "approval-deem-acceptance": {
        "task": "approval.tasks.deem_overdue_acceptances",
        "schedule": crontab(hour=0, minute=30),
    },
    # 电子监察: yellow/red cards on open cases; provincial push of queued case events.
    "approval-supervision-scan": {"task": "approval.tasks.supervision_scan", "schedule": 900.0},
    # Generic clock supervision (disclosure's 20 working days and any other watched clock).
    "clock-cards-scan": {"task": "platform_core.tasks.clock_cards_scan", "schedule": 900.0},
    # Disclosure: review cases that ended or went back on the generic task pages.
    "disclosure-sync-reviews": {"task": "disclosure.tasks.sync_reviews", "schedule": 60.0},
    "approval-province-export": {"task": "approval.tasks.province_export", "schedule": 60.0},
    # The review route ended on the generic task pages: move the application on to 待决定.
    "approval-sync-reviews": {"task": "approval.tasks.sync_reviews", "schedule": 60.0},
    # Portal: publish/withdraw articles whose scheduled time has come; sync review cases.
    # OA calendar reminders (in-app, e-mail, SMS), each sent once per occurrence.
    "oa-calendar-reminders": {"task": "oa.tasks.scan_reminders", "schedule": 60.0},
    "oa-supervision-reminders": {"task": "oa.tasks.supervision_reminders", "schedule": 3600.0},
    "portal-scheduled-publishing": {"task": "portal.tasks.run_schedule", "schedule": 60.0},
    # Portal: page views and searches counted in Redis, added to PostgreSQL
    # (portal/services/stats.py; the task keeps its old name).
    "portal-stats-flush": {"task": "portal.stats.flush_stats", "schedule": 300.0},
    # disclosure (requests): clarification or fee period over unanswered: deemed withdrawn.
    "disclosure-requests-lapse": {
        "task": "disclosure.tasks.requests_lapse",
        "schedule": crontab(hour=0, minute=40),
    },
    # disclosure (annual report): from 1 January, last year's report in each officer's inbox.
    "disclosure-annual-reports-open": {
        "task": "disclosure.tasks.annual_reports_open",
        "schedule": crontab(hour=0, minute=50),
    },
    # interaction (意见征集): stop the comment clocks of closed drafts with every comment
    # moderated, before the day's first card scan sees them.
    "interaction-solicitations-settle": {
        "task": "interaction.tasks.solicitations_settle",
        "schedule": crontab(hour=0, minute=5),
    },
    # interaction: a reply not rated within 14 days closes the case (评议期满).
    "interaction-cases-close-unrated": {
        "task": "interaction.tasks.cases_close_unrated",
        "schedule": crontab(hour=0, minute=10),
    },
    # oa: the portal's 今日值班电话 follows the change of shift (00:00, 08:30, 17:30).
    "oa-duty-phone": {
        "task": "oa.tasks.duty_phone_refresh",
        "schedule": crontab(hour="0,8,17", minute="1,31"),
    },
    # oa: the SMS webhook's spent nonces, once their timestamps are refused anyway.
    "oa-sms-nonces": {"task": "oa.tasks.sms_nonces_purge", "schedule": 3600.0},
    # oa: notice reviews worked on the generic task pages publish (or return) the notice.
    "oa-notices-sync": {"task": "oa.tasks.notices_sync", "schedule": 60.0},
    # oa: mail files kept only for e-mails to outside addresses are removed once those left;
    # this catches any whose removal was missed.
    "oa-mail-files-sweep": {
        "task": "oa.tasks.mail_files_sweep",
        "schedule": crontab(hour=3, minute=45),
    },
}

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "platform_core.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out credentials before anything checks the password.
    "axes.backends.AxesStandaloneBackend",
    "platform_core.auth_backends.StaffBackend",
    "guardian.backends.ObjectPermissionBackend",
    # Restores the sessions of citizens logged in by SMS code; authenticates no one by password.
    "platform_core.auth_backends.CitizenSessionBackend",
]
LOGIN_URL = "platform_core:staff_login"
LOGIN_REDIRECT_URL = "platform_core:office_home"
LOGOUT_REDIRECT_URL = "portal:home"

# --- Single sign-on: OpenID Connect provider (django-oauth-toolkit) ---------------------------
# Signing keys live in the database (platform_core.OidcSigningKey, `manage.py rotate_oidc_key`);
# OidcKeyMiddleware puts the current and the previous key into these settings on /o/ requests.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "PKCE_REQUIRED": True,
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "OIDC_RP_INITIATED_LOGOUT_DELETE_TOKENS": True,
    "OAUTH2_VALIDATOR_CLASS": "platform_core.oidc.EgovOAuth2Validator",
    "SCOPES": {
        "openid": "身份标识",
        "profile": "姓名",
        "unit": "所在单位",
        "posts": "岗位",
        "roles": "角色",
    },
    "DEFAULT_SCOPES": ["openid"],
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "ID_TOKEN_EXPIRE_SECONDS": 3600,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http"],
    # RFC 9700 (OAuth 2.0 Security BCP): no implicit or password grant, PKCE S256 only, tokens
    # never in a query string, hashed at rest, refresh-token replay revokes the family, and the
    # `iss` authorization-response parameter (production also refuses http redirect URIs).
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
}
# How long a back-channel logout request to a client may take.
OIDC_BACKCHANNEL_TIMEOUT_SECONDS = 5

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "platform_core.password_validation.CharacterClassValidator"},
    {"NAME": "platform_core.password_validation.PasswordHistoryValidator"},
]
PASSWORD_HISTORY_COUNT = 5
STAFF_PASSWORD_MAX_AGE_DAYS = 90

# Staff sessions end after 30 idle minutes (the expiry is renewed on every request).
STAFF_SESSION_IDLE_SECONDS = 30 * 60
CITIZEN_SESSION_IDLE_SECONDS = 2 * 60 * 60
SESSION_COOKIE_AGE = CITIZEN_SESSION_IDLE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Login lockout (django-axes): 5 failures for one user name from one address lock it for 30 min.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "platform_core/lockout.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

# Citizen one-time SMS codes.
SMS_CODE_TTL_SECONDS = 5 * 60
SMS_CODE_RESEND_SECONDS = 60
SMS_CODE_MAX_PER_DAY = 10
SMS_CODE_MAX_ATTEMPTS = 5

# --- Notifications ----------------------------------------------------------------------------
SMS_BACKEND = os.environ.get("SMS_BACKEND", "platform_core.sms.ConsoleSmsBackend")
SMS_HTTP_GATEWAY_URL = os.environ.get("SMS_HTTP_GATEWAY_URL", "")
# A str.format template for the JSON body; fields: mobile, text, id.
SMS_HTTP_GATEWAY_TEMPLATE = os.environ.get(
    "SMS_HTTP_GATEWAY_TEMPLATE", '{{"mobile": "{mobile}", "content": "{text}", "msgid": "{id}"}}'
)
SMS_HTTP_GATEWAY_TIMEOUT = 5
SMS_SIGNATURE = os.environ.get("SMS_SIGNATURE", "【县人民政府】")
# The SMS gateway signs its webhook calls (replies, delivery reports) with this shared secret
# (HMAC-SHA256, oa.services.sms.webhook_verify); empty refuses every call.
OA_SMS_WEBHOOK_SECRET = os.environ.get("OA_SMS_WEBHOOK_SECRET", "")
OUTBOX_MAX_ATTEMPTS = 5
# The most an e-mail leaving the system may carry in attachments (the files, before encoding:
# base64 adds a third, and common mail servers refuse messages above 25-35 MB).
OUTBOX_EMAIL_ATTACHMENTS_MAX_BYTES = (
    int(os.environ.get("OUTBOX_EMAIL_ATTACHMENTS_MAX_MB", "20")) * 1024 * 1024
)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@gov.example.cn")

# --- To-do inbox ------------------------------------------------------------------------------
# A task is "due soon" when its time limit falls within this many working days from today.
INBOX_DUE_SOON_WORKING_DAYS = int(os.environ.get("INBOX_DUE_SOON_WORKING_DAYS", "1"))
# Overdue for more than this many working days: the unit head is told as well.
INBOX_ESCALATE_AFTER_WORKING_DAYS = int(os.environ.get("INBOX_ESCALATE_AFTER_WORKING_DAYS", "2"))

# --- Issued documents (PDF, seal, verification) -------------------------------------------------
# Class drawing the unit's seal on issued documents (platform_core/services/seal.py); an electronic
# seal service can replace it. The older name APPROVAL_SEAL_PROVIDER still wins when it is set.
SEAL_PROVIDER = os.environ.get("SEAL_PROVIDER", "platform_core.services.seal.LocalSealProvider")

# --- Internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Django's finders, except that the app finder leaves out the bundles viewflow ships but nothing
# loads (npm sources with broken font references, Dash): platform_core/staticfiles.py.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "platform_core.staticfiles.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# The public site's address, for absolute links in sitemap.xml and RSS feeds.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://localhost:8000")
# Published portal pages (written by `manage.py publish_site`, served by nginx in production).
PUBLISH_ROOT = Path(os.environ.get("PUBLISH_ROOT", VAR_DIR / "site"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# OA file centre (文件中心): the storage alias its content goes to (a key of STORAGES; production
# may point an "oa_files" alias at django-storages' S3Storage, see docs/files-storage.md), the
# largest upload, and the default quotas of a unit's department cabinet and a personal cabinet.
OA_FILES_STORAGE = os.environ.get("OA_FILES_STORAGE", "default")
OA_FILES_MAX_UPLOAD_MB = int(os.environ.get("OA_FILES_MAX_UPLOAD_MB", "50"))
OA_FILES_UNIT_QUOTA_MB = int(os.environ.get("OA_FILES_UNIT_QUOTA_MB", "5120"))
OA_FILES_PERSON_QUOTA_MB = int(os.environ.get("OA_FILES_PERSON_QUOTA_MB", "1024"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Largest article attachment or image accepted by the portal (nginx allows 20m per request).
PORTAL_UPLOAD_MAX_BYTES = int(os.environ.get("PORTAL_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))
# Portal review: the code of a published route for article review (empty: a free route to the
# unit's reviewers); the unit (code) whose staff handle investors' consultations (empty: the
# first editor unit of the 招商引资 column).
PORTAL_REVIEW_ROUTE = os.environ.get("PORTAL_REVIEW_ROUTE", "")
PORTAL_INVESTMENT_UNIT = os.environ.get("PORTAL_INVESTMENT_UNIT", "")

# --- Security ---------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "platform_core.views.errors.csrf_failure"
# Scripts only from this host, no inline scripts: every page keeps its JavaScript in static files.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_VIEW = "platform_core.views.errors.ratelimited"
# Limits per address count the client behind our proxies (PROXY_COUNT), not the proxy itself.
RATELIMIT_IP_META_KEY = "platform_core.http.ratelimit_ip"
# Staff login: failed attempts from one address, whatever the user names, before that address is
# refused (429) for the rest of the window: against credential stuffing (ADR 0005). Above
# AXES_FAILURE_LIMIT, so one locked user name does not lock out colleagues at the same address;
# successful logins do not count, so an office behind one NAT address is not stopped by its staff.
STAFF_LOGIN_IP_FAILURE_RATE = os.environ.get("STAFF_LOGIN_IP_FAILURE_RATE", "6/10m")

# --- Django REST framework --------------------------------------------------------------------
# Requests under this path are the API's: every error they get (400 to 503) is JSON
# ({"detail": "..."} or {"<parameter>": ["..."]}), never an HTML page.
API_PATH_PREFIX = "/api/"
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "E-Gov Suite API",
    "VERSION": "1.0.0",
    # One name for the application status enum, used by status/from_status/to_status alike.
    "ENUM_NAME_OVERRIDES": {"AppStatusEnum": "approval.constants.AppStatus"},
}

# --- Progress lookup (ADR 0006) ---------------------------------------------------------------
# Wrong query codes in a row for one application before its lookup is paused, for how long, and
# the length of the code of applications registered at the counter (online ones: 6 digits).
PROGRESS_LOOKUP_MAX_FAILURES = int(os.environ.get("PROGRESS_LOOKUP_MAX_FAILURES", "5"))
PROGRESS_LOOKUP_LOCK_MINUTES = int(os.environ.get("PROGRESS_LOOKUP_LOCK_MINUTES", "60"))
COUNTER_QUERY_CODE_DIGITS = 8

# --- Provincial e-supervision export (省级电子监察数据交换) ----------------------------------
# Empty URL: export switched off (events stay queued in the outbox until one is configured).
PROVINCE_EXPORT_URL = os.environ.get("PROVINCE_EXPORT_URL", "")
PROVINCE_EXPORT_SECRET = os.environ.get("PROVINCE_EXPORT_SECRET", "")

# --- Library settings ---------------------------------------------------------------------------
GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row
SIMPLE_HISTORY_REVERT_DISABLED = True  # audit history is read-only in admin

# --- Site identity (defaults; administrators change them in the back office) ----------------------
GOVERNMENT_NAME = os.environ.get("GOVERNMENT_NAME", "蓝山县人民政府")

# --- OA internal mail -----------------------------------------------------------------------------
# Default mailbox space per person (an administrator may raise one person's limit).
OA_MAIL_QUOTA_BYTES = int(os.environ.get("OA_MAIL_QUOTA_MB", "500")) * 1024 * 1024
OA_MAIL_ATTACHMENT_MAX_BYTES = 30 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
