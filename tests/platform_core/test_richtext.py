"""The shared rich-text editor: the vendored wangEditor files, the sanitiser's Word/WPS pass, the
widget (a textarea that works without JavaScript) and the paste-cleaning endpoint."""

import hashlib
import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from platform_core.constants import RoleCode
from platform_core.richtext.sanitize import clean_html
from platform_core.richtext.widgets import RichTextWidget
from tests.factories import CitizenFactory, staff_with_role

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "platform_core" / "static" / "vendor" / "wangeditor"

WORD = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><meta name=Generator content="Microsoft Word 15"><title>文档标题</title>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
<style><!-- p.MsoNormal {margin:0cm;} --></style></head>
<body lang=ZH-CN style='tab-interval:21.0pt'><!--StartFragment-->
<h1 style='mso-outline-level:1'><span lang=EN-US>一、工作目标</span></h1>
<p class=MsoNormal><b><span style='font-family:宋体'>加粗</span></b><o:p></o:p></p>
<table class=MsoTableGrid border=1><tr><td width=100 style='border:solid windowtext 1.0pt'>
<p class=MsoNormal>单元格</p></td></tr></table>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<img width=100 height=50 src="file:///C:/Users/a/AppData/Local/Temp/clip_image002.png">
<!--EndFragment--></body></html>"""


def test_vendored_files_match_their_checksums_and_the_pinned_version():
    sums = (VENDOR / "SHA256SUMS").read_text().splitlines()
    assert len(sums) >= 4
    for line in sums:
        digest, name = line.split(maxsplit=1)
        data = (VENDOR / name.lstrip("./")).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, name
    script = (ROOT / "config" / "deploy" / "vendor.sh").read_text()
    version = re.search(r'^VERSION="([^"]+)"', script, re.M)[1]
    integrity = re.search(r'^INTEGRITY="([^"]+)"', script, re.M)[1]
    assert (VENDOR / "VERSION").read_text().split() == [f"@wangeditor/editor@{version}", integrity]
    assert "MIT License" in (VENDOR / "LICENSE").read_text()
    # No reference the static manifest could not resolve (source maps, fonts, images).
    assert "sourceMappingURL" not in (VENDOR / "index.js").read_text()
    assert "url(" not in (VENDOR / "css" / "style.css").read_text()


def test_word_and_wps_html_is_cleaned():
    cleaned = clean_html(WORD)
    assert cleaned.startswith("<h2>")  # h1 is the page's title: Word's becomes h2
    for gone in ("mso", "class=", "style=", "lang=", "WordDocument", "文档标题", "file:", "o:p",
                 "<img", "<p>&nbsp;</p>", "Normal"):  # fmt: skip
        assert gone not in cleaned, gone
    assert "<b><span>加粗</span></b>" in cleaned
    assert re.search(r"<table><tbody><tr><td>\s*<p>单元格</p></td></tr></tbody></table>", cleaned)


def test_editor_html_keeps_its_structure():
    html = (
        '<h2>标题</h2><p style="text-align:center">正文<a href="https://www.gov.cn/">链接</a>'
        "</p><ul><li>一</li><li><br></li></ul><ol><li></li></ol>"
        '<img src="/files/portal/attachments/2026/12/ab.png" alt="图" data-href="" style="">'
        "<h5>小</h5>"
    )
    assert clean_html(html) == (
        '<h2>标题</h2><p>正文<a href="https://www.gov.cn/" rel="noopener noreferrer">链接</a></p>'
        '<ul><li>一</li></ul><img src="/files/portal/attachments/2026/12/ab.png" alt="图">'
        "<h4>小</h4>"
    )


@pytest.mark.django_db
def test_widget_is_a_textarea_with_the_editor_as_an_extra():
    widget = RichTextWidget(upload_url="/office/portal/articles/1/images/")
    html = widget.render("body", "<p>正文</p>", attrs={"id": "id_body"})
    assert re.search(r'<textarea name="body"[^>]*id="id_body"', html)
    assert "&lt;p&gt;正文&lt;/p&gt;</textarea>" in html
    assert 'data-upload-url="/office/portal/articles/1/images/"' in html
    assert "uploadImage" in html and 'data-clean-url="/office/richtext/clean/"' in html
    assert "<noscript>" in html
    plain = RichTextWidget(upload_hint="保存后可上传").render("body", "", attrs={"id": "b"})
    assert "uploadImage" not in plain and "保存后可上传" in plain
    media = str(widget.media)
    for path in re.findall(r'(?:src|href)="/static/([^"]+)"', media):
        assert finders.find(path), path  # every asset is served by the project
    assert "http" not in media.replace('"/static/', "")


@pytest.mark.django_db
def test_clean_endpoint_is_for_staff_with_csrf(gov):
    staff = staff_with_role(RoleCode.WEB_EDITOR, gov)
    url = "/office/richtext/clean/"
    anonymous = Client().post(url, {"html": "<p>x</p>"})
    assert anonymous.status_code == 302 and "/office/login/" in anonymous["Location"]
    citizen = Client()
    citizen.force_login(CitizenFactory())
    assert citizen.post(url, {"html": "<p>x</p>"}).status_code == 403

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    assert client.post(url, {"html": "<p>x</p>"}).status_code == 403  # no CSRF token
    client.get("/office/")
    token = client.cookies["csrftoken"].value
    response = client.post(url, {"html": WORD}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    answer = json.loads(response.content)
    assert answer["errno"] == 0 and answer["data"]["html"] == clean_html(WORD)
    assert client.get(url).status_code == 405
    too_long = client.post(url, {"html": "x" * 2_000_001}, HTTP_X_CSRFTOKEN=token)
    assert too_long.status_code == 413 and json.loads(too_long.content)["errno"] == 1
