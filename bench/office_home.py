"""Benchmark of the staff home page (/office/) against the minimal logged-in page.

    .venv/bin/python bench/office_home.py                   # scale small, 300 rounds
    .venv/bin/python bench/office_home.py --scale tiny --requests 50    # smoke run

Uses the generated database of the scale (bench/_common.py), adds once what the home page's oa
blocks read: a public duty roster for the current month and `--notices` (2,000) county-wide
notices, a third of them read by the clerk. The clerk is the generated staff member with the most
open tasks. Serves the project with gunicorn (2 sync workers) on a free loopback port and times
interleaved requests from one keep-alive client, as bench/inbox.py does:
- the baseline: the clerk's message list `/office/notifications/` (the same middleware, session
  and office shell as every back-office page);
- the office home `/office/` (待办分类, 今日值班, 新通知 and the reserved slots).
Prints the medians and the ratio home / baseline (target ≤ 3); writes
bench/results/office_home.json.
"""

from __future__ import annotations

import argparse
import calendar
import http.client
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

TARGET_RATIO = 3.0
MARK = "基准测试通知"


def clerk_username() -> str:
    from django.db.models import Count

    from platform_core.models import TaskInfo

    row = (
        TaskInfo.objects.filter(is_open=True, owner__username__startswith="gen_staff_")
        .values("owner__username")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if row:
        return row["owner__username"]
    from platform_core.models import User

    return User.objects.filter(username__startswith="gen_staff_").order_by("pk")[0].username


def ensure_oa_data(username: str, notices: int) -> None:
    """A public roster of this month and `notices` published notices, once (plain inserts: the
    services would notify every reader of every notice)."""
    from django.utils import timezone

    from oa.models import DutyRoster, DutyShift, Notice, NoticeRead
    from oa.services.duty import day_info, shifts_of_day
    from platform_core.models import OrgUnit, User

    clerk = User.objects.get(username=username)
    unit = OrgUnit.objects.get_root_nodes().first()
    today = timezone.localdate()
    if not DutyRoster.objects.filter(title=MARK, start__lte=today, end__gte=today).exists():
        start = today.replace(day=1)
        end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
        roster = DutyRoster.objects.create(
            unit=unit, title=MARK, start=start, end=end, phone="0746-1234567",
            is_public=True, created_by=clerk,
        )  # fmt: skip
        people = list(User.objects.filter(username__startswith="gen_staff_")[:10])
        shifts, day, i = [], start, 0
        while day <= end:
            kind, name = day_info(day)
            for shift_kind in shifts_of_day(kind):
                officer = people[i % len(people)]
                shifts.append(DutyShift(roster=roster, date=day, kind=shift_kind, day_kind=kind,
                                        holiday_name=name, officer=officer))  # fmt: skip
                i += 1
            day = day.fromordinal(day.toordinal() + 1)
        DutyShift.objects.bulk_create(shifts)
    author = User.objects.filter(username__startswith="gen_staff_").exclude(pk=clerk.pk).first()
    have = Notice.objects.filter(title__startswith=MARK).count()
    Notice.objects.filter(title__startswith=MARK, author=clerk).update(author=author)
    if have < notices:
        now = timezone.now()
        rows = [
            Notice(title=f"{MARK}{n}", body="<p>正文</p>", unit=unit, author=author,
                   status="published", scope="county", published_at=now)
            for n in range(have, notices)
        ]  # fmt: skip
        created = Notice.objects.bulk_create(rows, batch_size=1000)
        NoticeRead.objects.bulk_create(
            [NoticeRead(notice=n, user=clerk) for n in created[::3]], batch_size=1000
        )
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics, as after a day of normal use
        for table in ("oa_notice", "oa_noticeread", "oa_dutyshift", "oa_dutyroster"):
            cursor.execute(f"ANALYZE {table}")


def session_cookie(username: str) -> str:
    from django.conf import settings
    from django.test import Client

    from platform_core.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def timed_get(conn: http.client.HTTPConnection, path: str, cookie: str) -> float:
    start = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - start
    if response.status != 200:
        raise SystemExit(f"GET {path} gave {response.status}: {body[:300]!r}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    _common.common_args(parser)
    parser.add_argument("--requests", type=int, default=300, help="timed rounds")
    parser.add_argument("--notices", type=int, default=2000, help="published notices")
    args = _common.parse(parser)
    env = _common.setup(args)
    username = clerk_username()
    ensure_oa_data(username, args.notices)
    cookie = session_cookie(username)
    from django.db import connections

    connections.close_all()
    pages = {"baseline": "/office/notifications/", "office_home": "/office/"}
    samples: dict[str, list[float]] = {name: [] for name in pages}
    port = _common.free_port()
    server = _common.start_gunicorn(env, port, workers=2)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/office/", headers={"Cookie": cookie, "Host": "127.0.0.1"})
        html = conn.getresponse().read().decode()
        if "今日值班" not in html or MARK not in html:
            raise SystemExit("the office home does not show the duty and notice blocks")
        for _ in range(20):  # warm-up: connections, caches, both workers
            for path in pages.values():
                timed_get(conn, path, cookie)
        for _ in range(args.requests):
            for name, path in pages.items():
                samples[name].append(timed_get(conn, path, cookie))
        conn.close()
    finally:
        _common.stop(server)
    timings = {}
    for name, values in samples.items():
        values.sort()
        timings[name] = {
            "median_ms": round(statistics.median(values) * 1000, 2),
            "p95_ms": round(values[int(len(values) * 0.95) - 1] * 1000, 2),
        }
    ratio = timings["office_home"]["median_ms"] / timings["baseline"]["median_ms"]
    passed = ratio <= TARGET_RATIO
    summary = {"scale": args.scale, "ratio": round(ratio, 2), "target": f"<= {TARGET_RATIO}",
               "passed": passed}  # fmt: skip
    result = {"scale": args.scale, "clerk": username, "notices": args.notices,
              "requests": args.requests, "timings": timings, **summary}  # fmt: skip
    _common.save("office_home", result, summary)
    for name, t in timings.items():
        print(f"{name:12s} median {t['median_ms']:8.2f} ms   p95 {t['p95_ms']:8.2f} ms")
    print(f"ratio office home / baseline: {ratio:.2f}, target ≤ {TARGET_RATIO}: "
          f"{'ok' if passed else 'MISSED'}")  # fmt: skip
    sys.exit(0 if passed else _common.MISSED)


if __name__ == "__main__":
    main()
