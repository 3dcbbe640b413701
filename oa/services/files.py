"""File centre writes: cabinets, folders, uploads and versions, move and rename, the recycle bin,
sharing. Every function checks the actor's level itself (views only translate the outcome) and
records who did it in the change history (simple-history, `_history_user`).

Storage: content-addressed. An upload is hashed while it is copied to the storage under
"oa/files/<2 hex>/<sha256>"; identical content is stored once and counted in each cabinet that
holds a version of it (the quota is what the cabinet's users uploaded, not what the disk holds).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.dynforms.files import FILE_KINDS, check_original_name, check_upload
from platform_core.models import OrgUnit, Role, User

from ..models import (
    Blob,
    Cabinet,
    CabinetGrant,
    CabinetKind,
    FileEntry,
    FileVersion,
    Folder,
    Level,
    ResourceFile,
)
from ..selectors.access import is_oa_staff
from ..selectors.files import entry_level, folder_level, level_on
from ..textextract import extract_text

FILE_KINDS_ALLOWED = ("pdf", "ofd", "docx", "xlsx", "doc", "xls", "png", "jpeg", "gif", "txt")
CHUNK = 1024 * 1024


def file_storage():
    """The storage of the file centre and the libraries (settings.OA_FILES_STORAGE)."""
    return storages[settings.OA_FILES_STORAGE]


def max_upload_bytes() -> int:
    return settings.OA_FILES_MAX_UPLOAD_MB * 1024 * 1024


def content_type(kind: str) -> str:
    return FILE_KINDS.get(kind, ("", (), "application/octet-stream"))[2]


# --- Cabinets ------------------------------------------------------------------------------------


def _mb(value: int) -> int:
    return value * 1024 * 1024


@transaction.atomic
def department_cabinet_ensure(*, unit: OrgUnit, by: User | None = None) -> Cabinet:
    """The unit's department cabinet, created on first use: the unit's staff read it, its
    section heads (科室负责人) manage it; more is shared by its managers."""
    from platform_core.constants import RoleCode

    cabinet = Cabinet.objects.filter(kind=CabinetKind.DEPARTMENT, unit=unit).first()
    if cabinet is not None:
        return cabinet
    cabinet = Cabinet(
        kind=CabinetKind.DEPARTMENT,
        unit=unit,
        name=_("%(unit)s文件柜") % {"unit": unit.name},
        quota_bytes=_mb(settings.OA_FILES_UNIT_QUOTA_MB),
    )
    cabinet._history_user = by
    cabinet.save()
    CabinetGrant.objects.create(cabinet=cabinet, unit=unit, level=Level.READ, granted_by=by)
    head = Role.objects.filter(code=RoleCode.SECTION_HEAD).first()
    if head is not None:
        CabinetGrant.objects.create(
            cabinet=cabinet, unit=unit, role=head, level=Level.MANAGE, granted_by=by
        )
    return cabinet


@transaction.atomic
def personal_cabinet_ensure(*, user: User) -> Cabinet:
    cabinet = Cabinet.objects.filter(kind=CabinetKind.PERSONAL, owner=user).first()
    if cabinet is not None:
        return cabinet
    cabinet = Cabinet(
        kind=CabinetKind.PERSONAL,
        owner=user,
        name=_("%(name)s的个人文件柜") % {"name": user.name or user.get_username()},
        quota_bytes=_mb(settings.OA_FILES_PERSON_QUOTA_MB),
    )
    cabinet._history_user = user
    cabinet.save()
    return cabinet


def _require(level: int, needed: int) -> None:
    if level == 0:
        raise PermissionDenied(_("没有访问权限。"))
    if level < needed:
        raise PermissionDenied(_("没有进行此操作的权限。"))


def _locked(cabinet: Cabinet) -> Cabinet:
    return Cabinet.objects.select_for_update().get(pk=cabinet.pk)


def _charge(cabinet: Cabinet, size: int) -> None:
    """Count `size` bytes against the (locked) cabinet's quota, or refuse with the numbers."""
    if cabinet.used_bytes + size > cabinet.quota_bytes:
        raise ValidationError(
            _(
                "文件柜空间不足：容量 %(quota)s，已用 %(used)s，本次需要 %(size)s。"
                "请先清理回收站或删除不需要的文件，或联系管理员扩容。"
            ),
            code="quota",
            params={
                "quota": filesizeformat(cabinet.quota_bytes),
                "used": filesizeformat(cabinet.used_bytes),
                "size": filesizeformat(size),
            },
        )
    Cabinet.objects.filter(pk=cabinet.pk).update(used_bytes=F("used_bytes") + size)
    cabinet.used_bytes += size


def _release(cabinet: Cabinet, size: int) -> None:
    Cabinet.objects.filter(pk=cabinet.pk).update(used_bytes=F("used_bytes") - size)


# --- Blobs ---------------------------------------------------------------------------------------


def blob_store(upload, kind: str) -> Blob:
    """Store the content once (by SHA-256) and extract its text; reuse an existing blob."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in (
        upload.chunks(CHUNK) if hasattr(upload, "chunks") else iter(lambda: upload.read(CHUNK), b"")
    ):
        digest.update(chunk)
    sha = digest.hexdigest()
    existing = Blob.objects.filter(sha256=sha).first()
    if existing is not None:
        return existing
    storage = file_storage()
    upload.seek(0)
    name = storage.save(f"oa/files/{sha[:2]}/{sha}", File(upload))
    text = extract_text(storage, name, kind)
    try:
        with transaction.atomic():
            return Blob.objects.create(
                sha256=sha, size=upload.size, kind=kind, storage_name=name, text=text
            )
    except IntegrityError:  # the same content arrived at the same moment
        storage.delete(name)
        return Blob.objects.get(sha256=sha)


def blob_collect(blob_ids) -> None:
    """Delete blobs no version or library entry refers to any more (after the commit)."""
    orphans = list(
        Blob.objects.filter(pk__in=list(blob_ids))
        .exclude(pk__in=FileVersion.objects.values("blob"))
        .exclude(pk__in=ResourceFile.objects.values("blob"))
    )
    if not orphans:
        return
    names = [b.storage_name for b in orphans]
    Blob.objects.filter(pk__in=[b.pk for b in orphans]).delete()
    storage = file_storage()

    def remove():
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove)


def check_file(upload) -> tuple[str, str]:
    """Type (by content), size and name of an upload, through the platform's upload checks."""
    return check_upload(upload, FILE_KINDS_ALLOWED, max_upload_bytes())


# --- Folders -------------------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 100 or any(c in name for c in '\\/:*?"<>|') or ".." in name:
        raise ValidationError(
            _("名称不合法：不能为空，不能包含“/”“\\”“..”等特殊字符，最长 100 个字。"),
            code="name",
        )
    return name


def _name_taken(cabinet: Cabinet, parent: Folder | None, name: str, *, exclude=None) -> bool:
    folders = Folder.objects.filter(cabinet=cabinet, parent=parent, name=name, in_trash=False)
    files = FileEntry.objects.filter(cabinet=cabinet, folder=parent, name=name, in_trash=False)
    if isinstance(exclude, Folder):
        folders = folders.exclude(pk=exclude.pk)
    elif isinstance(exclude, FileEntry):
        files = files.exclude(pk=exclude.pk)
    return folders.exists() or files.exists()


def _check_parent(cabinet: Cabinet, parent: Folder | None) -> None:
    if parent is not None and (parent.cabinet_id != cabinet.pk or parent.in_trash):
        raise ValidationError(_("目标文件夹不存在或已删除。"), code="parent")


@transaction.atomic
def folder_create(*, cabinet: Cabinet, parent: Folder | None, name: str, by: User) -> Folder:
    """新建文件夹."""
    _require(level_on(by, cabinet, folder=parent), Level.WRITE)
    _check_parent(cabinet, parent)
    name = _clean_name(name)
    cabinet = _locked(cabinet)
    if _name_taken(cabinet, parent, name):
        raise ValidationError(_("此位置已有同名的文件或文件夹。"), code="name_taken")
    folder = Folder(cabinet=cabinet, parent=parent, name=name, created_by=by)
    folder._history_user = by
    folder.save()
    folder.path = f"{parent.path if parent else '/'}{folder.pk}/"
    Folder.objects.filter(pk=folder.pk).update(path=folder.path)
    return folder


@transaction.atomic
def folder_rename(*, folder: Folder, name: str, by: User) -> Folder:
    _require(folder_level(by, folder), Level.WRITE)
    name = _clean_name(name)
    cabinet = _locked(folder.cabinet)
    if _name_taken(cabinet, folder.parent, name, exclude=folder):
        raise ValidationError(_("此位置已有同名的文件或文件夹。"), code="name_taken")
    folder.name = name
    folder._history_user = by
    folder.save(update_fields=["name"])
    return folder


@transaction.atomic
def folder_move(*, folder: Folder, target: Folder | None, by: User) -> Folder:
    """移动文件夹 (within its cabinet; not into itself or below itself)."""
    _require(folder_level(by, folder), Level.WRITE)
    cabinet = _locked(folder.cabinet)
    _check_parent(cabinet, target)
    if target is not None:
        _require(level_on(by, cabinet, folder=target), Level.WRITE)
        if target.path.startswith(folder.path):
            raise ValidationError(_("不能把文件夹移到它自己或它的子文件夹中。"), code="cycle")
    else:
        _require(level_on(by, cabinet), Level.WRITE)
    if _name_taken(cabinet, target, folder.name, exclude=folder):
        raise ValidationError(_("目标位置已有同名的文件或文件夹。"), code="name_taken")
    old_prefix = folder.path
    new_prefix = f"{target.path if target else '/'}{folder.pk}/"
    subtree = list(Folder.objects.filter(cabinet=cabinet, path__startswith=old_prefix))
    for node in subtree:
        node.path = new_prefix + node.path[len(old_prefix) :]
    Folder.objects.bulk_update(subtree, ["path"])
    folder.parent = target
    folder.path = new_prefix
    folder._history_user = by
    folder.save(update_fields=["parent"])
    return folder


def _subtree_trash_state(cabinet: Cabinet, root: Folder) -> None:
    """Recompute `in_trash` under a folder: in the bin if it or a folder above it is deleted."""
    folders = list(Folder.objects.filter(cabinet=cabinet, path__startswith=root.path))
    deleted_paths = [f.path for f in folders if f.deleted_at is not None]
    above = [i for i in root.ancestor_ids() if i != root.pk]
    deleted_above = Folder.objects.filter(pk__in=above, deleted_at__isnull=False).exists()

    def trashed(path: str) -> bool:
        return deleted_above or any(path.startswith(p) for p in deleted_paths)

    for node in folders:
        node.in_trash = trashed(node.path)
    Folder.objects.bulk_update(folders, ["in_trash"])
    by_id = {f.pk: f for f in folders}
    entries = list(FileEntry.objects.filter(folder_id__in=by_id))
    for entry in entries:
        entry.in_trash = entry.deleted_at is not None or by_id[entry.folder_id].in_trash
    FileEntry.objects.bulk_update(entries, ["in_trash"])


@transaction.atomic
def folder_delete(*, folder: Folder, by: User) -> Folder:
    """删除文件夹：连同其中的文件夹和文件放入回收站."""
    _require(folder_level(by, folder), Level.WRITE)
    cabinet = _locked(folder.cabinet)
    if folder.deleted_at is not None:
        return folder
    folder.deleted_at, folder.deleted_by = timezone.now(), by
    folder._history_user = by
    folder.save(update_fields=["deleted_at", "deleted_by"])
    _subtree_trash_state(cabinet, folder)
    return folder


@transaction.atomic
def folder_restore(*, folder: Folder, by: User) -> Folder:
    """从回收站还原文件夹 (to the top of the cabinet if the folder above it is gone)."""
    _require(level_on(by, folder.cabinet), Level.WRITE)
    cabinet = _locked(folder.cabinet)
    if folder.deleted_at is None:
        raise ValidationError(_("该文件夹不在回收站中。"), code="not_deleted")
    folder_move_to_top = (
        folder.parent_id is not None
        and Folder.objects.filter(pk=folder.parent_id, in_trash=True).exists()
    )
    parent = None if folder_move_to_top else folder.parent
    if _name_taken(cabinet, parent, folder.name, exclude=folder):
        raise ValidationError(_("原位置已有同名的文件或文件夹，请先改名。"), code="name_taken")
    folder.deleted_at, folder.deleted_by = None, None
    folder._history_user = by
    folder.save(update_fields=["deleted_at", "deleted_by"])
    if folder_move_to_top:
        folder.parent = None
        old_prefix, new_prefix = folder.path, f"/{folder.pk}/"
        subtree = list(Folder.objects.filter(cabinet=cabinet, path__startswith=old_prefix))
        for node in subtree:
            node.path = new_prefix + node.path[len(old_prefix) :]
        Folder.objects.bulk_update(subtree, ["path"])
        folder.path = new_prefix
        folder.save(update_fields=["parent"])
    _subtree_trash_state(cabinet, folder)
    return folder


@transaction.atomic
def folder_purge(*, folder: Folder, by: User) -> None:
    """彻底删除文件夹 (from the recycle bin): its files and versions are gone, space is freed."""
    _require(level_on(by, folder.cabinet), Level.MANAGE)
    cabinet = _locked(folder.cabinet)
    if folder.deleted_at is None:
        raise ValidationError(_("只能彻底删除回收站中的内容。"), code="not_deleted")
    entries = FileEntry.objects.filter(folder__path__startswith=folder.path, cabinet=cabinet)
    _purge_entries(cabinet, list(entries), by)
    folder._history_user = by
    folder.delete()


def _purge_entries(cabinet: Cabinet, entries: list[FileEntry], by: User) -> None:
    if not entries:
        return
    versions = FileVersion.objects.filter(entry__in=entries)
    freed = versions.aggregate(s=Sum("size"))["s"] or 0
    blob_ids = set(versions.values_list("blob_id", flat=True))
    FileEntry.objects.filter(pk__in=[e.pk for e in entries]).update(current=None)
    for entry in entries:
        entry._history_user = by
        entry.delete()
    _release(cabinet, freed)
    blob_collect(blob_ids)


# --- Files ---------------------------------------------------------------------------------------


@transaction.atomic
def file_upload(
    *, cabinet: Cabinet, folder: Folder | None, upload, by: User, note: str = ""
) -> FileEntry:
    """上传文件. A file of the same name in the folder gets a new version instead."""
    _require(level_on(by, cabinet, folder=folder), Level.WRITE)
    _check_parent(cabinet, folder)
    kind, name = check_file(upload)
    cabinet = _locked(cabinet)
    existing = FileEntry.objects.filter(
        cabinet=cabinet, folder=folder, name=name, in_trash=False
    ).first()
    if existing is not None:
        return _add_version(cabinet, existing, upload, kind, name, by, note)
    if Folder.objects.filter(cabinet=cabinet, parent=folder, name=name, in_trash=False).exists():
        raise ValidationError(_("此位置已有同名的文件夹。"), code="name_taken")
    _charge(cabinet, upload.size)
    blob = blob_store(upload, kind)
    entry = FileEntry(
        cabinet=cabinet, folder=folder, name=name, size=blob.size, kind=kind, created_by=by
    )
    entry._history_user = by
    entry.save()
    version = FileVersion.objects.create(
        entry=entry, number=1, blob=blob, name=name, size=blob.size, uploaded_by=by, note=note
    )
    entry.current = version
    entry.save(update_fields=["current"])
    return entry


def _add_version(cabinet, entry, upload, kind, name, by, note) -> FileEntry:
    _charge(cabinet, upload.size)
    blob = blob_store(upload, kind)
    number = (entry.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = FileVersion.objects.create(
        entry=entry, number=number, blob=blob, name=name, size=blob.size, uploaded_by=by, note=note
    )
    entry.current, entry.size, entry.kind = version, blob.size, kind
    entry.updated_at = timezone.now()
    entry._history_user = by
    entry.save(update_fields=["current", "size", "kind", "updated_at"])
    return entry


@transaction.atomic
def file_new_version(*, entry: FileEntry, upload, by: User, note: str = "") -> FileEntry:
    """上传新版本 (the name stays the file's; the uploaded name is kept on the version)."""
    _require(entry_level(by, entry), Level.WRITE)
    if entry.in_trash:
        raise ValidationError(_("文件在回收站中，请先还原。"), code="trashed")
    kind, name = check_file(upload)
    cabinet = _locked(entry.cabinet)
    return _add_version(cabinet, entry, upload, kind, name, by, note)


@transaction.atomic
def version_restore(*, entry: FileEntry, number: int, by: User) -> FileEntry:
    """恢复为历史版本: a new version with the old content (no new bytes are stored)."""
    _require(entry_level(by, entry), Level.WRITE)
    old = entry.versions.filter(number=number).select_related("blob").first()
    if old is None:
        raise ValidationError(_("没有这个版本。"), code="version")
    cabinet = _locked(entry.cabinet)
    _charge(cabinet, old.size)
    top = entry.versions.aggregate(n=Max("number"))["n"] or 0
    version = FileVersion.objects.create(
        entry=entry,
        number=top + 1,
        blob=old.blob,
        name=old.name,
        size=old.size,
        uploaded_by=by,
        note=_("恢复自第%(n)s版") % {"n": number},
    )
    entry.current, entry.size, entry.kind = version, old.size, old.blob.kind
    entry.updated_at = timezone.now()
    entry._history_user = by
    entry.save(update_fields=["current", "size", "kind", "updated_at"])
    return entry


def _check_file_name(name: str, entry: FileEntry) -> str:
    name = check_original_name(name)
    old_ext = entry.name.rsplit(".", 1)[-1].lower()
    if name.rsplit(".", 1)[-1].lower() != old_ext:
        raise ValidationError(_("不能修改文件的扩展名（.%(ext)s）。"), params={"ext": old_ext})
    return name


@transaction.atomic
def file_rename(*, entry: FileEntry, name: str, by: User) -> FileEntry:
    _require(entry_level(by, entry), Level.WRITE)
    name = _check_file_name((name or "").strip(), entry)
    cabinet = _locked(entry.cabinet)
    if _name_taken(cabinet, entry.folder, name, exclude=entry):
        raise ValidationError(_("此位置已有同名的文件或文件夹。"), code="name_taken")
    entry.name = name
    entry._history_user = by
    entry.save(update_fields=["name"])
    return entry


@transaction.atomic
def file_move(*, entry: FileEntry, target: Folder | None, by: User) -> FileEntry:
    _require(entry_level(by, entry), Level.WRITE)
    cabinet = _locked(entry.cabinet)
    _check_parent(cabinet, target)
    _require(level_on(by, cabinet, folder=target), Level.WRITE)
    if _name_taken(cabinet, target, entry.name, exclude=entry):
        raise ValidationError(_("目标位置已有同名的文件或文件夹。"), code="name_taken")
    entry.folder = target
    entry._history_user = by
    entry.save(update_fields=["folder"])
    return entry


@transaction.atomic
def file_delete(*, entry: FileEntry, by: User) -> FileEntry:
    """删除文件：放入回收站，可还原."""
    _require(entry_level(by, entry), Level.WRITE)
    _locked(entry.cabinet)
    if entry.deleted_at is None:
        entry.deleted_at, entry.deleted_by, entry.in_trash = timezone.now(), by, True
        entry._history_user = by
        entry.save(update_fields=["deleted_at", "deleted_by", "in_trash"])
    return entry


@transaction.atomic
def file_restore(*, entry: FileEntry, by: User) -> FileEntry:
    _require(level_on(by, entry.cabinet), Level.WRITE)
    cabinet = _locked(entry.cabinet)
    if entry.deleted_at is None:
        raise ValidationError(_("该文件不在回收站中。"), code="not_deleted")
    live = Folder.objects.filter(pk=entry.folder_id, in_trash=False).first()
    folder = live if entry.folder_id is not None else None
    if _name_taken(cabinet, folder, entry.name, exclude=entry):
        raise ValidationError(_("原位置已有同名的文件或文件夹，请先改名。"), code="name_taken")
    entry.folder = folder
    entry.deleted_at, entry.deleted_by, entry.in_trash = None, None, False
    entry._history_user = by
    entry.save(update_fields=["folder", "deleted_at", "deleted_by", "in_trash"])
    return entry


@transaction.atomic
def file_purge(*, entry: FileEntry, by: User) -> None:
    """彻底删除：文件和全部版本删除，释放空间."""
    _require(level_on(by, entry.cabinet), Level.MANAGE)
    cabinet = _locked(entry.cabinet)
    if entry.deleted_at is None:
        raise ValidationError(_("只能彻底删除回收站中的内容。"), code="not_deleted")
    _purge_entries(cabinet, [entry], by)


# --- Sharing -------------------------------------------------------------------------------------


@transaction.atomic
def grant_add(
    *,
    cabinet: Cabinet,
    by: User,
    level: int,
    folder: Folder | None = None,
    entry: FileEntry | None = None,
    user: User | None = None,
    unit: OrgUnit | None = None,
    role: Role | None = None,
) -> CabinetGrant:
    """共享：给人员、单位、角色（或单位内的角色）只读、读写或管理权限。"""
    if cabinet.is_personal:
        raise ValidationError(_("个人文件柜不能共享给他人。"), code="personal")
    _require(level_on(by, cabinet, folder=folder, entry=entry), Level.MANAGE)
    if level not in Level.values:
        raise ValidationError(_("请选择权限。"), code="level")
    if user is None and unit is None and role is None:
        raise ValidationError(_("请选择共享给哪个人员、单位或角色。"), code="grantee")
    if user is not None and (unit is not None or role is not None):
        raise ValidationError(_("共享给个人时不能同时选择单位或角色。"), code="grantee")
    if user is not None and not is_oa_staff(user):
        raise ValidationError(_("只能共享给本系统的工作人员。"), code="grantee")
    if (folder and folder.cabinet_id != cabinet.pk) or (entry and entry.cabinet_id != cabinet.pk):
        raise ValidationError(_("共享对象不属于该文件柜。"), code="target")
    existing = CabinetGrant.objects.filter(
        cabinet=cabinet, folder=folder, entry=entry, user=user, unit=unit, role=role
    ).first()
    if existing is not None:
        existing.level, existing.granted_by = level, by
        existing._history_user = by
        existing.save(update_fields=["level", "granted_by"])
        return existing
    grant = CabinetGrant(
        cabinet=cabinet,
        folder=folder,
        entry=entry,
        user=user,
        unit=unit,
        role=role,
        level=level,
        granted_by=by,
    )
    grant._history_user = by
    grant.save()
    return grant


@transaction.atomic
def grant_remove(*, grant: CabinetGrant, by: User) -> None:
    _require(level_on(by, grant.cabinet, folder=grant.folder, entry=grant.entry), Level.MANAGE)
    remaining_managers = CabinetGrant.objects.filter(
        cabinet=grant.cabinet,
        folder__isnull=True,
        entry__isnull=True,
        level=Level.MANAGE,
    ).exclude(pk=grant.pk)
    if (
        grant.folder_id is None
        and grant.entry_id is None
        and grant.level == Level.MANAGE
        and not remaining_managers.exists()
    ):
        raise ValidationError(_("文件柜至少要保留一个管理权限。"), code="last_manager")
    grant._history_user = by
    grant.delete()


def cabinet_usage_recount(cabinet: Cabinet) -> int:
    """The bytes of every version in the cabinet (for repairs: the counter is kept in step)."""
    used = FileVersion.objects.filter(entry__cabinet=cabinet).aggregate(s=Sum("size"))["s"] or 0
    Cabinet.objects.filter(pk=cabinet.pk).update(used_bytes=used)
    return used
