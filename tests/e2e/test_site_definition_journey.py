"""Issue 18, browser journey 1 (网站定义 and 访问管理): the system administrator adds a column,
gives one unit's editors the right to publish there, and adds a sensitive word. An editor of that
unit writes an article into the column: the word blocks it until it is fixed; once the unit's
reviewer approves it, the column's published page shows the article.

Only the people and the top channel are created in Python; the rest is clicking and typing, each
person in their own browser context, on a desktop and a 375-px phone."""

import re

import pytest

from platform_core.constants import RoleCode
from portal.constants import ArticleStatus
from portal.models import Article, Channel, SensitiveWord
from portal.services import articles as services
from portal.services.search import segment
from tests.browser import DESKTOP, PHONE, _context, assert_no_horizontal_scroll, shot
from tests.factories import staff_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "我县乡村振兴示范村建设全面启动"
WORD = "某某违禁词"


@pytest.fixture
def people(gov, dept_a, dept_b, settings, tmp_path):
    settings.PUBLISH_ROOT = tmp_path / "site"
    segment("预热分词词典")
    services.channel_create(name="政务动态", slug="zwdt", editor_units=[gov])
    return {
        "admin": staff_with_role(RoleCode.SYSTEM_ADMIN, gov, name="卢建国", username="lujianguo"),
        "editor": staff_with_role(RoleCode.WEB_EDITOR, dept_a, name="孙悦", username="sunyue"),
        "reviewer": staff_with_role(RoleCode.LEADER, dept_a, name="潘志强", username="pzq"),
        "other": staff_with_role(RoleCode.WEB_EDITOR, dept_b, name="石磊", username="shilei"),
    }


def _message(page) -> str:
    return page.locator(".messages").inner_text()


def test_admin_defines_a_column_and_an_editor_publishes_into_it(
    browser, live_server, staff_login, people, dept_a
):
    url = live_server.url

    # 1. The system administrator adds the column 乡村振兴 under 政务动态 for department A.
    admin = staff_login("lujianguo")
    admin.goto(url + "/office/")
    admin.get_by_role("link", name="网站定义").first.click()
    assert "栏目管理" in admin.locator("h1").inner_text()
    admin.get_by_role("link", name="新建频道或栏目").click()
    admin.locator("#id_parent").select_option(label="政务动态")
    admin.locator("#id_name").fill("乡村振兴")
    admin.locator("#id_slug").fill("乡村 振兴")  # not a slug: refused with a message
    admin.get_by_role("button", name="保存").click()
    assert "英文标识" in admin.locator(".field-error").first.inner_text()
    admin.locator("#id_slug").fill("xczx")
    admin.locator("#id_update_interval_days").fill("14")
    admin.get_by_label(re.compile(dept_a.name)).check()
    admin.get_by_role("button", name="保存").click()
    assert "栏目已创建" in _message(admin)
    column = Channel.objects.get(slug="xczx")
    assert column.url_path == "zwdt/xczx/" and list(column.editor_units.all()) == [dept_a]
    admin.goto(url + "/office/portal/site/")
    assert admin.locator("tr[data-channel='xczx']").count() == 1
    shot(admin, "site-channels-desktop")

    # ... and the sensitive word.
    admin.get_by_role("link", name="敏感词库").click()
    admin.locator("#id_word").fill(WORD)
    admin.locator("#id_kind").select_option(label="禁用词")
    admin.get_by_role("button", name="添加", exact=True).click()
    assert "已加入词库" in _message(admin)
    assert SensitiveWord.objects.get(word=WORD).history.first().history_user == people["admin"]

    # The phone layout of the three pages.
    phone = _context(browser, {"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    try:
        phone.add_cookies(admin.context.cookies())
        mobile = phone.new_page()
        for path, name in (
            ("/office/portal/site/", "site-channels"),
            ("/office/portal/site/words/", "site-words"),
            ("/office/portal/site/stats/", "site-stats"),
        ):
            mobile.goto(url + path)
            assert_no_horizontal_scroll(mobile)
            shot(mobile, f"{name}-phone")
    finally:
        phone.close()

    # An editor of another unit is not offered the column.
    other = staff_login("shilei")
    other.goto(url + "/office/portal/articles/new/")
    assert other.locator("#id_channel option", has_text="乡村振兴").count() == 0

    # 2. The editor of department A writes into the column; the word blocks the submission.
    editor = staff_login("sunyue")
    editor.goto(url + "/office/portal/articles/new/")
    editor.locator("#id_channel").select_option(label="乡村振兴")
    editor.locator("#id_title").fill(TITLE)
    editor.wait_for_function("() => document.querySelector('#id_body')?.richtextEditor")
    editor.evaluate(
        "html => document.querySelector('#id_body').richtextEditor.setHtml(html)",
        f"<p>示范村建设{WORD}全面启动。</p>",
    )
    editor.get_by_role("button", name="保存草稿").click()
    assert "稿件已保存为草稿" in _message(editor)
    editor.get_by_role("button", name="送审").click()
    assert f"含有敏感词“{WORD}”" in _message(editor)
    article = Article.objects.get(title=TITLE)
    assert article.status == ArticleStatus.DRAFT

    # Fixed, it goes to review.
    editor.get_by_role("link", name="修改").first.click()
    editor.locator("#id_body").wait_for(state="attached")  # the edit page has loaded
    editor.wait_for_function("() => document.querySelector('#id_body')?.richtextEditor")
    editor.evaluate(
        "html => document.querySelector('#id_body').richtextEditor.setHtml(html)",
        "<p>示范村建设全面启动，首批十个村开工。</p>",
    )
    editor.get_by_role("button", name="保存草稿").click()
    editor.get_by_role("button", name="送审").click()
    assert "已送审" in _message(editor)

    # 3. The unit's reviewer approves; the column's published page lists the article.
    reviewer = staff_login("pzq")
    reviewer.goto(url + f"/office/portal/articles/{article.pk}/")
    reviewer.locator("#id_decision").select_option("approve")
    reviewer.get_by_role("button", name="提交审核结果").click()
    assert "审核通过，稿件已发布" in _message(reviewer)
    site = _context(browser, DESKTOP)
    try:
        visitor = site.new_page()
        response = visitor.goto(url + "/zwdt/xczx/")
        assert response.status == 200
        assert "乡村振兴" in visitor.locator("h1, #column-title").first.inner_text()
        visitor.get_by_role("link", name=TITLE).click()
        assert visitor.url.endswith(f"/zwdt/xczx/{article.pk}.html")
        assert WORD not in visitor.locator("main").inner_text()
    finally:
        site.close()

    # 4. 信息统计 counts it, with its chart drawn from the table.
    admin.goto(url + "/office/portal/site/stats/")
    channels = admin.locator("table[data-table='channels']")
    assert "乡村振兴" in channels.inner_text()
    admin.wait_for_selector(".echart canvas")
    shot(admin, "site-stats-desktop")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_site_definition_pages_pass_axe_and_fit_a_phone(
    browser, live_server, people, dept_a, viewport
):
    from tests.e2e.axe import ensure_axe, run_axe
    from tests.factories import DEFAULT_PASSWORD

    admin = people["admin"]
    column = Channel.objects.get(slug="zwdt")
    word = SensitiveWord.objects.create(word="易错词样例", kind="misspelling", suggestion="正确")
    editor, reviewer = people["editor"], people["reviewer"]
    article = services.article_create(
        by=editor, channel=column, title="统计用稿件", body="<p>正文。</p>"
    )
    services.article_submit(article=article, by=editor)
    services.article_approve(article=article, by=reviewer)
    urls = [
        "/office/portal/site/",
        "/office/portal/site/channels/new/",
        f"/office/portal/site/channels/{column.pk}/",
        "/office/portal/site/settings/",
        "/office/portal/site/words/",
        f"/office/portal/site/words/{word.pk}/",
        "/office/portal/site/stats/",
    ]
    axe_js = ensure_axe()
    extra = {"is_mobile": True, "has_touch": True} if viewport == PHONE else {}
    context = _context(browser, viewport, bypass_csp=True, **extra)
    problems, sideways = {}, {}
    try:
        page = context.new_page()
        page.goto(live_server.url + "/office/login/")
        page.get_by_label("用户名").fill(admin.username)
        page.get_by_label("密码").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name=re.compile(r"登\s*录")).click()
        page.wait_for_url(re.compile(r"/office/$"))
        for url in urls:
            response = page.goto(live_server.url + url)
            assert response.status == 200, (url, response.status)
            page.wait_for_load_state("load")
            violations = run_axe(page, axe_js)
            if violations:
                problems[url] = violations
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                sideways[url] = overflow
    finally:
        context.close()
    assert problems == {}
    assert sideways == {}
