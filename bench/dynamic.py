"""Benchmark of the dynamic pages under gunicorn, each against a minimal Django view.

    .venv/bin/python bench/dynamic.py                   # wrk -t2 -c32 -d5s per page
    .venv/bin/python bench/dynamic.py --seconds 1       # smoke run

Serves the project (bench/_settings2.py: test settings, persistent connections, rate limits off,
plus `/bench/minimal/`, a view that returns two bytes through the whole middleware stack) with
gunicorn (4 sync workers) on a free loopback port, and runs wrk on each page, the reference
first and again last (the reference is the mean of both):
- search: `/search/?q=…`, a few Chinese queries in turn (a wrk Lua script);
- progress lookup: POST `/service/progress/` with a generated case's number and query code;
- inbox: `/office/inbox/` of a generated clerk (logged in by a session cookie);
- service hall: its keyword search `/service/?q=许可` (the hall's browsing pages are published
  files since issue 19: bench/static.py measures a published guide page);
- 政民互动 submission: POST `/zmhd/xj/` by a generated citizen (logged in: no SMS code), a
  complaint that passes every check; each request writes a case (answered by a redirect).
Each page's ratio = its req/s / the minimal view's req/s. Target: search ≥ 0.25.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

TARGETS = {"search": 0.25}
QUERIES = ["防汛", "营商环境", "安全生产", "招生", "不动产登记", "乡村振兴"]


def staff_cookie(username: str, backend: str | None = None) -> str:
    from django.conf import settings
    from django.test import Client

    from platform_core.models import User

    client = Client()
    client.force_login(User.objects.get(username=username), backend=backend)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def csrf_pair() -> tuple[str, str]:
    """A CSRF cookie and the form token that goes with it (the same masked secret)."""
    from django.conf import settings
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    token = _mask_cipher_secret(_get_new_csrf_string())
    return f"{settings.CSRF_COOKIE_NAME}={token}", token


def inbox_user() -> str:
    """The generated clerk with the most open tasks."""
    from django.db.models import Count

    from platform_core.models import TaskInfo

    row = (
        TaskInfo.objects.filter(is_open=True, owner__username__startswith="gen_staff_")
        .values("owner__username")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return row["owner__username"]


def lua_paths(paths: list[str], tmp: Path) -> str:
    script = tmp / "paths.lua"
    items = ", ".join(f'"{p}"' for p in paths)
    script.write_text(
        f"local paths = {{{items}}}\nlocal i = 0\n"
        "request = function()\n  i = i % #paths + 1\n"
        "  return wrk.format(nil, paths[i])\nend\n",
        encoding="utf-8",
    )
    return str(script)


def lua_post(body: str, cookie: str, tmp: Path, name: str = "post.lua") -> str:
    script = tmp / name
    script.write_text(
        'wrk.method = "POST"\n'
        f'wrk.body = "{body}"\n'
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        f'wrk.headers["Cookie"] = "{cookie}"\n',
        encoding="utf-8",
    )
    return str(script)


def submission_body(csrf_token: str) -> str:
    """A complaint as the public form posts it (a generated category; text that passes)."""
    from interaction.models import Category

    category = Category.objects.filter(parent__isnull=False, is_active=True).order_by("pk").first()
    if category is None:
        raise SystemExit("no 政民互动 categories: run generate_data with interaction_cases")
    return urlencode(
        {
            "csrfmiddlewaretoken": csrf_token,
            "kind": "complaint",
            "category": category.pk,
            "title": "解放路路灯不亮",
            "content": "解放路一段路灯已经一个星期不亮了，晚上出行很不安全，希望尽快维修。",
            "address": "城关镇解放路",
        }
    )


def check(
    port: int, method: str, path: str, headers: dict, body: str | None = None, expect: int = 200
) -> bytes:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=body, headers={"Host": "127.0.0.1", **headers})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    if response.status != expect:
        raise SystemExit(f"{method} {path} gave {response.status}: {data[:300]!r}")
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    _common.common_args(parser)
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = _common.parse(parser)
    env = _common.setup(args)
    from approval.generate import case_number, generated_day, query_code

    clerk = inbox_user()
    office_cookie = staff_cookie(clerk)
    csrf_cookie, csrf_token = csrf_pair()
    number, code = case_number(0, generated_day()), query_code(args.seed, 0)
    body = urlencode({"csrfmiddlewaretoken": csrf_token, "number": number, "code": code})
    citizen_cookie = staff_cookie(
        "gen_c_0000000", backend="platform_core.auth_backends.CitizenSessionBackend"
    )
    submit_body = submission_body(csrf_token)
    submit_cookie = f"{csrf_cookie}; {citizen_cookie}"
    from django.db import connections

    connections.close_all()
    port = _common.free_port()
    base = f"http://127.0.0.1:{port}"
    tmp = Path(tempfile.mkdtemp(prefix="egov-bench-wrk-"))
    search_paths = [f"/search/?q={quote(q)}" for q in QUERIES]
    pages = {
        "search": {"path": "/search/", "script": lua_paths(search_paths, tmp)},
        "progress_lookup": {
            "path": "/service/progress/", "script": lua_post(body, csrf_cookie, tmp)},
        "inbox": {"path": "/office/inbox/", "headers": {"Cookie": office_cookie}},
        "service_hall": {"path": f"/service/?q={quote('许可')}"},
        "interaction_submit": {
            "path": "/zmhd/xj/", "script": lua_post(submit_body, submit_cookie, tmp, "submit.lua")},
    }  # fmt: skip
    server = _common.start_gunicorn(env, port, workers=args.workers)
    results = {}
    try:
        form = {"Cookie": csrf_cookie, "Content-Type": "application/x-www-form-urlencoded"}
        html = check(port, "POST", "/service/progress/", form, body)
        if number.encode() not in html:
            raise SystemExit("the progress lookup did not find the generated case")
        check(port, "GET", "/office/inbox/", {"Cookie": office_cookie})
        submit_form = {**form, "Cookie": submit_cookie}
        check(port, "POST", "/zmhd/xj/", submit_form, submit_body, expect=302)
        for path in search_paths:
            check(port, "GET", path, {})
        run = lambda path, **kw: _common.wrk(  # noqa: E731
            base + path, connections=args.connections, seconds=args.seconds, **kw
        )
        run("/bench/minimal/")  # warm-up of every worker
        first = run("/bench/minimal/")
        for name, page in pages.items():
            results[name] = run(page["path"], script=page.get("script"),
                                headers=page.get("headers"))  # fmt: skip
        last = run("/bench/minimal/")
    finally:
        _common.stop(server)
    reference = (first["rps"] + last["rps"]) / 2
    rows, summary, passed = [], {"scale": args.scale, "minimal_rps": round(reference, 1)}, True
    rows.append(("minimal Django view (mean of 2)", f"{reference:,.0f}", "", "1.00", ""))
    for name, r in results.items():
        ratio = r["rps"] / reference
        target = TARGETS.get(name)
        ok = (target is None or ratio >= target) and r["non_2xx"] == 0 and r["socket_errors"] == 0
        passed &= ok
        r["ratio"] = round(ratio, 3)
        summary[name] = {"rps": r["rps"], "ratio": round(ratio, 3), "passed": ok}
        if target:
            summary[name]["target"] = f">= {target}"
        verdict = f">= {target} {'ok' if ok else 'MISSED'}" if target else ("" if ok else "ERRORS")
        rows.append((name, f"{r['rps']:,.0f}", f"{r['latency_ms']:.1f}", f"{ratio:.3f}", verdict))
    summary["passed"] = passed
    result = {
        "scale": args.scale,
        "gunicorn_workers": args.workers,
        "wrk": {"threads": 2, "connections": args.connections, "seconds": args.seconds},
        "minimal": [first, last],
        "pages": results,
        "inbox_user": clerk,
        "passed": passed,
    }
    _common.save("dynamic", result, summary)
    print(_common.table(rows, ("gunicorn page", "req/s", "mean ms", "ratio", "target")))
    sys.exit(0 if passed else _common.MISSED)


if __name__ == "__main__":
    main()
