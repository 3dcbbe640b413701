"""File centre rules at the service level: cabinets and grants, quotas, versions, move and rename,
the recycle bin, content-addressed storage, search by extracted text, and bad uploads."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from oa.models import Blob, Cabinet, FileEntry, FileVersion, Level
from oa.samples import sample_docx, sample_pdf
from oa.selectors import files as sel
from oa.services import files as services
from platform_core.constants import RoleCode
from tests.factories import role, staff_with_role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name="工作方案.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def head(dept_a):
    return staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="刘芳")


@pytest.fixture
def reader(dept_a):
    return staff_with_role(RoleCode.WINDOW_CLERK, dept_a, name="王强")


@pytest.fixture
def writer(dept_a):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="周敏")


@pytest.fixture
def outsider(dept_b):
    return staff_with_role(RoleCode.WINDOW_CLERK, dept_b, name="邓丽")


@pytest.fixture
def stranger(dept_b):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_b, name="钟华")


@pytest.fixture
def cabinet(dept_a, head, writer):
    cabinet = services.department_cabinet_ensure(unit=dept_a, by=head)
    services.grant_add(cabinet=cabinet, by=head, level=Level.WRITE, user=writer)
    return cabinet


def test_department_cabinet_levels(cabinet, head, reader, writer, outsider, stranger, dept_b):
    assert sel.cabinet_level(head, cabinet) == Level.MANAGE
    assert sel.cabinet_level(writer, cabinet) == Level.WRITE
    assert sel.cabinet_level(reader, cabinet) == Level.READ
    assert sel.cabinet_level(outsider, cabinet) == 0
    services.grant_add(cabinet=cabinet, by=head, level=Level.READ, user=outsider)
    assert sel.cabinet_level(outsider, cabinet) == Level.READ
    assert sel.cabinet_level(stranger, cabinet) == 0
    # A role within another unit: the review clerks of department B.
    services.grant_add(
        cabinet=cabinet, by=head, level=Level.READ, unit=dept_b, role=role(RoleCode.REVIEW_CLERK)
    )
    assert sel.cabinet_level(stranger, cabinet) == Level.READ
    assert cabinet in sel.department_cabinets(stranger)


def test_only_managers_share(cabinet, writer, outsider):
    with pytest.raises(PermissionDenied):
        services.grant_add(cabinet=cabinet, by=writer, level=Level.READ, user=outsider)


def test_personal_cabinet_is_private(writer, head):
    mine = services.personal_cabinet_ensure(user=writer)
    assert mine.quota_bytes > 0
    services.file_upload(cabinet=mine, folder=None, upload=upload(), by=writer)
    assert sel.cabinet_level(writer, mine) == Level.MANAGE
    assert sel.cabinet_level(head, mine) == 0
    with pytest.raises(PermissionDenied):
        services.file_upload(cabinet=mine, folder=None, upload=upload("x.pdf"), by=head)
    with pytest.raises(ValidationError):
        services.grant_add(cabinet=mine, by=writer, level=Level.READ, user=head)
    assert not sel.search_files(head, "工作方案").exists()
    assert sel.search_files(writer, "工作方案").count() == 1


def test_reader_cannot_write(cabinet, reader):
    with pytest.raises(PermissionDenied):
        services.file_upload(cabinet=cabinet, folder=None, upload=upload(), by=reader)
    with pytest.raises(PermissionDenied):
        services.folder_create(cabinet=cabinet, parent=None, name="资料", by=reader)


def test_file_share_to_one_outsider(cabinet, writer, head, outsider, stranger):
    entry = services.file_upload(cabinet=cabinet, folder=None, upload=upload(), by=writer)
    services.grant_add(cabinet=cabinet, entry=entry, by=head, level=Level.READ, user=outsider)
    assert sel.entry_level(outsider, entry) == Level.READ
    assert sel.cabinet_level(outsider, cabinet) == 0
    assert sel.entry_level(stranger, entry) == 0
    assert entry in sel.shared_with_me(outsider)[1]
    assert list(sel.search_files(outsider, "工作方案")) == [entry]
    assert not sel.search_files(stranger, "工作方案").exists()


def test_folder_grant_covers_subfolders(cabinet, writer, head, outsider):
    top = services.folder_create(cabinet=cabinet, parent=None, name="项目资料", by=writer)
    sub = services.folder_create(cabinet=cabinet, parent=top, name="2026年", by=writer)
    entry = services.file_upload(cabinet=cabinet, folder=sub, upload=upload(), by=writer)
    services.grant_add(cabinet=cabinet, folder=top, by=head, level=Level.WRITE, user=outsider)
    assert sel.folder_level(outsider, sub) == Level.WRITE
    assert sel.entry_level(outsider, entry) == Level.WRITE
    assert sel.search_files(outsider, "工作方案").count() == 1
    # Write on the folder does not reach the rest of the cabinet.
    with pytest.raises(PermissionDenied):
        services.file_upload(cabinet=cabinet, folder=None, upload=upload("x.pdf"), by=outsider)


def test_quota_enforced_with_a_clear_message(cabinet, writer):
    Cabinet.objects.filter(pk=cabinet.pk).update(quota_bytes=len(PDF) + 10)
    cabinet.refresh_from_db()
    services.file_upload(cabinet=cabinet, folder=None, upload=upload(), by=writer)
    with pytest.raises(ValidationError) as exc:
        services.file_upload(cabinet=cabinet, folder=None, upload=upload("第二份.pdf"), by=writer)
    assert exc.value.code == "quota"
    assert "文件柜空间不足" in exc.value.messages[0]
    cabinet.refresh_from_db()
    assert cabinet.used_bytes == len(PDF)
    assert FileEntry.objects.filter(cabinet=cabinet).count() == 1


def test_personal_quota(writer, settings):
    settings.OA_FILES_PERSON_QUOTA_MB = 0
    mine = services.personal_cabinet_ensure(user=writer)
    with pytest.raises(ValidationError) as exc:
        services.file_upload(cabinet=mine, folder=None, upload=upload(), by=writer)
    assert exc.value.code == "quota"


def test_versions_and_restore(cabinet, writer):
    entry = services.file_upload(cabinet=cabinet, folder=None, upload=upload(), by=writer)
    second = PDF + b"% v2\n"
    services.file_upload(
        cabinet=cabinet, folder=None, upload=upload(content=second), by=writer, note="修改稿"
    )
    entry.refresh_from_db()
    assert entry.versions.count() == 2
    assert entry.current.number == 2 and entry.size == len(second)
    services.version_restore(entry=entry, number=1, by=writer)
    entry.refresh_from_db()
    assert entry.current.number == 3
    assert entry.current.blob_id == entry.versions.get(number=1).blob_id
    cabinet.refresh_from_db()
    assert cabinet.used_bytes == 2 * len(PDF) + len(second)
    assert Blob.objects.count() == 2


def test_identical_content_is_stored_once(cabinet, writer, tmp_path):
    services.file_upload(cabinet=cabinet, folder=None, upload=upload("甲.pdf"), by=writer)
    services.file_upload(cabinet=cabinet, folder=None, upload=upload("乙.pdf"), by=writer)
    mine = services.personal_cabinet_ensure(user=writer)
    services.file_upload(cabinet=mine, folder=None, upload=upload("丙.pdf"), by=writer)
    assert FileVersion.objects.count() == 3
    assert Blob.objects.count() == 1
    stored = list((tmp_path / "media" / "oa" / "files").rglob("*"))
    assert len([p for p in stored if p.is_file()]) == 1


def test_rename_and_move(cabinet, writer):
    a = services.folder_create(cabinet=cabinet, parent=None, name="甲", by=writer)
    b = services.folder_create(cabinet=cabinet, parent=None, name="乙", by=writer)
    child = services.folder_create(cabinet=cabinet, parent=a, name="子", by=writer)
    entry = services.file_upload(cabinet=cabinet, folder=child, upload=upload(), by=writer)
    services.folder_move(folder=a, target=b, by=writer)
    child.refresh_from_db()
    assert child.path == f"/{b.pk}/{a.pk}/{child.pk}/"
    with pytest.raises(ValidationError):
        services.folder_move(folder=b, target=child, by=writer)  # into its own subtree
    services.file_rename(entry=entry, name="实施方案.pdf", by=writer)
    with pytest.raises(ValidationError):
        services.file_rename(entry=entry, name="实施方案.exe", by=writer)
    with pytest.raises(ValidationError):
        services.file_rename(entry=entry, name="../x.pdf", by=writer)
    services.file_move(entry=entry, target=None, by=writer)
    entry.refresh_from_db()
    assert entry.folder is None and entry.name == "实施方案.pdf"
    with pytest.raises(ValidationError):
        services.folder_rename(folder=b, name="../x", by=writer)
    with pytest.raises(ValidationError):
        services.folder_create(cabinet=cabinet, parent=None, name="乙", by=writer)


def test_recycle_bin_restore_and_purge(cabinet, writer, head):
    folder = services.folder_create(cabinet=cabinet, parent=None, name="旧资料", by=writer)
    inner = services.file_upload(cabinet=cabinet, folder=folder, upload=upload(), by=writer)
    services.folder_delete(folder=folder, by=writer)
    inner.refresh_from_db()
    assert inner.in_trash and inner.deleted_at is None
    assert not sel.search_files(writer, "工作方案").exists()
    bin_ = sel.recycle_bin(cabinet)
    assert bin_.folders == [folder] and bin_.files == []
    services.folder_restore(folder=folder, by=writer)
    inner.refresh_from_db()
    assert not inner.in_trash
    services.file_delete(entry=inner, by=writer)
    with pytest.raises(PermissionDenied):
        services.file_purge(entry=inner, by=writer)  # purging needs the manage level
    before = Cabinet.objects.get(pk=cabinet.pk).used_bytes
    services.file_purge(entry=inner, by=head)
    assert not FileEntry.objects.filter(pk=inner.pk).exists()
    assert Cabinet.objects.get(pk=cabinet.pk).used_bytes == before - len(PDF)
    assert not Blob.objects.exists()
    # Purging a folder frees what was in it.
    services.file_upload(cabinet=cabinet, folder=folder, upload=upload(), by=writer)
    services.folder_delete(folder=folder, by=writer)
    services.folder_purge(folder=folder, by=head)
    assert Cabinet.objects.get(pk=cabinet.pk).used_bytes == 0


def test_restore_into_deleted_parent_goes_to_top(cabinet, writer):
    parent = services.folder_create(cabinet=cabinet, parent=None, name="上级", by=writer)
    entry = services.file_upload(cabinet=cabinet, folder=parent, upload=upload(), by=writer)
    services.file_delete(entry=entry, by=writer)
    services.folder_delete(folder=parent, by=writer)
    services.file_restore(entry=entry, by=writer)
    entry.refresh_from_db()
    assert entry.folder is None and not entry.in_trash


def test_search_by_extracted_docx_and_pdf_text(cabinet, writer):
    docx_bytes = sample_docx("安全生产检查方案", ["重点检查液化气储存和消防通道畅通情况。"])
    services.file_upload(
        cabinet=cabinet,
        folder=None,
        upload=upload("检查方案.docx", docx_bytes, "application/octet-stream"),
        by=writer,
    )
    pdf_bytes = sample_pdf("会议纪要", ["会议研究了城区背街小巷提质改造工作。"])
    services.file_upload(
        cabinet=cabinet, folder=None, upload=upload("纪要.pdf", pdf_bytes), by=writer
    )
    assert [e.name for e in sel.search_files(writer, "消防通道")] == ["检查方案.docx"]
    assert [e.name for e in sel.search_files(writer, "背街小巷")] == ["纪要.pdf"]
    assert [e.name for e in sel.search_files(writer, "纪要")] == ["纪要.pdf"]  # by name
    assert not sel.search_files(writer, "不存在的内容").exists()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("病毒.exe", b"MZ\x90\x00" + b"\x00" * 60, "file_type"),
        ("伪装.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "file_mismatch"),
        ("..pdf", PDF, "file_name"),
        ("a\\..\\x.pdf", PDF, "file_name"),
    ],
)
def test_bad_uploads_refused(cabinet, writer, name, content, code):
    with pytest.raises(ValidationError) as exc:
        services.file_upload(cabinet=cabinet, folder=None, upload=upload(name, content), by=writer)
    assert exc.value.code == code
    assert not FileEntry.objects.exists()
    assert Cabinet.objects.get(pk=cabinet.pk).used_bytes == 0


def test_too_big_refused(cabinet, writer, settings):
    settings.OA_FILES_MAX_UPLOAD_MB = 0
    with pytest.raises(ValidationError) as exc:
        services.file_upload(cabinet=cabinet, folder=None, upload=upload(), by=writer)
    assert exc.value.code == "file_size"


def test_bad_folder_names(cabinet, writer):
    for bad in ("../x", "a/b", "", " ", "..", "a" * 101):
        with pytest.raises(ValidationError):
            services.folder_create(cabinet=cabinet, parent=None, name=bad, by=writer)


def test_last_manager_grant_cannot_be_removed(cabinet, head):
    grant = cabinet.grants.get(level=Level.MANAGE)
    with pytest.raises(ValidationError):
        services.grant_remove(grant=grant, by=head)


def test_security_admin_has_no_access(cabinet, dept_a):
    sysadmin = staff_with_role(RoleCode.SYSTEM_ADMIN, dept_a)
    assert sel.cabinet_level(sysadmin, cabinet) == 0


def test_state_changes_are_in_the_change_history(cabinet, writer, head, outsider):
    entry = services.file_upload(cabinet=cabinet, folder=None, upload=upload(), by=writer)
    services.file_rename(entry=entry, name="实施方案.pdf", by=writer)
    services.file_delete(entry=entry, by=writer)
    services.file_restore(entry=entry, by=writer)
    grant = services.grant_add(cabinet=cabinet, entry=entry, by=head, level=1, user=outsider)
    records = list(entry.history.order_by("history_date", "history_id"))
    assert {r.history_user_id for r in records} == {writer.pk}
    assert [r.name for r in records][-1] == "实施方案.pdf"
    assert any(r.deleted_at is not None for r in records)
    assert grant.history.get().history_user == head
    services.file_delete(entry=entry, by=writer)
    pk = entry.pk
    services.file_purge(entry=entry, by=head)
    gone = FileEntry.history.get(id=pk, history_type="-")
    assert gone.history_user == head
