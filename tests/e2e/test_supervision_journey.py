"""Issue 15, 督办 in the browser: the supervision office turns a signed document into a
supervision item (转督办 on the document's page); the lead unit's clerk finds it in the inbox and
reports progress, applying for closure, on a phone; the office finds the review in its inbox,
closes the item and archives it with a 档号.

People, the issuing organ, the route and the signed document are created in Python; everything
else is clicking.
"""

import datetime

import pytest
from django.utils import timezone

from oa.constants import SupervisionStatus
from oa.models import Issuer, SupervisionEvent, SupervisionItem
from oa.services.route import ensure_route
from platform_core.constants import RoleCode
from tests.browser import assert_no_horizontal_scroll, shot
from tests.factories import OrgUnitFactory, staff_with_role
from tests.oa.conftest import make_document, sign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于做好2026年元旦春节期间安全生产工作的通知"


@pytest.fixture
def signed(gov, dept_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    office = OrgUnitFactory(parent=gov, name="县政府办公室", code="zfb")
    inspection = OrgUnitFactory(parent=office, name="督查室", code="zfb-dcs")
    ensure_route(by=staff_with_role(RoleCode.SYSTEM_ADMIN, gov, username="majunjie"))
    issuer = Issuer.objects.create(
        unit=gov, prefix="蓝政发", header="蓝山县人民政府文件", signature="蓝山县人民政府"
    )
    clerk = staff_with_role(RoleCode.REVIEW_CLERK, office, name="周敏", username="zhoumin")
    head = staff_with_role(RoleCode.SECTION_HEAD, office, name="刘芳", username="liufang")
    leader = staff_with_role(RoleCode.LEADER, gov, name="李建国", username="lijianguo")
    staff_with_role(RoleCode.SUPERVISOR, inspection, name="赵丽娟", username="zhaolijuan")
    staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="蔡明", username="caiming")
    return sign(make_document(clerk, issuer, office), clerk, head, [], leader)


def _message(page) -> str:
    return page.locator(".messages").inner_text()


def test_supervision_from_document_to_archive(browser, live_server, staff_login, signed, dept_a):
    url = live_server.url
    due = timezone.localdate() + datetime.timedelta(days=20)

    # 1. The supervisor opens the signed document and turns it into a supervision item.
    inspector = staff_login("zhaolijuan")
    inspector.goto(f"{url}/office/oa/documents/{signed.pk}/")
    inspector.locator("#supervise-document").click()
    assert TITLE in inspector.locator("#id_title").input_value()
    inspector.locator("#id_lead_unit").select_option(label=dept_a.name)
    inspector.locator("#id_due_date").fill(due.isoformat())
    inspector.locator("#id_requirement").fill("请于期限前报送节日期间安全检查情况。")
    inspector.get_by_role("button", name="立项").click()
    assert "督办事项已立项" in _message(inspector)
    item = SupervisionItem.objects.get()
    detail = inspector.url
    assert item.lead_unit == dept_a and detail.endswith(f"/supervision/{item.pk}/")

    # 2. The lead unit's clerk finds it in the inbox and reports on a phone, applying for closure.
    handler = staff_login("caiming", phone=True)
    handler.goto(url + "/office/inbox/")
    handler.locator("ol.inbox-work li.inbox-row", has_text=item.title).locator("a").first.click()
    handler.wait_for_url(detail)
    handler.locator("#id_text").fill("已完成辖区大型商超安全检查，未发现重大隐患。")
    handler.locator("#id_completion").check()
    assert_no_horizontal_scroll(handler)
    shot(handler, "oa-supervision-report-phone")
    handler.get_by_role("button", name="提交反馈").click()
    assert "已反馈" in _message(handler)
    item.refresh_from_db()
    assert item.status == SupervisionStatus.SUBMITTED

    # 3. The supervisor finds the review in the inbox, closes the item and archives it.
    inspector.goto(url + "/office/inbox/")
    row = inspector.locator("ol.inbox-work li.inbox-row", has_text=item.title)
    assert "审核办结" in row.inner_text()
    row.locator("a").first.click()
    inspector.wait_for_url(detail)
    inspector.locator("#id_decision").select_option(label="同意办结")
    inspector.locator("#id_comment").fill("材料齐全，同意办结。")
    inspector.get_by_role("button", name="提交").click()
    assert "已审核" in _message(inspector)
    item.refresh_from_db()
    assert item.status == SupervisionStatus.CLOSED
    inspector.locator("#id_retention").select_option(label="10年")
    inspector.get_by_role("button", name="归档").click()
    assert "已归档，档号" in _message(inspector)
    code = item.archive.archival_code
    assert code in inspector.content()
    actions = list(item.events.values_list("action", flat=True))
    assert actions == [
        SupervisionEvent.Action.CREATE,
        SupervisionEvent.Action.SUBMIT,
        SupervisionEvent.Action.CLOSE,
        SupervisionEvent.Action.ARCHIVE,
    ]
    shot(inspector, "oa-supervision-closed-desktop")
