"""What the benchmark scripts share: the generated database of a scale, gunicorn, wrk, results.

Data: one PostgreSQL database per scale (`egov_bench2_<scale>` on `--server`), migrated and filled
by `manage.py generate_data` the first time a script needs it, and reused after that (it is
rebuilt with `--rebuild`). The published site of a scale lives in `var/bench2/site-<scale>/`.

Results: each script writes `bench/results/<name>.json` and merges its summary into
`bench/results/latest.json` (one key per script), which the README's table is made from.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
# Smoke runs in the tests write elsewhere, so they never replace the real numbers.
RESULTS_DIR = Path(os.environ.get("BENCH_RESULTS_DIR", BENCH_DIR / "results"))
LATEST = RESULTS_DIR / "latest.json"
SEED = 20261125
# Exit status of a script that ran to the end but missed its target (a crash exits with 1).
MISSED = 3


def common_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scale",
        default=os.environ.get("BENCH_SCALE", "small"),
        choices=["tiny", "small", "medium", "large"],
        help="generate_data scale (default small, or $BENCH_SCALE; tiny for smoke runs)",
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--server", default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--rebuild", action="store_true", help="drop and regenerate the data")


def parse(parser: argparse.ArgumentParser) -> argparse.Namespace:
    # `make bench` passes the same BENCH_ARGS to every script; ignore the ones of other scripts.
    args, _unknown = parser.parse_known_args()
    return args


def database_name(scale: str) -> str:
    return os.environ.get("BENCH_DATABASE", f"egov_bench2_{scale}")


def publish_dir(scale: str) -> Path:
    # BENCH_PUBLISH_DIR: several people benchmarking on one machine keep their sites apart.
    if os.environ.get("BENCH_PUBLISH_DIR"):
        return Path(os.environ["BENCH_PUBLISH_DIR"]) / f"site-{scale}"
    return ROOT / "var" / "bench2" / f"site-{scale}"


def ensure_database(server: str, name: str, drop: bool) -> bool:
    """Create the database if missing; True when it was (re)created."""
    import psycopg2

    conn = psycopg2.connect(f"{server}/postgres")
    conn.autocommit = True
    created = False
    with conn.cursor() as cursor:
        if drop:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
            created = True
    conn.close()
    return created


def setup(args) -> dict:
    """Database of the scale (generated on first use), Django set up on it. Returns the env the
    servers started by a script need (the same database, settings and publish directory)."""
    name = database_name(args.scale)
    created = ensure_database(args.server, name, drop=args.rebuild)
    env = {
        "DATABASE_URL": f"{args.server}/{name}",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
        "CACHE_KEY_PREFIX": f"bench2-{args.scale}",
        "PUBLISH_ROOT": str(publish_dir(args.scale)),
        "DJANGO_SETTINGS_MODULE": "_settings2",
        "PYTHONPATH": f"{BENCH_DIR}{os.pathsep}{ROOT}",
    }
    os.environ.update(env)
    sys.path[:0] = [str(BENCH_DIR), str(ROOT)]
    import django

    django.setup()
    from django.core.management import call_command

    from platform_core.generate_data import STAFF_PREFIX
    from platform_core.models import User

    call_command("migrate", verbosity=0)
    if created or not User.objects.filter(username__startswith=STAFF_PREFIX).exists():
        print(f"generating the {args.scale} data set into {name} (once) …", flush=True)
        started = time.monotonic()
        call_command("generate_data", scale=args.scale, seed=args.seed, verbosity=0)
        print(f"generated in {time.monotonic() - started:.0f} s", flush=True)
        shutil.rmtree(publish_dir(args.scale), ignore_errors=True)
    from django.core.cache import cache

    cache.clear()
    return {**os.environ, **env}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not start")


def start_gunicorn(env: dict, port: int, workers: int = 4) -> subprocess.Popen:
    """The project under gunicorn (sync workers, as STACK.md measured) on 127.0.0.1:port."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--log-level", "warning", "--pythonpath", str(BENCH_DIR)],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    wait_for_port(port, proc)
    return proc


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def wrk(url: str, *, threads=2, connections=32, seconds=5, script: str | None = None,
        headers: dict | None = None) -> dict:  # fmt: skip
    """Run wrk; requests/s, mean latency (ms), non-2xx/3xx responses and socket errors."""
    # --timeout: wrk's default (2 s) counts a slow answer as a socket error; a slow page is a
    # low req/s here, and only a refused or broken connection an error.
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "30s",
    ]
    for key, value in (headers or {}).items():
        cmd += ["-H", f"{key}: {value}"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    lat = re.search(r"Latency\s+([\d.]+)(us|ms|s|m)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s|m)", out)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": round(rps, 1),
        "latency_ms": round(float(lat[1]) * _UNITS[lat[2]], 3),
        "p99_ms": round(float(p99[1]) * _UNITS[p99[2]], 3) if p99 else None,
        "non_2xx": int(bad[1]) if bad else 0,
        "socket_errors": sum(int(x) for x in sock.groups()) if sock else 0,
    }


def save(name: str, result: dict, summary: dict) -> None:
    """bench/results/<name>.json, and the summary merged into latest.json under `name`."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().isoformat(timespec="seconds")
    result = {"date": stamp, **result}
    (RESULTS_DIR / f"{name}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    latest = {}
    if LATEST.exists():
        try:
            latest = json.loads(LATEST.read_text(encoding="utf-8"))
        except ValueError:
            latest = {}
    latest[name] = {"date": stamp, **summary}
    LATEST.write_text(json.dumps(latest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def table(rows: list[tuple], headers: tuple) -> str:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    line = lambda r: "  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True))  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])
