"""The shared rich-text editor (platform_core.richtext) in a real browser, in the portal's
article form: type and format text, paste from Word, upload an image with its alt text, save, and
see the sanitised result on the article page. Without JavaScript the field is a textarea."""

import re

import pytest
from playwright.sync_api import expect

from platform_core.constants import RoleCode
from portal.constants import HomeBlock
from portal.models import Article
from portal.services import articles as services
from tests.browser import PHONE, _context, assert_no_horizontal_scroll, shot
from tests.factories import staff_with_role
from tests.portal.test_media import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORD_PASTE = (
    "<html xmlns:o='urn:schemas-microsoft-com:office:office'><head><style>p.MsoNormal{}</style>"
    "</head><body><!--[if gte mso 9]><xml><w:WordDocument>Normal</w:WordDocument></xml>"
    "<![endif]--><p class=MsoNormal style='mso-pagination:none'><span lang=EN-US "
    "style='font-family:宋体'>从Word粘贴的段落</span><o:p></o:p></p>"
    "<table class=MsoTableGrid border=1><tr><td style='border:solid windowtext 1pt'>"
    "<p class=MsoNormal>表格单元</p></td></tr></table>"
    "<img src='file:///C:/Users/a/clip_image002.png'></body></html>"
)


@pytest.fixture
def editor_user(gov, dept_a, settings, tmp_path):
    settings.PUBLISH_ROOT = tmp_path / "site"
    settings.MEDIA_ROOT = tmp_path / "media"
    channel = services.channel_create(name="政务动态", slug="zwdt", editor_units=[gov])
    services.channel_create(
        name="政府要闻", slug="zwyw", parent=channel, home_block=HomeBlock.ZWYW,
        editor_units=[dept_a],
    )  # fmt: skip
    return staff_with_role(RoleCode.WEB_EDITOR, dept_a, name="孙悦", username="sunyue")


def _tool(page, key: str):
    """Click a toolbar button once the editor has enabled it (it updates after each change)."""
    button = page.locator(f".richtext-toolbar [data-menu-key={key}]")
    expect(button).not_to_have_class(re.compile(r"\bdisabled\b"))
    button.click()


def _editable(page):
    return page.locator(".richtext-editor [contenteditable=true]")


def test_type_format_upload_paste_save(browser, live_server, staff_login, editor_user, tmp_path):
    url = live_server.url
    page = staff_login("sunyue")
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append((page.url, m.text)))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url + "/office/portal/articles/new/")
    # The editor (Chinese toolbar) stands in front of the hidden textarea.
    assert _editable(page).is_visible()
    assert not page.locator("#id_body").is_visible()
    assert page.locator(".richtext-toolbar [data-menu-key=bold]").count() == 1
    assert page.locator(".richtext-toolbar [data-menu-key=uploadImage]").count() == 0
    assert "保存草稿后即可在正文中上传图片" in page.locator("main").inner_text()
    page.locator("#id_channel").select_option(label="政府要闻")
    page.locator("#id_title").fill("县政府部署防汛工作")

    # Type and format: a heading, bold text, a bulleted list.
    _editable(page).click()
    page.keyboard.type("会议要求")
    _tool(page, "headerSelect")
    page.locator(".w-e-select-list li", has_text="H2").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("压实责任")
    for _ in range(4):
        page.keyboard.press("Shift+ArrowLeft")
    _tool(page, "bold")
    print("DBG", page.evaluate("() => document.querySelector('#id_body').richtextEditor.getHtml()"))
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("排查隐患")
    _tool(page, "bulletedList")
    shot(page, "richtext-new-desktop")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(re.compile(r"/office/portal/articles/\d+/$"))
    article = Article.objects.get(title="县政府部署防汛工作")
    assert "<h2>会议要求</h2>" in article.body
    assert "<strong>压实责任</strong>" in article.body
    assert re.search(r"<ul><li>(<strong>)?排查隐患", article.body)

    # Edit: paste from Word (cleaned by the server's sanitiser), then upload an image.
    page.goto(url + f"/office/portal/articles/{article.pk}/edit/")
    assert page.locator(".richtext-toolbar [data-menu-key=uploadImage]").count() == 1
    _editable(page).click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    _tool(page, "bulletedList")  # out of the list: a new paragraph
    image = tmp_path / "防汛会议现场.png"
    image.write_bytes(png_bytes())
    page.once("dialog", lambda dialog: dialog.accept("防汛会议现场照片"))
    with page.expect_file_chooser() as chooser:
        _tool(page, "uploadImage")
    chooser.value.set_files(str(image))
    img = page.locator(".richtext-editor img[alt='防汛会议现场照片']")
    img.wait_for()
    # The draft's image is served to its editor under the URL it will be published at.
    page.wait_for_function(
        "() => { const i = document.querySelector('.richtext-editor img'); "
        "return i && i.complete && i.naturalWidth > 0; }"
    )
    assert img.get_attribute("src").startswith("/files/portal/attachments/")
    page.keyboard.press("Enter")
    page.evaluate(
        """html => {
            const target = document.querySelector('.richtext-editor [contenteditable=true]');
            const data = new DataTransfer();
            data.setData('text/html', html);
            data.setData('text/plain', '从Word粘贴的段落');
            target.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true,
                cancelable: true}));
        }""",
        WORD_PASTE,
    )
    page.wait_for_function(
        "() => document.querySelector('#id_body').richtextEditor.getHtml().includes('表格单元')"
    )
    pasted = page.evaluate("() => document.querySelector('#id_body').richtextEditor.getHtml()")
    assert "从Word粘贴的段落" in pasted and "mso" not in pasted.lower()
    assert "WordDocument" not in pasted and "file:" not in pasted

    shot(page, "richtext-edit-desktop")
    phone = _context(browser, PHONE, is_mobile=True, has_touch=True)
    try:
        phone.add_cookies(page.context.cookies())
        mobile = phone.new_page()
        mobile.goto(url + f"/office/portal/articles/{article.pk}/edit/")
        assert _editable(mobile).is_visible()
        assert_no_horizontal_scroll(mobile)
        shot(mobile, "richtext-edit-phone")
    finally:
        phone.close()
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(re.compile(rf"/office/portal/articles/{article.pk}/$"))

    article.refresh_from_db()
    attachment = article.attachments.get()
    assert attachment.alt == "防汛会议现场照片" and attachment.is_image
    assert f'<img src="{attachment.url}" alt="防汛会议现场照片"' in article.body
    assert "<table>" in article.body and "表格单元" in article.body
    assert "style=" not in article.body and "class=" not in article.body
    # The article page shows the sanitised body, with the image.
    box = page.locator("main .box", has_text="会议要求")
    assert box.locator("h2", has_text="会议要求").count() == 1
    assert box.locator("strong", has_text="压实责任").count() == 1
    assert box.locator("img[alt='防汛会议现场照片']").evaluate("i => i.naturalWidth") > 0
    shot(page, "richtext-saved-desktop")
    blocked = [p for p in problems if "Content Security Policy" in p[1] or "Error" in p[1]]
    assert not blocked, blocked


def test_without_javascript_the_field_is_a_textarea(browser, live_server, editor_user):
    from tests.factories import DEFAULT_PASSWORD

    context = _context(browser, PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/office/login/")
        page.get_by_label("用户名").fill("sunyue")
        page.get_by_label("密码").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name=re.compile(r"登\s*录")).click()
        page.goto(live_server.url + "/office/portal/articles/new/")
        assert page.locator("textarea#id_body").is_visible()
        page.locator("#id_channel").select_option(label="政府要闻")
        page.locator("#id_title").fill("无脚本稿件")
        page.locator("#id_body").fill('<p onclick="x()">正文<script>alert(1)</script></p>')
        page.get_by_role("button", name="保存草稿").click()
        assert Article.objects.get(title="无脚本稿件").body == "<p>正文</p>"
        shot(page, "richtext-nojs-phone")
    finally:
        context.close()
