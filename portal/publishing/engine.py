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
The portal's own sources live in publishing/sources.py (home, column lists, articles, sitemap),
publishing/media.py (attachment files) and investment/publishing.py (招商引资). A source may also
offer `sitemap_urls()`: (url, last modified) pairs that sitemap.xml lists.

Writing
-------
Each file is written to a temporary file in the same directory and renamed over the old one
(`os.replace` is atomic on one filesystem), so a reader sees the old page or the new page, never
half of one. A page whose bytes did not change is not rewritten (nginx's caches and the file's
mtime stay valid). Beside every .html/.xml file a .gz copy is written for nginx's gzip_static;
a binary page (a guide's .pdf) is written as it is rendered, without one.
"""

from __future__ import annotations

import gzip
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.test import RequestFactory

from portal.constants import ArticleStatus
from portal.models import Article, Channel

# A file name may hold capitals: an item's code names its guide (bsdt/sx/431127-SC-101.html), and
# so may a directory: a department's code names its list pages' (bsdt/bm/<code>/index_2.html).
# A guide's PDF is published beside its page (bsdt/sx/<code>.pdf).
SAFE_PATH = re.compile(r"^(?:[A-Za-z0-9_-]+/)*[A-Za-z0-9_.-]+\.(?:html|xml|pdf)$")
# Uploaded files copied under the site (publishing/media.py): generated names only.
FILE_PATH = re.compile(
    r"^files/(?:portal|disclosure)/(?:[A-Za-z0-9_-]+/)*[A-Za-z0-9_-]+\.[a-z0-9]{2,5}$"
)
COMPRESSED_SUFFIXES = {".html", ".xml"}

# Sent (sender=None) when `publish_change()` or `publish_all()` ends, written or failed half-way:
# what the public site shows may have changed. The search page's cache listens
# (portal/services/search_cache.py, connected in portal/apps.py).
site_published = Signal()


# --- writing files ----------------------------------------------------------------------------


def publish_root() -> Path:
    return Path(settings.PUBLISH_ROOT)


def target_path(rel: str) -> Path:
    """The file for a relative page path, refusing anything that could leave PUBLISH_ROOT."""
    if not (SAFE_PATH.match(rel) or FILE_PATH.match(rel)) or ".." in rel.split("/"):
        raise ValueError(f"unsafe publish path: {rel!r}")
    return publish_root() / rel


_PAGER_LINK = re.compile(r'href="([^"]*)" rel="(prev|next)"')


def published_text(rel: str) -> str | None:
    """The published file `rel` as text (a change compares it with what it would render), or
    None when it is not there."""
    try:
        return target_path(rel).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def pager_links(html: str) -> tuple[str, str]:
    """(previous URL, next URL) of the pager in a list page's HTML ("" where there is none)."""
    links = {kind: href for href, kind in _PAGER_LINK.findall(html)}
    return links.get("prev", ""), links.get("next", "")


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


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> bool:
    """Write `data` to `path` atomically; False (and no write) when the file already holds it.

    `durable=False` skips the per-file fsync (a full publish syncs once at the end); the rename
    stays atomic either way, so a reader never sees half a page."""
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
            if durable:
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
    # Level 6: within 1-2% of level 9's size on these pages at a third of the time.
    return gzip.compress(data, compresslevel=6, mtime=0)


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
    run = _RUN.get()
    durable = run is None or run.durable
    changed = write_atomic(path, data, durable=durable)
    if path.suffix in COMPRESSED_SUFFIXES:
        gz = path.with_name(path.name + ".gz")
        if changed or not gz.exists():
            write_atomic(gz, gzip_bytes(data), durable=durable)
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


def _request_for(rel: str):
    request = RequestFactory().get(url_for(rel))
    request.user = AnonymousUser()
    return request


def render_bytes(template: str, context: dict, rel: str) -> bytes:
    """Render as Django would answer an anonymous reader's GET for the page's URL.

    Inside a publishing run (`publishing_run()`) the context processors' output is computed once
    per site section and reused (the same values a request would get: an anonymous reader
    without cookies), instead of once per page; the bytes are the same
    (tests/portal/test_publishing.py compares both ways on every page).
    """
    run = _RUN.get()
    if run is None:
        return render_to_string(template, context, request=_request_for(rel)).encode("utf-8")
    return run.render(template, context, rel)


# A run of the publishing job: what its pages share, loaded once (see PublishRun).
_RUN: ContextVar[PublishRun | None] = ContextVar("publish_run", default=None)


class PublishRun:
    """What the pages of one publishing run share, loaded once instead of once per page: the
    channel tree (lineages, children), the context processors' output per site section (site
    settings, navigation), and, for a full run, the policy ↔ interpretation links of every
    article (one query instead of two per article page)."""

    def __init__(self, *, bulk: bool = False) -> None:
        self.bulk = bulk  # a full publish: prefetch relations of every article
        self.durable = not bulk  # a full run syncs once at the end instead of once per file
        self._channels: list[Channel] | None = None
        self._processors: dict[str, dict] = {}
        self._related: dict[int, tuple[list, list]] | None = None
        self._templates: dict[str, object] = {}
        self._articles: dict[int, Article | None] = {}
        self._shared: dict[str, object] = {}

    def shared(self, key: str, load: Callable[[], object]) -> object:
        """A value the run's pages share (another source's data), loaded once per run."""
        if key not in self._shared:
            self._shared[key] = load()
        return self._shared[key]

    # channel tree ------------------------------------------------------------------------
    def channels(self) -> list[Channel]:
        if self._channels is None:
            self._channels = list(Channel.objects.order_by("path"))
            self._by_path = {c.path: c for c in self._channels}
        return self._channels

    def lineage(self, channel: Channel) -> list[Channel]:
        self.channels()
        step = Channel.steplen
        out = [self._by_path.get(channel.path[:i]) for i in range(step, len(channel.path), step)]
        return [*[c for c in out if c is not None], channel]

    def children(self, channel: Channel) -> list[Channel]:
        # A hidden (not in navigation) or retired column keeps its pages but is not listed.
        return [
            c
            for c in self.channels()
            if c.depth == channel.depth + 1
            and c.path.startswith(channel.path)
            and c.in_navigation
            and not c.is_retired
        ]

    # policy ↔ interpretation links --------------------------------------------------------
    def related(self, article: Article) -> tuple[list[Article], list[Article]]:
        from portal.selectors.articles import related_interpretations, related_policies

        if not self.bulk:
            return related_policies(article), related_interpretations(article)
        if self._related is None:
            self._related = {}
            links = Article.interprets.through.objects.filter(
                from_article__status=ArticleStatus.PUBLISHED,
                to_article__status=ArticleStatus.PUBLISHED,
            ).select_related("from_article__channel", "to_article__channel")
            for link in links:
                # from_article interprets to_article (a policy).
                self._related.setdefault(link.from_article_id, ([], []))[0].append(link.to_article)
                self._related.setdefault(link.to_article_id, ([], []))[1].append(link.from_article)
            for lists in self._related.values():
                for items in lists:  # Article.Meta.ordering: newest first (NULL dates first)
                    items.sort(key=_newest_first_key, reverse=True)
        return self._related.get(article.pk, ([], []))

    def article(self, pk: int) -> Article | None:
        """The article of a change (read once per run, by every source that asks)."""
        if pk not in self._articles:
            self._articles[pk] = (
                Article.objects.filter(pk=pk).select_related("channel", "author_unit").first()
            )
        return self._articles[pk]

    # rendering -----------------------------------------------------------------------------
    def _processor_context(self, rel: str, request) -> dict:
        """The context processors' output for an anonymous reader; it depends on the path only
        through the navigation's "current" entry, i.e. on the first path segment."""
        key = rel.split("/", 1)[0] if "/" in rel else rel
        if key not in self._processors:
            from django.template import engines

            engine = engines["django"].engine
            out: dict = {}
            for processor in engine.template_context_processors:
                out.update(processor(request))
            out.pop("request", None)
            out.pop("csrf_token", None)
            self._processors[key] = out
        return self._processors[key]

    def _template(self, name: str):
        from django.template.loader import get_template

        tpl = self._templates.get(name)
        if tpl is None:
            tpl = self._templates[name] = get_template(name)
        return tpl

    def render(self, template: str, context: dict, rel: str) -> bytes:
        request = _request_for(rel)
        processors = self._processor_context(rel, request)
        data = {**processors, "request": request, **context}
        chrome = cached_chrome(processors)  # the reader of a published page is anonymous
        data.update(chrome_for_path(chrome, request.get_full_path()) if chrome else {})
        return self._template(template).render(data).encode("utf-8")


# The portal's header and footer (templates/includes/portal_header.html, portal_footer.html)
# depend on the site settings, the navigation and the display mode, and on the page's own path
# only through the "next" parameter of a few links: rendered once for this marker path, then
# the page's path is put in (base_portal.html shows `chrome_header` when it is given).
CHROME_PATH_MARKER = "/__egov_chrome_path__"


def render_chrome(processors: dict) -> tuple[str, str]:
    """(header, footer) for the context processors' output `processors`, at the marker path."""
    from django.template.loader import get_template

    request = _request_for(CHROME_PATH_MARKER.lstrip("/"))
    context = {**processors, "request": request}
    return (
        get_template("includes/portal_header.html").render(context),
        get_template("includes/portal_footer.html").render(context),
    )


_CHROME: dict[tuple, tuple[str, str]] = {}


def cached_chrome(processors: dict) -> tuple[str, str] | None:
    """`render_chrome()` for an anonymous reader (None for a signed-in one: the header shows
    their name and a form), kept in this process for as long as what it shows stays the same:
    the key holds the site settings' values, the navigation (with its current entry) and the
    display mode, so a changed setting or channel renders anew."""
    from django.forms.models import model_to_dict

    user = processors.get("user")
    if user is not None and user.is_authenticated:
        return None
    site = processors.get("site")
    key = (
        repr(model_to_dict(site)) if site is not None else "",
        repr(processors.get("portal_channels")),
        processors.get("display_class"),
        processors.get("DEFAULT_GOVERNMENT_NAME"),
    )
    chrome = _CHROME.get(key)
    if chrome is None:
        if len(_CHROME) > 64:  # old settings or navigation: forget them
            _CHROME.clear()
        chrome = _CHROME[key] = render_chrome(processors)
    return chrome


def chrome_for_path(chrome: tuple[str, str], full_path: str) -> dict:
    """The template variables of a page at `full_path` from `render_chrome()`'s fragments."""
    from django.template.defaultfilters import urlencode
    from django.utils.safestring import mark_safe

    path = urlencode(full_path)
    header, footer = (part.replace(CHROME_PATH_MARKER, path) for part in chrome)
    # bandit B308/B703: both fragments are rendered templates (autoescaped); the path is
    # URL-encoded like the template's own |urlencode.
    return {"chrome_header": mark_safe(header), "chrome_footer": mark_safe(footer)}  # noqa: S308  # nosec B308 B703


def _newest_first_key(article: Article):
    date = article.publish_date
    return (date is None, date.timestamp() if date else 0.0, article.pk)


@contextmanager
def publishing_run(*, bulk: bool = False) -> Iterator[PublishRun]:
    """Pages rendered inside share one PublishRun (nested runs reuse the outer one)."""
    run = _RUN.get()
    if run is not None:
        yield run
        return
    run = PublishRun(bulk=bulk)
    token = _RUN.set(run)
    try:
        yield run
    finally:
        _RUN.reset(token)


def current_run() -> PublishRun:
    """The active run, or a fresh one that lives as long as the caller keeps it."""
    return _RUN.get() or PublishRun()


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
        try:
            return _publish_parallel(workers, progress)
        finally:
            site_published.send(sender=None)
    try:
        report = PublishReport()
        with publishing_run(bulk=True):
            for n, page in enumerate(_all_pages(), start=1):
                write_page(page, report)
                if progress:
                    progress(n, page.path)
        os.sync()  # the run's writes skipped fsync per file: make them durable at once
        return report
    finally:
        site_published.send(sender=None)


def _publish_share(k: int, workers: int, conn) -> None:
    """In a forked worker: publish every `workers`-th page from the k-th; send the report."""
    from django.db import connections

    report = PublishReport()
    try:
        with publishing_run(bulk=True):
            for n, page in enumerate(_all_pages()):
                if n % workers == k:
                    write_page(page, report)
        os.sync()
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
    try:
        report = PublishReport()
        seen: set[str] = set()
        removals: list[str] = []
        with publishing_run():
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
    finally:
        site_published.send(sender=None)


# --- the portal's own pages -------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleChange:
    """An article was published, changed or withdrawn. `old_path`: where its page was."""

    article_id: int
    old_path: str = ""
    channel_id: int | None = None


# The Celery task the article services queue after commit. It lives here, beside what it runs,
# so that services import it from below; portal.tasks re-exports it, and its name is the one it
# always had, so queued tasks keep working.
@shared_task(name="portal.tasks.publish_article_pages", acks_late=True, ignore_result=True)
def publish_article_pages(article_id: int, old_path: str = "", channel_id: int | None = None):
    """Re-publish the pages an article change touches and remove its retired page."""
    report = publish_change(
        ArticleChange(article_id=article_id, old_path=old_path, channel_id=channel_id)
    )
    return {"written": report.written, "removed": report.removed}


@dataclass(frozen=True)
class ChannelChange:
    """The site's structure or settings changed (栏目管理, 网站设置).

    `channel_ids`: columns whose own pages changed, with every column below them (their lists,
    articles and feeds are re-rendered, and their parents' lists, which name them);
    `old_url_paths`: addresses those columns had before a new slug: their files are removed;
    `home`: the home page changed; `everywhere`: the header or footer of every page changed (the
    navigation, the site's identity), so every page is re-rendered (unchanged files stay).
    """

    channel_ids: tuple[int, ...] = ()
    old_url_paths: tuple[str, ...] = ()
    home: bool = False
    everywhere: bool = False


@shared_task(name="portal.tasks.publish_site_change", acks_late=True, ignore_result=True)
def publish_site_change(
    channel_ids: list[int] | tuple = (),
    old_url_paths: list[str] | tuple = (),
    home: bool = False,
    everywhere: bool = False,
):
    """Re-publish what a change of the site's structure or settings touches."""
    change = ChannelChange(
        channel_ids=tuple(channel_ids),
        old_url_paths=tuple(old_url_paths),
        home=home,
        everywhere=everywhere,
    )
    if everywhere:
        report = publish_all()
        # Files under an old address that no page source produces any more.
        with publishing_run():
            for source in page_sources():
                for rel in source.touched_by(change)[1]:
                    if rel not in report.written and rel not in report.unchanged:
                        remove_page(rel, report)
    else:
        report = publish_change(change)
    return {"written": len(report.written), "removed": report.removed}
