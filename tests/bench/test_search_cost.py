"""What makes /search/ cheap enough (bench/dynamic.py): a capped count and ranking, the form
written out from a cached column list, and an anonymous reader's header and footer from the
per-process chrome cache. Each must give the page a reader would get without them."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory

from portal.context_processors import site_settings_invalidate
from portal.models import SiteSettings
from portal.services import search, search_cache
from tests.portal.conftest import editor_a, make_published, reviewer_a, site  # noqa: F401

RESULT = "<li><h2><a href="

pytestmark = pytest.mark.django_db


def _between(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start)) + len(end)]


def test_capped_count_and_ranking(client, site, editor_a, reviewer_a, monkeypatch):  # noqa: F811
    for n in range(3):
        make_published(site["bmdt"], editor_a, reviewer_a, title=f"防汛工作第{n}次会议")
    make_published(site["zwyw"], editor_a, reviewer_a, title="招商引资推介会", body="<p>推介</p>")
    html = client.get("/search/", {"q": "防汛"}).content.decode()
    assert "共找到 3 条结果" in html and html.count(RESULT) == 3
    monkeypatch.setattr(search, "SEARCH_CAP", 2)
    search_cache.bump()  # the cached result page was counted with the old cap
    html = client.get("/search/", {"q": "防汛"}).content.decode()
    assert "共找到 2+ 条结果" in html
    assert html.count(RESULT) == 2
    assert "第2次会议" in html and "第1次会议" in html  # the newest two of the three
    # The channel filter and its options still work from the cached column list.
    html = client.get("/search/", {"q": "防汛", "channel": site["zwdt"].pk}).content.decode()
    assert f'<option value="{site["zwdt"].pk}" selected>政务动态</option>' in html


def test_anonymous_search_page_has_the_templates_own_header_and_footer(client, site):  # noqa: F811
    path = "/search/?q=%E9%98%B2%E6%B1%9B&page=2"
    html = client.get(path).content.decode()
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    header = render_to_string("includes/portal_header.html", request=request)
    footer = render_to_string("includes/portal_footer.html", request=request)
    assert _between(html, '<div class="topbar">', "</nav>") == _between(
        header, '<div class="topbar">', "</nav>"
    )
    assert "next=/search/%3Fq%3D%25E9%2598%25B2%25E6%25B1%259B%26page%3D2" in html
    assert _between(html, "<footer", "</footer>") == _between(footer, "<footer", "</footer>")
    # A changed setting shows at once (the cache key holds the settings' values).
    SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(site_code="4311270001")
    site_settings_invalidate()
    assert "4311270001" in client.get(path).content.decode()
