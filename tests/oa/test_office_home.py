"""The staff home (/office/): the block registry, each block's query budget (≤ 2), the slots
other tools fill, and a page whose query count does not grow with the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from oa.services import duty as duty_services
from oa.services import notices as notice_services
from platform_core import office_blocks
from platform_core.constants import RoleCode
from platform_core.selectors.office import office_shell
from tests.factories import staff_with_role


@pytest.fixture
def world(sysadmin, clerk, head, office, colleague):
    notice_services.ensure_route(by=sysadmin)
    today = timezone.localdate()
    duty_services.roster_create(
        by=head,
        unit=office,
        title="本月值班",
        start=today - datetime.timedelta(days=1),  # the night shift runs until 08:30
        end=today + datetime.timedelta(days=2),
        phone="0746-1234567",
        officers=[clerk, colleague],
        leaders=[head],
        is_public=True,
    )
    return today


def publish(clerk, head, office, title):
    notice = notice_services.notice_save(by=clerk, unit=office, title=title, body="<p>正文</p>")
    notice_services.notice_submit(notice=notice, by=clerk)
    return notice_services.notice_review(notice=notice, by=head, approve=True)


@pytest.mark.django_db
def test_each_block_takes_at_most_two_queries(world, clerk, head, office, colleague):
    publish(clerk, head, office, "关于元旦放假的通知")
    office_shell(colleague)  # the shell (badge counts) is computed once per request anyway
    blocks = {b.key: b for b in office_blocks._OFFICE.values()}
    assert {"platform.inbox", "oa.duty", "oa.notices", "oa.mail", "oa.calendar"} <= set(blocks)
    for key, block in blocks.items():
        with CaptureQueriesContext(connection) as ctx:
            data = block.context(colleague)
        assert data is not None, key
        assert len(ctx.captured_queries) <= 2, key
    assert [n.title for n in blocks["oa.notices"].context(colleague)["notices"]] == [
        "关于元旦放假的通知"
    ]
    assert blocks["oa.duty"].context(colleague)["shift"].roster.phone == "0746-1234567"


@pytest.mark.django_db
def test_a_registered_slot_shows_on_the_page(client, colleague):
    block = office_blocks.OfficeBlock(
        key="oa.mail",
        title="未读邮件",
        template="platform_core/office/blocks/inbox.html",
        context=lambda user: {"kinds": [{"label": "测试邮件", "count": 3}]},
    )
    original = office_blocks._OFFICE.get("oa.mail")
    office_blocks.register_office_block(block)
    try:
        client.force_login(colleague)
        page = client.get("/office/").content.decode()
    finally:
        office_blocks._OFFICE.pop("oa.mail")
        if original is not None:
            office_blocks.register_office_block(original)
    assert "未读邮件" in page and "测试邮件" in page
    assert page.index("新通知") < page.index("测试邮件")  # the slot's place in the order


@pytest.mark.django_db
def test_office_home_queries_do_not_grow(client, world, clerk, head, office, colleague):
    publish(clerk, head, office, "第一条通知")
    client.force_login(colleague)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/office/")
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode()

    count()  # warm the per-process caches (site settings, calendar)
    before, page = count()
    assert "今日值班" in page and "第一条通知" in page and "待办分类" in page
    for i in range(6):
        publish(clerk, head, office, f"通知{i}")
    staff_with_role(RoleCode.REVIEW_CLERK, office)
    after, page = count()
    assert after == before
    assert "通知5" in page
