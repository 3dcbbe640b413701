"""Public portal pages rendered on request (published pages are written by the publishing job).

The home page is rendered by the same function whether Django answers "/" or the publishing job
writes index.html, so the two are byte-identical.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from platform_core.replica import replica_reads
from portal.publishing.engine import CHROME_PATH_MARKER, published_file
from portal.selectors import articles as selectors
from portal.selectors.home import home_blocks


def home(request):
    return render(request, "portal/home.html", home_blocks())


CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".pdf": "application/pdf",
}


PUBLISHED_HTML_TAG = b'<html lang="zh-CN" class="">'


def _with_display_mode(request, path) -> bytes:
    """The published file, with the visitor's display mode (适老化 cookie) on <html>, so the
    mode links work here without JavaScript too (static/portal/js/display.js does it in the
    browser wherever the file is served from)."""
    from platform_core.context_processors import display_preferences

    content = path.read_bytes()
    css = display_preferences(request)["display_class"]
    if css and path.suffix == ".html":
        content = content.replace(
            PUBLISHED_HTML_TAG, b'<html lang="zh-CN" class="%s">' % css.encode(), 1
        )
    return content


def published(request, subpath: str = ""):
    """Demo and development: serve a page written by the publishing job (nginx does it in
    production). Only files inside PUBLISH_ROOT are served; anything else is the site's 404."""
    path = published_file("/" + subpath)
    if path is None:
        raise Http404
    response = HttpResponse(
        _with_display_mode(request, path), content_type=CONTENT_TYPES[path.suffix]
    )
    return response


# What the search page's 办事指南 block shows of a guide (templates/portal/search.html).
GUIDE_FIELDS = ("code", "name", "promised_days", "department", "department__name")


def _search_page_url(params: dict[str, str], number: int) -> str:
    from urllib.parse import urlencode

    query = {name: value for name, value in params.items() if value and name != "page"}
    return "?" + urlencode({**query, "page": str(number)})


@replica_reads  # a streaming replica may answer (platform_core/replica.py)
def search(request):
    """站内搜索 (dynamic): jieba words, AND-matched, highlighted; filter by channel and date.

    Cheap enough to be a dynamic page under load: an anonymous reader's results page comes from
    the cache while nothing was published since it was rendered (`services.search_cache`,
    header `X-Search-Cache`); otherwise matches are counted and ranked with a cap
    (`search.capped_search`), the form is rendered from a cached column list, and the header
    and footer come from `publishing.cached_chrome` (rendered once per process and settings, as
    the publishing job does), with the context processors run once.
    """
    from django.utils.cache import patch_vary_headers
    from django.utils.translation import get_language

    from platform_core.context_processors import display_preferences
    from portal.services import search_cache
    from portal.services.stats import record_search

    params = search_cache.normalise(request.GET)
    key = None
    if params["q"] and search_cache.anonymous(request):
        display = display_preferences(request)["display_class"]
        key = search_cache.page_key(params, display, get_language())
        cached = search_cache.get(key) if key else None
        if cached is not None:
            if cached.count is not None:
                record_search(request, params["q"], cached.count)
            return _search_served(request, cached.html, "hit")
    context, count = _search_context(request, params)
    if count is not None:
        record_search(request, params["q"], count)  # 检索统计 (services/stats.py)
    if request.user.is_authenticated:  # their name and a logout form in the header
        response = render(request, "portal/search.html", context)
        response[search_cache.HEADER] = "off"
        return response
    html = _render_anonymous(request, context, keep_marker=key is not None)
    if key is None or CHROME_PATH_MARKER not in html:
        response = HttpResponse(html)
        response[search_cache.HEADER] = "off"
        patch_vary_headers(response, ["Cookie"])
        return response
    response = _search_served(request, html, "miss")
    if search_cache.storable(request, response):
        search_cache.store(key, html, count)
    else:
        response[search_cache.HEADER] = "off"
    return response


def _search_served(request, html: str, how: str) -> HttpResponse:
    """A results page rendered with CHROME_PATH_MARKER, with the request's address put in."""
    from django.template.defaultfilters import urlencode
    from django.utils.cache import patch_vary_headers

    from portal.services import search_cache

    response = HttpResponse(html.replace(CHROME_PATH_MARKER, urlencode(request.get_full_path())))
    response[search_cache.HEADER] = how
    patch_vary_headers(response, ["Cookie"])  # the display mode and the sign-in are cookies
    return response


def _render_anonymous(request, context: dict, *, keep_marker: bool) -> str:
    from django.template.loader import get_template

    from portal.context_processors import processors_with_chrome

    path = CHROME_PATH_MARKER if keep_marker else None
    processors = processors_with_chrome(request, path)
    return get_template("portal/search.html").render({**processors, **context, "request": request})


def _search_context(request, params: dict[str, str]) -> tuple[dict, int | None]:
    """The results page's template context and its number of matches (None: no search)."""
    from django.core.paginator import Paginator

    from platform_core.richtext.sanitize import html_to_text
    from portal.forms.articles import SearchForm
    from portal.services import search as search_module

    fields = {name: value for name, value in params.items() if name != "page"}
    form = SearchForm(fields if request.GET else None)
    page = None
    count = None
    terms: list[str] = []
    results = []
    disclosure_results = []
    guide_results = []
    interaction_results = []
    more = False
    pager = {}
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
        matches = search_module.capped_search(qs, data["q"], terms)
        page = Paginator(matches, 10).get_page(params["page"])
        more = matches.more
        count = page.paginator.count
        for article in page.object_list:
            text = html_to_text(article.body)
            results.append(
                {
                    "article": article,
                    "title": search_module.highlight(article.title, terms),
                    "snippet": search_module.highlight(search_module.snippet(text, terms), terms),
                }
            )
        if page.number == 1 and not data["channel"]:
            # 政府信息公开: the disclosure catalogue's items, above the articles.
            from disclosure.selectors.public import search_items

            items = search_items(data["q"])
            if data["start"]:
                items = items.filter(published_at__date__gte=data["start"])
            if data["end"]:
                items = items.filter(published_at__date__lte=data["end"])
            disclosure_results = list(items[:10])
            # 办事指南 and 政民互动: the service hall's items (name, conditions, keywords,
            # materials, synonyms) and the public replies, one query each.
            from approval.selectors.applications import item_search
            from interaction.selectors.public import search_public_cases

            # Only what the block shows: not the guides' long texts (conditions, legal basis).
            guides = item_search(q=data["q"]).only(*GUIDE_FIELDS)
            guide_results = list(guides[:10])
            interaction_results = search_public_cases(data["q"], limit=10)
        if page.has_previous():
            pager["previous"] = _search_page_url(params, page.previous_page_number())
        if page.has_next():
            pager["next"] = _search_page_url(params, page.next_page_number())
    context = {
        "form": form,
        "values": {name: params[name] for name in ("q", "channel", "start", "end")},
        "channel_choices": search_module.channel_choices(),
        "page": page,
        "pager": pager,
        "more": more,
        "results": results,
        "disclosure_results": disclosure_results,
        "guide_results": guide_results,
        "interaction_results": interaction_results,
        "searched": page is not None,
    }
    return context, count
