"""Which template engine, and is fragment caching worth it? (issue 19, ADR 0012)

    .venv/bin/python bench/templates.py --scale medium          # 5 s of wrk per page and variant
    .venv/bin/python bench/templates.py --scale tiny --seconds 1 --renders 50    # smoke run

The page: the public progress lookup (办件进度查询, POST `/service/progress/` with a generated
case's number and query code: a form, the case's steps, the portal's header, navigation and
footer) — a typical dynamic public page. Its templates are ported to Jinja2 in bench/jinja2/
(the same HTML, checked below to give the same text) and the project is served by gunicorn in
four variants (bench/_settings_templates.py), one after the other, each with its own reference:
- `django`: as production — Django templates, the header and footer from the fragment cache
  (`portal.context_processors.public_chrome`);
- `django-plain`: Django templates, the header and footer rendered on every request;
- `jinja2`: the page rendered by Jinja2, header and footer rendered on every request;
- `jinja2-fragments`: Jinja2 with the fragment cache.
For each: wrk on the minimal Django view `/bench/minimal/` (same server, same middleware) and on
the page; ratio = page req/s / minimal req/s. Also printed: the page's template rendering alone,
in this process (ms per render, each engine, with and without the cached fragments), so the
engine's share of a request can be read next to the request's throughput.
No target: the figures behind a decision (docs/adr/0012-template-engine-and-fragment-cache.md).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

VARIANTS = ("django", "django-plain", "jinja2", "jinja2-fragments")
# The in-process render figure of each served variant.
RENDER_OF = {
    "django": "django-fragments",
    "django-plain": "django",
    "jinja2": "jinja2",
    "jinja2-fragments": "jinja2-fragments",
}
BENCH_DIR = Path(__file__).resolve().parent


def _text(html: str) -> str:
    """The page's visible text and attributes, whitespace-insensitive (for the port check)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r"\s+", "", html)


def render_times(body: dict, renders: int) -> dict:
    """ms per render of the page's template, each engine, with/without the cached fragments."""
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.cache import SessionStore
    from django.template import engines
    from django.template.backends.jinja2 import Jinja2
    from django.test import RequestFactory

    from approval.forms.applications import ProgressForm
    from approval.services import progress
    from approval.views.public import _progress_context
    from portal.context_processors import public_chrome

    request = RequestFactory().post("/service/progress/", body)
    request.user = AnonymousUser()
    request.session = SessionStore()
    form = ProgressForm(body)
    assert form.is_valid(), form.errors
    application = progress.progress_lookup(
        number=form.cleaned_data["number"], code=form.cleaned_data["code"]
    )
    context = {"form": form, "application": application, **_progress_context(application)}
    django = engines["django"].get_template("approval/public/progress.html")
    jinja = Jinja2(
        {
            "NAME": "jinja2",
            "DIRS": [BENCH_DIR / "jinja2"],
            "APP_DIRS": False,
            "OPTIONS": {
                "environment": "_jinja2.environment",
                "context_processors": engines["django"].engine.context_processors,
            },
        }
    ).get_template("approval/public/progress.html")
    plain = {"chrome_header": "", "chrome_footer": ""}
    chrome = {k: str(v) for k, v in public_chrome(request).items()}
    pages = {
        "django": django.render({**context, **plain}, request),
        "jinja2": jinja.render({**context, **plain}, request),
    }
    if _text(pages["django"]) != _text(pages["jinja2"]):
        raise SystemExit("the Jinja2 port does not give the Django page's text")
    out = {}
    for name, template in (("django", django), ("jinja2", jinja)):
        for label, extra in (("", plain), ("-fragments", chrome)):
            template.render({**context, **extra}, request)  # warm-up
            started = time.perf_counter()
            for _ in range(renders):
                template.render({**context, **extra}, request)
            out[name + label] = round(1000 * (time.perf_counter() - started) / renders, 3)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    _common.common_args(parser)
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--renders", type=int, default=500, help="in-process renders per engine")
    args = _common.parse(parser)
    env = _common.setup(args)
    from dynamic import check, csrf_pair, lua_post

    from approval.generate import case_number, generated_day, query_code

    cookie, token = csrf_pair()
    form = {"number": case_number(0, generated_day()), "code": query_code(args.seed, 0)}
    renders = render_times(form, args.renders)
    body = urlencode({"csrfmiddlewaretoken": token, **form})
    from django.db import connections

    connections.close_all()
    tmp = Path(tempfile.mkdtemp(prefix="egov-bench-tpl-"))
    script = lua_post(body, cookie, tmp)
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    results = {}
    for variant in VARIANTS:
        print(f"{variant} …", flush=True)
        port = _common.free_port()
        server = _common.start_gunicorn(
            {**env, "DJANGO_SETTINGS_MODULE": "_settings_templates", "BENCH_TEMPLATES": variant},
            port,
            workers=args.workers,
        )
        try:
            base = f"http://127.0.0.1:{port}"

            def run(path, base=base, **kw):
                return _common.wrk(
                    base + path, connections=args.connections, seconds=args.seconds, **kw
                )

            run("/bench/minimal/")  # warm-up of every worker: imports, templates, caches
            run("/service/progress/", script=script)
            html = check(port, "POST", "/service/progress/", headers, body)
            if form["number"].encode() not in html:
                raise SystemExit(f"{variant}: the progress lookup did not find the case")
            minimal = run("/bench/minimal/")
            page = run("/service/progress/", script=script)
        finally:
            _common.stop(server)
        results[variant] = {
            "minimal": minimal,
            "page": page,
            "ratio": round(page["rps"] / minimal["rps"], 3),
        }
    django_rps = results["django-plain"]["page"]["rps"]
    rows = []
    for variant, r in results.items():
        render_ms = renders[RENDER_OF[variant]]
        rows.append(
            (
                variant,
                f"{r['minimal']['rps']:,.0f}",
                f"{r['page']['rps']:,.0f}",
                f"{r['ratio']:.3f}",
                f"{r['page']['rps'] / django_rps:.2f}",
                f"{render_ms:.2f}",
            )
        )
    summary = {
        "scale": args.scale,
        **{v: {"ratio": r["ratio"], "page_rps": r["page"]["rps"]} for v, r in results.items()},
        "render_ms": renders,
    }
    _common.save(
        "templates",
        {"scale": args.scale, "variants": results, "render_ms": renders, "workers": args.workers},
        summary,
    )
    print(
        _common.table(
            rows,
            (
                "variant",
                "minimal req/s",
                "page req/s",
                "page/minimal",
                "vs django-plain",
                "render ms",
            ),
        )  # fmt: skip
    )


if __name__ == "__main__":
    main()
