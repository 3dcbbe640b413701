"""Code tables (数据字典) on a 375-px phone: the system administrator opens the list and a table,
adds an entry and retires it, without sideways scrolling."""

import pytest

from disclosure.constants import GENRE_TABLE
from platform_core.constants import RoleCode
from platform_core.models import CodeEntry
from platform_core.selectors import codes
from tests.browser import assert_no_horizontal_scroll, shot
from tests.factories import staff_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sysadmin_adds_and_retires_an_entry_on_a_phone(live_server, staff_login, gov):
    staff_with_role(RoleCode.SYSTEM_ADMIN, gov, name="系统管理员", username="codes_admin")
    page = staff_login("codes_admin", phone=True)
    page.goto(live_server.url + "/office/org/codes/")
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name="体裁（政府信息公开）").click()
    page.get_by_role("link", name="新增条目").click()
    page.get_by_label("代码").fill("whitepaper")
    page.get_by_label("名称").fill("白皮书")
    page.get_by_label("排序").fill("500")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已新增条目").wait_for()
    assert_no_horizontal_scroll(page)
    shot(page, "code-table-phone")
    page.get_by_role("button", name="停用“白皮书”").click()
    page.get_by_text("已停用条目").wait_for()
    assert_no_horizontal_scroll(page)
    entry = CodeEntry.objects.get(table__code=GENRE_TABLE, code="whitepaper")
    assert not entry.is_active
    assert "whitepaper" in codes.labels(GENRE_TABLE)
    assert "whitepaper" not in dict(codes.choices(GENRE_TABLE))
