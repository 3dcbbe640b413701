"""Article attachments and images: checked by content, safe names, re-encoded images with alt
text, published under the site root with the article and removed when it is withdrawn."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from platform_core.constants import RoleCode
from portal.constants import ArticleStatus
from portal.forms.articles import ArticleForm
from portal.models import Article, ArticleAttachment, Channel
from portal.publishing import engine as publishing
from portal.publishing.engine import ArticleChange
from portal.services import articles as services
from tests.factories import CitizenFactory, staff_with_role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def jpeg_with_exif(width=2400, height=1200) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0110] = "Model-X1"  # Model
    buf = io.BytesIO()
    image.save(buf, "JPEG", exif=exif.tobytes(), quality=90)
    return buf.getvalue()


def png_bytes(width=300, height=200) -> bytes:
    buf = io.BytesIO()
    Image.new("RGBA", (width, height), (0, 90, 200, 255)).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def draft(site, editor_a):
    return services.article_create(
        by=editor_a, channel=site["zwyw"], title="县政府召开防汛工作会议", body="<p>防汛</p>"
    )


def upload(client, article, name, content, **data):
    return client.post(
        f"/office/portal/articles/{article.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content), **data},
    )


def test_wrong_type_behind_right_extension_is_refused(client, draft, editor_a):
    client.force_login(editor_a)
    html = upload(client, draft, "通知.pdf", b"<html><script>alert(1)</script></html>")
    text = html.content.decode()
    assert html.status_code == 200
    assert "的类型不允许上传" in text
    # An image renamed .pdf: the content decides, and it does not match the name.
    text = upload(client, draft, "通知.pdf", png_bytes()).content.decode()
    assert "内容与扩展名不符（实际为 PNG 文件）" in text
    # A renamed executable behind .docx (a zip without [Content_Types].xml is not Word).
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("evil.exe", b"MZ" + b"\0" * 100)
    text = upload(client, draft, "报告.docx", buf.getvalue()).content.decode()
    assert "内容与扩展名不符（实际为 ZIP 文件）" in text
    assert not ArticleAttachment.objects.exists()


def test_oversized_file_is_refused(client, draft, editor_a, settings):
    settings.PORTAL_UPLOAD_MAX_BYTES = 1024 * 1024
    client.force_login(editor_a)
    text = upload(client, draft, "大文件.pdf", PDF + b"0" * (1024 * 1024)).content.decode()
    assert "超过大小限制（最大 1 MB）" in text
    assert not ArticleAttachment.objects.exists()


def test_path_traversal_name_is_refused_and_stored_names_are_generated(client, draft, editor_a):
    client.force_login(editor_a)
    # Names that still try after Django's own basename step are refused...
    for name in ("..passwd.pdf", "a:b.pdf", "报告..pdf"):
        text = upload(client, draft, name, PDF).content.decode()
        assert "文件名不合法" in text, name
    assert not ArticleAttachment.objects.exists()
    # ... and a path in the name never reaches the disk: the stored name is generated.
    assert upload(client, draft, "..\\..\\etc\\passwd.pdf", PDF).status_code == 302
    assert ArticleAttachment.objects.get().original_name == "passwd.pdf"
    response = upload(client, draft, "会议 纪要（2026）.pdf", PDF, title="会议纪要")
    assert response.status_code == 302
    attachment = ArticleAttachment.objects.get(title="会议纪要")
    assert attachment.original_name == "会议 纪要（2026）.pdf"
    stored = attachment.file.name
    assert stored.startswith("portal/attachments/") and stored.endswith(".pdf")
    assert "会议" not in stored and ".." not in stored and "passwd" not in stored
    assert attachment.size == len(PDF) and len(attachment.sha256) == 64
    assert attachment.kind == "document" and attachment.file_type == "pdf"


def test_image_is_resized_reencoded_and_exif_stripped(client, draft, editor_a):
    client.force_login(editor_a)
    original = jpeg_with_exif()
    assert b"SecretCam" in original
    response = upload(client, draft, "photo.jpg", original, alt="防汛会议现场", title="会议现场")
    assert response.status_code == 302
    attachment = ArticleAttachment.objects.get()
    assert (attachment.kind, attachment.alt) == ("image", "防汛会议现场")
    assert (attachment.width, attachment.height) == (1600, 800)
    data = default_storage.open(attachment.file.name).read()
    assert b"SecretCam" not in data and b"Exif" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (1600, 800) and image.format == "JPEG"
        assert len(image.getexif()) == 0
    with Image.open(default_storage.open(attachment.thumbnail.name)) as thumb:
        assert thumb.size == (480, 240)
    assert attachment.size == len(data)
    # A small PNG keeps its size; a GIF is stored as a PNG still.
    buf = io.BytesIO()
    Image.new("P", (120, 80)).save(buf, "GIF")
    assert upload(client, draft, "动图.gif", buf.getvalue(), alt="示意图").status_code == 302
    gif = ArticleAttachment.objects.get(original_name="动图.gif")
    assert gif.file.name.endswith(".png") and (gif.width, gif.height) == (120, 80)


def test_alt_text_required_for_images(client, draft, editor_a):
    client.force_login(editor_a)
    response = upload(client, draft, "photo.png", png_bytes(), alt="  ")
    assert response.status_code == 200
    assert "上传图片必须填写图片说明（替代文本）" in response.content.decode()
    assert not ArticleAttachment.objects.exists()
    # The service refuses it as well, and the database would too.
    with pytest.raises(Exception, match="图片说明"):
        from portal.services import media

        media.attachment_add(
            article=draft,
            by=editor_a,
            upload=SimpleUploadedFile("photo.png", png_bytes()),
        )


def test_permissions(client, draft, editor_a, editor_b, reviewer_a, dept_b):
    url = f"/office/portal/articles/{draft.pk}/attachments/"
    client.force_login(CitizenFactory())
    assert client.get(url).status_code == 403
    client.force_login(editor_b)  # another unit's editor does not see the article
    assert client.get(url).status_code == 404
    assert upload(client, draft, "a.pdf", PDF).status_code == 404
    client.force_login(reviewer_a)  # sees the article, but may not edit it
    assert client.get(url).status_code == 403
    client.force_login(staff_with_role(RoleCode.SECTION_HEAD, dept_b))
    assert client.get(url).status_code == 404
    client.force_login(editor_a)
    page = client.get(url)
    assert page.status_code == 200 and "上传附件或图片" in page.content.decode()
    detail = client.get(f"/office/portal/articles/{draft.pk}/").content.decode()
    assert url in detail
    assert not ArticleAttachment.objects.exists()


def test_delete_and_no_change_once_published(client, site, draft, editor_a, reviewer_a):
    client.force_login(editor_a)
    upload(client, draft, "a.pdf", PDF, title="附件一")
    attachment = ArticleAttachment.objects.get()
    name = attachment.file.name
    assert default_storage.exists(name)
    response = client.post(
        f"/office/portal/articles/{draft.pk}/attachments/{attachment.pk}/delete/"
    )
    assert response.status_code == 302
    assert not ArticleAttachment.objects.exists()
    deleted = ArticleAttachment.history.filter(history_type="-").get()
    assert deleted.history_user == editor_a and deleted.title == "附件一"

    upload(client, draft, "b.pdf", PDF, title="附件二")
    services.article_submit(article=draft, by=editor_a)
    services.article_approve(article=Article.objects.get(pk=draft.pk), by=reviewer_a)
    client.force_login(editor_a)
    response = upload(client, draft, "c.pdf", PDF)
    assert response.status_code == 302
    assert ArticleAttachment.objects.count() == 1
    kept = ArticleAttachment.objects.get()
    client.post(f"/office/portal/articles/{draft.pk}/attachments/{kept.pk}/delete/")
    assert ArticleAttachment.objects.filter(pk=kept.pk).exists()
    page = client.get(f"/office/portal/articles/{draft.pk}/attachments/").content.decode()
    assert "已发布的稿件请先撤稿" in page


def test_attachments_published_with_article_and_removed_on_withdrawal(
    client, site, draft, editor_a, reviewer_a, publish_root
):
    client.force_login(editor_a)
    upload(client, draft, "现场.jpg", jpeg_with_exif(800, 600), alt="会议现场照片", title="现场")
    upload(client, draft, "会议纪要.pdf", PDF, title="会议纪要")
    image, document = ArticleAttachment.objects.order_by("pk")
    services.article_submit(article=draft, by=editor_a)
    article = services.article_approve(article=Article.objects.get(pk=draft.pk), by=reviewer_a)
    publishing.publish_change(ArticleChange(article_id=article.pk))

    page = (publish_root / article.url.lstrip("/")).read_text()
    assert f'src="{image.thumbnail_url}"' in page and 'alt="会议现场照片"' in page
    assert f'href="{document.url}"' in page and "会议纪要</a>（PDF，" in page
    for rel in (*image.published_paths(), *document.published_paths()):
        assert (publish_root / rel).read_bytes() == default_storage.open(rel[6:]).read()
    # Development server: the same file under /files/; a document is a download.
    response = client.get(document.url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == "attachment"
    assert client.get("/files/portal/attachments/../../../etc/passwd").status_code == 404

    services.article_withdraw(article=article, by=editor_a, reason="内容需更新")
    publishing.publish_change(ArticleChange(article_id=article.pk, old_path=article.url[1:]))
    for rel in (*image.published_paths(), *document.published_paths()):
        assert not (publish_root / rel).exists()
    # Gone from the public site; its editor still sees the withdrawn draft's files.
    assert client.get(document.url).status_code == 200
    client.logout()
    assert client.get(document.url).status_code == 404


def _article_form(article, data, files, editor):
    from portal.selectors import access

    return ArticleForm(
        data,
        files,
        instance=article,
        channels=access.channels_editable_by(editor),
        policies=Article.objects.none(),
    )


def test_cover_checked_reencoded_and_alt_required(site, draft, editor_a):
    data = {"channel": site["zwyw"].pk, "title": draft.title, "body": "<p>防汛</p>"}
    fake = SimpleUploadedFile("cover.jpg", b"GIF89a" + b"\0" * 64)  # not a decodable image
    form = _article_form(draft, data, {"cover": fake}, editor_a)
    assert not form.is_valid() and "cover" in form.errors
    form = _article_form(
        draft, data, {"cover": SimpleUploadedFile("c.jpg", jpeg_with_exif())}, editor_a
    )
    assert not form.is_valid()
    assert "有封面图片时必须填写封面图片说明" in form.errors["cover_alt"][0]
    form = _article_form(
        draft,
        {**data, "cover_alt": "防汛会议"},
        {"cover": SimpleUploadedFile("../封面.jpg", jpeg_with_exif())},
        editor_a,
    )
    assert form.is_valid(), form.errors
    fields = dict(form.cleaned_data)
    fields.pop("interprets")
    article = services.article_update(article=draft, by=editor_a, **fields)
    assert article.cover.name.startswith("portal/covers/") and "封面" not in article.cover.name
    with Image.open(default_storage.open(article.cover.name)) as cover:
        assert cover.size == (1600, 800) and len(cover.getexif()) == 0
    assert article.image_url == f"/files/{article.cover.name}"
    assert Channel.objects.filter(pk=site["zwyw"].pk).exists()
    assert article.status == ArticleStatus.DRAFT


# --- the rich-text editor's image upload and a draft's images --------------------------------


def editor_upload(client, article, name, content, alt="防汛会议现场"):
    return client.post(
        f"/office/portal/articles/{article.pk}/images/",
        {"file": SimpleUploadedFile(name, content), "alt": alt},
    )


def test_editor_image_upload_stores_an_image_attachment(client, draft, editor_a):
    client.force_login(editor_a)
    response = editor_upload(client, draft, "现场.png", png_bytes())
    assert response.status_code == 200
    answer = response.json()
    attachment = ArticleAttachment.objects.get()
    assert answer == {"errno": 0, "data": {"url": attachment.url, "alt": "防汛会议现场"}}
    assert attachment.is_image and attachment.article == draft
    assert attachment.url.startswith("/files/portal/attachments/")


def test_editor_image_upload_refuses_bad_input(client, draft, editor_a, settings):
    client.force_login(editor_a)
    for name, content, alt, message in [
        ("通知.pdf", PDF, "说明", "的类型不允许上传"),  # documents go to 附件, not the body
        ("现场.png", png_bytes(), "", "必须填写图片说明"),
        ("..现场.png", png_bytes(), "说明", "文件名不合法"),
        ("现场.png", b"<svg onload=alert(1)>", "说明", ""),
    ]:
        response = editor_upload(client, draft, name, content, alt=alt)
        assert response.status_code == 400, name
        assert response.json()["errno"] == 1 and message in response.json()["message"], name
    settings.PORTAL_UPLOAD_MAX_BYTES = 1024
    assert editor_upload(client, draft, "大.png", png_bytes(600, 600)).status_code == 400
    assert client.post(f"/office/portal/articles/{draft.pk}/images/", {}).status_code == 400
    assert not ArticleAttachment.objects.exists()


def test_editor_image_upload_checks_permission(client, draft, site, editor_b, reviewer_a):
    client.force_login(editor_b)  # another department's editor: cannot see the draft
    assert editor_upload(client, draft, "现场.png", png_bytes()).status_code == 404
    client.force_login(reviewer_a)  # the reviewer sees it but may not change it
    response = editor_upload(client, draft, "现场.png", png_bytes())
    assert response.status_code == 403 and response.json()["errno"] == 1
    assert not ArticleAttachment.objects.exists()


def test_a_drafts_image_is_served_only_to_staff_who_see_the_draft(
    client, draft, editor_a, editor_b, publish_root
):
    client.force_login(editor_a)
    url = editor_upload(client, draft, "现场.png", png_bytes()).json()["data"]["url"]
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(editor_b)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get("/files/portal/attachments/2026/12/nothere.png").status_code == 404
