"""Benchmark of 发文 sign-off under concurrency: N leaders signing off at once on PostgreSQL.

    .venv/bin/python bench/oa_signoff.py                         # 8 at once, 5 rounds
    .venv/bin/python bench/oa_signoff.py --parallel 4 --rounds 1 # smoke run

Each round prepares 2 × N documents of the county government (蓝政发, whose generated documents
already hold numbers for the year, so the counter continues from generate_data's), drafted in a
bench section and taken through 核稿 to the 签发 step (not timed). Then, N threads released at
once by a barrier:

- **sign-off**: `oa.services.route.document_sign_off()` — the route transition, the 发文字号 from
  the issuer's counter row (SELECT … FOR UPDATE: the N sign-offs queue on one row), the
  document's save, its clock and its event;
- **bare transition (reference)**: the same transition of the same shape on the other N
  documents — the document locked, its 签发 task completed under the route's lock — without the
  number, the save, the clock or the event.

Timed: wall time from the barrier to the last thread's end, per round; the median is kept.
Printed: both, and their ratio (sign-off / bare; no target: the figure to watch from run to run).
The run fails (exit 1) if the numbers given are not gapless and unique.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

BENCH_UNIT = "bench-oa"


def team():
    """A bench section under the county government's office with a clerk and its section
    head, a system administrator for the route, the county government's issuer and a leader."""
    from oa.models import Issuer
    from oa.services import route as route_services
    from platform_core.constants import RoleCode, UnitKind
    from platform_core.models import OrgUnit, Post, Role, User

    gov = OrgUnit.objects.get(code="gov")
    unit = OrgUnit.objects.filter(code=BENCH_UNIT).first()
    if unit is None:
        bench = OrgUnit(name="压测科", code=BENCH_UNIT, kind=UnitKind.SECTION)
        unit = OrgUnit.objects.add_child(gov, instance=bench)

    def person(username: str, name: str, code: str, where) -> User:
        user, _c = User.objects.get_or_create(
            username=username, defaults={"name": name, "kind": "staff"}
        )
        Post.objects.get_or_create(
            user=user, unit=where, role=Role.objects.get(code=code), defaults={"is_primary": True}
        )
        return user

    clerk = person("bench_oa_clerk", "压测拟稿人", RoleCode.REVIEW_CLERK, unit)
    head = person("bench_oa_head", "压测核稿人", RoleCode.SECTION_HEAD, unit)
    admin = person("bench_oa_admin", "压测流程管理员", RoleCode.SYSTEM_ADMIN, gov)
    leader = (
        Post.objects.filter(role__code=RoleCode.LEADER, unit=gov, user__username__startswith="gen_")
        .order_by("user__username")
        .first()
    )
    if leader is None:
        raise SystemExit("the generated data has no county leader")
    route_services.ensure_route(by=admin)
    issuer = Issuer.objects.get(unit=gov, prefix="蓝政发")
    return clerk, head, leader.user, issuer, unit


def prepare(count: int, clerk, head, issuer, unit) -> list:
    from oa.services import documents as doc_services
    from oa.services import route as route_services

    out = []
    for n in range(count):
        document = doc_services.document_create(
            by=clerk,
            issuer=issuer,
            unit=unit,
            kind="notice",
            title=f"关于压测并发签发的通知（{n + 1}）",
            body="<p>各乡镇人民政府，县直各单位：</p><p>现将压测有关事项通知如下。</p>",
        )
        route_services.document_submit(document=document, by=clerk)
        route_services.document_review(document=document, by=head, comment="核稿通过")
        out.append(document)
    return out


def sign_off(document, leader) -> None:
    from oa.services import route as route_services

    route_services.document_sign_off(document=document, by=leader, comment="同意")


def bare(document, leader) -> None:
    """The 签发 transition alone, as document_sign_off() takes it (its own private steps)."""
    from django.db import transaction

    from oa.services import route as route_services
    from oa.services.common import locked
    from platform_core.flows import RouteFlow
    from platform_core.services import workflow as wf

    with transaction.atomic():
        document = locked(document)
        info = route_services._my_task(document, leader, route_services.STEP_SIGN_OFF)
        with RouteFlow.lock(info.process_id):
            wf.task_complete(task=info.task, user=leader, comment="同意签发")


def parallel(fn, documents: list, leader) -> float:
    from django.db import connections

    barrier = threading.Barrier(len(documents) + 1)
    errors = []

    def run(document):
        try:
            barrier.wait(timeout=60)
            fn(document, leader)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(d,)) for d in documents]
    for thread in threads:
        thread.start()
    barrier.wait(timeout=60)
    started = time.perf_counter()
    for thread in threads:
        thread.join(timeout=300)
    elapsed = time.perf_counter() - started
    if errors:
        raise SystemExit(f"{len(errors)} of {len(documents)} failed: {errors[0]!r}")
    return elapsed


def check_numbers(issuer, year: int) -> int:
    """Serials of the issuer's year are 1..last with no gap or duplicate (voided ones count)."""
    from oa.models import NumberCounter, OutgoingDocument, VoidedNumber

    serials = list(
        OutgoingDocument.objects.filter(issuer=issuer, number_year=year).values_list(
            "number_serial", flat=True
        )
    )
    serials += list(
        VoidedNumber.objects.filter(issuer=issuer, year=year).values_list("serial", flat=True)
    )
    counter = NumberCounter.objects.filter(issuer=issuer, year=year).first()
    last = counter.last if counter else 0
    if sorted(serials) != list(range(1, last + 1)):
        raise SystemExit(f"numbering broken: {len(serials)} serials, counter at {last}")
    return last


def void_leftovers(documents: list) -> None:
    """The bare round's documents finished their route without a sign-off: voided, so they
    never sit in an inbox or a list as if in route."""
    from oa.constants import DocStatus
    from oa.models import OutgoingDocument

    OutgoingDocument.objects.filter(pk__in=[d.pk for d in documents]).update(
        status=DocStatus.VOIDED
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    _common.common_args(parser)
    parser.add_argument("--parallel", type=int, default=8, help="sign-offs at once")
    parser.add_argument("--rounds", type=int, default=5)
    args = _common.parse(parser)
    _common.setup(args)
    from django.utils import timezone

    n = args.parallel
    clerk, head, leader, issuer, unit = team()
    year = timezone.localdate().year
    first = check_numbers(issuer, year)
    # Warm-up round (imports, flow class, caches), not counted.
    warm = prepare(2, clerk, head, issuer, unit)
    parallel(sign_off, warm[:1], leader)
    parallel(bare, warm[1:], leader)
    void_leftovers(warm[1:])
    signoffs, bares = [], []
    for _round in range(args.rounds):
        documents = prepare(2 * n, clerk, head, issuer, unit)
        # Alternate which goes first, so neither always meets a warmer cache.
        if _round % 2:
            bares.append(parallel(bare, documents[n:], leader))
            signoffs.append(parallel(sign_off, documents[:n], leader))
        else:
            signoffs.append(parallel(sign_off, documents[:n], leader))
            bares.append(parallel(bare, documents[n:], leader))
        void_leftovers(documents[n:])
    last = check_numbers(issuer, year)
    given = last - first
    if given != args.rounds * n + 1:
        raise SystemExit(f"expected {args.rounds * n + 1} new numbers, got {given}")
    s, b = statistics.median(signoffs), statistics.median(bares)
    ratio = s / b
    result = {
        "scale": args.scale,
        "parallel": n,
        "rounds": args.rounds,
        "signoff_ms": round(s * 1000, 1),
        "bare_transition_ms": round(b * 1000, 1),
        "ratio": round(ratio, 2),
        "numbers_given": given,
        "gapless": True,
        "counter_from_generated": first,
    }
    _common.save(
        "oa_signoff",
        result,
        {k: v for k, v in result.items() if k not in ("signoff_ms", "bare_transition_ms")},
    )
    print(
        _common.table(
            [(f"bare 签发 transition × {n} (reference)", f"{b * 1000:.0f}", "1.00"),
             (f"document_sign_off × {n}, numbered", f"{s * 1000:.0f}", f"{ratio:.2f}")],
            ("N sign-offs at once on PostgreSQL", "ms (median)", "ratio"),
        )
    )  # fmt: skip
    print(f"numbers {issuer.prefix}〔{year}〕{first + 1}–{last}号: gapless, no duplicate")


if __name__ == "__main__":
    main()
