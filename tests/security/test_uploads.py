"""Uploads: wrong types behind right extensions, oversized files, path-traversal names, zip bombs.

First the checker itself (platform_core/dynforms/files.py), then the public apply form of the
service hall, which takes a PDF through a dynamic-form file field: a refused file leaves no row
and no file on disk, and the person gets a clear Chinese message.
"""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from approval.models import Application
from approval.services import items as item_services
from platform_core.constants import RoleCode
from platform_core.dynforms import files
from platform_core.models import SubmissionFile
from tests.approval.conftest import build_form, build_item, build_route
from tests.factories import staff_with_role

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120
HTML = b"<html><script>alert(1)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
CONTENT_TYPES_DOCX = (
    b'<?xml version="1.0"?><Types><Override ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def _upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _code(exc_info) -> str:
    return exc_info.value.code


@pytest.mark.parametrize(
    ("name", "content", "allowed", "code"),
    [
        ("营业执照.pdf", PNG, ["pdf", "png"], "file_mismatch"),  # a PNG renamed .pdf
        ("营业执照.pdf", HTML, ["pdf"], "file_type"),  # HTML with a script, called .pdf
        ("营业执照.pdf", EXE, ["pdf"], "file_type"),  # a Windows program
        ("申请书.docx", EXE, ["docx"], "file_type"),
        ("申请书.docx", _zip({"evil.exe": EXE}), ["docx"], "file_type"),  # a zip, not a docx
        ("照片.png", SVG, ["png"], "file_type"),  # SVG can carry script: never accepted
        ("照片.jpg", PDF, ["jpeg"], "file_type"),
        ("说明.txt", EXE, ["txt"], "file_type"),
    ],
)
def test_wrong_type_behind_a_right_extension_is_refused(name, content, allowed, code):
    with pytest.raises(ValidationError) as exc_info:
        files.check_upload(_upload(name, content), allowed, 5 * 1024 * 1024)
    assert _code(exc_info) == code


@pytest.mark.parametrize(
    "name",
    [
        "..%2F..%2Fetc%2Fpasswd.pdf",
        "..\\..\\windows\\win.ini.pdf",
        "..pdf",
        ".htaccess.pdf",
        "a\x00.pdf",
        "报告\r\n.pdf",
        "C:report.pdf",
        "report<script>.pdf",
        "a" * 250 + ".pdf",
        "无扩展名",
    ],
)
def test_path_traversal_and_hostile_names_are_refused(name):
    upload = _upload("x.pdf", PDF)
    upload.name = name  # UploadedFile strips "a/b/" itself; everything else reaches the checker
    with pytest.raises(ValidationError) as exc_info:
        files.check_upload(upload, ["pdf"], 5 * 1024 * 1024)
    assert _code(exc_info) in {"file_name", "file_ext"}


def test_a_slash_path_is_cut_to_its_last_part_before_any_check():
    upload = _upload("x.pdf", PDF)
    upload.name = "../../etc/passwd.pdf"
    assert files.check_upload(upload, ["pdf"], 1 << 20) == ("pdf", "passwd.pdf")


def test_oversized_file_is_refused_before_it_is_read():
    upload = _upload("大文件.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError) as exc_info:
        files.check_upload(upload, ["pdf"], 1024 * 1024)
    assert _code(exc_info) == "file_size"
    assert "1 MB" in exc_info.value.messages[0]


def _docx_bomb() -> bytes:
    # 300 MB of zeros in the manifest: a few hundred KB on the wire.
    return _zip({"[Content_Types].xml": CONTENT_TYPES_DOCX + b" " * (300 * 1024 * 1024)})


def test_a_zip_bomb_named_docx_is_refused_without_expanding_it():
    bomb = _docx_bomb()
    assert len(bomb) < 1024 * 1024
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ValidationError) as exc_info:
            files.check_upload(_upload("申请书.docx", bomb), ["docx", "xlsx", "ofd"], 10 << 20)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert _code(exc_info) == "file_type"
    assert peak < 20 * 1024 * 1024, f"the checker expanded the archive ({peak} bytes)"
    assert time.monotonic() - started < 2


def test_many_small_entries_expanding_hugely_are_refused():
    # 42.zip style: many entries, each small compressed but large expanded, in an OFD.
    entries = {"OFD.xml": b"<ofd:OFD/>"}
    entries.update({f"Doc_0/Res/{n}.bin": b"\x00" * (5 * 1024 * 1024) for n in range(50)})
    bomb = _zip(entries)
    with pytest.raises(ValidationError):
        files.check_upload(_upload("公文.ofd", bomb), ["ofd"], 10 << 20)


def test_real_office_files_still_pass():
    docx = _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES_DOCX,
            "word/document.xml": "<w:document>申请书正文</w:document>".encode() * 200,
        }
    )
    assert files.check_upload(_upload("申请书.docx", docx), ["docx"], 10 << 20)[0] == "docx"
    ofd = _zip({"OFD.xml": b"<ofd:OFD/>", "Doc_0/Document.xml": b"<ofd:Document/>" * 50})
    assert files.check_upload(_upload("公文.ofd", ofd), ["ofd"], 10 << 20)[0] == "ofd"


# --- Through the service hall's apply form (a PDF field, 5 MB) ---------------------------------


@pytest.fixture
def item(gov, dept_a):
    admin = staff_with_role(RoleCode.SYSTEM_ADMIN, gov)
    build_form(admin)
    build_route(admin)
    return item_services.item_publish(item=build_item(admin, dept_a), by=admin)


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _apply(client, item, upload):
    data = {"company": "蓝山县好味餐饮店", "address": "城关镇1号", "plan": upload}
    return client.post(f"/service/items/{item.code}/apply/", data)


def _stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("平面图.pdf", PNG, "类型不允许上传"),
        ("平面图.png", PNG, "类型不允许上传"),
        ("平面图.pdf", HTML, "类型不允许上传"),
        ("平面图.pdf", _zip({"a.txt": b"x"}), "类型不允许上传"),
        ("平面图.pdf", PDF + b"0" * (5 * 1024 * 1024 + 1), "超过大小限制"),
        ("..平面图.pdf", PDF, "文件名不合法"),
    ],
)
def test_apply_form_refuses_bad_uploads_and_saves_nothing(
    client, item, citizen, media, name, content, message
):
    client.force_login(citizen)
    response = _apply(client, item, SimpleUploadedFile(name, content, "application/pdf"))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Application.objects.filter(applicant=citizen).exclude(submission=None).exists()
    assert not SubmissionFile.objects.exists()
    assert _stored_files(media) == []


@pytest.mark.django_db
def test_apply_form_stores_a_good_pdf_under_a_random_name(client, item, citizen, media):
    client.force_login(citizen)
    response = _apply(client, item, SimpleUploadedFile("../../平面图.pdf", PDF, "image/png"))
    assert response.status_code == 302
    stored = SubmissionFile.objects.get()
    # Django strips the directory part; the disk name never comes from the user.
    assert stored.original_name == "平面图.pdf"
    assert stored.kind == "pdf"
    assert ".." not in stored.file.name and "平面图" not in stored.file.name
    on_disk = _stored_files(media)
    assert len(on_disk) == 1 and on_disk[0].is_relative_to(media)
    assert on_disk[0].read_bytes() == PDF
