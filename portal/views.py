"""Public portal pages rendered on request (published pages are written by the publishing job).

The home page is rendered by the same function whether Django answers "/" or the publishing job
writes index.html, so the two are byte-identical.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from approval.selectors import published_items

from . import selectors
from .publishing import published_file


def _tab(code: str, title, more: str) -> dict:
    channel, items = selectors.home_items(code)
    return {
        "code": code,
        "title": title,
        "more": channel.url if channel else more,
        "items": items,
    }


def home_blocks() -> dict:
    """The home page's blocks, filled from the columns that feed them (Channel.home_block).

    A block whose column does not exist yet, or has nothing published, says so ("暂无信息"): the
    portal never shows made-up articles. The interaction tabs are filled by the interaction app
    once it publishes replies.
    """
    _channel, investment = selectors.home_items("investment")
    _channel, topics = selectors.home_items("topics")
    return {
        "picture_news": selectors.picture_news(),
        "news_tabs": [
            _tab("zwyw", _("政府要闻"), "/zwdt/zwyw/"),
            _tab("bmdt", _("部门动态"), "/zwdt/bmdt/"),
            _tab("xzdt", _("乡镇动态"), "/zwdt/xzdt/"),
            _tab("tzgg", _("通知公告"), "/zwdt/tzgg/"),
        ],
        "disclosure_tabs": [
            _tab("zxgk", _("最新公开"), "/xxgk/"),
            _tab("zcwj", _("政策文件"), "/xxgk/zcwj/"),
            _tab("zcjd", _("政策解读"), "/xxgk/zcjd/"),
        ],
        "interaction_tabs": [
            {"code": "hfxx", "title": _("最新回复"), "more": "/zmhd/hfxx/", "items": []},
            {"code": "yjzj", "title": _("意见征集"), "more": "/zmhd/yjzj/", "items": []},
        ],
        "hot_services": _hot_services(),
        "investment": investment,
        "topics": topics,
    }


def _hot_services(limit: int = 6) -> list[dict]:
    """Licensing items for the home page's 热门事项 (the service hall's own selector)."""
    return [
        {"title": item.name, "url": reverse("approval:guide", args=[item.code])}
        for item in published_items()[:limit]
    ]


def home(request):
    return render(request, "portal/home.html", home_blocks())


CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
}


def published(request, subpath: str = ""):
    """Demo and development: serve a page written by the publishing job (nginx does it in
    production). Only files inside PUBLISH_ROOT are served; anything else is the site's 404."""
    path = published_file("/" + subpath)
    if path is None:
        raise Http404
    response = HttpResponse(path.read_bytes(), content_type=CONTENT_TYPES[path.suffix])
    return response


def search(request):
    """站内搜索 (dynamic): jieba words, AND-matched, highlighted; filter by channel and date."""
    from django.core.paginator import Paginator

    from . import search as search_module
    from .forms import SearchForm
    from .sanitize import html_to_text

    form = SearchForm(request.GET or None)
    page = None
    terms: list[str] = []
    results = []
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        terms = search_module.query_terms(data["q"])
        qs = selectors.published_articles()
        if data["channel"]:
            qs = qs.filter(channel__path__startswith=data["channel"].path)
        if data["start"]:
            qs = qs.filter(publish_date__date__gte=data["start"])
        if data["end"]:
            qs = qs.filter(publish_date__date__lte=data["end"])
        qs = search_module.search_filter(qs, data["q"])
        page = Paginator(qs, 10).get_page(request.GET.get("page"))
        for article in page.object_list:
            text = html_to_text(article.body)
            results.append(
                {
                    "article": article,
                    "title": search_module.highlight(article.title, terms),
                    "snippet": search_module.highlight(search_module.snippet(text, terms), terms),
                }
            )
    return render(
        request,
        "portal/search.html",
        {"form": form, "page": page, "results": results, "searched": page is not None},
    )
