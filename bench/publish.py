"""Benchmark of the publishing job: full-site pages per second, and one changed article.

    .venv/bin/python bench/publish.py                  # small scale (1,000 articles)
    .venv/bin/python bench/publish.py --scale large    # 100,000 articles (generated once)

1. Full publish: `portal.publishing.engine.publish_all()` (what `manage.py publish_site` runs)
   into an empty directory, pages/s, with one process and with `--workers` processes (default: the
   number of CPUs; `publish_site --workers N`); the reference is a naive one-process loop over
   the same pages that only renders them with the same templates (no file writing, no .gz),
   measured in the same run. Target parallel publish / naive ≥ 2.5.
2. Incremental: one article's title changes and `publish_change()` re-publishes the pages it
   touches (its page, the list page of each column holding it, the feeds and the home page when
   it is on them; list pages are numbered from the oldest, so only pages whose articles change
   are rendered); median of five such edits, compared with rendering that one article page the
   naive way (median of 20). Target ≤ 10.
"""

from __future__ import annotations

import argparse
import hashlib
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


def naive_pages():
    """(path, render) of every page of the site, rendered the straightforward way, page by page:
    Django's `render_to_string` with the page's request (every context processor runs for every
    page), and each page's own queries (its slice of the list, the column's lineage and
    children, the article's policy links), as the publishing job did before it shared anything
    between pages. The same templates and contexts as `publish_all()`: the bytes are the same
    (checked below against the published files)."""
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from portal.constants import ArticleStatus
    from portal.models import Article, Channel
    from portal.publishing import engine as pub
    from portal.publishing import sources as src
    from portal.selectors.articles import (
        channel_articles,
        channel_children,
        channel_lineage,
    )
    from portal.views.public import home_blocks

    def render(template, context, rel):
        request = RequestFactory().get(pub.url_for(rel))
        request.user = AnonymousUser()
        return render_to_string(template, context, request=request).encode("utf-8")

    def list_page(channel, qs, n, start, stop, count, archived):
        items = list(qs.order_by("publish_date", "pk")[start:stop])[::-1]
        context = {
            "channel": channel,
            "lineage": channel_lineage(channel),
            "children": channel_children(channel),
            "page": src.ListPage(n, items, count, archived),
            "page_urls": src._list_urls(channel, n, archived),
        }
        rel = src._list_rel(channel, n)
        return render(f"portal/list_{channel.list_template}.html", context, rel)

    for source in pub.page_sources():
        if source.name == "portal.home":
            yield "index.html", lambda: render("portal/home.html", home_blocks(), "index.html")
        elif source.name == "portal.channel_lists":
            for channel in Channel.objects.all():
                if source._skip(channel):
                    continue
                qs = channel_articles(channel)
                count = qs.count()
                slices = src.list_slices(count, src.LIST_PAGE_SIZE)
                for n, start, stop in reversed(slices):
                    args = (channel, qs, n, start, stop, count, len(slices) - 1)
                    yield src._list_rel(channel, n), lambda args=args: list_page(*args)
                yield f"{channel.url_path}rss.xml", lambda c=channel: src._rss(c)
        elif source.name == "portal.articles":
            articles = Article.objects.filter(status=ArticleStatus.PUBLISHED)
            for article in articles.select_related("channel", "author_unit"):
                yield article.url.lstrip("/"), lambda a=article: naive_article(a)
        else:
            for page in source.all_pages():
                yield page.path, page.render


def naive_article(article) -> bytes:
    """One article page the straightforward way (the reference of the incremental figure)."""
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from portal.selectors.articles import channel_lineage, related_interpretations, related_policies

    rel = article.url.lstrip("/")
    context = {
        "article": article,
        "channel": article.channel,
        "lineage": channel_lineage(article.channel),
        "policies": related_policies(article),
        "interpretations": related_interpretations(article),
    }
    request = RequestFactory().get("/" + rel)
    request.user = AnonymousUser()
    template = f"portal/page_{article.channel.page_template}.html"
    return render_to_string(template, context, request=request).encode("utf-8")


def naive_render() -> tuple[int, float, dict]:
    """The naive loop; pages, seconds spent rendering, and each page's digest."""
    digests, elapsed = {}, 0.0
    for path, render in naive_pages():
        started = time.perf_counter()
        data = render()
        elapsed += time.perf_counter() - started
        digests[path] = hashlib.sha256(data).hexdigest()
    return len(digests), elapsed, digests


def same_bytes(digests: dict) -> int:
    """How many published files differ from the naive loop's pages (must be 0)."""
    from portal.publishing.engine import target_path

    differ = 0
    for path, digest in digests.items():
        data = target_path(path).read_bytes()
        differ += hashlib.sha256(data).hexdigest() != digest
    return differ


def full_publish(workers: int) -> tuple[int, float]:
    from portal.publishing.engine import publish_all, publish_root

    shutil.rmtree(publish_root(), ignore_errors=True)
    started = time.perf_counter()
    report = publish_all(workers=workers)
    return len(report.written) + len(report.unchanged), time.perf_counter() - started


def incremental() -> dict:
    from portal.constants import ArticleStatus
    from portal.models import Article
    from portal.publishing.engine import ArticleChange, publish_change

    article = (
        Article.objects.filter(status=ArticleStatus.PUBLISHED, channel__url_path="zwdt/bmdt/")
        .select_related("channel", "author_unit")
        .order_by("-publish_date", "-pk")[5:6]
        .get()
    )
    singles = []
    for _ in range(20):
        started = time.perf_counter()
        naive_article(article)
        singles.append(time.perf_counter() - started)
    one_page = statistics.median(singles)
    # Five real edits (the title alternates), each re-published; the median, like the reference.
    timings = []
    base, title = article.title.removesuffix("（更新）"), article.title
    for _ in range(5):
        title = base if title.endswith("（更新）") else base + "（更新）"
        Article.objects.filter(pk=article.pk).update(title=title)
        started = time.perf_counter()
        report = publish_change(
            ArticleChange(article_id=article.pk, old_path=article.published_path)
        )
        timings.append(time.perf_counter() - started)
        if not report.written:
            raise SystemExit("publish_change wrote nothing for an edited title")
    elapsed = statistics.median(timings)
    return {
        "article": article.published_path,
        "pages_rendered": len(report.written) + len(report.unchanged),
        "pages_written": len(report.written),
        "seconds": round(elapsed, 3),
        "one_page_ms": round(one_page * 1000, 2),
        "ratio": round(elapsed / one_page, 1),
    }


def naive_disclosure_item(pk: int) -> bytes:
    """One 信息公开 item page the straightforward way: its page's queries and `render_to_string`
    with a request, so every context processor runs (the reference of the disclosure figure)."""
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from disclosure.selectors import public as catalogue
    from portal.publishing.disclosure import item_rel

    item = catalogue.item_page(pk)
    context = {
        "item": item,
        "policies": catalogue.related_policies(item),
        "interpretations": catalogue.related_interpretations(item),
        "attachments": list(item.attachments.all()),
    }
    request = RequestFactory().get("/" + item_rel(pk))
    request.user = AnonymousUser()
    return render_to_string("portal/xxgk/item.html", context, request=request).encode("utf-8")


def incremental_disclosure() -> dict | None:
    """One catalogue item's title changes; `publish_change(DisclosureChange)` re-publishes its
    page, the landing page and the list pages of its four classifications that show it (median
    of five edits), against rendering that one item page the naive way (median of 20)."""
    from disclosure.constants import ItemStatus
    from disclosure.models import Item
    from portal.publishing.disclosure import DisclosureChange
    from portal.publishing.engine import publish_change

    pk = (
        Item.objects.filter(status=ItemStatus.PUBLISHED)
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)[5:6]
        .first()
    )
    if pk is None:
        return None
    singles = []
    for _ in range(20):
        started = time.perf_counter()
        naive_disclosure_item(pk)
        singles.append(time.perf_counter() - started)
    one_page = statistics.median(singles)
    title = Item.objects.values_list("title", flat=True).get(pk=pk)
    base, timings = title.removesuffix("（更新）"), []
    for _ in range(5):
        title = base if title.endswith("（更新）") else base + "（更新）"
        Item.objects.filter(pk=pk).update(title=title)
        started = time.perf_counter()
        report = publish_change(DisclosureChange(item_id=pk))
        timings.append(time.perf_counter() - started)
        if not report.written:
            raise SystemExit("publish_change wrote nothing for an edited disclosure item")
    elapsed = statistics.median(timings)
    return {
        "item": pk,
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

    naive_pages, naive_s, digests = naive_render()
    single_pages, single_s = full_publish(1)
    differ = same_bytes(digests)
    pages, full_s = full_publish(args.workers)
    differ += same_bytes(digests)
    naive_rate, full_rate = naive_pages / naive_s, pages / full_s
    single_rate = single_pages / single_s
    ratio = full_rate / naive_rate
    inc = incremental()
    dis = incremental_disclosure()
    passed_full = ratio >= FULL_TARGET and differ == 0
    passed_inc = inc["ratio"] <= INCREMENTAL_TARGET
    passed_dis = dis is None or dis["ratio"] <= INCREMENTAL_TARGET
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
            "pages_differing_from_naive": differ,
            "ratio": round(ratio, 2),
            "target": f">= {FULL_TARGET}",
            "passed": passed_full,
        },
        "incremental": {**inc, "target": f"<= {INCREMENTAL_TARGET}", "passed": passed_inc},
        "incremental_disclosure": dis
        and {**dis, "target": f"<= {INCREMENTAL_TARGET}", "passed": passed_dis},
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
         "incremental_passed": passed_inc,
         "disclosure_incremental_ratio": dis and dis["ratio"],
         "disclosure_incremental_passed": passed_dis},
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
    if dis:
        print(
            _common.table(
                [("render one 信息公开 item page", "1",
                  f"{dis['one_page_ms'] / 1000:.3f}", "1", ""),
                 ("publish_change (one item)", f"{dis['pages_rendered']:,}",
                  f"{dis['seconds']:.3f}", f"{dis['ratio']:.1f}",
                  f"<= {INCREMENTAL_TARGET} {'ok' if passed_dis else 'MISSED'}")],
                ("disclosure catalogue", "pages", "s", "ratio", "target"),
            )
        )  # fmt: skip
    print(f"published files differing from the naive loop's pages: {differ} (must be 0)")
    sys.exit(0 if passed_full and passed_inc and passed_dis else _common.MISSED)


if __name__ == "__main__":
    main()
