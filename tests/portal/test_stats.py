"""Access and search statistics: the beacon counts in Redis, the flush adds every hit to the
database exactly once, and the back-office page shows the numbers with a fixed query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from platform_core.constants import RoleCode
from portal.models import PageView, SearchTerm, StatsFlush
from portal.publishing import engine as publishing
from portal.services import stats
from tests.factories import CitizenFactory, StaffFactory, staff_with_role
from tests.portal.conftest import make_published

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Safari"


@pytest.fixture
def published(site, editor_a, reviewer_a, publish_root):
    first = make_published(site["zwyw"], editor_a, reviewer_a, title="县政府召开防汛工作会议")
    second = make_published(site["bmdt"], editor_a, reviewer_a, title="市场监管局开展抽查")
    publishing.publish_all()
    return first, second


def hit(client, path, ua=BROWSER, method="get"):
    return getattr(client, method)(f"/stats/hit?p={path}", HTTP_USER_AGENT=ua)


def test_beacon_counts_real_pages_and_ignores_bots_and_unknown_paths(client, published):
    first, _second = published
    response = hit(client, first.url)
    assert response.status_code == 204 and response.content == b""
    assert response["Cache-Control"].startswith("max-age=0")
    # GET only: a POST would need a CSRF token (or an exemption); it counts nothing.
    assert hit(client, first.url, method="post").status_code == 405
    hit(client, first.url)
    hit(client, "/")
    # Not counted: crawlers, no User-Agent, pages that do not exist, long or odd paths.
    hit(client, first.url, ua="Mozilla/5.0 (compatible; Baiduspider/2.0)")
    hit(client, first.url, ua="")
    hit(client, "/zwdt/zwyw/999999.html")
    hit(client, "/" + "a/" * 200)
    hit(client, "/../../etc/passwd")
    hit(client, "/office/portal/")
    client_redis = stats._redis()
    live = client_redis.hgetall(stats.hits_key(stats._day()))
    assert {k.decode(): int(v) for k, v in live.items()} == {first.url: 2, "/": 1}
    assert not PageView.objects.exists()  # nothing in the database until the flush


def test_flush_adds_each_hit_exactly_once(client, published):
    first, second = published
    for _ in range(3):
        hit(client, first.url)
    hit(client, second.url)
    hit(client, "/zwdt/zwyw/")
    assert stats.flush() == 1
    assert stats.flush() == 0  # a second run finds nothing new
    today = timezone.localdate()
    rows = {v.path: v for v in PageView.objects.all()}
    assert rows[first.url].count == 3 and rows[first.url].day == today
    assert (rows[first.url].article_id, rows[first.url].channel_id) == (first.pk, first.channel_id)
    assert rows[second.url].count == 1 and rows[second.url].channel_id == second.channel_id
    assert rows["/zwdt/zwyw/"].article_id is None
    assert rows["/zwdt/zwyw/"].channel_id == first.channel_id
    # Hits after the flush go into a new live hash and are added on top.
    hit(client, first.url)
    stats.flush_stats.delay()  # the beat task (eager in tests)
    assert PageView.objects.get(path=first.url).count == 4
    assert StatsFlush.objects.count() == 2


class DiesBeforeDelete:
    """A Redis client whose DEL fails once: a flush that dies after its database commit."""

    def __init__(self, client):
        self.client = client

    def __getattr__(self, name):
        return getattr(self.client, name)

    def delete(self, *keys):
        raise ConnectionError("worker killed")


def test_flush_that_died_after_commit_is_not_counted_twice(client, published):
    first, _second = published
    hit(client, first.url)
    hit(client, first.url)
    redis = stats._redis()
    with pytest.raises(ConnectionError):
        stats.flush(DiesBeforeDelete(redis))
    assert PageView.objects.get(path=first.url).count == 2
    leftover = list(redis.scan_iter(match=f"{stats._prefix()}:flush:hits:*"))
    assert len(leftover) == 1  # the batch key is still there
    hit(client, first.url)  # a new hit meanwhile
    assert stats.flush() == 1  # only the new batch is applied; the old key is dropped
    assert PageView.objects.get(path=first.url).count == 3
    assert not list(redis.scan_iter(match=f"{stats._prefix()}:flush:*"))


def test_searches_recorded_with_result_counts(client, published):
    client.get("/search/", {"q": "防汛"}, HTTP_USER_AGENT=BROWSER)
    client.get("/search/", {"q": " 防汛 "}, HTTP_USER_AGENT=BROWSER)
    client.get("/search/", {"q": "防汛", "page": "2"}, HTTP_USER_AGENT=BROWSER)  # same search
    client.get("/search/", {"q": "火星移民"}, HTTP_USER_AGENT=BROWSER)
    client.get("/search/", {"q": "火星移民"}, HTTP_USER_AGENT="Googlebot/2.1")
    client.get("/search/", {"q": ""}, HTTP_USER_AGENT=BROWSER)  # invalid: not recorded
    stats.flush()
    stats.flush()
    rows = {t.term: t for t in SearchTerm.objects.all()}
    assert set(rows) == {"防汛", "火星移民"}
    assert (rows["防汛"].count, rows["防汛"].zero_count, rows["防汛"].last_results) == (2, 0, 2)
    assert (rows["火星移民"].count, rows["火星移民"].zero_count) == (1, 1)


def _seed(site, articles, days=3):
    today = timezone.localdate()
    for i in range(days):
        day = today - datetime.timedelta(days=i)
        counts = {a.url: 10 * (n + 1) + i for n, a in enumerate(articles)}
        counts["/zwdt/zwyw/"] = 5
        stats._add_hits(day, counts)
        stats._add_searches(day, {"防汛": [3, 0, 2], "火星移民": [2, 2, 0]})


def test_stats_page_numbers_and_constant_queries(client, site, editor_a, reviewer_a):
    first = make_published(site["zwyw"], editor_a, reviewer_a, title="县政府召开防汛工作会议")
    _seed(site, [first])
    client.force_login(editor_a)
    response = client.get("/office/portal/stats/", {"days": 7})
    html = response.content.decode()
    assert response.status_code == 200
    # 3 days: article 10+11+12, list page 5 a day.
    assert 'data-field="total">48<' in html
    assert "县政府召开防汛工作会议</a></td><td>33<" in html
    assert "<td>政府要闻</td><td>48</td><td>33</td>" in html
    assert "<td>防汛</td><td>9</td><td>0</td>" in html
    assert "<td>火星移民</td><td>6</td>" in html
    # The daily numbers as a table that static/office/js/charts.js draws with ECharts.
    assert 'data-chart="line" data-table="daily"' in html and "每日访问量" in html
    assert "vendor/echarts/echarts.min.js" in html
    with CaptureQueriesContext(connection) as small:
        client.get("/office/portal/stats/", {"days": 30})
    more = [
        make_published(site["bmdt"], editor_a, reviewer_a, title=f"部门动态{n}") for n in range(4)
    ]
    _seed(site, more, days=20)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/office/portal/stats/", {"days": 30})
    assert response.status_code == 200 and "部门动态3" in response.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
    report_queries = [q["sql"] for q in large.captured_queries if "portal_" in q["sql"]]
    assert len(report_queries) <= 7, report_queries  # one aggregate per table and list
    assert "请选择有效的统计范围" in client.get("/office/portal/stats/?days=5").content.decode()


def test_stats_page_permissions(client, site, dept_a, reviewer_a):
    url = "/office/portal/stats/"
    assert client.get(url).status_code == 302  # to the staff login
    client.force_login(CitizenFactory())
    assert client.get(url).status_code == 403
    client.force_login(StaffFactory())  # staff without a portal role
    assert client.get(url).status_code == 403
    client.force_login(staff_with_role(RoleCode.REVIEW_CLERK, dept_a))
    assert client.get(url).status_code == 403
    client.force_login(reviewer_a)  # a leader of a unit: may read the statistics
    assert client.get(url).status_code == 200


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_beacon_from_a_real_page_and_stats_page_on_a_phone(
    browser, live_server, client, site, editor_a, reviewer_a, publish_root
):
    """beacon.js runs under the strict CSP, the view is counted once, flushed, and shown."""
    from tests.browser import PHONE, _context, assert_no_horizontal_scroll, shot

    article = make_published(site["zwyw"], editor_a, reviewer_a, title="县政府召开防汛工作会议")
    publishing.publish_all()
    context = _context(browser, PHONE, is_mobile=True, has_touch=True, user_agent=BROWSER)
    try:
        page = context.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        with page.expect_response(lambda r: "/stats/hit" in r.url) as beacon:
            page.goto(live_server.url + article.url)
        assert beacon.value.status == 204
        assert not [e for e in errors if "Content Security Policy" in e]
        assert stats.flush() == 1
        assert PageView.objects.get(path=article.url).count == 1

        client.force_login(editor_a)
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value,
              "url": live_server.url}]
        )  # fmt: skip
        page.goto(live_server.url + "/office/portal/stats/")
        assert page.locator("[data-table=articles]").get_by_text(article.title).is_visible()
        assert_no_horizontal_scroll(page)
        shot(page, "portal-stats-phone")
        page.goto(live_server.url + f"/office/portal/articles/{article.pk}/attachments/")
        assert page.get_by_role("heading", name="附件和图片").is_visible()
        shot(page, "portal-attachments-phone")
    finally:
        context.close()
