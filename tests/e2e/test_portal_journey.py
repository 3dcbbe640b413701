"""Issue 7 in a real browser: an editor drafts and submits an article, the unit's reviewer finds
it in the unified inbox (待办) and approves it, the page appears on the published site and its
channel list; the editor withdraws it and it is gone from both.

The site structure and the people are created in Python; everything else is clicking and typing,
each person in their own browser context. The published pages are fetched through the server's
own serving of PUBLISH_ROOT (the catch-all that serves the files in demo and test mode), so what
is checked is the file the publishing path wrote.
"""

import re
import time

import pytest

from platform_core.constants import RoleCode
from platform_core.models import TaskInfo
from portal.constants import ArticleStatus, HomeBlock
from portal.models import Article
from portal.services import articles as services
from portal.services.search import segment
from tests.browser import DESKTOP, PHONE, _context, assert_no_horizontal_scroll, shot
from tests.factories import staff_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "县政府召开2026年防汛抗旱工作会议"
BODY = (
    "<p>3月5日，县政府召开防汛抗旱工作会议，部署今年汛期各项工作。</p>"
    "<h2>会议要求</h2><ul><li>压实防汛责任</li><li>排查<strong>山洪地质灾害</strong>隐患</li></ul>"
    '<p onclick="alert(1)">值班电话：<a href="tel:0746-2212345">0746-2212345</a></p>'
)


@pytest.fixture
def people(gov, dept_a, settings, tmp_path):
    settings.PUBLISH_ROOT = tmp_path / "site"
    # A running server has loaded jieba's dictionary long before (several seconds, once per
    # process); do it here so the journey measures the publishing path, not that start-up.
    segment("预热分词词典")
    channel = services.channel_create(name="政务动态", slug="zwdt", editor_units=[gov])
    services.channel_create(
        name="政府要闻",
        slug="zwyw",
        parent=channel,
        home_block=HomeBlock.ZWYW,
        editor_units=[dept_a],
    )
    editor = staff_with_role(RoleCode.WEB_EDITOR, dept_a, name="孙悦", username="sunyue")
    reviewer = staff_with_role(RoleCode.LEADER, dept_a, name="潘志强", username="panzhiqiang")
    return editor, reviewer


@pytest.fixture
def login(staff_login):
    return staff_login


def _message(page) -> str:
    return page.locator(".messages").inner_text()


def _both_sizes(page, url: str, name: str, browser) -> None:
    """Screenshot `url` on the desktop page and on a 375-px phone with the same cookies."""
    shot(page, f"{name}-desktop")
    phone = _context(browser, PHONE, is_mobile=True, has_touch=True)
    try:
        phone.add_cookies(page.context.cookies())
        mobile = phone.new_page()
        mobile.goto(url)
        assert_no_horizontal_scroll(mobile)
        shot(mobile, f"{name}-phone")
    finally:
        phone.close()


def test_editor_to_published_site_and_back(browser, live_server, login, people):
    url = live_server.url
    editor_user, reviewer_user = people

    # 1. The editor drafts an article with rich text and sends it for review.
    editor = login("sunyue")
    editor.goto(url + "/office/portal/articles/new/")
    editor.locator("#id_channel").select_option(label="政府要闻")
    editor.locator("#id_title").fill(TITLE)
    editor.locator("#id_summary").fill("部署今年汛期防汛抗旱工作。")
    # The rich-text editor stands in front of the body's textarea (tests/e2e/test_richtext_editor.py
    # types into it); here the HTML is given to the editor as a paste would give it.
    editor.wait_for_function("() => document.querySelector('#id_body')?.richtextEditor")
    editor.evaluate("html => document.querySelector('#id_body').richtextEditor.setHtml(html)", BODY)
    editor.locator("#id_source").fill("县应急管理局")
    _both_sizes(editor, url + "/office/portal/articles/new/", "portal-editor-form", browser)
    editor.get_by_role("button", name="保存草稿").click()
    assert "稿件已保存为草稿" in _message(editor)
    article = Article.objects.get(title=TITLE)
    assert "onclick" not in article.body and "<strong>山洪地质灾害</strong>" in article.body
    editor.get_by_role("button", name="送审").click()
    assert "已送审" in _message(editor)
    assert "待审核" in editor.locator(".facts").inner_text()

    # 2. The unit's reviewer finds it in the unified inbox (待办) and approves it.
    reviewer = login("panzhiqiang")
    reviewer.goto(url + "/office/inbox/")
    row = reviewer.locator("li.inbox-row", has_text=TITLE)
    assert row.count() == 1 and "门户网站" in row.inner_text() and "单位审核" in row.inner_text()
    shot(reviewer, "portal-reviewer-inbox-desktop")
    reviewer.goto(url + "/office/portal/review/")
    reviewer.get_by_role("link", name=TITLE).click()
    detail_url = reviewer.url
    assert "提交审核结果" in reviewer.locator("main").inner_text()
    _both_sizes(reviewer, detail_url, "portal-review-page", browser)
    reviewer.locator("#id_decision").select_option("approve")
    reviewer.locator("#id_comment").fill("同意发布。")
    started = time.monotonic()
    reviewer.get_by_role("button", name="提交审核结果").click()
    assert "审核通过，稿件已发布" in _message(reviewer)
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert not TaskInfo.objects.filter(process=article.review_process, is_open=True).exists()
    reviewer.goto(url + "/office/inbox/")
    assert reviewer.locator("li.inbox-row", has_text=TITLE).count() == 0

    # 3. Within seconds the page is on the published site and in its channel list.
    site = _context(browser, DESKTOP)
    try:
        visitor = site.new_page()
        response = visitor.goto(url + article.url)
        assert response.status == 200
        assert time.monotonic() - started < 10, "approval to published page took too long"
        assert visitor.locator("h1").first.inner_text().strip() == TITLE
        assert "山洪地质灾害" in visitor.locator("main").inner_text()
        assert (site_root(article) / article.published_path).exists()
        _both_sizes(visitor, url + article.url, "portal-published-article", browser)
        # 适老化 on the static page: the choice sticks from page to page.
        visitor.locator(".display-switch").get_by_role("link", name="大字模式").click()
        visitor.wait_for_load_state()
        assert "mode-large" in (visitor.locator("html").get_attribute("class") or "")
        assert visitor.evaluate("() => localStorage.getItem('egov_display')") == "large"
        # Without the server's cookie (as under nginx, which serves the file as written), the
        # static script alone keeps the mode.
        site.clear_cookies()
        visitor.goto(url + "/zwdt/zwyw/")
        assert "mode-large" in (visitor.locator("html").get_attribute("class") or "")
        assert visitor.locator(".display-switch a[aria-current='true']").inner_text() == "大字模式"
        visitor.get_by_role("link", name=TITLE).first.click()
        assert visitor.url.endswith(article.url)
        visitor.locator(".display-switch").get_by_role("link", name="标准模式").click()
        visitor.wait_for_load_state()
        assert "mode-large" not in (visitor.locator("html").get_attribute("class") or "")

        # Without JavaScript the mode links still work (the server applies its cookie).
        no_js = _context(browser, PHONE, java_script_enabled=False)
        try:
            plain = no_js.new_page()
            plain.goto(url + article.url)
            plain.locator(".display-switch").get_by_role("link", name="高对比度").click()
            plain.wait_for_url(re.compile(re.escape(article.url) + "$"))
            assert "mode-contrast" in (plain.locator("html").get_attribute("class") or "")
            shot(plain, "portal-published-article-contrast-nojs-phone")
        finally:
            no_js.close()

        # 4. The editor withdraws it: the page and the list entry are gone.
        editor.goto(url + f"/office/portal/articles/{article.pk}/")
        editor.locator("#id_reason").fill("信息需更新。")
        editor.get_by_role("button", name="撤稿").click()
        assert "稿件已撤下" in _message(editor)
        response = visitor.goto(url + article.url)
        assert response.status == 404
        visitor.goto(url + "/zwdt/zwyw/")
        assert visitor.get_by_role("link", name=TITLE).count() == 0
    finally:
        site.close()
    article.refresh_from_db()
    assert article.status == ArticleStatus.WITHDRAWN and article.published_path == ""
    assert editor_user.pk == article.created_by_id and reviewer_user.pk == article.reviewed_by_id


def site_root(article):
    from django.conf import settings

    return settings.PUBLISH_ROOT
