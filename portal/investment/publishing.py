"""Published pages of the investment-promotion channel (招商引资), a page source of `publishing.py`.

- zsyz/index.html: the channel's landing page (projects, sub-columns' latest articles, trade
  warnings, the consultation form's link) instead of a plain list page: the source claims the
  column (`claims_channels`), so the list source leaves its index to us; zsyz/rss.xml stays.
- zsyz/zsxm/index.html, index_2.html, ...: public projects; zsyz/zsxm/<pk>.html: one project.
- zsyz/wmyj/index.html, ...: foreign-trade warnings; zsyz/wmyj/<pk>.html: one warning.

A project or warning change is an `InvestmentChange`; the services call `publish_change` for it
after commit through the Celery task below. An article change in the channel's sub-columns
touches the landing page (it lists their latest articles).
"""

from __future__ import annotations

from dataclasses import dataclass

from celery import shared_task
from django.core.paginator import Paginator

from portal.constants import LIST_PAGE_SIZE
from portal.investment.models import (
    INVESTMENT_CHANNEL_PATH,
    PROJECTS_DIR,
    WARNINGS_DIR,
    InvestmentProject,
    ProjectStatus,
    TradeWarning,
)
from portal.models import Article, Channel
from portal.publishing.engine import (
    ArticleChange,
    Page,
    publish_change,
    publish_root,
    register_page_source,
    render_bytes,
)
from portal.publishing.sources import LIST_PAGE_RE, SiteFilesSource, _rss

LANDING_PROJECTS = 6
LANDING_ARTICLES = 5
LANDING_WARNINGS = 5
PROJECTS_TITLE = "招商项目"
WARNINGS_TITLE = "外贸预警"
CONSULT_URL = "/invest/consult/"


@dataclass(frozen=True)
class InvestmentChange:
    """A project or trade warning was created or changed. `kind`: the model's class name."""

    kind: str
    pk: int


def public_projects():
    return InvestmentProject.objects.filter(is_public=True).order_by("-created_at", "-pk")


def public_warnings():
    return TradeWarning.objects.filter(is_public=True).order_by("-issued_on", "-pk")


def _channel() -> Channel | None:
    return Channel.objects.filter(url_path=INVESTMENT_CHANNEL_PATH).first()


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs below 首页: the channel, then (label, url) pairs; the last is the page itself."""
    channel = _channel()
    head = [(channel.name, channel.url)] if channel else []
    return [*head, *extra]


def _side_links() -> list[tuple[str, str]]:
    """The landing page's and the lists' side navigation: sub-columns, then the structured lists."""
    channel = _channel()
    links = []
    if channel is not None:
        links = [(c.name, c.url) for c in Channel.objects.get_children(channel)]
    return [
        *links,
        (PROJECTS_TITLE, f"/{PROJECTS_DIR}"),
        (WARNINGS_TITLE, f"/{WARNINGS_DIR}"),
        ("在线咨询", CONSULT_URL),
    ]


def _stale(directory: str, num_pages: int) -> list[str]:
    path = publish_root() / directory
    stale = []
    if path.is_dir():
        for entry in path.iterdir():
            match = LIST_PAGE_RE.match(entry.name)
            if match and match[1] and int(match[1]) > max(num_pages, 1):
                stale.append(f"{directory}{entry.name}")
    return stale


def landing_context(channel: Channel) -> dict:
    from portal.selectors.articles import channel_articles

    projects = public_projects()
    columns = [
        {"channel": c, "items": list(channel_articles(c)[:LANDING_ARTICLES])}
        for c in Channel.objects.get_children(channel)
        if not c.link_url
    ]
    return {
        "channel": channel,
        "crumbs": [(channel.name, "")],
        "side_links": _side_links(),
        "current_url": channel.url,
        "projects": list(projects[:LANDING_PROJECTS]),
        "project_count": projects.count(),
        "status_counts": [
            (label, projects.filter(status=value).count()) for value, label in ProjectStatus.choices
        ],
        "columns": columns,
        "warnings": list(public_warnings()[:LANDING_WARNINGS]),
        "projects_url": f"/{PROJECTS_DIR}",
        "warnings_url": f"/{WARNINGS_DIR}",
        "consult_url": CONSULT_URL,
    }


class InvestmentSource:
    name = "portal.investment"

    def claims_channels(self) -> tuple[str, ...]:
        return (INVESTMENT_CHANNEL_PATH,)

    # --- pages -----------------------------------------------------------------------------

    def landing(self) -> list[Page]:
        channel = _channel()
        if channel is None:
            return []
        rel = f"{channel.url_path}index.html"
        return [
            Page(
                rel,
                lambda: render_bytes(
                    "portal/investment/landing.html", landing_context(channel), rel
                ),
            ),
            Page(f"{channel.url_path}rss.xml", lambda: _rss(channel)),
        ]

    def _lists(self, qs, directory: str, title: str, template: str) -> tuple[list[Page], list[str]]:
        paginator = Paginator(qs, LIST_PAGE_SIZE)
        pages = []
        for number in paginator.page_range:
            rel = f"{directory}{'index.html' if number == 1 else f'index_{number}.html'}"

            def render(number=number, rel=rel):
                page = paginator.page(number)

                def url(n: int) -> str:
                    return f"/{directory}" if n == 1 else f"/{directory}index_{n}.html"

                context = {
                    "title": title,
                    "crumbs": _crumbs((title, "")),
                    "side_links": _side_links(),
                    "current_url": f"/{directory}",
                    "page": page,
                    "page_urls": {
                        "previous": url(page.previous_page_number()) if page.has_previous() else "",
                        "next": url(page.next_page_number()) if page.has_next() else "",
                    },
                }
                return render_bytes(template, context, rel)

            pages.append(Page(rel, render))
        return pages, _stale(directory, paginator.num_pages)

    def project_lists(self):
        return self._lists(
            public_projects(), PROJECTS_DIR, PROJECTS_TITLE, "portal/investment/project_list.html"
        )

    def warning_lists(self):
        return self._lists(
            public_warnings(), WARNINGS_DIR, WARNINGS_TITLE, "portal/investment/warning_list.html"
        )

    def project_page(self, project: InvestmentProject) -> Page:
        rel = project.url.lstrip("/")
        context = {
            "project": project,
            "crumbs": _crumbs((PROJECTS_TITLE, f"/{PROJECTS_DIR}"), (project.name, "")),
            "consult_url": CONSULT_URL,
        }
        return Page(rel, lambda: render_bytes("portal/investment/project_page.html", context, rel))

    def warning_page(self, warning: TradeWarning) -> Page:
        rel = warning.url.lstrip("/")
        context = {
            "warning": warning,
            "crumbs": _crumbs((WARNINGS_TITLE, f"/{WARNINGS_DIR}"), (warning.title, "")),
        }
        return Page(rel, lambda: render_bytes("portal/investment/warning_page.html", context, rel))

    # --- the source protocol --------------------------------------------------------------------

    def sitemap_urls(self):
        """The public projects' and warnings' pages, for sitemap.xml."""
        for obj in [*public_projects().only("pk", "updated_at"),
                    *public_warnings().only("pk", "updated_at")]:  # fmt: skip
            yield obj.url, obj.updated_at

    def all_pages(self):
        yield from self.landing()
        yield from self.project_lists()[0]
        yield from self.warning_lists()[0]
        for project in public_projects():
            yield self.project_page(project)
        for warning in public_warnings():
            yield self.warning_page(warning)

    def touched_by(self, change):
        if isinstance(change, ArticleChange):
            return (self.landing() if _article_in_channel(change) else []), []
        if not isinstance(change, InvestmentChange):
            return [], []
        pages, removed = list(self.landing()), []
        if change.kind == InvestmentProject.__name__:
            obj = InvestmentProject.objects.filter(pk=change.pk).first()
            lists, stale = self.project_lists()
            page = self.project_page
            path = f"{PROJECTS_DIR}{change.pk}.html"
        elif change.kind == TradeWarning.__name__:
            obj = TradeWarning.objects.filter(pk=change.pk).first()
            lists, stale = self.warning_lists()
            page = self.warning_page
            path = f"{WARNINGS_DIR}{change.pk}.html"
        else:
            return [], []
        pages += lists
        pages.append(SiteFilesSource().sitemap())  # the sitemap lists every public page
        removed += stale
        if obj is not None and obj.is_public:
            pages.append(page(obj))
        else:
            removed.append(path)
        return pages, removed


def _article_in_channel(change: ArticleChange) -> bool:
    paths = []
    article = Article.objects.filter(pk=change.article_id).select_related("channel").first()
    if article is not None:
        paths.append(article.channel.url_path)
    if change.old_path:
        paths.append(change.old_path)
    return any(p.startswith(INVESTMENT_CHANNEL_PATH) for p in paths)


# Named after its old module: tasks already queued keep working.
@shared_task(
    name="portal.publishing_investment.publish_investment_pages", acks_late=True, ignore_result=True
)
def publish_investment_pages(kind: str, pk: int):
    """Re-publish the pages a project or warning change touches (safe to run twice)."""
    report = publish_change(InvestmentChange(kind=kind, pk=pk))
    return {"written": report.written, "removed": report.removed}


# Imported by PortalConfig.ready(): the channel's pages join the published site.
register_page_source(InvestmentSource())
