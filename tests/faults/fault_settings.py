"""Settings of the servers the fault tests start (gunicorn, celery worker): the test settings
(DEBUG off, PostgreSQL, Redis) with what differs in production and matters to a fault:

- persistent database connections checked before reuse (base.py: CONN_MAX_AGE from
  DB_CONN_MAX_AGE, 60 s by default, and CONN_HEALTH_CHECKS), so a restarted PostgreSQL is
  noticed on the next request instead of failing it;
- tasks sent to the broker and run by a worker, not eagerly in the caller;
- SMS through the HTTP gateway backend (SMS_HTTP_GATEWAY_URL is the test's receiver).
"""

import os

from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES

DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
CELERY_TASK_ALWAYS_EAGER = False
SMS_BACKEND = "platform_core.sms.HttpGatewaySmsBackend"
# Every request of a fault test comes from 127.0.0.1: rate limits are off unless a test asks
# for them (the Redis outage test: they must keep counting, in PostgreSQL).
RATELIMIT_ENABLE = os.environ.get("FAULT_RATELIMIT_ENABLE", "") == "true"

# A worker that starts looks for tasks its dead predecessor never acknowledged (older than the
# visibility timeout, CELERY_VISIBILITY_TIMEOUT) every second rather than every 100 s.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
