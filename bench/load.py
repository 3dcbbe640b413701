"""Load scenario (`make load`): citizens and staff on loopback for a bounded time, then a check of
every write against the database.

    .venv/bin/python bench/load.py                 # 60 s, 24 users
    .venv/bin/python bench/load.py --seconds 5     # smoke run

Serves the project with gunicorn (4 sync workers) on a free loopback port after publishing the
home page and the newest article pages (served by the portal's published-file view, as in the
demo; in production nginx serves them). Python threads with one keep-alive `http.client`
connection each play, in a weighted random mix (fixed seed per thread):
- citizens reading published pages (home, articles) and searching (`/search/?q=…`);
- citizens looking up an application's progress (POST with a generated case's number and code);
- citizens asking for an SMS login code (POST `/accounts/sms-code/`, a fresh mobile each time):
  the write of this scenario (a `SmsCode` row and an SMS in the outbox, one transaction);
- staff opening their inboxes (`/office/inbox/`, logged-in session).
Reports requests, errors (any status other than the expected one, or a socket error) and
p50/p95/p99 per kind; afterwards every SMS-code request that got its redirect must have exactly
one code row and one outbox row for its mobile (lost = 0, duplicated = 0). Exit 1 otherwise.
Rate limits are off in bench/_settings2.py: every request comes from 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import random
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402
from dynamic import csrf_pair, staff_cookie  # noqa: E402

# A few searches in turn (bench/dynamic.py measures search under a Zipf mix of 2,400 queries).
QUERIES = ["防汛", "营商环境", "安全生产", "招生", "不动产登记", "乡村振兴"]
MIX = [("page", 45), ("search", 20), ("progress", 10), ("sms_code", 5), ("inbox", 20)]
ARTICLE_PAGES = 50


def prepare(seed: int) -> dict:
    """Publish what citizens read; sessions of staff with open tasks; cases to look up."""
    from django.db.models import Count

    from approval.generate import case_number, generated_day, query_code
    from approval.models import Application
    from platform_core.models import TaskInfo
    from portal.constants import ArticleStatus
    from portal.models import Article
    from portal.publishing.engine import PublishReport, write_page
    from portal.publishing.sources import ArticleSource, HomeSource

    report = PublishReport()
    write_page(HomeSource().page(), report)
    articles = (
        Article.objects.filter(status=ArticleStatus.PUBLISHED)
        .select_related("channel", "author_unit")
        .order_by("-publish_date", "-pk")[:ARTICLE_PAGES]
    )
    source = ArticleSource()
    pages = ["/"]
    for article in articles:
        page = source.page(article)
        write_page(page, report)
        pages.append("/" + page.path)
    staff = (
        TaskInfo.objects.filter(is_open=True, owner__username__startswith="gen_staff_")
        .values("owner__username")
        .annotate(n=Count("pk"))
        .order_by("-n")[:8]
    )
    cases = min(Application.objects.filter(number__isnull=False).count(), 200)
    day = generated_day()
    return {
        "pages": pages,
        "cookies": [staff_cookie(row["owner__username"]) for row in staff],
        "cases": [(case_number(i, day), query_code(seed, i)) for i in range(cases)],
    }


class User(threading.Thread):
    def __init__(self, n: int, port: int, plan: dict, deadline: float, shared: dict):
        super().__init__(daemon=True)
        self.rng = random.Random(n)
        self.port, self.plan, self.deadline, self.shared = port, plan, deadline, shared
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.mobiles: list[str] = []
        self.conn = None
        self.csrf_cookie, self.csrf_token = plan["csrf"]

    def request(self, method, path, headers=None, body=None) -> tuple[int, str]:
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                response.read()
                return response.status, response.getheader("Location") or ""
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def post_form(self, path: str, fields: dict, cookie: str = ""):
        body = urlencode({"csrfmiddlewaretoken": self.csrf_token, **fields})
        cookies = "; ".join(c for c in (self.csrf_cookie, cookie) if c)
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies}
        return self.request("POST", path, headers, body)

    def one(self, kind: str) -> bool:
        plan, rng = self.plan, self.rng
        if kind == "page":
            return self.request("GET", rng.choice(plan["pages"]))[0] == 200
        if kind == "search":
            return self.request("GET", f"/search/?q={quote(rng.choice(QUERIES))}")[0] == 200
        if kind == "progress":
            number, code = rng.choice(plan["cases"])
            return self.post_form("/service/progress/", {"number": number, "code": code})[0] == 200
        if kind == "inbox":
            cookie = rng.choice(plan["cookies"])
            return self.request("GET", "/office/inbox/", {"Cookie": cookie})[0] == 200
        with self.shared["lock"]:
            self.shared["next_mobile"] += 1
            mobile = f"198{self.shared['next_mobile']:08d}"
        status, location = self.post_form("/accounts/sms-code/", {"mobile": mobile})
        ok = status == 302 and "/accounts/login/" in location
        if ok:
            self.mobiles.append(mobile)
        return ok

    def warm(self):
        """One request of each kind, not timed: workers load jieba, templates, connections."""
        for kind, _weight in MIX:
            with contextlib.suppress(http.client.HTTPException, OSError):
                self.one(kind)

    def run(self):
        kinds, weights = zip(*MIX, strict=True)
        while time.monotonic() < self.deadline:
            kind = self.rng.choices(kinds, weights)[0]
            started = time.perf_counter()
            try:
                ok = self.one(kind)
            except (http.client.HTTPException, OSError):
                ok = False
            self.samples[kind].append(time.perf_counter() - started)
            if not ok:
                self.errors[kind] += 1


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] * 1000


def verify(mobiles: list[str], since) -> dict:
    from platform_core.models import Notification, SmsCode

    codes = defaultdict(int)
    for mobile in SmsCode.objects.filter(created_at__gte=since, mobile__in=mobiles).values_list(
        "mobile", flat=True
    ):
        codes[mobile] += 1
    sms = defaultdict(int)
    for address in Notification.objects.filter(address__in=mobiles).values_list(
        "address", flat=True
    ):
        sms[address] += 1
    return {
        "writes_acknowledged": len(mobiles),
        "lost_codes": sum(1 for m in mobiles if codes[m] == 0),
        "duplicated_codes": sum(1 for m in mobiles if codes[m] > 1),
        "lost_sms": sum(1 for m in mobiles if sms[m] == 0),
        "duplicated_sms": sum(1 for m in mobiles if sms[m] > 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    _common.common_args(parser)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=24, help="concurrent simulated users")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = _common.parse(parser)
    env = _common.setup(args)
    from django.db import connections
    from django.utils import timezone

    from platform_core.models import SmsCode

    plan = prepare(args.seed)
    plan["csrf"] = csrf_pair()
    # Fresh mobiles each run: past the highest one any earlier run used.
    last = SmsCode.objects.filter(mobile__startswith="198").order_by("-mobile").first()
    shared = {"lock": threading.Lock(), "next_mobile": int(last.mobile[3:]) if last else 0}
    since = timezone.now()
    connections.close_all()
    port = _common.free_port()
    server = _common.start_gunicorn(env, port, workers=args.workers)
    try:
        users = [User(n, port, plan, 0.0, shared) for n in range(args.users)]
        warmers = [threading.Thread(target=u.warm) for u in users for _ in range(2)]
        for w in warmers:
            w.start()
        for w in warmers:
            w.join(120)
        deadline = time.monotonic() + args.seconds
        for user in users:
            user.deadline = deadline
        started = time.monotonic()
        for user in users:
            user.start()
        for user in users:
            user.join(args.seconds + 60)
        elapsed = time.monotonic() - started
    finally:
        _common.stop(server)
    samples, errors, mobiles = defaultdict(list), defaultdict(int), []
    for user in users:
        for kind, values in user.samples.items():
            samples[kind] += values
        for kind, n in user.errors.items():
            errors[kind] += n
        mobiles += user.mobiles
    checked = verify(mobiles, since)
    rows, kinds = [], {}
    for kind, _weight in MIX:
        values = samples[kind]
        kinds[kind] = {
            "requests": len(values), "errors": errors[kind],
            "p50_ms": round(percentile(values, 0.50), 1),
            "p95_ms": round(percentile(values, 0.95), 1),
            "p99_ms": round(percentile(values, 0.99), 1),
        }  # fmt: skip
        k = kinds[kind]
        rows.append((kind, k["requests"], k["errors"], k["p50_ms"], k["p95_ms"], k["p99_ms"]))
    total = sum(len(v) for v in samples.values())
    total_errors = sum(errors.values())
    every = [v for values in samples.values() for v in values]
    rows.append(("all", total, total_errors, round(percentile(every, 0.5), 1),
                 round(percentile(every, 0.95), 1), round(percentile(every, 0.99), 1)))  # fmt: skip
    lost = checked["lost_codes"] + checked["lost_sms"]
    duplicated = checked["duplicated_codes"] + checked["duplicated_sms"]
    passed = total_errors == 0 and lost == 0 and duplicated == 0 and checked["writes_acknowledged"]
    summary = {
        "scale": args.scale, "seconds": args.seconds, "users": args.users, "requests": total,
        "rps": round(total / elapsed, 1), "errors": total_errors,
        "p50_ms": rows[-1][3], "p95_ms": rows[-1][4], "p99_ms": rows[-1][5], **checked,
        "passed": bool(passed),
    }  # fmt: skip
    _common.save("load", {**summary, "kinds": kinds}, summary)
    print(_common.table(rows, ("load: kind", "requests", "errors", "p50 ms", "p95 ms", "p99 ms")))
    print(
        f"{total / elapsed:,.0f} req/s over {elapsed:.0f} s with {args.users} users; "
        f"SMS-code writes acknowledged {checked['writes_acknowledged']}, lost {lost}, "
        f"duplicated {duplicated}: {'ok' if passed else 'FAILED'}"
    )
    sys.exit(0 if passed else _common.MISSED)


if __name__ == "__main__":
    main()
