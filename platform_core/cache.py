"""Cache backends for which a Redis outage is not an error page (ADR 0005).

`ResilientRedisCache` (CACHES["default"]) is Django's RedisCache for which Redis being unreachable
is a cache miss: reads return the default, so callers read the database (a cache never holds the
only copy); writes and deletes are dropped. Each failure is logged, at most once a minute per
process, and Redis is left alone for RETRY_SECONDS after a failure, so that an outage costs a
request no connect timeouts.

`RateLimitCache` (CACHES["ratelimit"], RATELIMIT_USE_CACHE) is the same for django-ratelimit, except
that its counters do not vanish with Redis: while Redis is unreachable, add/incr/get/delete work on
rows of `platform_core.FallbackCounter` in PostgreSQL (atomic upserts), so every rate limit keeps
protecting logins, SMS codes and the public forms. If PostgreSQL is down as well, the page is the
503 of DatabaseUnavailableMiddleware.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from datetime import timedelta

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.db import connection, transaction
from django.utils import timezone
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# After a failure, Redis is not asked again for this many seconds (per process and location).
RETRY_SECONDS = 5.0
# A failure is logged at most this often (per process and location).
LOG_EVERY_SECONDS = 60.0

_state_lock = threading.Lock()
_down_until: dict[str, float] = {}
_last_logged: dict[str, float] = {}


class CacheUnavailable(RedisError):
    """Redis failed a moment ago: not asked again until RETRY_SECONDS have passed."""


class ResilientRedisCache(RedisCache):
    """RedisCache for which an unreachable Redis is a miss (reads) or a no-op (writes)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)

    # --- outage bookkeeping -------------------------------------------------------------------

    def available(self) -> bool:
        """False while Redis is considered down (a failure less than RETRY_SECONDS ago)."""
        return time.monotonic() >= _down_until.get(self._location, 0.0)

    def _call(self, operation: str, func, *args, **kwargs):
        if not self.available():
            raise CacheUnavailable(f"{self._location} failed less than {RETRY_SECONDS:g} s ago")
        try:
            return func(*args, **kwargs)
        except RedisError as exc:
            self._failed(operation, exc)
            raise

    def _failed(self, operation: str, exc: BaseException) -> None:
        now = time.monotonic()
        with _state_lock:
            _down_until[self._location] = now + RETRY_SECONDS
            log = now - _last_logged.get(self._location, -LOG_EVERY_SECONDS) >= LOG_EVERY_SECONDS
            if log:
                _last_logged[self._location] = now
        if log:
            logger.warning(
                "cache unavailable (%s on %s): %s; reads go to the database",
                operation,
                _redacted(self._location),
                exc,
            )

    def ping(self) -> None:
        """Raise if Redis does not answer (healthcheck): no miss, no breaker."""
        self._cache.get_client(None, write=True).ping()

    # --- the cache API: a miss or a no-op while Redis is down -----------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return self._call("add", super().add, key, value, timeout, version)
        except RedisError:
            return False

    def get(self, key, default=None, version=None):
        try:
            return self._call("get", super().get, key, default, version)
        except RedisError:
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with contextlib.suppress(RedisError):
            self._call("set", super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return self._call("touch", super().touch, key, timeout, version)
        except RedisError:
            return False

    def delete(self, key, version=None):
        try:
            return self._call("delete", super().delete, key, version)
        except RedisError:
            return False

    def get_many(self, keys, version=None):
        try:
            return self._call("get_many", super().get_many, keys, version)
        except RedisError:
            return {}

    def has_key(self, key, version=None):
        try:
            return self._call("has_key", super().has_key, key, version)
        except RedisError:
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return self._call("incr", super().incr, key, delta, version)
        except RedisError:
            # As for a missing key: the caller decides (django-ratelimit: refuse).
            raise ValueError(f"Key '{key}' not found (cache unavailable)") from None

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return self._call("set_many", super().set_many, data, timeout, version)
        except RedisError:
            return list(data)

    def delete_many(self, keys, version=None):
        with contextlib.suppress(RedisError):
            self._call("delete_many", super().delete_many, keys, version)

    def clear(self):
        try:
            return self._call("clear", super().clear)
        except RedisError:
            return False


class RateLimitCache(ResilientRedisCache):
    """For django-ratelimit: while Redis is down, the counters live in PostgreSQL."""

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return self._call("add", RedisCache.add, self, key, value, timeout, version)
        except RedisError:
            return _db_add(self._db_key(key, version), int(value), self._seconds(timeout))

    def incr(self, key, delta=1, version=None):
        try:
            return self._call("incr", RedisCache.incr, self, key, delta, version)
        except RedisError:
            value = _db_incr(self._db_key(key, version), int(delta))
            if value is None:
                raise ValueError(f"Key '{key}' not found") from None
            return value

    def get(self, key, default=None, version=None):
        try:
            return self._call("get", RedisCache.get, self, key, default, version)
        except RedisError:
            value = _db_get(self._db_key(key, version))
            return default if value is None else value

    def delete(self, key, version=None):
        try:
            return self._call("delete", RedisCache.delete, self, key, version)
        except RedisError:
            return _db_delete(self._db_key(key, version))

    def _db_key(self, key, version) -> str:
        return self.make_and_validate_key(key, version=version)

    def _seconds(self, timeout) -> int:
        seconds = self.get_backend_timeout(timeout)
        return 24 * 3600 if seconds is None else max(1, seconds)


def _redacted(location: str) -> str:
    """The Redis URL without a password."""
    if "@" in location:
        scheme, _, rest = location.partition("://")
        return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
    return location


# --- the PostgreSQL counters ------------------------------------------------------------------


def _table() -> str:
    from .models import FallbackCounter

    return connection.ops.quote_name(FallbackCounter._meta.db_table)


def _db_add(key: str, value: int, seconds: int) -> bool:
    """Create the counter unless a live one exists (an expired one is replaced)."""
    from .models import FallbackCounter

    now = timezone.now()
    expires = now + timedelta(seconds=seconds)
    if connection.vendor != "postgresql":  # demo mode (SQLite): one writer at a time anyway
        with transaction.atomic():
            row = FallbackCounter.objects.filter(key=key).first()
            if row is not None and row.expires_at > now:
                return False
            FallbackCounter.objects.update_or_create(
                key=key, defaults={"value": value, "expires_at": expires}
            )
            return True
    table = _table()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, value, expires_at) VALUES (%s, %s, %s) "  # noqa: S608 # nosec B608
            f"ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "
            f"expires_at = EXCLUDED.expires_at WHERE {table}.expires_at <= %s RETURNING 1",
            [key, value, expires, now],
        )
        return cursor.fetchone() is not None


def _db_incr(key: str, delta: int) -> int | None:
    from django.db.models import F

    from .models import FallbackCounter

    now = timezone.now()
    if connection.vendor != "postgresql":
        with transaction.atomic():
            if not FallbackCounter.objects.filter(key=key, expires_at__gt=now).update(
                value=F("value") + delta
            ):
                return None
            return FallbackCounter.objects.get(key=key).value
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_table()} SET value = value + %s "  # noqa: S608 # nosec B608
            "WHERE key = %s AND expires_at > %s RETURNING value",
            [delta, key, now],
        )
        row = cursor.fetchone()
    return None if row is None else row[0]


def _db_get(key: str) -> int | None:
    from .models import FallbackCounter

    return (
        FallbackCounter.objects.filter(key=key, expires_at__gt=timezone.now())
        .values_list("value", flat=True)
        .first()
    )


def _db_delete(key: str) -> bool:
    from .models import FallbackCounter

    return FallbackCounter.objects.filter(key=key).delete()[0] > 0


def purge_expired_counters() -> int:
    """Delete the PostgreSQL counters whose time is up (daily housekeeping)."""
    from .models import FallbackCounter

    return FallbackCounter.objects.filter(expires_at__lte=timezone.now()).delete()[0]
