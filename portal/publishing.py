"""Static publishing: the public site rendered into files under settings.PUBLISH_ROOT.

Page sources
------------
Every published page comes from a *page source*, a small object registered here with
`register_page_source()`. A source has a `name` and two methods:

- `all_pages()` yields every `Page` it contributes (used by `manage.py publish_site`);
- `touched_by(change)` returns `(pages, removed_paths)` for one change (an `ArticleChange`
  from the portal, or any object another app passes to `publish_change()`); a source that does
  not care about the change returns `([], [])`.

A `Page` is a relative file path plus a function that renders its bytes, so nothing is rendered
unless it is published. Another app (disclosure, interaction, ...) contributes pages by
registering its own source in its AppConfig.ready() and calling `publish_change(obj)` after commit.

Writing
-------
Each file is written to a temporary file in the same directory and renamed over the old one
(`os.replace` is atomic on one filesystem), so a reader sees the old page or the new page, never
half of one. A page whose bytes did not change is not rewritten (nginx's caches and the file's
mtime stay valid). Beside every .html/.xml file a .gz copy is written for nginx's gzip_static.
"""

from __future__ import annotations

import gzip
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory

from .constants import LIST_PAGE_SIZE, ArticleStatus
from .models import Article, Channel

SAFE_PATH = re.compile(r"^(?:[a-z0-9_-]+/)*[a-z0-9_.-]+\.(?:html|xml)$")
COMPRESSED_SUFFIXES = {".html", ".xml"}
FEED_SIZE = 20


# --- writing files ----------------------------------------------------------------------------


def publish_root() -> Path:
    return Path(settings.PUBLISH_ROOT)


def target_path(rel: str) -> Path:
    """The file for a relative page path, refusing anything that could leave PUBLISH_ROOT."""
    if not SAFE_PATH.match(rel) or ".." in rel.split("/"):
        raise ValueError(f"unsafe publish path: {rel!r}")
    return publish_root() / rel


def published_file(url_path: str) -> Path | None:
    """The published file answering a URL path ("/zwdt/" → zwdt/index.html), if there is one."""
    rel = url_path.lstrip("/")
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    try:
        path = target_path(rel)
    except ValueError:
        return None
    root = publish_root().resolve()
    resolved = path.resolve()
    if root not in resolved.parents or not resolved.is_file():
        return None
    return resolved


def write_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to `path` atomically; False (and no write) when the file already holds it."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; nginx runs as another user
        os.replace(tmp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return True


def gzip_bytes(data: bytes) -> bytes:
    # mtime=0: the same page always compresses to the same bytes, so unchanged stays unchanged.
    return gzip.compress(data, compresslevel=9, mtime=0)


@dataclass
class PublishReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def merge(self, other: PublishReport) -> None:
        self.written += other.written
        self.unchanged += other.unchanged
        self.removed += other.removed


@dataclass(frozen=True)
class Page:
    path: str  # relative to PUBLISH_ROOT, e.g. "zwdt/zwyw/index_2.html"
    render: Callable[[], bytes]


def write_page(page: Page, report: PublishReport) -> None:
    path = target_path(page.path)
    data = page.render()
    changed = write_atomic(path, data)
    if path.suffix in COMPRESSED_SUFFIXES:
        gz = path.with_name(path.name + ".gz")
        if changed or not gz.exists():
            write_atomic(gz, gzip_bytes(data))
    (report.written if changed else report.unchanged).append(page.path)


def remove_page(rel: str, report: PublishReport) -> None:
    path = target_path(rel)
    removed = False
    for candidate in (path, path.with_name(path.name + ".gz")):
        with suppress(FileNotFoundError):
            candidate.unlink()
            removed = True
    if removed:
        report.removed.append(rel)


# --- rendering --------------------------------------------------------------------------------


def url_for(rel: str) -> str:
    """The URL a reader uses for a page file ("zwdt/index.html" → "/zwdt/")."""
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def render_bytes(template: str, context: dict, rel: str) -> bytes:
    """Render as Django would answer an anonymous reader's GET for the page's URL."""
    request = RequestFactory().get(url_for(rel))
    request.user = AnonymousUser()
    return render_to_string(template, context, request=request).encode("utf-8")


def base_url() -> str:
    return settings.PORTAL_BASE_URL.rstrip("/")


# --- registry ---------------------------------------------------------------------------------


_SOURCES: list = []


def register_page_source(source) -> None:
    if all(s.name != source.name for s in _SOURCES):
        _SOURCES.append(source)


def page_sources() -> list:
    return list(_SOURCES)


def publish_all(
    progress: Callable[[int, str], None] | None = None, workers: int = 1
) -> PublishReport:
    """Render and write every page of every source (manage.py publish_site).

    `workers` > 1 renders in that many forked processes (93% of publishing is template
    rendering, which one Python process does on one core): worker k renders the pages whose
    position in the page sequence is k modulo `workers`. Each page is rendered by the same
    function either way, so the files are byte-identical to a one-process run.
    """
    if workers > 1:
        return _publish_parallel(workers, progress)
    report = PublishReport()
    for n, page in enumerate(_all_pages(), start=1):
        write_page(page, report)
        if progress:
            progress(n, page.path)
    return report


def _publish_share(k: int, workers: int, conn) -> None:
    """In a forked worker: publish every `workers`-th page from the k-th; send the report."""
    from django.db import connections

    report = PublishReport()
    try:
        for n, page in enumerate(_all_pages()):
            if n % workers == k:
                write_page(page, report)
        conn.send(("ok", report))
    except BaseException as exc:  # the parent re-raises it; a worker must not die silently
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()
        connections.close_all()


def _publish_parallel(workers: int, progress) -> PublishReport:
    import multiprocessing

    from django.db import connections

    # A forked child must not share the parent's database socket: each opens its own.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    pipes, procs = [], []
    for k in range(workers):
        parent_end, child_end = context.Pipe(duplex=False)
        proc = context.Process(target=_publish_share, args=(k, workers, child_end))
        proc.start()
        child_end.close()
        pipes.append(parent_end)
        procs.append(proc)
    report, errors = PublishReport(), []
    for parent_end in pipes:
        try:
            status, payload = parent_end.recv()
        except EOFError:
            status, payload = "error", "worker exited without a report"
        if status == "ok":
            report.merge(payload)
        else:
            errors.append(payload)
    for proc in procs:
        proc.join()
    if errors:
        raise RuntimeError("publishing worker failed: " + "; ".join(errors))
    if progress:
        done = len(report.written) + len(report.unchanged)
        progress(done, "")
    return report


def _all_pages() -> Iterator[Page]:
    for source in page_sources():
        yield from source.all_pages()


def all_page_paths() -> set[str]:
    return {page.path for page in _all_pages()}


def publish_change(change) -> PublishReport:
    """Render exactly the pages `change` touches and remove the pages it retired."""
    report = PublishReport()
    seen: set[str] = set()
    removals: list[str] = []
    for source in page_sources():
        pages, removed = source.touched_by(change)
        for page in pages:
            if page.path not in seen:
                seen.add(page.path)
                write_page(page, report)
        removals += removed
    for rel in dict.fromkeys(removals):
        if rel not in seen:
            remove_page(rel, report)
    return report


# --- the portal's own pages -------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleChange:
    """An article was published, changed or withdrawn. `old_path`: where its page was."""

    article_id: int
    old_path: str = ""
    channel_id: int | None = None


def _channel_from_path(rel: str) -> Channel | None:
    head, _sep, _tail = rel.rpartition("/")
    return Channel.objects.filter(url_path=head + "/").first() if head else None


def _lineages(channels: Iterable[Channel]) -> list[Channel]:
    from .selectors import channel_lineage

    out: dict[int, Channel] = {}
    for channel in channels:
        for c in channel_lineage(channel):
            out[c.pk] = c
    return list(out.values())


class HomeSource:
    name = "portal.home"

    def page(self) -> Page:
        from .views import home_blocks

        return Page(
            "index.html", lambda: render_bytes("portal/home.html", home_blocks(), "index.html")
        )

    def all_pages(self):
        yield self.page()

    def touched_by(self, change):
        from .selectors import channel_feeds_home

        if not isinstance(change, ArticleChange):
            return [], []
        channels = _change_channels(change)
        if any(channel_feeds_home(c) for c in channels):
            return [self.page()], []
        return [], []


def _change_channels(change: ArticleChange) -> list[Channel]:
    channels = []
    article = Article.objects.filter(pk=change.article_id).select_related("channel").first()
    if article is not None:
        channels.append(article.channel)
    if change.old_path:
        old = _channel_from_path(change.old_path)
        if old is not None:
            channels.append(old)
    return channels


LIST_PAGE_RE = re.compile(r"^index(?:_(\d+))?\.html$")


class ChannelListSource:
    """Each column's list pages (index.html, index_2.html, ...) and its RSS feed."""

    name = "portal.channel_lists"

    def pages_for(self, channel: Channel) -> tuple[list[Page], list[str]]:
        from .selectors import channel_articles, channel_children, channel_lineage

        paginator = Paginator(channel_articles(channel), LIST_PAGE_SIZE)
        lineage = channel_lineage(channel)
        children = channel_children(channel)
        pages = []
        for number in paginator.page_range:
            rel = f"{channel.url_path}{'index.html' if number == 1 else f'index_{number}.html'}"

            def render(number=number, rel=rel):
                page = paginator.page(number)
                context = {
                    "channel": channel,
                    "lineage": lineage,
                    "children": children,
                    "page": page,
                    "page_urls": _page_urls(channel, page),
                }
                return render_bytes(f"portal/list_{channel.list_template}.html", context, rel)

            pages.append(Page(rel, render))
        pages.append(Page(f"{channel.url_path}rss.xml", lambda: _rss(channel)))
        return pages, self._stale(channel, paginator.num_pages)

    def _stale(self, channel: Channel, num_pages: int) -> list[str]:
        """List pages beyond the last one (the list got shorter): remove them."""
        directory = publish_root() / channel.url_path
        stale = []
        if directory.is_dir():
            for entry in directory.iterdir():
                match = LIST_PAGE_RE.match(entry.name)
                if match and match[1] and int(match[1]) > max(num_pages, 1):
                    stale.append(f"{channel.url_path}{entry.name}")
        return stale

    def all_pages(self):
        for channel in Channel.objects.all():
            yield from self.pages_for(channel)[0]

    def touched_by(self, change):
        if not isinstance(change, ArticleChange):
            return [], []
        pages, removed = [], []
        for channel in _lineages(_change_channels(change)):
            p, r = self.pages_for(channel)
            pages += p
            removed += r
        return pages, removed


def _page_urls(channel: Channel, page) -> dict:
    def url(n: int) -> str:
        return channel.url if n == 1 else f"{channel.url}index_{n}.html"

    return {
        "previous": url(page.previous_page_number()) if page.has_previous() else "",
        "next": url(page.next_page_number()) if page.has_next() else "",
    }


def _rss(channel: Channel) -> bytes:
    from .selectors import channel_articles

    context = {
        "channel": channel,
        "articles": list(channel_articles(channel)[:FEED_SIZE]),
        "base_url": base_url(),
    }
    return render_to_string("portal/rss.xml", context).encode("utf-8")


class ArticleSource:
    """One page per published article; a withdrawn or moved article's old page is removed."""

    name = "portal.articles"

    def page(self, article: Article) -> Page:
        rel = article.url.lstrip("/")

        def render():
            from .selectors import channel_lineage, related_interpretations, related_policies

            context = {
                "article": article,
                "channel": article.channel,
                "lineage": channel_lineage(article.channel),
                "policies": related_policies(article),
                "interpretations": related_interpretations(article),
            }
            template = f"portal/page_{article.channel.page_template}.html"
            return render_bytes(template, context, rel)

        return Page(rel, render)

    def all_pages(self):
        for article in Article.objects.filter(status=ArticleStatus.PUBLISHED).select_related(
            "channel", "author_unit"
        ):
            yield self.page(article)

    def touched_by(self, change):
        if not isinstance(change, ArticleChange):
            return [], []
        article = (
            Article.objects.filter(pk=change.article_id)
            .select_related("channel", "author_unit")
            .first()
        )
        pages, removed = [], []
        if article is not None and article.status == ArticleStatus.PUBLISHED:
            pages.append(self.page(article))
            if change.old_path and change.old_path != article.url.lstrip("/"):
                removed.append(change.old_path)
        elif change.old_path:
            removed.append(change.old_path)
        if article is not None:
            # Policies list their interpretations and interpretations their policies.
            linked = Article.objects.filter(status=ArticleStatus.PUBLISHED).filter(
                pk__in=[
                    *article.interprets.values_list("pk", flat=True),
                    *article.interpretations.values_list("pk", flat=True),
                ]
            )
            pages += [self.page(a) for a in linked.select_related("channel", "author_unit")]
        return pages, removed


class SiteFilesSource:
    """sitemap.xml and the 404 page."""

    name = "portal.site_files"

    def sitemap(self) -> Page:
        def render():
            context = {
                "base_url": base_url(),
                "channels": list(Channel.objects.all()),
                "articles": list(
                    Article.objects.filter(status=ArticleStatus.PUBLISHED)
                    .select_related("channel")
                    .only("pk", "publish_date", "updated_at", "channel__url_path")
                ),
            }
            return render_to_string("portal/sitemap.xml", context).encode("utf-8")

        return Page("sitemap.xml", render)

    def not_found(self) -> Page:
        context = {
            "status": 404,
            "title": "页面不存在",
            "message": "您访问的页面不存在或已被移除，请检查网址。",
        }
        return Page("404.html", lambda: render_bytes("error.html", context, "404.html"))

    def all_pages(self):
        yield self.sitemap()
        yield self.not_found()

    def touched_by(self, change):
        if isinstance(change, ArticleChange):
            return [self.sitemap()], []
        return [], []


for _source in (HomeSource(), ChannelListSource(), ArticleSource(), SiteFilesSource()):
    register_page_source(_source)
