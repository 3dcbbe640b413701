"""写信时的参考答复 in a real browser on a 375-px phone: typing the title and content of the
public form lists matching public knowledge entries (aria-live), each linking to its page;
an internal entry never shows. Screenshot: test-artifacts/screenshots/interaction-suggest.png."""

import pytest

from interaction.models import Category
from interaction.services import knowledge as knowledge_services
from tests.browser import assert_no_horizontal_scroll, shot
from tests.factories import OrgUnitFactory, root_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_suggestions_appear_while_typing(phone_page, live_server):
    department = OrgUnitFactory(parent=root_unit(), name="县市场监督管理局", code="scjg")
    category = Category.objects.create(name="市场监管")
    for title, keywords, answer, public in [
        (
            "发现超市销售过期食品怎么办？",
            "过期食品,食品安全,超市",
            "市场监管部门接到举报后将现场检查，对销售过期食品的经营者依法查处。",
            True,
        ),
        (
            "过期食品举报的内部处理口径",
            "过期食品,超市,内部",
            "内部口径：先核实举报人身份，再安排执法人员现场检查过期食品。",
            False,
        ),
    ]:
        knowledge_services.entry_create(
            by=None,
            title=title,
            keywords=keywords,
            answer=f"<p>{answer}</p>",
            category=category,
            department=department,
            live=True,
            public=public,
        )
    page = phone_page
    page.goto(live_server.url + "/zmhd/xj/")
    region = page.locator("#kb-suggest")
    assert region.get_attribute("aria-live") == "polite"
    assert not page.locator(".kb-suggest").is_visible()
    page.get_by_label("标题").fill("超市卖过期牛奶")
    page.get_by_label("内容").press_sequentially("城关镇一家超市还在卖过期的牛奶", delay=20)
    item = page.locator(".kb-suggest-list li").first
    item.wait_for(state="visible")
    assert "发现超市销售过期食品怎么办" in item.inner_text()
    assert "内部" not in region.inner_text()
    assert_no_horizontal_scroll(page)
    shot(page, "interaction-suggest")
    href = item.get_by_role("link").get_attribute("href")
    page.goto(live_server.url + href)
    assert "依法查处" in page.locator("main, body").first.inner_text()
