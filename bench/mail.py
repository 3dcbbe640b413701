"""Benchmark of the internal mailbox at scale: is a mailbox of 100,000 messages as fast to open as
a trivial back-office page?

    .venv/bin/python bench/mail.py                     # 100,000 messages (built once)
    .venv/bin/python bench/mail.py --messages 20000    # smoke run

Fills a PostgreSQL database of its own (default `egov_bench_mail`, rebuilt when the requested size
differs or with --rebuild): one clerk receives `--messages` messages from 50 colleagues in ten
departments over two years (each message also has its sender's copy in 已发送, 5% have an
attachment, 3% are unread), and keeps 2,000 of them in a folder of their own. Then serves the
project with gunicorn on 127.0.0.1 and times a few hundred requests of each page, interleaved:
- the baseline: the clerk's (empty) message list `/office/notifications/`, a minimal logged-in
  back-office page (same middleware, session and office shell);
- the inbox's first page, a page deep in the inbox (keyset cursor half-way), and the folder.
Prints the medians and the ratio mailbox / baseline (target ≤ 3) and writes
bench/results/mail.json with the EXPLAIN ANALYZE of the inbox query.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(BENCH_DIR), str(ROOT)]

from inbox import ensure_database, timed_get, wait_for_port  # noqa: E402

# BENCH_RESULTS_DIR: a smoke run writes elsewhere and keeps the committed full-size result.
RESULTS = Path(os.environ.get("BENCH_RESULTS_DIR", BENCH_DIR / "results")) / "mail.json"
TARGET_RATIO = 3.0
CLERK = "bench_mail_clerk"
FOLDER = "压测文件夹"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=100_000, help="clerk's inbox (100,000)")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per page")
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_MAIL_DATABASE", "egov_bench_mail")
    )
    parser.add_argument(
        "--server", default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the data")
    return parser.parse_args()


def setup_django(args) -> None:
    os.environ["DATABASE_URL"] = f"{args.server}/{args.database}"
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
    os.environ.setdefault("CACHE_KEY_PREFIX", "bench-mail")
    os.environ["DJANGO_SETTINGS_MODULE"] = "_settings"
    import django

    django.setup()


def current_size() -> int:
    from oa.constants import MailBox
    from oa.models import MailDelivery
    from platform_core.models import User

    clerk = User.objects.filter(username=CLERK).first()
    if clerk is None:
        return 0
    return MailDelivery.objects.filter(owner=clerk).exclude(box=MailBox.SENT).count()


SUBJECTS = (
    "关于报送{n}月份政务服务工作进展的通知",
    "关于召开第{n}次安全生产工作调度会的通知",
    "转发：关于做好{n}号文件贯彻落实工作的函",
    "回复：第{n}批审批事项清单核对意见",
    "关于征求《{n}号实施方案（征求意见稿）》意见的函",
)
BODY = (
    "各位同事：\n\n根据县政府工作安排，请于本周五前将有关材料报送县政府办公室秘书科。"
    "材料包括工作进展、存在问题和下一步打算，字数控制在1500字以内。\n\n谢谢！"
)


def build(total: int) -> dict:
    """The clerk's mailbox: `total` received messages, newest first over two years."""
    from django.core.files.base import ContentFile
    from django.db import connection
    from django.utils import timezone

    from oa.constants import MailBox, MailRole, MailStatus
    from oa.models import (
        MailAttachment,
        MailDelivery,
        MailFile,
        MailFolder,
        MailMessage,
        MailQuota,
    )
    from platform_core.constants import RoleCode
    from tests.factories import OrgUnitFactory, root_unit, staff_with_role

    started = time.monotonic()
    gov = root_unit()
    departments = [OrgUnitFactory(parent=gov, code=f"mdept{i}") for i in range(10)]
    clerk = staff_with_role(RoleCode.REVIEW_CLERK, departments[0], username=CLERK, name="压测科员")
    senders = [
        staff_with_role(
            RoleCode.REVIEW_CLERK, departments[i % 10], username=f"bench_m{i}", name=f"同事{i}"
        )
        for i in range(50)
    ]
    blob = MailFile(sha256="b" * 64, size=48_000)
    blob.file.save("b" * 64, ContentFile(b"%PDF-1.4\n" + b"0" * 47_991), save=False)
    blob.save()
    folder = MailFolder.objects.create(owner=clerk, name=FOLDER)
    now = timezone.now()
    span = datetime.timedelta(days=730)
    batch = 5_000
    body_size = len(BODY.encode())
    for start in range(0, total, batch):
        count = min(batch, total - start)
        messages = []
        for i in range(start, start + count):
            sender = senders[i % len(senders)]
            when = now - span * (1 - i / total)
            subject = SUBJECTS[i % len(SUBJECTS)].format(n=i)
            messages.append(
                MailMessage(
                    sender=sender,
                    status=MailStatus.SENT,
                    subject=subject,
                    body=BODY,
                    to_text=f"压测科员 <{CLERK}>",
                    size=body_size + (blob.size if i % 20 == 0 else 0),
                    attachment_count=1 if i % 20 == 0 else 0,
                    created_at=when,
                    sent_at=when,
                )
            )
        MailMessage.objects.bulk_create(messages, batch_size=batch)
        deliveries, attachments = [], []
        for k, message in enumerate(messages):
            i = start + k
            in_folder = i % 50 == 7 and i < 100_000
            deliveries.append(
                MailDelivery(
                    message=message,
                    owner=clerk,
                    role=MailRole.TO,
                    box=MailBox.FOLDER if in_folder else MailBox.INBOX,
                    folder=folder if in_folder else None,
                    date=message.sent_at,
                    is_read=i % 33 != 0,
                    read_at=None if i % 33 == 0 else message.sent_at,
                )
            )
            deliveries.append(
                MailDelivery(
                    message=message,
                    owner_id=message.sender_id,
                    role=MailRole.SENDER,
                    box=MailBox.SENT,
                    date=message.sent_at,
                    is_read=True,
                )
            )
            if i % 20 == 0:
                attachments.append(MailAttachment(message=message, blob=blob, name="材料.pdf"))
        MailDelivery.objects.bulk_create(deliveries, batch_size=batch)
        MailAttachment.objects.bulk_create(attachments, batch_size=batch)
    used = MailMessage.objects.filter(deliveries__owner=clerk).values_list("size", flat=True)
    MailQuota.objects.create(user=clerk, used_bytes=sum(used))
    with connection.cursor() as cursor:
        for table in ("oa_mailmessage", "oa_maildelivery", "oa_mailattachment"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return {"build_seconds": round(time.monotonic() - started, 1)}


def session_cookie() -> str:
    from django.conf import settings
    from django.test import Client

    from platform_core.models import User

    client = Client()
    client.force_login(User.objects.get(username=CLERK))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def deep_cursor() -> str:
    """The keyset cursor half-way down the inbox."""
    from oa.constants import MailBox
    from oa.models import MailDelivery
    from oa.selectors.mail import make_cursor

    rows = MailDelivery.objects.filter(owner__username=CLERK, box=MailBox.INBOX).order_by(
        "-date", "-pk"
    )
    middle = rows[rows.count() // 2]
    return make_cursor(middle)


def explain_inbox() -> str:
    from django.db import connection

    from oa.constants import MailBox
    from oa.models import MailDelivery
    from platform_core.models import User

    clerk = User.objects.get(username=CLERK)
    rows = (
        MailDelivery.objects.filter(owner=clerk, box=MailBox.INBOX)
        .select_related("message", "message__sender")
        .defer("message__body")
        .order_by("-date", "-pk")[:26]
    )
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def measure(args, cookie: str, pages: dict[str, str]) -> dict:
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
    from django.db import connections

    call_command("migrate", verbosity=0)
    built = {"build_seconds": None}
    size = current_size()
    if size != args.messages:
        if size:
            print(f"rebuilding: found {size} messages")
            connections.close_all()
            ensure_database(args.server, args.database, drop=True)
            call_command("migrate", verbosity=0)
        print(f"building a mailbox of {args.messages:,} messages …")
        built = build(args.messages)
        print(f"built in {built['build_seconds']} s")
        size = current_size()
    from oa.models import MailFolder

    folder = MailFolder.objects.get(owner__username=CLERK, name=FOLDER)
    pages = {
        "baseline": "/office/notifications/",
        "mailbox": "/office/oa/mail/",
        "mailbox_deep": f"/office/oa/mail/?after={deep_cursor()}",
        "folder": f"/office/oa/mail/folder/{folder.pk}/",
    }
    plan = explain_inbox()
    cookie = session_cookie()
    connections.close_all()
    timings = measure(args, cookie, pages)
    base = timings["baseline"]["median_ms"]
    ratios = {
        name: round(timings[name]["median_ms"] / base, 2) for name in pages if name != "baseline"
    }
    result = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "messages": size,
        "requests_per_page": args.requests,
        **built,
        "timings": timings,
        "ratios": ratios,
        "ratio": ratios["mailbox"],
        "target_ratio": TARGET_RATIO,
        "passed": all(r <= TARGET_RATIO for r in ratios.values()),
        "explain_inbox_page": plan,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for name, t in timings.items():
        print(f"{name:14s} median {t['median_ms']:8.2f} ms   p95 {t['p95_ms']:8.2f} ms")
    print(
        "ratios to the baseline: "
        + ", ".join(f"{name} {ratio:.2f}" for name, ratio in ratios.items())
        + f"; target ≤ {TARGET_RATIO}: {'ok' if result['passed'] else 'FAILED'}"
    )
    print(f"results: {RESULTS}")
    sys.exit(0 if result["passed"] else 1)


if __name__ == "__main__":
    main()
