"""Issue 19 in a real browser: the published service hall on a 375-px phone. A reader follows the
old address /service/ to the published hall home, then a department page, an event page and a
guide (with its flow chart and materials table); no page scrolls sideways, and the guide's
buttons lead to the dynamic parts (apply online, consult, progress lookup).

The pages are the files the publishing job wrote, served by the test server's catch-all for
PUBLISH_ROOT (nginx serves the same files in production)."""

from urllib.parse import unquote

import pytest

from approval.services import items as item_services
from platform_core.constants import RoleCode
from portal.publishing.engine import publish_all
from portal.services import articles as channel_services
from tests.approval.conftest import build_form, build_item, build_route
from tests.browser import assert_no_horizontal_scroll, shot
from tests.factories import staff_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = "431127-XK-001"


@pytest.fixture
def published_hall(gov, dept_a, dept_b, settings, tmp_path):
    settings.PUBLISH_ROOT = tmp_path / "site"
    admin = staff_with_role(RoleCode.SYSTEM_ADMIN, gov)
    channel_services.channel_create(name="办事大厅", slug="bsdt")
    build_form(admin)
    build_route(admin)
    food = build_item(admin, dept_a, code=CODE)
    item_services.item_events_set(item=food, events=["kaiban", "jingying"])
    item_services.item_update(
        item=food,
        by=admin,
        name="食品经营许可（含小餐饮、食品摊贩、网络食品经营备案等）",
        conditions="申请人应当具备与经营的食品品种、数量相适应的食品原料处理和食品加工、销售、"
        "贮存等场所，保持该场所环境整洁，并与有毒、有害场所以及其他污染源保持规定的距离。",
    )
    item_services.item_publish(item=food, by=admin)
    other = build_item(admin, dept_b, code="431127-ZR-009")
    item_services.item_events_set(item=other, events=["zhufang"])
    item_services.item_publish(item=other, by=admin)
    publish_all()
    return settings.PUBLISH_ROOT


def _check(page, name: str) -> None:
    page.wait_for_load_state("load")
    assert_no_horizontal_scroll(page)
    shot(page, f"hall-published-{name}-phone")


def test_published_hall_reads_on_a_phone_without_sideways_scroll(
    live_server, phone_page, published_hall
):
    page = phone_page
    page.goto(live_server.url + "/service/")
    assert page.url == live_server.url + "/bsdt/"  # the old address redirects to the file
    assert page.locator("h1").inner_text() == "网上办事大厅"
    _check(page, "home")

    page.locator(".hall-side a[href='/bsdt/bm/scjg.html']").click()
    page.wait_for_url("**/bsdt/bm/scjg.html")
    assert "食品经营许可" in page.locator("main").inner_text()
    _check(page, "department")

    page.locator(".hall-side a[href='/bsdt/zt/kaiban.html']").click()
    page.wait_for_url("**/bsdt/zt/kaiban.html")
    _check(page, "event")

    page.locator(f".item-rows a[href='/bsdt/sx/{CODE}.html']").click()
    page.wait_for_url(f"**/bsdt/sx/{CODE}.html")
    assert "食品安全管理制度文本" in page.locator(".guide-table").inner_text()
    assert page.locator("svg.flow-chart, .flow-chart-section svg").count() == 1
    _check(page, "guide")

    # The dynamic parts stay dynamic: the apply button asks a citizen to sign in.
    apply = page.locator(f"a[href='/service/items/{CODE}/apply/']")
    assert apply.count() == 1
    apply.click()
    page.wait_for_load_state("load")
    assert "next=" in page.url and f"/service/items/{CODE}/apply/" in unquote(page.url)
    page.goto(live_server.url + "/service/progress/")
    assert page.locator("form").count() >= 1
    _check(page, "progress")
