"""Check that the parts the system needs answer: database, cache, message broker, a worker.

Used by operators after a deploy, by docker-compose's health checks and by `make demo`. Each part
is checked even when an earlier one failed, so that one run names every broken part; the command
exits non-zero when any failed, with lines such as "cache: Error 111 connecting to ...".
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

BROKER_TIMEOUT_SECONDS = 3
WORKER_TIMEOUT_SECONDS = 3
INLINE = "inline (demo)"


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 returned an unexpected row")
    return f"ok ({connection.vendor})"


def check_cache() -> str:
    # The project's cache treats an unreachable Redis as a miss (platform_core/cache.py): ask
    # Redis itself first, so that an outage is named here instead of hidden.
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()
    key = f"healthcheck:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=30)
    try:
        if cache.get(key) != "1":
            raise RuntimeError("a value written to the cache could not be read back")
    finally:
        cache.delete(key)
    return "ok"


def _broker_connection():
    from config.celery import app

    # The URL is read from settings each time (not from the Celery app's configuration, which is
    # frozen at first use), so an operator's override and the tests' override_settings both count.
    return app.connection_for_write(url=settings.CELERY_BROKER_URL)


def check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return INLINE
    with _broker_connection() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT_SECONDS)
    return "ok"


def check_worker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return INLINE
    from config.celery import app

    with _broker_connection() as conn:
        replies = app.control.ping(timeout=WORKER_TIMEOUT_SECONDS, connection=conn)
    if not replies:
        raise RuntimeError("no worker answered")
    return f"ok ({len(replies)} worker(s) answered)"


def _describe(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return text if isinstance(exc, RuntimeError) else f"{type(exc).__name__}: {text}"


class Command(BaseCommand):
    help = "检查数据库、缓存、消息队列和后台任务进程是否可用；任何一项失败时以非零状态退出。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-worker",
            action="store_true",
            help="不检查后台任务进程（演示模式或尚未启动 worker 时使用）。",
        )

    def handle(self, *args, **options):
        checks = [
            ("database", check_database),
            ("cache", check_cache),
            ("broker", check_broker),
        ]
        if not options["skip_worker"]:
            checks.append(("worker", check_worker))

        failures = []
        for name, check in checks:
            try:
                result = check()
            except Exception as exc:  # noqa: BLE001  (every failure is reported by name)
                line = f"{name}: {_describe(exc)}"
                failures.append(line)
                self.stderr.write(line)
            else:
                self.stdout.write(f"{name}: {result}")
        if failures:
            raise CommandError("; ".join(failures))
