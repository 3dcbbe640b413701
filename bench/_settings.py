"""Settings of the benchmarks: the test settings (PostgreSQL, Redis, DEBUG off) with persistent
database connections, as in production, so that a request does not pay for a new connection."""

from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES

DATABASES["default"]["CONN_MAX_AGE"] = 600
