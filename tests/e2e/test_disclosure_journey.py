"""Issue 14, browser journey 1: an officer defines a column with its information body and enters
a policy document whose PDF attachment holds a resident ID number. The privacy check blocks it;
the officer redacts it; it is reviewed (保密审查 in the section head's inbox, then 签发) and
published. Its static page shows the 索引号 and the metadata table; it is found in the catalogue
by subject and in search; marking it 已废止 re-publishes the page with the mark.

People, the route and the dynamic form are created in Python; everything else is clicking.
"""

import re

import pytest

from disclosure.constants import ItemStatus
from disclosure.models import Item
from disclosure.services.review import ensure_default_route
from disclosure.wordseg import segment
from platform_core.constants import RoleCode
from platform_core.dynforms.types import FieldSpec
from platform_core.services import dynforms as form_services
from tests.browser import DESKTOP, _context, assert_no_horizontal_scroll, shot
from tests.disclosure.files import pdf_bytes
from tests.factories import make_resident_id, staff_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "蓝山县农村村民住宅建设管理办法"
RESIDENT_ID = make_resident_id(42)


@pytest.fixture
def people(gov, dept_a, settings, tmp_path):
    settings.PUBLISH_ROOT = tmp_path / "site"
    settings.MEDIA_ROOT = tmp_path / "media"
    segment("预热分词词典")  # a running server has loaded jieba long before
    admin = staff_with_role(RoleCode.SYSTEM_ADMIN, gov, username="majunjie")
    ensure_default_route(by=admin)
    form = form_services.form_create(
        code="policy_body",
        name="政策文件信息体",
        by=admin,
        specs=[FieldSpec(key="effective_on", label="施行日期", type="text", required=True)],
    )
    form_services.form_version_publish(form=form, by=admin)
    staff_with_role(RoleCode.DISCLOSURE_OFFICER, dept_a, name="钟华", username="zhonghua")
    staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="龙海燕", username="longhaiyan")
    staff_with_role(RoleCode.LEADER, dept_a, name="廖国华", username="liaoguohua")
    return dept_a


def _message(page) -> str:
    return page.locator(".messages").inner_text()


def _pdf(name: str, data: bytes) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": data}


def test_officer_to_published_page_and_repealed(browser, live_server, staff_login, people):
    url = live_server.url
    dept = people

    # 1. The officer defines a column with its information body.
    officer = staff_login("zhonghua")
    officer.goto(url + "/office/disclosure/columns/new/")
    officer.locator("#id_unit").select_option(label=dept.name)
    officer.locator("#id_name").fill("部门政策文件")
    officer.locator("#id_slug").fill("bmzcwj")
    officer.locator("#id_body_form").select_option(label="政策文件信息体")
    officer.get_by_role("button", name="保存").click()
    assert "已建立" in _message(officer)
    assert "政策文件信息体" in officer.locator("main").inner_text()

    # 2. The officer enters a policy document; the form shows the column's body fields.
    officer.goto(url + "/office/disclosure/items/new/")
    officer.locator("#id_column").select_option(label=f"{dept.name} · 部门政策文件")
    officer.get_by_role("button", name="按所选栏目显示信息体").click()
    officer.locator("#id_title").fill(TITLE)
    officer.locator("#id_document_number").fill("蓝自然资发〔2026〕5号")
    officer.locator("#id_subject").select_option(label="国土资源、能源")
    officer.locator("#id_genre").select_option(label="办法")
    officer.locator("#id_formed_on").fill("2026-11-20")
    officer.locator("#id_body").fill("<p>第一条 为规范农村村民住宅建设，制定本办法。</p>")
    officer.locator("#id_info-effective_on").fill("2027年1月1日")
    shot(officer, "disclosure-item-form-desktop")
    officer.get_by_role("button", name="保存", exact=True).click()
    assert "已保存为草稿" in _message(officer)
    item = Item.objects.get(title=TITLE)
    assert item.extra == {"effective_on": "2027年1月1日"}
    detail = officer.url

    # 3. The attachment holds a resident ID number: the check shows where, submitting is refused.
    officer.set_input_files(
        "#id_file",
        files=[_pdf("宅基地审批名单.pdf", pdf_bytes(f"申请人李春生 {RESIDENT_ID} 已批准"))],
    )
    officer.get_by_role("button", name="上传").click()
    assert "隐私检查发现" in _message(officer)
    findings = officer.locator("tr.finding-open")
    assert findings.count() == 2
    assert "附件《宅基地审批名单.pdf》第1页" in findings.first.inner_text()
    assert RESIDENT_ID not in officer.content()
    shot(officer, "disclosure-privacy-findings-desktop")
    officer.locator("#submit-review").click()
    assert "隐私检查发现2处个人信息尚未处理" in _message(officer)
    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT

    # 4. Redacted: the original goes, the masked file comes; now it can be submitted.
    officer.get_by_role("button", name="删除附件 宅基地审批名单.pdf").click()
    officer.set_input_files(
        "#id_file",
        files=[_pdf("宅基地审批名单.pdf", pdf_bytes("申请人李** 4311**********0421 已批准"))],
    )
    officer.get_by_role("button", name="上传").click()
    assert "未发现个人信息" in _message(officer)
    officer.locator("#submit-review").click()
    assert "已送审" in _message(officer)

    # 5. 保密审查 is in the section head's unified inbox; then the leader signs it off.
    head = staff_login("longhaiyan")
    head.goto(url + "/office/inbox/")
    row = head.locator("li.inbox-row", has_text=TITLE)
    assert row.count() == 1 and "保密审查" in row.inner_text()
    head.goto(detail)
    head.get_by_label("同意").check()
    head.locator("#id_comment").fill("不涉及国家秘密。")
    head.get_by_role("button", name="提交审核结果").click()
    assert "已审核通过" in _message(head)
    leader = staff_login("liaoguohua", phone=True)
    leader.goto(detail)
    assert_no_horizontal_scroll(leader)
    leader.get_by_label("同意").check()
    leader.get_by_role("button", name="提交审核结果").click()
    assert "已签发并公开" in _message(leader)
    shot(leader, "disclosure-signed-off-phone")
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED and item.index_number

    # 6. The static page: 索引号 and the metadata table; the catalogue by subject; search.
    site = _context(browser, DESKTOP)
    try:
        visitor = site.new_page()
        assert visitor.goto(url + item.url).status == 200
        table = visitor.locator("table.xxgk-meta").inner_text()
        for label in (
            "索引号",
            "发布机构",
            "成文日期",
            "发布日期",
            "发文字号",
            "主题分类",
            "有效性",
        ):
            assert label in table
        assert item.index_number in table and "蓝自然资发〔2026〕5号" in table
        shot(visitor, "disclosure-published-item-desktop")
        visitor.goto(url + "/xxgk/")
        visitor.locator(".catalogue-nav").get_by_role("link", name="国土资源、能源").click()
        visitor.wait_for_url(re.compile(r"/xxgk/zt/05/$"))
        visitor.get_by_role("link", name=TITLE).click()
        visitor.wait_for_url(re.compile(re.escape(item.url) + "$"))
        visitor.goto(url + "/search/?q=" + "村民住宅建设")
        assert visitor.locator(".search-disclosure").get_by_role("link", name=TITLE).count() == 1

        # 7. Marking it 已废止 re-publishes the page with the mark.
        officer.goto(detail)
        officer.locator("#id_validity").select_option(label="已废止")
        officer.locator("#id_on").fill("2026-12-01")
        officer.get_by_role("button", name="保存有效性").click()
        assert "有效性已更新" in _message(officer)
        visitor.goto(url + item.url)
        mark = visitor.locator("#validity-mark")
        assert mark.is_visible() and "本文件已废止" in mark.inner_text()
        shot(visitor, "disclosure-repealed-item-desktop")
    finally:
        site.close()
