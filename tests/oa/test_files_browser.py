"""In headless Chromium: a section head uploads a file to the department cabinet and shares it
with one person of another unit, who can then open and download it; a third person cannot.
The cabinet page also works on a 375-px phone."""

import pytest
from playwright.sync_api import expect

from oa.samples import sample_docx
from platform_core.constants import RoleCode
from tests.browser import assert_no_horizontal_scroll, shot
from tests.factories import staff_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_and_share_with_a_person_of_another_unit(
    staff_login, live_server, dept_a, dept_b, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="刘芳", username="liufang_b")
    outsider = staff_with_role(RoleCode.WINDOW_CLERK, dept_b, name="邓丽", username="dengli_b")
    third = staff_with_role(RoleCode.REVIEW_CLERK, dept_b, name="钟华", username="zhonghua_b")
    path = tmp_path / "安全检查方案.docx"
    path.write_bytes(sample_docx("安全检查方案", ["重点检查消防通道。"]))

    page = staff_login("liufang_b", phone=True)
    page.goto(live_server.url + "/office/oa/files/")
    page.get_by_role("link", name="县市场监督管理局文件柜").click()
    assert_no_horizontal_scroll(page)
    page.locator("#id_file").set_input_files(str(path))
    page.locator("#upload-submit").click()
    expect(page.locator(".messages")).to_contain_text("已上传")
    shot(page, "oa-files-cabinet-phone")
    page.get_by_role("link", name="安全检查方案.docx").click()
    page.locator("#share-entry").click()
    page.get_by_label("人员（登录名或姓名）").fill("dengli_b")
    page.locator("#grant-submit").click()
    expect(page.locator("#grants")).to_contain_text("邓丽")
    entry_url = page.url.replace("share/", "")

    other = staff_login(outsider.username)
    other.goto(live_server.url + "/office/oa/files/")
    other.get_by_role("link", name="安全检查方案.docx").click()
    expect(other.locator("#entry-name")).to_have_text("安全检查方案.docx")
    with other.expect_download() as download:
        other.locator("#download").click()
    assert download.value.suggested_filename == "安全检查方案.docx"
    assert other.url == entry_url

    stranger = staff_login(third.username)
    response = stranger.goto(entry_url)
    assert response.status == 404
