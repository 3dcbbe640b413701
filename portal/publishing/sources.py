"""The portal's own pages as page sources (see portal/publishing/engine.py for the protocol): the
home page, the column lists (numbered from the oldest, so that a change re-renders only the list
pages whose content differs), the article pages with their feeds, sitemap.xml and the 404 page."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from portal.constants import LIST_PAGE_SIZE, ArticleStatus
from portal.models import Article, Channel
from portal.publishing.engine import (
    ArticleChange,
    ChannelChange,
    Page,
    base_url,
    current_run,
    page_sources,
    pager_links,
    publish_root,
    published_text,
    register_page_source,
    render_bytes,
    target_path,
)

FEED_SIZE = 20


def _channel_from_path(rel: str) -> Channel | None:
    head, _sep, _tail = rel.rpartition("/")
    if not head:
        return None
    return next((c for c in current_run().channels() if c.url_path == head + "/"), None)


def _lineages(channels: Iterable[Channel]) -> list[Channel]:
    run = current_run()
    out: dict[int, Channel] = {}
    for channel in channels:
        for c in run.lineage(channel):
            out[c.pk] = c
    return list(out.values())


class HomeSource:
    name = "portal.home"

    def page(self, context: dict | None = None) -> Page:
        from portal.selectors.home import home_blocks

        def render():
            return render_bytes("portal/home.html", context or home_blocks(), "index.html")

        return Page("index.html", render)

    def all_pages(self):
        yield self.page()

    def touched_by(self, change):
        from portal.selectors.home import home_blocks

        if isinstance(change, ChannelChange):
            return ([self.page()] if change.home or change.everywhere else []), []
        if not isinstance(change, ArticleChange):
            return [], []
        # Does the column (through itself or an ancestor) feed a block of the home page?
        if not any(c.home_block for c in _lineages(_change_channels(change))):
            return [], []
        # The home page shows a few articles per block: it changes only when the article is one
        # of them now, or was one of them on the published page.
        context = home_blocks()
        if change.article_id in _article_ids(context) or _page_links(
            "index.html", _change_urls(change)
        ):
            return [self.page(context)], []
        return [], []


def _article_ids(value) -> set[int]:
    """Primary keys of the articles anywhere in a (nested) template context."""
    if isinstance(value, Article):
        return {value.pk}
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        return set().union(*(_article_ids(v) for v in value)) if value else set()
    return set()


def _change_urls(change: ArticleChange) -> list[str]:
    """The URLs an article has (now) and had (`old_path`)."""
    urls = [f"/{change.old_path}"] if change.old_path else []
    article = current_run().article(change.article_id)
    if article is not None:
        urls.append(article.url)
    return urls


def _page_links(rel: str, urls: list[str]) -> bool:
    """Does the published page `rel` link to any of `urls`?"""
    try:
        text = target_path(rel).read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    return any(f'href="{url}"' in text for url in urls)


def _change_channels(change: ArticleChange) -> list[Channel]:
    channels = []
    article = current_run().article(change.article_id)
    if article is not None:
        channels.append(article.channel)
    if change.old_path:
        old = _channel_from_path(change.old_path)
        if old is not None:
            channels.append(old)
    return channels


def _changed_subtrees(change: ChannelChange) -> list[Channel]:
    """The columns a ChannelChange names and every column below them (tree order)."""
    channels = current_run().channels()
    tops = [c.path for c in channels if c.pk in change.channel_ids]
    return [c for c in channels if any(c.path.startswith(top) for top in tops)]


def _old_files(change: ChannelChange, pattern: re.Pattern) -> list[str]:
    """Published files directly under the old addresses of renamed columns that match
    `pattern`, unless a current column now lives there."""
    current = {c.url_path for c in current_run().channels()}
    out = []
    for old in change.old_url_paths:
        if old in current:
            continue
        directory = publish_root() / old
        if directory.is_dir():
            out += [f"{old}{e.name}" for e in directory.iterdir() if pattern.match(e.name)]
    return sorted(out)


LIST_PAGE_RE = re.compile(r"^index(?:_(\d+))?\.html$")


def list_slices(count: int, size: int) -> list[tuple[int, int, int]]:
    """(number, start, stop) of a column's list pages over its articles counted from the oldest.

    Page k ≥ 1 (`index_k.html`) holds the k-th oldest `size` articles, so its file never changes
    when newer articles arrive; `index.html` (number 0) holds the rest, the newest `size` to
    `2·size − 1` articles (all of them while there are fewer than `2·size`). A new article
    rewrites index.html, and once in `size` times also creates the next archive page (and fixes
    the "newer" link of the one before). Slices are positions in the oldest-first order.
    """
    archived = max(0, count // size - 1)
    return [(k, (k - 1) * size, k * size) for k in range(1, archived + 1)] + [
        (0, archived * size, count)
    ]


@dataclass(frozen=True)
class ListPage:
    """One list page of a column (the template's `page`)."""

    number: int  # 0: index.html, the newest; k ≥ 1: index_k.html, the k-th oldest slice
    object_list: list  # newest first
    count: int  # published articles in the column
    archived: int  # archive pages index_1.html … index_<archived>.html

    @property
    def start_date(self):
        return self.object_list[-1].publish_date if self.object_list else None

    @property
    def end_date(self):
        return self.object_list[0].publish_date if self.object_list else None


def _list_rel(channel: Channel, number: int) -> str:
    return f"{channel.url_path}{f'index_{number}.html' if number else 'index.html'}"


def _list_urls(channel: Channel, number: int, archived: int) -> dict:
    """上一页 (newer) and 下一页 (older) of list page `number`."""

    def url(n: int) -> str:
        return f"{channel.url}index_{n}.html" if n else channel.url

    if number == 0:
        return {"previous": "", "next": url(archived) if archived else ""}
    return {
        "previous": url(number + 1 if number < archived else 0),
        "next": url(number - 1) if number > 1 else "",
    }


_ARTICLE_LINK = re.compile(r'href="/(?:[a-z0-9_-]+/)+(\d+)\.html"')
_FEED_LINK = re.compile(r"<link>[^<]*/(\d+)\.html</link>")


def _published_list(rel: str) -> tuple | None:
    """(article ids newest first, previous URL, next URL) of a published list page."""
    text = published_text(rel)
    if text is None:
        return None
    # The list and its pager follow the column title (header, breadcrumbs and the side
    # navigation before it link to columns, never to articles).
    main = text.split('id="column-title"', 1)[-1]
    return ([int(pk) for pk in _ARTICLE_LINK.findall(main)], *pager_links(main))


def _published_feed(rel: str) -> list[int] | None:
    try:
        return [int(pk) for pk in _FEED_LINK.findall(target_path(rel).read_text(encoding="utf-8"))]
    except FileNotFoundError:
        return None


def _list_articles(channel: Channel):
    """The column's published articles as its list pages and feed show them, newest first."""
    from portal.selectors.articles import channel_articles

    return (
        channel_articles(channel)
        .select_related(None)
        .select_related("channel")
        .defer("body", "search_text", "search_vector")
    )


class ChannelListSource:
    """Each column's list pages (index.html, index_1.html, ... numbered from the oldest, see
    `list_slices`) and its RSS feed. A change re-renders only the list pages whose articles or
    links differ from the published ones, and the page holding the changed article."""

    name = "portal.channel_lists"

    def _skip(self, channel: Channel) -> bool:
        # A link entry (办事大厅 → /service/) has no page; a landing page of another source
        # (招商引资) replaces the column's list pages: that source's `claims_channels()`.
        return bool(channel.link_url) or channel.url_path in _claimed_channels()

    def _page(self, channel: Channel, number: int, articles: list, count: int, archived: int):
        rel = _list_rel(channel, number)

        def render():
            run = current_run()
            context = {
                "channel": channel,
                "lineage": run.lineage(channel),
                "children": run.children(channel),
                "page": ListPage(number, articles, count, archived),
                "page_urls": _list_urls(channel, number, archived),
            }
            return render_bytes(f"portal/list_{channel.list_template}.html", context, rel)

        return Page(rel, render)

    def _feed(self, channel: Channel, articles: list | None = None) -> Page:
        return Page(f"{channel.url_path}rss.xml", lambda: _rss(channel, articles))

    def pages_for(self, channel: Channel) -> tuple[list[Page], list[str]]:
        """Every list page and the feed of a column (one query for all its articles)."""
        if self._skip(channel):
            return [], []
        newest = list(_list_articles(channel))
        oldest = newest[::-1]
        slices = list_slices(len(oldest), LIST_PAGE_SIZE)
        archived = len(slices) - 1
        pages = [
            self._page(channel, n, oldest[start:stop][::-1], len(oldest), archived)
            for n, start, stop in reversed(slices)
        ]
        pages.append(self._feed(channel, newest[:FEED_SIZE]))
        return pages, self._stale(channel, archived)

    def _touched(self, channel: Channel, article_id: int) -> tuple[list[Page], list[str]]:
        """The list pages and feed of a column that one article's change touches."""
        if self._skip(channel):
            return [], []
        ids = list(_list_articles(channel).values_list("pk", flat=True))[::-1]  # oldest first
        slices = list_slices(len(ids), LIST_PAGE_SIZE)
        archived = len(slices) - 1

        def expected(n, start, stop):
            urls = _list_urls(channel, n, archived)
            return ids[start:stop][::-1], urls["previous"], urls["next"]

        def current(n, start, stop):
            return _published_list(_list_rel(channel, n)) == expected(n, start, stop)

        position = ids.index(article_id) if article_id in ids else None
        own = next(s for s in slices if s[1] <= position < s[2]) if position is not None else None
        chosen = [own] if own else []
        if own is None or not current(*own):
            # Inserting, removing or moving the article shifts the slices between its old and
            # new positions (counted from the oldest), so the pages that differ from the
            # published ones form one run: walk from the newest until it ends.
            passed = own is None
            for s in reversed(slices):
                if s == own:
                    passed = True
                elif not current(*s):
                    chosen.append(s)
                elif passed:
                    break
        wanted = {pk for _n, start, stop in chosen for pk in ids[start:stop]}
        feed_ids = ids[::-1][:FEED_SIZE]
        feed = article_id in feed_ids or _published_feed(f"{channel.url_path}rss.xml") != feed_ids
        if feed:
            wanted.update(feed_ids)
        articles = _list_articles(channel).filter(pk__in=wanted).in_bulk() if wanted else {}
        pages = [
            self._page(
                channel, n, [articles[pk] for pk in ids[start:stop][::-1]], len(ids), archived
            )
            for n, start, stop in chosen
        ]
        if feed:
            pages.append(self._feed(channel, [articles[pk] for pk in feed_ids]))
        return pages, self._stale(channel, archived)

    def _stale(self, channel: Channel, archived: int) -> list[str]:
        """Archive pages beyond the last one (the list got shorter): remove them."""
        directory = publish_root() / channel.url_path
        stale = []
        if directory.is_dir():
            for entry in directory.iterdir():
                match = LIST_PAGE_RE.match(entry.name)
                if match and match[1] and int(match[1]) > archived:
                    stale.append(f"{channel.url_path}{entry.name}")
        return stale

    def all_pages(self):
        for channel in current_run().channels():
            yield from self.pages_for(channel)[0]

    def touched_by(self, change):
        if isinstance(change, ChannelChange):
            return self._channel_change(change)
        if not isinstance(change, ArticleChange):
            return [], []
        pages, removed = [], []
        for channel in _lineages(_change_channels(change)):
            p, r = self._touched(channel, change.article_id)
            pages += p
            removed += r
        return pages, removed

    def _channel_change(self, change: ChannelChange) -> tuple[list[Page], list[str]]:
        run = current_run()
        subtree = _changed_subtrees(change)
        # The parents list their children (and the lineage shows in every list's side menu).
        parents = [p for c in subtree for p in run.lineage(c)[:-1]]
        pages, removed = [], []
        for channel in {c.pk: c for c in [*parents, *subtree]}.values():
            p, r = self.pages_for(channel)
            pages += p
            removed += r
        removed += _old_files(change, re.compile(r"^(?:index(?:_\d+)?\.html|rss\.xml)$"))
        return pages, removed


def _claimed_channels() -> set[str]:
    """url_paths of columns whose index page a source other than the list source renders."""
    return {p for s in page_sources() for p in getattr(s, "claims_channels", tuple)()}


def _rss(channel: Channel, articles: list | None = None) -> bytes:
    if articles is None:
        articles = list(_list_articles(channel)[:FEED_SIZE])
    context = {"channel": channel, "articles": articles, "base_url": base_url()}
    return render_to_string("portal/rss.xml", context).encode("utf-8")


class ArticleSource:
    """One page per published article; a withdrawn or moved article's old page is removed."""

    name = "portal.articles"

    def page(self, article: Article) -> Page:
        rel = article.url.lstrip("/")

        def render():
            run = current_run()
            policies, interpretations = run.related(article)
            context = {
                "article": article,
                "channel": article.channel,
                "lineage": run.lineage(article.channel),
                "policies": policies,
                "interpretations": interpretations,
            }
            template = f"portal/page_{article.channel.page_template}.html"
            return render_bytes(template, context, rel)

        return Page(rel, render)

    def all_pages(self):
        articles = Article.objects.filter(status=ArticleStatus.PUBLISHED).select_related(
            "channel", "author_unit"
        )
        if hasattr(Article, "attachments"):  # the page lists them: one query for all articles
            articles = articles.prefetch_related("attachments")
        for article in articles:
            yield self.page(article)

    def touched_by(self, change):
        if isinstance(change, ChannelChange):
            # Each article page shows its column's lineage (breadcrumbs and address).
            paths = [c.path for c in _changed_subtrees(change)]
            if not paths:
                return [], _old_files(change, re.compile(r"^\d+\.html$"))
            articles = (
                Article.objects.filter(status=ArticleStatus.PUBLISHED)
                .filter(channel__path__in=paths)
                .select_related("channel", "author_unit")
            )
            if hasattr(Article, "attachments"):
                articles = articles.prefetch_related("attachments")
            return [self.page(a) for a in articles], _old_files(change, re.compile(r"^\d+\.html$"))
        if not isinstance(change, ArticleChange):
            return [], []
        article = current_run().article(change.article_id)
        pages, removed = [], []
        if article is not None and article.status == ArticleStatus.PUBLISHED:
            pages.append(self.page(article))
            if change.old_path and change.old_path != article.url.lstrip("/"):
                removed.append(change.old_path)
        elif change.old_path:
            removed.append(change.old_path)
        if article is not None:
            # Policies list their interpretations and interpretations their policies.
            linked = (
                Article.objects.filter(status=ArticleStatus.PUBLISHED)
                .filter(Q(interpretations=article) | Q(interprets=article))
                .distinct()
            )
            pages += [self.page(a) for a in linked.select_related("channel", "author_unit")]
        return pages, removed


def sitemap_date(moment) -> str:
    """A sitemap <lastmod>: the local (county) date, as the template's |date filter writes it.
    Calling the filter function directly would skip its conversion to local time, and between
    16:00 and 24:00 UTC give yesterday's date in Beijing."""
    return timezone.localdate(moment).isoformat()


class SiteFilesSource:
    """sitemap.xml and the 404 page."""

    name = "portal.site_files"

    def sitemap(self) -> Page:
        def render():
            channels = list(Channel.objects.all())
            channel_urls = {c.url for c in channels}
            context = {
                "base_url": base_url(),
                "channels": channels,
                "articles": list(
                    Article.objects.filter(status=ArticleStatus.PUBLISHED)
                    .select_related("channel")
                    .only("pk", "publish_date", "updated_at", "channel__url_path")
                ),
                # Other sources' pages: (url, last modified) from an optional sitemap_urls().
                "extra_urls": [
                    entry
                    for source in page_sources()
                    if hasattr(source, "sitemap_urls")
                    for entry in source.sitemap_urls()
                    if entry[0] not in channel_urls
                ],
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
        if isinstance(change, ChannelChange):
            return [self.sitemap()], []
        if isinstance(change, ArticleChange) and not self._sitemap_current(change):
            return [self.sitemap()], []
        return [], []

    def _sitemap_current(self, change: ArticleChange) -> bool:
        """Does the published sitemap list the article as it now is (its URL and date), or not
        list it at all when it is not published? Then the change leaves the sitemap alone."""
        try:
            text = target_path("sitemap.xml").read_text(encoding="utf-8")
        except FileNotFoundError:
            return False
        root = base_url()
        article = current_run().article(change.article_id)
        old = f"<loc>{root}/{change.old_path}</loc>" if change.old_path else ""
        if article is None or article.status != ArticleStatus.PUBLISHED:
            gone = [old] + ([f"<loc>{root}{article.url}</loc>"] if article else [])
            return not any(loc and loc in text for loc in gone)
        loc = f"<loc>{root}{article.url}</loc>"
        if f"<url>{loc}<lastmod>{sitemap_date(article.updated_at)}</lastmod></url>" not in text:
            return False
        return not old or old == loc


for _source in (HomeSource(), ChannelListSource(), ArticleSource(), SiteFilesSource()):
    register_page_source(_source)
