"""Benchmark: does a published portal page cost nginx anything more than a plain static file?

    .venv/bin/python bench/static.py                       # wrk -t2 -c32 -d5s per target
    .venv/bin/python bench/static.py --seconds 1           # smoke run

Publishes one article page of the generated site (with its .gz beside it, as the publishing job
writes it), copies the same bytes (and .gz) to a plain file under the same root, starts nginx on
a free loopback port with bench/nginx.conf.template (gzip_static on; the portal location has the
production headers and try_files, the plain one neither), and runs wrk with
`Accept-Encoding: gzip` interleaved: plain, page, plain, page, … (`--rounds`, default 3; each
side is the median of its rounds, so a drift of the shared machine favours neither).
Target: page / plain ≥ 0.9.

The same is measured, in the same run, for a published service guide (办事指南, bsdt/sx/<code>.html,
portal/publishing/hall.py) against a plain file of the guide's own bytes: plain, page, plain
guide, guide, … Target: guide / plain guide ≥ 0.9 (issue 19).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

TARGET = 0.9


def publish_one() -> tuple[str, bytes]:
    """The newest article's page written by the publishing code; its URL path and bytes."""
    from portal.constants import ArticleStatus
    from portal.models import Article
    from portal.publishing.engine import PublishReport, target_path, write_page
    from portal.publishing.sources import ArticleSource

    article = (
        Article.objects.filter(status=ArticleStatus.PUBLISHED)
        .select_related("channel", "author_unit")
        .order_by("-publish_date", "-pk")
        .first()
    )
    page = ArticleSource().page(article)
    write_page(page, PublishReport())
    return "/" + page.path, target_path(page.path).read_bytes()


def publish_guide() -> tuple[str, bytes] | None:
    """A published licensing item's guide page written by the publishing code, or None."""
    from approval.selectors.hall import published_codes
    from portal.publishing.engine import PublishReport, target_path, write_page
    from portal.publishing.hall import CODE_RE, guide_page

    code = next((c for c in published_codes() if CODE_RE.match(c)), None)
    if code is None:
        return None
    page = guide_page(code)
    write_page(page, PublishReport())
    return "/" + page.path, target_path(page.path).read_bytes()


def start_nginx(tmp: Path, site: Path, port: int) -> subprocess.Popen:
    template = (_common.BENCH_DIR / "nginx.conf.template").read_text(encoding="utf-8")
    conf = (
        template.replace("${USER_LINE}", "user root;" if os.geteuid() == 0 else "")
        .replace("${TMP}", str(tmp))
        .replace("${SITE}", str(site))
        .replace("${PORT}", str(port))
    )
    (tmp / "nginx.conf").write_text(conf, encoding="utf-8")
    proc = subprocess.Popen(
        ["nginx", "-p", str(tmp), "-c", str(tmp / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _common.wait_for_port(port, proc, timeout=10)
    return proc


def check_gzip(port: int, path: str) -> tuple[int, str]:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"nginx answered {response.status} for {path}")
    return len(body), response.getheader("Content-Encoding") or ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    _common.common_args(parser)
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per target")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds of each")
    args = _common.parse(parser)
    _common.setup(args)
    path, data = publish_one()
    guide = publish_guide()
    site = _common.publish_dir(args.scale)
    tmp = Path(tempfile.mkdtemp(prefix="egov-bench-nginx-"))
    os.chmod(tmp, 0o755)  # noqa: S103 - nginx's workers may run as another user; nothing secret
    plain_dir = site / "_bench_plain"
    plain_dir.mkdir(exist_ok=True)
    (plain_dir / "same.html").write_bytes(data)
    shutil.copyfile(site / (path.lstrip("/") + ".gz"), plain_dir / "same.html.gz")
    if guide is not None:
        (plain_dir / "guide.html").write_bytes(guide[1])
        shutil.copyfile(site / (guide[0].lstrip("/") + ".gz"), plain_dir / "guide.html.gz")
    port = _common.free_port()
    proc = start_nginx(tmp, site, port)
    headers = {"Accept-Encoding": "gzip"}
    try:
        page_bytes, page_enc = check_gzip(port, path)
        plain_bytes, plain_enc = check_gzip(port, "/_bench_plain/same.html")
        guide_bytes, guide_enc = check_gzip(port, guide[0]) if guide else (0, "")
        run = lambda p: _common.wrk(  # noqa: E731
            f"http://127.0.0.1:{port}{p}", threads=args.threads, connections=args.connections,
            seconds=args.seconds, headers=headers,
        )  # fmt: skip
        run("/_bench_plain/same.html")  # warm-up: page cache, nginx's open files
        # Interleaved A B A B …: a drift of the shared machine falls on both sides alike;
        # each side is the median of its rounds (other jobs on the machine come and go).
        plains, pages, guide_plains, guides = [], [], [], []
        for _ in range(args.rounds):
            plains.append(run("/_bench_plain/same.html"))
            pages.append(run(path))
            if guide is not None:
                guide_plains.append(run("/_bench_plain/guide.html"))
                guides.append(run(guide[0]))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(plain_dir, ignore_errors=True)
    reference = statistics.median(r["rps"] for r in plains)
    page_rps = statistics.median(r["rps"] for r in pages)
    ratio = page_rps / reference
    errors = sum(r["non_2xx"] + r["socket_errors"] for r in plains + pages + guide_plains + guides)
    guide_ratio = None
    if guide is not None:
        guide_reference = statistics.median(r["rps"] for r in guide_plains)
        guide_rps = statistics.median(r["rps"] for r in guides)
        guide_ratio = guide_rps / guide_reference
    guide_ok = guide_ratio is not None and guide_ratio >= TARGET and guide_enc == "gzip"
    passed = ratio >= TARGET and errors == 0 and page_enc == "gzip" and guide_ok
    result = {
        "scale": args.scale,
        "page_path": path,
        "html_bytes": len(data),
        "gzip_bytes": page_bytes,
        "content_encoding": {"page": page_enc, "plain": plain_enc},
        "wrk": {"threads": args.threads, "connections": args.connections, "seconds": args.seconds},
        "runs": {"plain": plains, "page": pages},
        "ratio": round(ratio, 3),
        "guide": {
            "page_path": guide[0] if guide else None,
            "html_bytes": len(guide[1]) if guide else 0,
            "gzip_bytes": guide_bytes,
            "runs": {"plain": guide_plains, "page": guides},
            "ratio": round(guide_ratio, 3) if guide_ratio is not None else None,
        },
        "target": f">= {TARGET}",
        "passed": passed,
    }
    _common.save(
        "static",
        result,
        {"scale": args.scale, "page_rps": round(page_rps, 1), "plain_rps": round(reference, 1),
         "ratio": round(ratio, 3),
         "guide_ratio": round(guide_ratio, 3) if guide_ratio is not None else None,
         "target": f">= {TARGET}", "passed": passed},
    )  # fmt: skip
    rows = [("plain file (median)", f"{reference:,.0f}", "1.00"),
            (f"published page {path} (median)", f"{page_rps:,.0f}", f"{ratio:.2f}")]  # fmt: skip
    if guide_ratio is not None:
        rows += [("plain file, guide's bytes (median)", f"{guide_reference:,.0f}", "1.00"),
                 (f"published guide {guide[0]} (median)", f"{guide_rps:,.0f}",
                  f"{guide_ratio:.2f}")]  # fmt: skip
    print(_common.table(rows, ("nginx, gzip_static", "req/s", "ratio")))
    if guide is None:
        print("no published licensing item: the guide page was not measured (FAILED)")
    print(
        f"{len(data):,} bytes of HTML, {page_bytes:,} sent gzipped ({plain_bytes:,} for the plain "
        f"file); errors {errors}; target ≥ {TARGET}: {'ok' if passed else 'FAILED'}"
    )
    sys.exit(0 if passed else _common.MISSED)


if __name__ == "__main__":
    main()
