"""What the fault tests start and always stop again: a private PostgreSQL cluster, gunicorn and
Celery workers, each in its own process group, on free loopback ports.

The shared PostgreSQL and Redis of the machine are never stopped or restarted: a test that needs
to restart the database does it to its own cluster (initdb into a temporary directory).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SETTINGS = "tests.faults.fault_settings"


def postgres_bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen | None = None, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        with contextlib.suppress(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


def server_env(**extra: str) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "PYTHONPATH": str(ROOT), **extra}
    return env


def start(cmd: list[str], env: dict, log: Path) -> subprocess.Popen:
    """A server in a process group of its own, so that it and its children can be stopped."""
    out = log.open("ab")
    try:
        return subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    finally:
        out.close()


def kill_group(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)


def stop(proc: subprocess.Popen, timeout: float = 3) -> None:
    """SIGTERM to the group, SIGKILL when it does not end in time."""
    if proc.poll() is None:
        kill_group(proc, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=timeout)
    kill_group(proc, signal.SIGKILL)  # stray children of a master that already exited
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


def children(pid: int) -> set[int]:
    """Process ids whose parent is `pid` (read from /proc)."""
    found = set()
    for stat in glob.glob("/proc/[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.add(int(Path(stat).parent.name))
    return found


def start_gunicorn(
    env: dict, port: int, log: Path, workers: int = 2, wait: bool = True
) -> subprocess.Popen:
    """The project under gunicorn with sync workers, as bench/_common.py serves it (the app
    and its word segmenter loaded once before the fork, as production runs it: config/wsgi.py)."""
    proc = start(
        [str(BIN / "gunicorn"), "config.wsgi", "--preload",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--timeout", "30", "--graceful-timeout", "3",
         "--log-level", "warning"],
        env, log,
    )  # fmt: skip
    if wait:
        wait_for_port(port, proc)
    return proc


class PrivateCluster:
    """A PostgreSQL cluster of this test alone: initdb into a temporary directory, a free port.

    initdb and the server refuse to run as root: as root (CI on this machine) they run as the
    `postgres` system user through runuser, in a directory that user owns.
    """

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="egov-fault-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, user="postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str, timeout: float = 60) -> None:
        proc = subprocess.run(
            [*self.prefix, *args], capture_output=True, text=True, timeout=timeout, check=False
        )
        if proc.returncode:
            raise RuntimeError(f"{args[0]} failed: {proc.stdout}{proc.stderr}{self.server_log()}")

    def server_log(self) -> str:
        with contextlib.suppress(OSError):
            return self.log.read_text(errors="replace")[-3000:]
        return ""

    def init(self) -> None:
        self._run(
            str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres",
            "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync",
        )  # fmt: skip
        # In the configuration file, not on the command line: a plain `pg_ctl start` after a stop
        # must come back on this port, never on the shared server's 5432.
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.dir}'\nmax_connections = 50\n"
                "fsync = off\nfull_page_writes = off\nsynchronous_commit = off\n"
            )

    def pg_ctl(self, action: str, *args: str) -> None:
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w",
            "-t", "30", *args, action,
        )  # fmt: skip

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def destroy(self) -> None:
        """Immediate shutdown (SIGQUIT to the postmaster: nothing here is worth keeping)."""
        with contextlib.suppress(OSError, ValueError, IndexError):
            pid = int((self.data / "postmaster.pid").read_text().split()[0])
            os.kill(pid, signal.SIGQUIT)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
                time.sleep(0.05)
            if Path(f"/proc/{pid}").exists():
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.dir, ignore_errors=True)
