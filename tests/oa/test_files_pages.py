"""File centre and public libraries over HTTP: uploads with their errors shown in Chinese,
streamed downloads, the quota on the page, and list pages whose query count does not grow."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import FileResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from oa.models import Cabinet, FileEntry, Law, Level, Periodical, PeriodicalIssue
from oa.samples import sample_docx
from oa.services import files as services
from oa.services import resources as res_services
from platform_core.constants import RoleCode
from tests.factories import staff_with_role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def head(dept_a):
    return staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="刘芳")


@pytest.fixture
def writer(dept_a):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="周敏")


@pytest.fixture
def editor(dept_a):
    return staff_with_role(RoleCode.WEB_EDITOR, dept_a, name="陈静")


@pytest.fixture
def cabinet(dept_a, head, writer):
    cabinet = services.department_cabinet_ensure(unit=dept_a, by=head)
    services.grant_add(cabinet=cabinet, by=head, level=Level.WRITE, user=writer)
    return cabinet


def _pdf(name="通知.pdf", extra=b""):
    return SimpleUploadedFile(name, PDF + extra, "application/pdf")


def test_home_shows_quota_and_creates_cabinets(client, writer, dept_a):
    client.force_login(writer)
    response = client.get(reverse("oa:files"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "个人文件柜" in page and "已用" in page
    assert Cabinet.objects.filter(unit=dept_a).exists()
    assert Cabinet.objects.filter(owner=writer).exists()


def test_upload_page_errors_are_chinese(client, writer, cabinet):
    client.force_login(writer)
    url = reverse("oa:files_upload", args=[cabinet.pk])
    bad = SimpleUploadedFile("程序.exe", b"MZ" + b"\x00" * 100, "application/octet-stream")
    response = client.post(url, {"file": bad}, follow=True)
    assert "类型不允许上传" in response.content.decode()
    Cabinet.objects.filter(pk=cabinet.pk).update(quota_bytes=10)
    response = client.post(url, {"file": _pdf()}, follow=True)
    assert "文件柜空间不足" in response.content.decode()
    assert not FileEntry.objects.exists()


def test_upload_and_streamed_download(client, writer, cabinet):
    client.force_login(writer)
    response = client.post(reverse("oa:files_upload", args=[cabinet.pk]), {"file": _pdf()})
    assert response.status_code == 302
    entry = FileEntry.objects.get()
    response = client.get(reverse("oa:files_download", args=[entry.pk]))
    assert isinstance(response, FileResponse) and response.streaming
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"


def test_bad_folder_in_upload_is_not_found(client, writer, cabinet, dept_b):
    other = services.department_cabinet_ensure(unit=dept_b)
    head_b = staff_with_role(RoleCode.SECTION_HEAD, dept_b)
    folder = services.folder_create(cabinet=other, parent=None, name="乙局资料", by=head_b)
    client.force_login(writer)
    response = client.post(
        reverse("oa:files_upload", args=[cabinet.pk]), {"file": _pdf(), "folder": folder.pk}
    )
    assert response.status_code == 404


def test_folder_listing_query_count_is_constant(client, writer, cabinet):
    client.force_login(writer)
    url = reverse("oa:files_cabinet", args=[cabinet.pk])
    services.file_upload(cabinet=cabinet, folder=None, upload=_pdf("文件0.pdf"), by=writer)
    services.folder_create(cabinet=cabinet, parent=None, name="夹0", by=writer)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(1, 8):
        services.file_upload(
            cabinet=cabinet, folder=None, upload=_pdf(f"文件{n}.pdf", b"%" + bytes([n])), by=writer
        )
        services.folder_create(cabinet=cabinet, parent=None, name=f"夹{n}", by=writer)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("文件7.pdf") >= 1
    assert len(many) == len(few)


def test_search_and_bin_query_counts_are_constant(client, writer, cabinet):
    client.force_login(writer)
    search = reverse("oa:files_search") + "?q=报告"
    bin_url = reverse("oa:files_bin", args=[cabinet.pk])

    def add(n):
        entry = services.file_upload(
            cabinet=cabinet, folder=None, upload=_pdf(f"报告{n}.pdf", b"%" + bytes([n])), by=writer
        )
        other = services.file_upload(
            cabinet=cabinet, folder=None, upload=_pdf(f"旧稿{n}.pdf", b"%%" + bytes([n])), by=writer
        )
        services.file_delete(entry=other, by=writer)
        return entry

    add(0)
    client.get(search)
    client.get(bin_url)
    with CaptureQueriesContext(connection) as few_search:
        client.get(search)
    with CaptureQueriesContext(connection) as few_bin:
        client.get(bin_url)
    for n in range(1, 7):
        add(n)
    with CaptureQueriesContext(connection) as many_search:
        response = client.get(search)
    assert "报告6.pdf" in response.content.decode()
    with CaptureQueriesContext(connection) as many_bin:
        response = client.get(bin_url)
    assert "旧稿6.pdf" in response.content.decode()
    assert len(many_search) == len(few_search)
    assert len(many_bin) == len(few_bin)


def test_share_page_grants_a_person_of_another_unit(client, head, cabinet, dept_b):
    outsider = staff_with_role(RoleCode.WINDOW_CLERK, dept_b, name="邓丽", username="dengli")
    entry = services.file_upload(cabinet=cabinet, folder=None, upload=_pdf(), by=head)
    client.force_login(head)
    url = reverse("oa:files_entry_share", args=[entry.pk])
    response = client.post(url, {"level": Level.READ, "person": "dengli"})
    assert response.status_code == 302
    client.force_login(outsider)
    assert client.get(reverse("oa:files_entry", args=[entry.pk])).status_code == 200
    assert client.get(reverse("oa:files_cabinet", args=[cabinet.pk])).status_code == 404
    shared = client.get(reverse("oa:files_shared")).content.decode()
    assert "通知.pdf" in shared


# --- Public libraries -----------------------------------------------------------------------------


def _law(editor, n=0, **kw):
    fields = {
        "title": f"中华人民共和国政府信息公开条例{n}",
        "level": "admin_regulation",
        "issuing_body": "国务院",
        "doc_number": "国务院令第711号",
        "promulgated_on": datetime.date(2019, 4, 3),
        "effective_on": datetime.date(2019, 5, 15),
        "body": "为了保障公民、法人和其他组织依法获取政府信息，提高政府工作的透明度。",
    }
    fields.update(kw)
    return res_services.entry_save(instance=Law(**fields), by=editor)


def test_only_editors_edit_libraries(writer, editor):
    with pytest.raises(Exception) as exc:
        _law(writer)
    assert exc.type.__name__ == "PermissionDenied"
    law = _law(editor)
    assert law.created_by == editor
    assert law.history.count() == 1 and law.history.first().history_user == editor


def test_library_search_in_chinese_including_attachment_text(client, writer, editor):
    law = _law(editor, title="中华人民共和国政府信息公开条例")
    _law(editor, n=2, title="湖南省实施办法", body="其他内容", validity="repealed")
    docx_bytes = sample_docx("释义", ["依申请公开的答复期限为二十个工作日。"])
    res_services.file_attach(
        instance=law,
        upload=SimpleUploadedFile("释义.docx", docx_bytes, "application/octet-stream"),
        by=editor,
    )
    client.force_login(writer)
    url = reverse("oa:resource_list", args=["laws"])
    page = client.get(url, {"q": "透明度"}).content.decode()
    assert "政府信息公开条例" in page and "湖南省实施办法" not in page
    page = client.get(url, {"q": "二十个工作日"}).content.decode()
    assert "政府信息公开条例" in page
    page = client.get(url, {"validity": "repealed"}).content.decode()
    assert "湖南省实施办法" in page and "政府信息公开条例" not in page


def test_linking_a_file_centre_file(client, editor, cabinet, writer):
    entry = services.file_upload(cabinet=cabinet, folder=None, upload=_pdf("汇编.pdf"), by=writer)
    law = _law(editor)
    client.force_login(editor)
    response = client.post(reverse("oa:resource_link", args=["laws", law.pk]), {"entry": entry.pk})
    assert response.status_code == 302
    linked = law.files.get()
    assert linked.blob_id == entry.current.blob_id and linked.source_entry == entry
    # Every staff member may now download it from the library.
    client.force_login(writer)
    response = client.get(reverse("oa:resource_file", args=["laws", law.pk, linked.pk]))
    assert b"".join(response.streaming_content) == PDF


def test_library_list_query_count_is_constant(client, writer, editor):
    periodical = Periodical.objects.create(
        name="蓝山政务信息", kind="brief", publisher="县政府办公室"
    )

    def issue(n):
        res_services.entry_save(
            instance=PeriodicalIssue(
                periodical=periodical,
                year=2026,
                number=n,
                total_number=100 + n,
                title=f"第{n}期要目",
                published_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
            ),
            by=editor,
        )

    issue(1)
    client.force_login(writer)
    url = reverse("oa:resource_list", args=["periodicals"])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(2, 9):
        issue(n)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert "总第108期" in response.content.decode()
    assert len(many) == len(few)


def test_expired_bulletins_hidden_from_readers(client, writer, editor):
    from oa.models import BulletinPost

    today = datetime.date.today()
    for title, expires in (("停水通知", today - datetime.timedelta(days=1)), ("体检安排", None)):
        res_services.entry_save(
            instance=BulletinPost(title=title, body="内容", expires_on=expires), by=editor
        )
    client.force_login(writer)
    page = client.get(reverse("oa:resource_list", args=["bulletins"])).content.decode()
    assert "体检安排" in page and "停水通知" not in page


def test_unknown_library_is_not_found(client, writer):
    client.force_login(writer)
    assert client.get(reverse("oa:resource_list", args=["nothing"])).status_code == 404


def test_breadcrumbs_link_only_where_the_reader_may_go(client, head, cabinet, dept_b):
    outsider = staff_with_role(RoleCode.WINDOW_CLERK, dept_b, name="邓丽")
    top = services.folder_create(cabinet=cabinet, parent=None, name="上级资料", by=head)
    shared = services.folder_create(cabinet=cabinet, parent=top, name="共享资料", by=head)
    entry = services.file_upload(cabinet=cabinet, folder=shared, upload=_pdf(), by=head)
    services.grant_add(cabinet=cabinet, folder=shared, by=head, level=Level.READ, user=outsider)
    client.force_login(outsider)
    page = client.get(reverse("oa:files_entry", args=[entry.pk])).content.decode()
    assert reverse("oa:files_folder", args=[shared.pk]) in page
    assert reverse("oa:files_folder", args=[top.pk]) not in page
    assert reverse("oa:files_cabinet", args=[cabinet.pk]) not in page
    assert client.get(reverse("oa:files_folder", args=[top.pk])).status_code == 404
