# ruff: noqa: F811 - the fixtures are imported from the portal and disclosure conftests
"""The cache of anonymous /search/ result pages (portal/services/search_cache.py): a page is
served again without a query, a publish (article or disclosure item, published or withdrawn)
makes it stale, a signed-in reader never gets it, and Redis down means rendering as before."""

import shutil

import pytest
from django.test import override_settings

from disclosure.services import items as item_services
from platform_core import cache as resilient_cache
from platform_core.context_processors import DISPLAY_COOKIE
from portal.models import SiteSettings
from portal.services import articles as article_services
from portal.services import search_cache
from tests.disclosure.conftest import (  # noqa: F401
    columns,
    gov_officer,
    head_a,
    leader_a,
    make_item,
    officer_a,
    publish,
    route,
    sysadmin,
)
from tests.portal.conftest import editor_a, make_published, publish_root, reviewer_a, site  # noqa: F401

pytestmark = pytest.mark.django_db

HEADER = "X-Search-Cache"


@pytest.fixture(autouse=True)
def _site_settings():
    """The settings row exists (the first page would create it, and saving it bumps the cache's
    generation, as an administrator's change of the footer does)."""
    SiteSettings.load()


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks, publish_root):
    """Run what the services queue after commit (the re-publishing; Celery is eager in tests)."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def test_normalise_gives_one_spelling():
    assert search_cache.normalise({"q": " \u3000防汛  工作 ", "page": "02", "utm": "x"}) == {
        "q": "防汛  工作", "channel": "", "start": "", "end": "", "page": "2",
    }  # fmt: skip
    for junk in ("", "0", "-1", "abc", "１"):
        assert search_cache.normalise({"q": "防汛", "page": junk})["page"] == "1"


def test_second_search_is_served_from_the_cache(
    client,
    site,
    editor_a,
    reviewer_a,
    django_assert_num_queries,
):
    make_published(site["bmdt"], editor_a, reviewer_a, title="县应急管理局部署防汛工作")
    first = client.get("/search/", {"q": "防汛"})
    assert first[HEADER] == "miss" and "共找到 1 条结果" in first.content.decode()
    with django_assert_num_queries(0):
        again = client.get("/search/", {"q": "防汛"})
    assert again[HEADER] == "hit"
    assert again.content == first.content
    # Another spelling of the same search is the same entry; the header's links carry the
    # request's own address, not the one that filled the cache.
    other = client.get("/search/?q=%20%E9%98%B2%E6%B1%9B%20&utm_source=wx")
    assert other[HEADER] == "hit"
    html = other.content.decode()
    assert "共找到 1 条结果" in html
    assert "next=/search/%3Fq%3D%2520%25E9%2598%25B2%25E6%25B1%259B%2520%26utm_source%3Dwx" in html
    assert "__egov_chrome_path__" not in html
    # A page number and a display mode are entries of their own.
    assert client.get("/search/", {"q": "防汛", "page": 2})[HEADER] == "miss"
    client.cookies[DISPLAY_COOKIE] = "large"
    large = client.get("/search/", {"q": "防汛"})
    assert large[HEADER] == "miss" and 'class="mode-large"' in large.content.decode()


def test_publishing_an_article_makes_the_cached_page_stale(
    client,
    site,
    editor_a,
    reviewer_a,
    after_commit,
):
    after_commit(make_published, site["bmdt"], editor_a, reviewer_a, title="城关镇防汛演练")
    assert "城关镇<mark>防汛</mark>演练" in client.get("/search/", {"q": "防汛"}).content.decode()
    assert client.get("/search/", {"q": "防汛"})[HEADER] == "hit"
    newer = after_commit(
        make_published, site["zwyw"], editor_a, reviewer_a, title="塔峰镇防汛物资储备检查"
    )
    response = client.get("/search/", {"q": "防汛"})
    assert response[HEADER] == "miss"
    html = response.content.decode()
    assert "塔峰镇<mark>防汛</mark>物资储备检查" in html and "共找到 2 条结果" in html
    # Withdrawn (撤稿): gone from the next page too.
    assert client.get("/search/", {"q": "防汛"})[HEADER] == "hit"
    after_commit(article_services.article_withdraw, article=newer, by=reviewer_a, reason="重复")
    response = client.get("/search/", {"q": "防汛"})
    assert response[HEADER] == "miss"
    assert "塔峰镇<mark>防汛</mark>物资储备检查" not in response.content.decode()


def test_publishing_a_disclosure_item_makes_the_cached_page_stale(
    client,
    after_commit,
    columns,
    officer_a,
    head_a,
    leader_a,
):
    empty = client.get("/search/", {"q": "民营经济"})
    assert empty[HEADER] == "miss" and "没有找到相关信息" in empty.content.decode()
    assert client.get("/search/", {"q": "民营经济"})[HEADER] == "hit"
    item = make_item(officer_a, columns["zcwj"], title="蓝山县促进民营经济发展若干措施")
    item = after_commit(publish, item, officer_a, head_a, leader_a)
    response = client.get("/search/", {"q": "民营经济"})
    assert response[HEADER] == "miss"
    assert item.index_number in response.content.decode()
    after_commit(item_services.item_withdraw, item=item, by=leader_a, reason="信息有误")
    response = client.get("/search/", {"q": "民营经济"})
    assert response[HEADER] == "miss"
    assert item.index_number not in response.content.decode()


def test_a_signed_in_reader_never_gets_the_cached_page(
    client,
    site,
    editor_a,
    reviewer_a,
):
    make_published(site["bmdt"], editor_a, reviewer_a, title="县应急管理局部署防汛工作")
    assert client.get("/search/", {"q": "防汛"})[HEADER] == "miss"
    assert client.get("/search/", {"q": "防汛"})[HEADER] == "hit"
    client.force_login(editor_a)
    for _ in range(2):
        response = client.get("/search/", {"q": "防汛"})
        assert response[HEADER] == "off"
        assert "进入工作台" in response.content.decode()  # the staff member's header
    client.logout()
    client.cookies.clear()
    anonymous = client.get("/search/", {"q": "防汛"})
    assert anonymous[HEADER] == "hit"
    html = anonymous.content.decode()
    assert "进入工作台" not in html and "工作人员入口" in html


def test_a_session_or_messages_cookie_is_not_served_from_the_cache(
    client,
    site,
    editor_a,
    reviewer_a,
):
    make_published(site["bmdt"], editor_a, reviewer_a, title="县应急管理局部署防汛工作")
    client.get("/search/", {"q": "防汛"})
    client.cookies["messages"] = "anything"
    assert client.get("/search/", {"q": "防汛"})[HEADER] == "off"
    del client.cookies["messages"]
    client.cookies["sessionid"] = "not-a-session"
    assert client.get("/search/", {"q": "防汛"})[HEADER] == "off"


@pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")
def test_redis_down_renders_every_search(client, site, editor_a, reviewer_a):
    from tests.faults.test_redis_unavailable import PrivateRedis

    make_published(site["bmdt"], editor_a, reviewer_a, title="县应急管理局部署防汛工作")
    server = PrivateRedis()
    server.start()
    try:
        with override_settings(CACHES=server.caches()):
            assert client.get("/search/", {"q": "防汛"})[HEADER] == "miss"
            assert client.get("/search/", {"q": "防汛"})[HEADER] == "hit"
            server.stop()
            for _ in range(3):
                response = client.get("/search/", {"q": "防汛"})
                assert response.status_code == 200 and response[HEADER] == "off"
                assert "县应急管理局部署<mark>防汛</mark>工作" in response.content.decode()
            search_cache.bump()  # a publish while Redis is down: no error either
    finally:
        server.stop()
        shutil.rmtree(server.dir, ignore_errors=True)
        resilient_cache._down_until.clear()


def test_a_settings_or_navigation_change_makes_cached_pages_stale():
    # The cached pages hold the header and footer: their change moves the generation on
    # (portal.context_processors.chrome_changed, connected in portal/apps.py).
    from portal.context_processors import navigation_invalidate, site_settings_invalidate

    before = search_cache.generation()
    site_settings_invalidate()
    after_settings = search_cache.generation()
    navigation_invalidate()
    assert before < after_settings < search_cache.generation()
