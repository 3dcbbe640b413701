"""Benchmark of the publishing job: full-site pages per second, and one changed article.

    .venv/bin/python bench/publish.py                  # small scale (1,000 articles)
    .venv/bin/python bench/publish.py --scale large    # 100,000 articles (generated once)

1. Full publish: `portal.publishing.publish_all()` (what `manage.py publish_site` runs) into an
   empty directory, pages/s, with one process and with `--workers` processes (default: the
   number of CPUs; `publish_site --workers N`); the reference is a naive one-process loop over
   the same pages that only renders them with the same templates (no file writing, no .gz),
   measured in the same run. Target parallel publish / naive ≥ 2.5.
2. Incremental: one article's title changes and `publish_change()` re-publishes the pages it
   touches (its page, its columns' list pages and feeds, the home page, the sitemap); its time is
   compared with rendering that one article page (median of 20). Target ≤ 10.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

FULL_TARGET = 2.5
INCREMENTAL_TARGET = 10.0


def naive_render() -> tuple[int, float]:
    from portal.publishing import _all_pages

    started = time.perf_counter()
    n = 0
    for page in _all_pages():
        page.render()
        n += 1
    return n, time.perf_counter() - started


def full_publish(workers: int) -> tuple[int, float]:
    from portal.publishing import publish_all, publish_root

    shutil.rmtree(publish_root(), ignore_errors=True)
    started = time.perf_counter()
    report = publish_all(workers=workers)
    return len(report.written) + len(report.unchanged), time.perf_counter() - started


def incremental() -> dict:
    from portal.constants import ArticleStatus
    from portal.models import Article
    from portal.publishing import ArticleChange, ArticleSource, publish_change

    article = (
        Article.objects.filter(status=ArticleStatus.PUBLISHED, channel__url_path="zwdt/bmdt/")
        .select_related("channel", "author_unit")
        .order_by("-publish_date", "-pk")[5:6]
        .get()
    )
    source = ArticleSource()
    singles = []
    for _ in range(20):
        started = time.perf_counter()
        source.page(article).render()
        singles.append(time.perf_counter() - started)
    one_page = statistics.median(singles)
    title = article.title.removesuffix("（更新）") + "（更新）"
    Article.objects.filter(pk=article.pk).update(title=title)
    started = time.perf_counter()
    report = publish_change(ArticleChange(article_id=article.pk, old_path=article.published_path))
    elapsed = time.perf_counter() - started
    return {
        "article": article.published_path,
        "pages_rendered": len(report.written) + len(report.unchanged),
        "pages_written": len(report.written),
        "seconds": round(elapsed, 3),
        "one_page_ms": round(one_page * 1000, 2),
        "ratio": round(elapsed / one_page, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    _common.common_args(parser)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = _common.parse(parser)
    _common.setup(args)
    from portal.models import Article

    naive_pages, naive_s = naive_render()
    single_pages, single_s = full_publish(1)
    pages, full_s = full_publish(args.workers)
    naive_rate, full_rate = naive_pages / naive_s, pages / full_s
    single_rate = single_pages / single_s
    ratio = full_rate / naive_rate
    inc = incremental()
    passed_full = ratio >= FULL_TARGET
    passed_inc = inc["ratio"] <= INCREMENTAL_TARGET
    result = {
        "scale": args.scale,
        "articles": Article.objects.count(),
        "full": {
            "workers": args.workers,
            "one_process_pages_per_s": round(single_rate, 1),
            "one_process_ratio": round(single_rate / naive_rate, 2),
            "pages": pages,
            "seconds": round(full_s, 2),
            "pages_per_s": round(full_rate, 1),
            "naive_pages": naive_pages,
            "naive_seconds": round(naive_s, 2),
            "naive_pages_per_s": round(naive_rate, 1),
            "ratio": round(ratio, 2),
            "target": f">= {FULL_TARGET}",
            "passed": passed_full,
        },
        "incremental": {**inc, "target": f"<= {INCREMENTAL_TARGET}", "passed": passed_inc},
    }
    _common.save(
        "publish",
        result,
        {"scale": args.scale, "pages": pages, "workers": args.workers,
         "pages_per_s": round(full_rate, 1), "one_process_pages_per_s": round(single_rate, 1),
         "naive_pages_per_s": round(naive_rate, 1), "ratio": round(ratio, 2),
         "target": f">= {FULL_TARGET}", "passed": passed_full,
         "incremental_pages": inc["pages_rendered"], "incremental_s": inc["seconds"],
         "incremental_ratio": inc["ratio"], "incremental_target": f"<= {INCREMENTAL_TARGET}",
         "incremental_passed": passed_inc},
    )  # fmt: skip
    print(
        _common.table(
            [("naive render loop (reference)", f"{naive_pages:,}", f"{naive_s:.1f}",
              f"{naive_rate:,.0f}", "1.00", ""),
             ("publish_all, 1 process", f"{single_pages:,}", f"{single_s:.1f}",
              f"{single_rate:,.0f}", f"{single_rate / naive_rate:.2f}", ""),
             (f"publish_all, {args.workers} workers", f"{pages:,}", f"{full_s:.1f}",
              f"{full_rate:,.0f}",
              f"{ratio:.2f}", f">= {FULL_TARGET} {'ok' if passed_full else 'MISSED'}"),
             ("render one article page", "1", f"{inc['one_page_ms'] / 1000:.3f}", "", "1", ""),
             ("publish_change (one article)", f"{inc['pages_rendered']:,}",
              f"{inc['seconds']:.3f}", "", f"{inc['ratio']:.1f}",
              f"<= {INCREMENTAL_TARGET} {'ok' if passed_inc else 'MISSED'}")],
            ("publishing", "pages", "s", "pages/s", "ratio", "target"),
        )
    )  # fmt: skip
    sys.exit(0 if passed_full and passed_inc else _common.MISSED)


if __name__ == "__main__":
    main()
