"""PostgreSQL restarted under load: requests fail cleanly, and the application recovers by itself.

A private cluster (initdb into a temporary directory, a free port; the shared server is never
touched) holds a copy of the test database pytest-django has just migrated. gunicorn serves the
project on it with production-like settings (DEBUG off, persistent connections with health
checks; tests/faults/fault_settings.py). Threads keep requesting pages that read the database
while the cluster is restarted (`pg_ctl restart -m fast`), then stopped for 2 s and started again.

Every answer must be a page (200) or the friendly 503 page with Retry-After: never a 500, never
a traceback, never a dropped connection. After each outage the pages are served again within a
few seconds, by the same gunicorn processes (nobody restarts the application).
"""

from __future__ import annotations

import contextlib
import http.client
import subprocess
import threading
import time
from dataclasses import dataclass, field

import psycopg2
import pytest

from platform_core.middleware import RETRY_AFTER_SECONDS

from .servers import (
    PrivateCluster,
    children,
    free_port,
    postgres_bindir,
    server_env,
    start_gunicorn,
    stop,
    wait_for_port,
)

BINDIR = postgres_bindir()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(BINDIR is None, reason="PostgreSQL server binaries (initdb) not installed"),
]

PAGES = ["/search/?q=%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7", "/service/", "/accounts/login/"]
THREADS = 4
RECOVERY_SECONDS = 5


@dataclass
class Answer:
    sent: float
    at: float
    page: str
    status: int  # 0: no HTTP answer at all (refused, reset, timed out)
    retry_after: str | None = None
    friendly: bool = False
    traceback: bool = False
    error: str = ""
    search_cache: str | None = None  # X-Search-Cache: "hit" when served from Redis


@dataclass
class Load:
    """THREADS threads requesting PAGES in turn until stopped; every answer is kept."""

    port: int
    answers: list[Answer] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, page: str) -> Answer:
        sent = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", page)
            response = conn.getresponse()
            body = response.read().decode("utf-8", "replace")
        except OSError as exc:
            return Answer(sent, time.monotonic(), page, 0, error=repr(exc))
        finally:
            conn.close()
        return Answer(
            sent,
            time.monotonic(),
            page,
            response.status,
            retry_after=response.getheader("Retry-After"),
            friendly="系统维护中" in body and "服务暂时不可用，请稍后再试" in body,
            traceback="Traceback" in body or "OperationalError" in body or "psycopg" in body,
            search_cache=response.getheader("X-Search-Cache"),
        )

    def run(self, offset: int) -> None:
        i = offset
        while not self.stopping.is_set():
            answer = self.get(PAGES[i % len(PAGES)])
            with self.lock:
                self.answers.append(answer)
            i += 1

    def __enter__(self):
        self.threads = [threading.Thread(target=self.run, args=(n,)) for n in range(THREADS)]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def since(self, moment: float) -> list[Answer]:
        with self.lock:
            return [a for a in self.answers if a.at >= moment]


def wait_until_served(load: Load, since: float, timeout: float) -> float:
    """Seconds from `since` until every page has been answered 200 (by the load threads)."""
    deadline = since + timeout
    while time.monotonic() < deadline:
        served = {a.page for a in load.since(since) if a.status == 200}
        if served == set(PAGES):
            return (
                max(
                    min(a.at for a in load.since(since) if a.page == page and a.status == 200)
                    for page in PAGES
                )
                - since
            )
        time.sleep(0.1)
    raise AssertionError(f"pages not served again within {timeout} s of the database's return")


def copy_database(source: dict, cluster: PrivateCluster, name: str) -> None:
    """The freshly migrated test database, dumped and restored into the private cluster."""
    conn = psycopg2.connect(host="127.0.0.1", port=cluster.port, user="postgres", dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    dump = subprocess.Popen(
        [str(BINDIR / "pg_dump"), "-Fc", "-h", source["HOST"] or "127.0.0.1",
         "-p", str(source["PORT"] or 5432), "-U", source["USER"] or "postgres", source["NAME"]],
        stdout=subprocess.PIPE,
        env={"PGPASSWORD": source["PASSWORD"] or "", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    restore = subprocess.run(
        [str(BINDIR / "pg_restore"), "--no-owner", "-h", "127.0.0.1", "-p", str(cluster.port),
         "-U", "postgres", "-d", name],
        stdin=dump.stdout, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    dump.stdout.close()
    assert dump.wait(timeout=60) == 0, "pg_dump of the test database failed"
    assert restore.returncode == 0, restore.stderr[-2000:]


@pytest.fixture
def cluster():
    cluster = PrivateCluster(BINDIR)
    try:
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def served(db, cluster, tmp_path):
    """gunicorn on a copy of the test database in the private cluster; (port, master process).

    gunicorn loads the application while the cluster is created and filled (it connects to the
    database on the first request only).
    """
    from django.db import connection

    source = dict(connection.settings_dict)
    port = free_port()
    env = server_env(
        DATABASE_URL=cluster.url("egov_fault"),
        CACHE_KEY_PREFIX=f"{source['NAME']}-pgfault",
        DB_CONN_MAX_AGE="60",
    )
    log = tmp_path / "gunicorn.log"
    proc = start_gunicorn(env, port, log, wait=False)
    try:
        cluster.init()
        cluster.pg_ctl("start")
        copy_database(source, cluster, "egov_fault")
        wait_for_port(port, proc, timeout=60)
        yield port, proc
    finally:
        stop(proc)
        print(log.read_text(errors="replace")[-3000:])  # shown when the test fails


def check_answers(answers: list[Answer]) -> None:
    refused = [a for a in answers if a.status not in (200, 503)]
    assert not refused, f"answers other than 200/503: {refused[:5]}"
    leaks = [a for a in answers if a.traceback]
    assert not leaks, f"error details shown to the user: {leaks[:5]}"
    unfriendly = [a for a in answers if a.status == 503 and not (a.friendly and a.retry_after)]
    assert not unfriendly, f"503 without the friendly page or Retry-After: {unfriendly[:5]}"
    assert all(a.retry_after == str(RETRY_AFTER_SECONDS) for a in answers if a.status == 503)


def test_postgres_restart_under_load(served, cluster):
    port, gunicorn = served
    # What is restarted below is the test's own cluster, never the shared server.
    with contextlib.closing(
        psycopg2.connect(host="127.0.0.1", port=cluster.port, user="postgres", dbname="postgres")
    ) as conn, conn.cursor() as cursor:  # fmt: skip
        cursor.execute("SHOW data_directory")
        assert cursor.fetchone()[0] == str(cluster.data)
    with Load(port) as load:
        # Warm up (not judged: the first searches of a worker load the word segmenter): each
        # worker has served every page and holds a persistent database connection.
        warm = time.monotonic()
        wait_until_served(load, warm, timeout=45)
        time.sleep(1)
        judged_from = time.monotonic()
        workers = children(gunicorn.pid)
        assert len(workers) == 2

        restart_started = time.monotonic()
        cluster.pg_ctl("restart", "-m", "fast")
        restarted = time.monotonic()
        recovery_restart = wait_until_served(load, restarted, RECOVERY_SECONDS)

        stop_started = time.monotonic()
        cluster.pg_ctl("stop", "-m", "fast")
        stopped = time.monotonic()
        time.sleep(2)
        down = load.since(stopped)
        cluster.pg_ctl("start")
        started = time.monotonic()
        recovery_start = wait_until_served(load, started, RECOVERY_SECONDS)
        time.sleep(0.5)

    answers = [a for a in load.answers if a.sent >= judged_from]
    check_answers(answers)
    # The outage was real: while the cluster was down, pages that read the database got the 503.
    during = [a for a in down if a.at < started]
    assert during, "no request was answered while the database was down"
    # A search page already in the result cache (portal.services.search_cache, in Redis) needs
    # no database: it is still served, and only such a hit may be.
    db_pages = [
        a
        for a in during
        if a.page != "/accounts/login/" and not (a.status == 200 and a.search_cache == "hit")
    ]
    assert db_pages and all(a.status == 503 for a in db_pages), db_pages[:5]
    # The restarts broke the persistent connections the workers held; they were replaced.
    outage = [a for a in answers if a.at >= restart_started and a.status == 503]
    assert outage
    # The same gunicorn master and workers served before, during and after: no restart.
    assert gunicorn.poll() is None
    assert children(gunicorn.pid) == workers
    # After the outage, the pages are served again.
    after = [a for a in answers if a.at >= started + recovery_start]
    assert after and all(a.status == 200 for a in after), [a for a in after if a.status != 200][:5]
    print(
        f"{len(answers)} answers; 503 during outages: {len(outage)}; served again "
        f"{recovery_restart:.2f} s after the restart, {recovery_start:.2f} s after the start "
        f"(stop took {stopped - stop_started:.2f} s)"
    )
