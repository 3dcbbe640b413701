"""A real PostgreSQL streaming replica: the public read-only pages read from it, and a lagging
replica never shows a citizen an older state of their own application.

Two private clusters (never the shared server): a primary holding a copy of the freshly migrated
test database, and a hot standby made from it with `pg_basebackup -R`, streaming. gunicorn serves
the project with DATABASE_URL on the primary and DATABASE_REPLICA_URL on the standby. The data is
written by `manage.py shell` against the primary, as another process would. Replay on the standby
is paused (`pg_wal_replay_pause()`) to make it lag for as long as the test needs.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import time
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import psycopg2
import pytest

from .servers import (
    BIN,
    ROOT,
    PrivateCluster,
    free_port,
    postgres_bindir,
    server_env,
    start_gunicorn,
    stop,
    wait_for_port,
)
from .test_postgres_restart import copy_database

BINDIR = postgres_bindir()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(BINDIR is None, reason="PostgreSQL server binaries (initdb) not installed"),
]
DB = "egov_replica"

SETUP = """
import json
from approval.services import applications as app_services, items as item_services
from platform_core.constants import RoleCode
from tests.approval.conftest import build_form, build_item, build_route, fill
from tests.factories import OrgUnitFactory, root_unit, staff_with_role

gov = root_unit()
dept = OrgUnitFactory(parent=gov, name="县市场监督管理局", code="scjg")
admin = staff_with_role(RoleCode.SYSTEM_ADMIN, gov)
clerk = staff_with_role(RoleCode.WINDOW_CLERK, dept, name="窗口甲")
build_form(admin)
build_route(admin)
item = item_services.item_publish(item=build_item(admin, dept), by=admin)
version, form = fill(item)
application, code = app_services.application_register(
    item=item, by=clerk, version=version, form=form, applicant_name="李四",
    applicant_id_number="", applicant_uscc="91431127MA4L0K1X23", applicant_mobile="13900001111",
)
print(json.dumps({"number": application.number, "code": code, "admin": admin.pk,
                  "clerk": clerk.pk, "dept": dept.pk}))
"""

# Written on the primary while the standby does not replay: a second item is published (the
# service hall lists it) and the application is accepted (its progress shows 受理).
CHANGE = """
from approval.models import Application
from approval.services import acceptance, items as item_services
from platform_core.models import OrgUnit, User
from tests.approval.conftest import build_item

admin, clerk = User.objects.get(pk={admin}), User.objects.get(pk={clerk})
dept = OrgUnit.objects.get(pk={dept})
draft = build_item(admin, dept, code="431127-XK-002")
draft.name = "小餐饮登记"
draft.save()
item_services.item_publish(item=draft, by=admin)
acceptance.application_accept(application=Application.objects.get(), by=clerk)
"""


class Standby(PrivateCluster):
    """A hot standby of `primary`: a base backup with the replication settings (-R), on its
    own port and socket directory."""

    def init_from(self, primary: PrivateCluster) -> None:
        self._run(
            str(self.bindir / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port),
            "-U", "postgres", "-D", str(self.data), "-R", "-X", "stream", "--no-sync",
        )  # fmt: skip
        with (self.data / "postgresql.conf").open("a") as conf:  # later lines win
            conf.write(f"port = {self.port}\nunix_socket_directories = '{self.dir}'\n")


def sql(cluster: PrivateCluster, statement: str, dbname: str = "postgres"):
    with contextlib.closing(
        psycopg2.connect(host="127.0.0.1", port=cluster.port, user="postgres", dbname=dbname)
    ) as conn:
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(statement)
            return cursor.fetchone() if cursor.description else None


def caught_up(primary: PrivateCluster, standby: Standby, timeout: float = 30) -> None:
    target = sql(primary, "SELECT pg_current_wal_lsn()::text")[0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sql(standby, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")[0]:
            return
        time.sleep(0.05)
    raise AssertionError("the standby did not catch up with the primary")


def shell(env: dict, code: str) -> str:
    done = subprocess.run(
        [str(BIN / "python"), "manage.py", "shell", "-c", code],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


class Browser:
    """One reader: its own cookies (session, CSRF, the replica mark)."""

    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.jar = CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.jar))

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=20) as response:
            return response.read().decode()

    def post(self, path: str, data: dict) -> tuple[int, str]:
        self.get(path)  # the CSRF cookie
        data = {**data, "csrfmiddlewaretoken": self.cookie("csrftoken")}
        request = Request(
            self.base + path,
            data=urlencode(data).encode(),
            headers={"Referer": self.base + path},
        )
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.read().decode()
        except Exception as exc:  # urllib raises on 4xx: the page is still the answer
            return exc.code, exc.read().decode()


@pytest.fixture
def clusters(tmp_path):
    primary, standby = PrivateCluster(BINDIR), Standby(BINDIR)
    try:
        primary.init()
        primary.pg_ctl("start")
        standby.init_from(primary)
        standby.pg_ctl("start")
        yield primary, standby
    finally:
        standby.destroy()
        primary.destroy()


@pytest.fixture
def served(db, clusters, tmp_path):
    from django.db import connection

    primary, standby = clusters
    copy_database(dict(connection.settings_dict), primary, DB)
    env = server_env(
        DATABASE_URL=primary.url(DB),
        DATABASE_REPLICA_URL=standby.url(DB),
        CACHE_KEY_PREFIX=f"{connection.settings_dict['NAME']}-replica",
        EGOV_VAR_DIR=str(tmp_path / "var"),
    )
    ids = json.loads(shell(env, SETUP).strip().splitlines()[-1])
    port = free_port()
    log = tmp_path / "gunicorn.log"
    proc = start_gunicorn(env, port, log, wait=False)
    try:
        wait_for_port(port, proc, timeout=60)
        yield port, env, ids
    finally:
        stop(proc)
        print(Path(log).read_text(errors="replace")[-3000:])  # shown when the test fails


def test_public_reads_use_the_replica_and_never_an_older_state_of_the_citizens_application(
    served, clusters
):
    port, env, ids = served
    primary, standby = clusters
    assert sql(standby, "SELECT pg_is_in_recovery()")[0] is True
    caught_up(primary, standby)
    reader, citizen = Browser(port), Browser(port)
    lookup = {"number": ids["number"], "code": ids["code"]}

    assert "食品经营许可" in reader.get("/service/")
    status, page = citizen.post("/service/progress/", lookup)
    assert status == 200 and "窗口登记" in page and "受理审查" in page and "审查决定" not in page

    # The standby stops replaying: whatever is written now exists on the primary only.
    sql(standby, "SELECT pg_wal_replay_pause()", dbname=DB)
    shell(env, CHANGE.format(**ids))
    new_item = "SELECT count(*) FROM approval_licensingitem WHERE name='小餐饮登记'"
    assert sql(primary, new_item, DB)[0] == 1 and sql(standby, new_item, DB)[0] == 0

    # The service hall reads from the replica: the item published a moment ago is not there yet.
    assert "小餐饮登记" not in reader.get("/service/")
    # The progress lookup reads the replica only when it holds everything the primary has: the
    # citizen sees their application accepted, from the primary, while the replica lags.
    status, page = citizen.post("/service/progress/", lookup)
    assert status == 200 and "审查决定" in page, page[-3000:]

    # Read your writes: a request that wrote (a wrong query code is counted on the application)
    # marks the browser; its next pages come from the primary until the replica has caught up.
    status, _page = reader.post("/service/progress/", {**lookup, "code": "000001"})
    assert status == 400 and reader.cookie("egov_lsn")
    assert "小餐饮登记" in reader.get("/service/")
    assert "小餐饮登记" not in Browser(port).get("/service/")  # a fresh reader: the replica

    # Replay resumes: the replica catches up and every reader sees the new item.
    sql(standby, "SELECT pg_wal_replay_resume()", dbname=DB)
    caught_up(primary, standby)
    assert "小餐饮登记" in Browser(port).get("/service/")
