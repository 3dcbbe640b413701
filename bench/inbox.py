"""Benchmark of the to-do inbox at scale: is the inbox page as fast as a trivial page?

    .venv/bin/python bench/inbox.py                  # 1,000,000 tasks (builds egov_bench once)
    .venv/bin/python bench/inbox.py --tasks 20000    # smoke run, under a minute

Fills a PostgreSQL database of its own (default `egov_bench`, created if missing; rebuilt when
the requested size differs or with --rebuild) with N tasks, of which one clerk owns 10,000 open
ones (plus done tasks and offers to their post), then serves the project with gunicorn on
127.0.0.1 and times a few hundred requests of each page, interleaved:
- the baseline: the clerk's (empty) message list, a minimal logged-in back-office page that
  goes through the same middleware, session and office shell;
- the inbox's first page, and the inbox filtered to overdue tasks.
Prints the medians and the ratio inbox / baseline (target ≤ 3) and writes bench/results/inbox.json
with the EXPLAIN ANALYZE of the inbox query.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results" / "inbox.json"
TARGET_RATIO = 3.0
CLERK = "bench_clerk"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=1_000_000, help="total tasks (default 1M)")
    parser.add_argument("--mine", type=int, default=10_000, help="open tasks of the clerk")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per page")
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE", "egov_bench"))
    parser.add_argument(
        "--server", default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the data")
    return parser.parse_args()


def ensure_database(server: str, name: str, drop: bool) -> None:
    import psycopg2

    conn = psycopg2.connect(f"{server}/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        if drop:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def setup_django(args) -> None:
    os.environ["DATABASE_URL"] = f"{args.server}/{args.database}"
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
    os.environ.setdefault("CACHE_KEY_PREFIX", "bench")
    os.environ["DJANGO_SETTINGS_MODULE"] = "_settings"
    sys.path[:0] = [str(BENCH_DIR), str(ROOT)]
    import django

    django.setup()


def current_size() -> tuple[int, int]:
    from platform_core.models import TaskInfo, User

    clerk = User.objects.filter(username=CLERK).first()
    if clerk is None:
        return 0, 0
    mine = TaskInfo.objects.filter(owner=clerk, is_open=True).count()
    return TaskInfo.objects.count(), mine


def build(total: int, mine: int) -> dict:
    """The data set: the clerk's share first, the rest spread over 100 colleagues."""
    from django.db import connection

    from platform_core.constants import RoleCode
    from platform_core.models import OrgUnit, Subsystem
    from tests.factories import OrgUnitFactory, StaffFactory, role, root_unit, staff_with_role
    from tests.platform_core.inbox_data import build_tasks

    started = time.monotonic()
    gov = root_unit()
    departments = [OrgUnitFactory(parent=gov, code=f"dept{i}") for i in range(10)]
    dept = OrgUnit.objects.get(pk=departments[0].pk)
    clerk = staff_with_role(RoleCode.REVIEW_CLERK, dept, username=CLERK, name="压测科员")
    starter = StaffFactory(username="bench_starter")
    colleagues = [
        staff_with_role(RoleCode.REVIEW_CLERK, departments[i % 10], username=f"bench_{i}")
        for i in range(100)
    ]
    today = datetime.date.today()
    subsystems = [Subsystem.OA, Subsystem.APPROVAL, Subsystem.INTERACTION, Subsystem.DISCLOSURE]

    def due(i: int):
        # 10% without a time limit; the rest from 20 days overdue to 40 days ahead.
        return None if i % 10 == 0 else today + datetime.timedelta(days=i % 60 - 20)

    done_mine = min(2_000, total // 10)
    offers = min(500, total // 40)
    for k, sub in enumerate(subsystems):
        share = mine // 4 + (mine % 4 if k == 0 else 0)
        build_tasks(share, unit=dept, started_by=starter, owner=clerk, due=due, subsystem=sub)
    build_tasks(done_mine, unit=dept, started_by=starter, owner=clerk, is_open=False)
    build_tasks(offers, unit=dept, started_by=starter, role=role(RoleCode.REVIEW_CLERK), due=due)
    rest = max(total - mine - done_mine - offers, 0)
    per_colleague, extra = divmod(rest, len(colleagues))
    for i, person in enumerate(colleagues):
        n = per_colleague + (1 if i < extra else 0)
        open_n = n * 2 // 5  # 40% still open, the rest done
        unit = departments[i % 10]
        sub = subsystems[i % 4]
        kw = {"unit": unit, "started_by": starter, "subsystem": sub, "tasks_per_process": 2}
        build_tasks(open_n, owner=person, due=due, **kw)
        build_tasks(n - open_n, owner=person, is_open=False, **kw)
    with connection.cursor() as cursor:
        for table in (
            "viewflow_process",
            "platform_core_routeprocess",
            "viewflow_task",
            "platform_core_taskinfo",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return {"build_seconds": round(time.monotonic() - started, 1)}


def session_cookie() -> str:
    from django.conf import settings
    from django.test import Client

    from platform_core.models import User

    client = Client()
    client.force_login(User.objects.get(username=CLERK))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def explain_inbox() -> str:
    from django.db import connection

    from platform_core.models import User
    from platform_core.selectors.inbox import Kind, inbox_list, inbox_viewer

    clerk = User.objects.get(username=CLERK)
    sql, params = inbox_list(inbox_viewer(clerk), Kind.TODO)[:20].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def timed_get(conn: http.client.HTTPConnection, path: str, cookie: str) -> float:
    start = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - start
    if response.status != 200:
        raise SystemExit(f"GET {path} gave {response.status}: {body[:300]!r}")
    return elapsed


def measure(args, cookie: str) -> dict:
    env = {**os.environ, "PYTHONPATH": f"{BENCH_DIR}{os.pathsep}{ROOT}"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(
        [
            str(gunicorn),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    pages = {
        "baseline": "/office/notifications/",
        "inbox": "/office/inbox/",
        "inbox_overdue": "/office/inbox/?kind=todo&deadline=overdue",
    }
    samples: dict[str, list[float]] = {name: [] for name in pages}
    try:
        wait_for_port(args.port, proc)
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
        for _ in range(20):  # warm-up: connections, caches, both workers
            for path in pages.values():
                timed_get(conn, path, cookie)
        for _ in range(args.requests):
            for name, path in pages.items():
                samples[name].append(timed_get(conn, path, cookie))
        conn.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    result = {}
    for name, values in samples.items():
        values.sort()
        result[name] = {
            "median_ms": round(statistics.median(values) * 1000, 2),
            "p95_ms": round(values[int(len(values) * 0.95) - 1] * 1000, 2),
        }
    return result


def main() -> None:
    args = parse_args()
    ensure_database(args.server, args.database, drop=args.rebuild)
    setup_django(args)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    built = {"build_seconds": None}
    total, mine = current_size()
    expected_mine = min(args.mine, args.tasks)
    if (total, mine) != (args.tasks, expected_mine):
        if total:
            print(f"rebuilding: found {total} tasks ({mine} of the clerk)")
            from django.db import connections

            connections.close_all()
            ensure_database(args.server, args.database, drop=True)
            call_command("migrate", verbosity=0)
        print(f"building {args.tasks:,} tasks ({expected_mine:,} open for the clerk) …")
        built = build(args.tasks, expected_mine)
        print(f"built in {built['build_seconds']} s")
        total, mine = current_size()
    plan = explain_inbox()
    cookie = session_cookie()
    from django.db import connections

    connections.close_all()
    timings = measure(args, cookie)
    ratio = timings["inbox"]["median_ms"] / timings["baseline"]["median_ms"]
    ratio_filtered = timings["inbox_overdue"]["median_ms"] / timings["baseline"]["median_ms"]
    result = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "tasks": total,
        "clerk_open_tasks": mine,
        "requests_per_page": args.requests,
        **built,
        "timings": timings,
        "ratio": round(ratio, 2),
        "ratio_overdue_filter": round(ratio_filtered, 2),
        "target_ratio": TARGET_RATIO,
        "passed": ratio <= TARGET_RATIO and ratio_filtered <= TARGET_RATIO,
        "explain_todo_page": plan,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for name, t in timings.items():
        print(f"{name:14s} median {t['median_ms']:8.2f} ms   p95 {t['p95_ms']:8.2f} ms")
    print(
        f"ratio inbox / baseline: {ratio:.2f} (overdue filter {ratio_filtered:.2f}), "
        f"target ≤ {TARGET_RATIO}: {'ok' if result['passed'] else 'FAILED'}"
    )
    print(f"results: {RESULTS.relative_to(ROOT)}")
    sys.exit(0 if result["passed"] else 1)


if __name__ == "__main__":
    main()
