"""Where a dynamic page's time goes: cProfile of N requests through Django's test client, on the
generated database of a scale (the same data and settings as bench/dynamic.py).

    .venv/bin/python bench/_profile.py --page inbox --scale medium
    .venv/bin/python bench/_profile.py --page progress_lookup --requests 300 --sort tottime

Prints the mean time per request, the number of queries of one request, the share of the time
spent in template rendering (django.template.base.Template.render, Jinja2's when present) and in
the database (cursor execute), then the top functions. Not a benchmark (no target, no result
file; the name starts with an underscore so `make bench` skips it): a tool to find causes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

PAGES = ("search", "progress_lookup", "inbox", "service_hall", "minimal")


def request_for(page: str, args):
    """A function doing one request of the page with a prepared client."""
    from django.test import Client
    from dynamic import csrf_pair, inbox_user

    client = Client()
    if page == "search":
        return lambda: client.get(f"/search/?q={quote('安全生产')}")
    if page == "service_hall":
        return lambda: client.get(f"/service/?q={quote('许可')}")
    if page == "minimal":
        return lambda: client.get("/bench/minimal/")
    if page == "inbox":
        from platform_core.models import User

        client.force_login(User.objects.get(username=inbox_user()))
        return lambda: client.get("/office/inbox/")
    from approval.generate import case_number, generated_day, query_code

    cookie, token = csrf_pair()
    client = Client(enforce_csrf_checks=True)
    client.cookies.load(cookie)
    data = {
        "csrfmiddlewaretoken": token,
        "number": case_number(0, generated_day()),
        "code": query_code(args.seed, 0),
    }
    return lambda: client.post("/service/progress/", data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    _common.common_args(parser)
    parser.add_argument("--page", choices=PAGES, default="inbox")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--sort", default="cumulative", help="pstats sort key")
    parser.add_argument("--top", type=int, default=40)
    args = _common.parse(parser)
    _common.setup(args)
    from django.db import connection

    one = request_for(args.page, args)
    for _ in range(20):  # warm-up: imports, template loaders, caches
        response = one()
        assert response.status_code in (200, 302), response.status_code
    queries = []  # request_started clears connection.queries: count with a wrapper instead
    with connection.execute_wrapper(lambda ex, sql, *a: queries.append(sql) or ex(sql, *a)):
        one()
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for _ in range(args.requests):
        one()
    profile.disable()
    elapsed = time.perf_counter() - started
    stats = pstats.Stats(profile)
    total = stats.total_tt

    def cumulative(match) -> float:
        return max(
            (row[3] for (file, _line, name), row in stats.stats.items() if match(file, name)),
            default=0.0,
        )

    render = cumulative(lambda f, n: f.endswith("django/template/base.py") and n == "render")
    render = max(render, cumulative(lambda f, n: "jinja2" in f and n == "render"))
    sql = cumulative(lambda f, n: f.endswith("django/db/backends/utils.py") and n == "execute")
    print(f"{args.page}: {1000 * elapsed / args.requests:.2f} ms per request (profiled), "
          f"{len(queries)} queries")  # fmt: skip
    print(f"  template rendering {100 * render / total:.0f} %, SQL {100 * sql / total:.0f} %")
    for sql_text in queries:
        print("  SQL", sql_text[:160])
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
