"""Redis taken away: no page answers 500 (ADR 0005).

A private redis-server of this test alone (never the shared one on 6379) serves the cache and the
rate limits; the pages are asked once with it, then it is stopped and every page is asked again,
several rounds. Cache reads go to the database, rate limits count in PostgreSQL and keep
refusing, page views are dropped and the log says so.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import subprocess
import tempfile

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from platform_core import cache as resilient_cache
from platform_core.constants import RoleCode
from platform_core.models import FallbackCounter
from tests.approval.conftest import build_form, build_item, build_route, submitted
from tests.factories import OrgUnitFactory, staff_with_role
from tests.faults.servers import free_port, wait_for_port

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
