"""Read-only public queries on a PostgreSQL streaming replica, never an older state than the
reader may see.

With `DATABASE_REPLICA_URL` set (config/settings/base.py) the database alias "replica" exists
and `ReplicaRouter` is installed. Nothing goes to the replica by default: a view opts in with
`@replica_reads(...)`, and the management commands that only read (the full publishing run) with
`replica_block(...)`. Inside such a block the router sends reads to the replica only when it is
safe; otherwise, and for every write and every read inside a transaction, the primary answers.

Two guarantees, both checked against the replica's replay position (`pg_last_wal_replay_lsn()`),
never assumed from a time:

- **Read your writes** (`mode=SESSION`, the default: search, the service hall, statistics). A
  request that wrote to the primary leaves a signed cookie with the primary's WAL position after
  its commit (`ReplicaConsistencyMiddleware`). A later request of that browser uses the replica
  only once the replica has replayed past that position; before that, the primary.
- **Current state** (`mode=CURRENT`: the progress lookup, where a citizen reads their own
  application, and the publishing run). The replica is used only if it has replayed everything
  the primary had written when the request began (`pg_current_wal_lsn()` on the primary, one
  trivial query); the block waits up to REPLICA_WAIT_SECONDS for it and otherwise reads from the
  primary. A lagging replica can make such a page slower, never older.

Without a replica every helper here is a no-op: no query, no cookie.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import time
from collections.abc import Iterator
from contextvars import ContextVar

from django.conf import settings
from django.core import signing
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

PRIMARY = "default"
REPLICA = "replica"
SESSION = "session"
CURRENT = "current"
COOKIE = "egov_lsn"
_SALT = "platform_core.replica.lsn"
_WRITE_PREFIXES = ("INSERT", "UPDATE", "DELETE", "MERGE", "COPY")

# Set for the duration of a replica block when the replica may answer its reads.
_use_replica: ContextVar[bool] = ContextVar("egov_use_replica", default=False)
# The WAL position the reader's last write reached (from the cookie), for SESSION blocks.
_session_lsn: ContextVar[str | None] = ContextVar("egov_session_lsn", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def lsn_value(lsn: str) -> int:
    """A pg_lsn such as "0/3000148" as an integer, for comparing in Python."""
    high, low = lsn.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def primary_lsn() -> str:
    """The primary's current WAL write position."""
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def replica_lsn() -> str | None:
    """How far the replica has replayed (None: not a standby, or unreachable)."""
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn()::text")
            return cursor.fetchone()[0]
    except DatabaseError:
        logger.warning("replica unreachable: reading from the primary", exc_info=True)
        connections[REPLICA].close()
        return None


def replica_reached(target: str | None, wait: float = 0.0) -> bool:
    """Has the replica replayed up to `target` (None: nothing to wait for)? Polls for up to
    `wait` seconds."""
    deadline = time.monotonic() + wait
    while True:
        replayed = replica_lsn()
        if replayed is None:
            return False
        if target is None or lsn_value(replayed) >= lsn_value(target):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.005)


@contextlib.contextmanager
def replica_block(mode: str = SESSION, wait: float | None = None) -> Iterator[bool]:
    """Reads inside go to the replica when it is safe in `mode`; yields whether they do."""
    if not replica_configured():
        yield False
        return
    if wait is None:
        wait = settings.REPLICA_WAIT_SECONDS
    target = primary_lsn() if mode == CURRENT else _session_lsn.get()
    use = replica_reached(target, wait=wait if mode == CURRENT else 0.0)
    token = _use_replica.set(use)
    try:
        yield use
    finally:
        _use_replica.reset(token)


def replica_reads(view=None, *, mode: str = SESSION):
    """View decorator: the view's reads may go to the replica (see the module's docstring)."""

    def decorate(func):
        @functools.wraps(func)
        def wrapped(request, *args, **kwargs):
            if not replica_configured():
                return func(request, *args, **kwargs)
            with replica_block(mode):
                return func(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate


class ReplicaRouter:
    """Reads to the replica inside a replica block that found it safe; everything else to the
    primary. Migrations run on the primary only (the replica copies them)."""

    def db_for_read(self, model, **hints):
        if _use_replica.get() and not connections[PRIMARY].in_atomic_block:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReplicaConsistencyMiddleware:
    """Read-your-writes across requests: remembers (signed cookie) how far the primary's WAL
    had gone after a request that wrote, and hands it to the replica blocks of later requests
    of the same browser. Installed only when a replica is configured."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            lsn = signing.loads(request.COOKIES.get(COOKIE, ""), salt=_SALT)
        except signing.BadSignature:
            lsn = None
        token = _session_lsn.set(lsn if isinstance(lsn, str) else None)
        wrote = []

        def watch(execute, sql, params, many, context):
            if sql.lstrip().upper().startswith(_WRITE_PREFIXES):
                wrote.append(True)
            return execute(sql, params, many, context)

        try:
            with connections[PRIMARY].execute_wrapper(watch):
                response = self.get_response(request)
        finally:
            _session_lsn.reset(token)
        if wrote:
            response.set_cookie(
                COOKIE,
                signing.dumps(primary_lsn(), salt=_SALT),
                max_age=settings.REPLICA_TOKEN_MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
