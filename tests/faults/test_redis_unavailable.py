"""Redis taken away: no page answers 500 (ADR 0005).

A private redis-server of this test alone (never the shared one on 6379) serves the cache and the
rate limits; the pages are asked once with it, then it is stopped and every page is asked again,
several rounds. Cache reads go to the database, rate limits count in PostgreSQL and keep
refusing, page views are dropped and the log says so.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import logging
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings

from platform_core import cache as resilient_cache
from platform_core.constants import RoleCode
from platform_core.models import FallbackCounter
from tests.approval.conftest import build_form, build_item, build_route, submitted
from tests.factories import DEFAULT_PASSWORD as PASSWORD
from tests.factories import OrgUnitFactory, staff_with_role
from tests.faults.servers import free_port, server_env, start_gunicorn, stop, wait_for_port

pytestmark = pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")


class PrivateRedis:
    def __init__(self):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="egov-fault-redis-")
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.dir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        wait_for_port(self.port, self.proc)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=5)
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.proc = None

    def caches(self) -> dict:
        common = {
            "LOCATION": f"redis://127.0.0.1:{self.port}/0",
            "KEY_PREFIX": "egov-fault",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        return {
            "default": {**common, "BACKEND": "platform_core.cache.ResilientRedisCache"},
            "ratelimit": {**common, "BACKEND": "platform_core.cache.RateLimitCache"},
        }


@pytest.fixture
def redis_server():
    server = PrivateRedis()
    server.start()
    try:
        with override_settings(CACHES=server.caches(), RATELIMIT_ENABLE=True):
            yield server
    finally:
        server.stop()
        shutil.rmtree(server.dir, ignore_errors=True)
        resilient_cache._down_until.clear()


@pytest.fixture
def site(gov, dept_a):
    return build_site(gov, dept_a)


def build_site(gov, dept_a):
    sysadmin = staff_with_role(RoleCode.SYSTEM_ADMIN, gov)
    window = OrgUnitFactory(parent=dept_a, name="综合受理窗口", code="scjg-ck", kind="section")
    clerk = staff_with_role(RoleCode.WINDOW_CLERK, window, name="窗口甲")
    build_form(sysadmin)
    build_route(sysadmin)
    from approval.services import items as item_services

    item = item_services.item_publish(item=build_item(sysadmin, dept_a), by=sysadmin)
    application = submitted(item, clerk)
    return {
        "clerk": clerk,
        "supervisor": staff_with_role(RoleCode.SUPERVISOR, gov),
        "application": application,
    }


def _requests(site):
    """(label, method, url, data, who): who is None (anonymous) or a key of `site`."""
    number = site["application"].number
    return [
        ("home", "get", "/", None, None),
        ("search", "get", "/search/?q=营业执照", None, None),
        ("sms code", "post", "/accounts/sms-code/", {"mobile": "13800138000"}, None),
        ("citizen login", "post", "/accounts/login/", {"mobile": "13800138000", "code": "1"}, None),
        ("progress", "post", "/service/progress/", {"number": number, "code": "000000"}, None),
        ("consult", "post", "/invest/consult/", {}, None),
        ("stats hit", "get", "/stats/hit?p=/", None, None),
        ("staff login", "post", "/office/login/", {"username": "x", "password": "y"}, None),
        ("inbox", "get", "/office/inbox/", None, "clerk"),
        ("supervision", "get", "/office/approval/supervision/", None, "supervisor"),
        ("supervision data", "get", "/office/approval/supervision/data.json", None, "supervisor"),
    ]


def _ask(site, clients, round_no: int) -> dict[str, int]:
    answers = {}
    for label, method, url, data, who in _requests(site):
        client = clients[who]
        # A new address each round: the per-minute limits are not what this part looks at.
        extra = {"REMOTE_ADDR": f"10.9.{round_no}.1"}
        response = client.get(url, **extra) if method == "get" else client.post(url, data, **extra)
        answers[label] = response.status_code
    return answers


@pytest.mark.django_db
def test_pages_answer_without_redis(redis_server, site, caplog):
    clients = {None: Client(raise_request_exception=False)}
    for who in ("clerk", "supervisor"):
        clients[who] = Client(raise_request_exception=False)
        clients[who].force_login(site[who])

    with_redis = _ask(site, clients, 0)
    assert 500 not in with_redis.values(), with_redis

    redis_server.stop()
    caplog.set_level(logging.WARNING)
    rounds = [_ask(site, clients, n) for n in range(1, 4)]
    table = "\n".join(
        f"{label:18} {with_redis[label]}  " + "  ".join(str(r[label]) for r in rounds)
        for label in with_redis
    )
    print("page               with Redis / without Redis (3 rounds)\n" + table)
    for answers in rounds:
        assert 500 not in answers.values(), table
        assert answers == with_redis, table
    assert "cache unavailable" in caplog.text
    assert "page view(s)" in caplog.text and "dropped" in caplog.text


@pytest.mark.django_db
def test_rate_limits_keep_counting_in_postgresql(redis_server, gov):
    redis_server.stop()
    client = Client(raise_request_exception=False)
    statuses = [
        client.post(
            "/accounts/sms-code/", {"mobile": f"1380013800{n}"}, REMOTE_ADDR="10.8.0.1"
        ).status_code
        for n in range(6)
    ]
    # 5 a minute per address (platform_core/views/citizen.py), counted in PostgreSQL.
    assert statuses == [302] * 5 + [429]
    refused = client.post("/accounts/sms-code/", {"mobile": "13800138009"}, REMOTE_ADDR="10.8.0.1")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "您的操作过于频繁，请稍后再试。" in refused.content.decode()
    assert FallbackCounter.objects.exists()
    # Another address is not refused.
    other = client.post("/accounts/sms-code/", {"mobile": "13800138009"}, REMOTE_ADDR="10.8.0.2")
    assert other.status_code == 302


@pytest.mark.django_db
def test_cache_reads_fall_back_to_the_database(redis_server, gov):
    import datetime

    from platform_core.models import CalendarDay
    from platform_core.selectors.calendar import calendar_overrides

    day = datetime.date(2027, 1, 4)
    CalendarDay.objects.create(date=day, is_working_day=False, name="测试")
    assert calendar_overrides()[day] is False  # cached in Redis now
    redis_server.stop()
    CalendarDay.objects.filter(date=day).update(is_working_day=True)  # no signal: cache stale
    assert caches["default"].get("anything", "miss") == "miss"
    assert calendar_overrides()[day] is True  # read from the database
    # Back up: the cache is used again once the retry pause is over.
    redis_server.start()
    resilient_cache._down_until.clear()
    caches["default"].set("k", "v")
    assert caches["default"].get("k") == "v"


# --- under load, through gunicorn ----------------------------------------------------------------

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Visitor:
    """One browser: a cookie jar, CSRF tokens from the pages it reads, every answer recorded."""

    def __init__(self, base: str, record):
        self.base = base
        self.record = record
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def call(self, label: str, path: str, data: dict | None = None) -> str:
        body = b""
        try:
            request = urllib.request.Request(
                self.base + path,
                data=urllib.parse.urlencode(data).encode() if data is not None else None,
            )
            with self.opener.open(request, timeout=30) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, body = exc.code, exc.read()
        except OSError as exc:
            status, body = 0, repr(exc).encode()
        self.record(label, status)
        return body.decode("utf-8", "replace")

    def post_form(self, label: str, page: str, data: dict, action: str = "") -> None:
        """Read the form's page (CSRF token), then post to `action` (default: the page)."""
        token = CSRF.search(self.call(f"{label} (form)", page))
        self.call(label, action or page, {**data, "csrfmiddlewaretoken": token[1] if token else ""})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def committed_site(transactional_db, gov, dept_a):
    return build_site(gov, dept_a)


@pytest.mark.slow
def test_redis_taken_away_under_load(committed_site, tmp_path):
    """gunicorn with production-like settings and rate limits on; threads of citizens and staff
    keep asking the pages the review listed while the private Redis is stopped and started again."""
    data = committed_site
    redis = PrivateRedis()
    redis.start()
    db = connection.settings_dict
    port = free_port()
    env = server_env(
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
            f":{db['PORT'] or 5432}/{db['NAME']}"
        ),
        REDIS_URL=f"redis://127.0.0.1:{redis.port}/0",
        CACHE_KEY_PREFIX="egov-fault-load",
        # The broker on the same Redis, as in docker-compose: it goes away with the cache.
        CELERY_BROKER_URL=f"redis://127.0.0.1:{redis.port}/1",
        FAULT_RATELIMIT_ENABLE="true",
    )
    server = start_gunicorn(env, port, tmp_path / "gunicorn.log")
    answers: dict[str, dict[str, list[int]]] = {"up": {}, "down": {}, "back": {}}
    phase = ["up"]
    lock = threading.Lock()
    stopping = threading.Event()

    def record(label: str, status: int) -> None:
        with lock:
            answers[phase[0]].setdefault(label, []).append(status)

    base = f"http://127.0.0.1:{port}"
    number = data["application"].number

    def citizen():
        visitor = Visitor(base, record)
        while not stopping.is_set():
            visitor.call("home", "/")
            visitor.call("search", "/search/?q=%E8%90%A5%E4%B8%9A")
            visitor.call("stats hit", "/stats/hit?p=/")
            visitor.post_form(
                "sms code", "/accounts/login/", {"mobile": "13800138000"}, "/accounts/sms-code/"
            )
            visitor.post_form("progress", "/service/progress/", {"number": number, "code": "0"})
            visitor.post_form("consult", "/invest/consult/", {})

    def staff(user, pages):
        visitor = Visitor(base, record)
        visitor.post_form(
            "staff login", "/office/login/", {"username": user.username, "password": PASSWORD}
        )
        while not stopping.is_set():
            for label, page in pages:
                visitor.call(label, page)

    threads = [
        threading.Thread(target=citizen),
        threading.Thread(target=citizen),
        threading.Thread(target=staff, args=(data["clerk"], [("inbox", "/office/inbox/")])),
        threading.Thread(
            target=staff,
            args=(
                data["supervisor"],
                [
                    ("supervision", "/office/approval/supervision/"),
                    ("supervision data", "/office/approval/supervision/data.json"),
                ],
            ),
        ),
    ]
    try:
        for thread in threads:
            thread.start()
        time.sleep(3)
        with lock:
            phase[0] = "down"
        redis.stop()
        time.sleep(6)
        redis.start()
        with lock:
            phase[0] = "back"
        time.sleep(8)  # longer than the 5 s the cache leaves Redis alone after a failure
    finally:
        stopping.set()
        for thread in threads:
            thread.join(timeout=60)
        stop(server)
        redis.stop()
        shutil.rmtree(redis.dir, ignore_errors=True)

    labels = sorted({label for by_label in answers.values() for label in by_label})
    table = "\n".join(
        f"{label:24} "
        + "  ".join(f"{name}: {dict(Counter(answers[name].get(label, [])))}" for name in answers)
        for label in labels
    )
    print("what each page answered (status: count) with Redis up, down, back\n" + table)
    log = (tmp_path / "gunicorn.log").read_text(errors="replace")
    for name, by_label in answers.items():
        for label, statuses in by_label.items():
            assert 500 not in statuses and 0 not in statuses, f"{name} {label}\n{table}\n{log}"
    # Every page was asked while Redis was down, and answered as it is with Redis.
    for label in ("home", "search", "stats hit", "sms code", "progress", "consult", "inbox",
                  "supervision", "supervision data"):  # fmt: skip
        assert answers["down"].get(label), f"{label} not asked while Redis was down\n{table}"
    assert set(answers["down"]["inbox"]) == {200}
    assert set(answers["down"]["supervision data"]) == {200}
    assert set(answers["down"]["stats hit"]) == {204}
    assert set(answers["down"]["sms code"]) <= {302, 429}
    assert "cache unavailable" in log
