"""Public resources writes: entries of the four libraries and their documents. Editing needs the
permission `oa.edit_resource` (from a role); every change is in the change history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.models import User

from ..models import FileEntry, ResourceFile
from ..selectors.access import is_oa_staff
from ..selectors.files import entry_level
from .files import blob_collect, blob_store, check_file

EDIT_PERMISSION = "oa.edit_resource"
# The ResourceFile column that points at each library's entry model.
OWNER_FIELDS = {
    "librarydocument": "document",
    "periodicalissue": "issue",
    "bulletinpost": "post",
    "law": "law",
}


def may_edit(user: User) -> bool:
    return is_oa_staff(user) and user.has_perm(EDIT_PERMISSION)


def _require_editor(user: User) -> None:
    if not may_edit(user):
        raise PermissionDenied(_("没有编辑公共资源的权限。"))


@transaction.atomic
def entry_save(*, instance, by: User):
    """Create or change an entry of a library (the form has filled the instance)."""
    _require_editor(by)
    if instance.pk is None:
        instance.created_by = by
    instance.updated_at = timezone.now()
    instance._history_user = by
    instance.save()
    return instance


@transaction.atomic
def entry_delete(*, instance, by: User) -> None:
    _require_editor(by)
    blob_ids = list(instance.files.values_list("blob_id", flat=True))
    instance._history_user = by
    instance.delete()
    blob_collect(blob_ids)


def _owner_kwargs(instance) -> dict:
    return {OWNER_FIELDS[instance._meta.model_name]: instance}


@transaction.atomic
def file_attach(*, instance, upload, by: User) -> ResourceFile:
    """上传附件 to a library entry (the platform's upload checks; content stored once)."""
    _require_editor(by)
    kind, name = check_file(upload)
    blob = blob_store(upload, kind)
    return ResourceFile.objects.create(blob=blob, name=name, added_by=by, **_owner_kwargs(instance))


@transaction.atomic
def file_link(*, instance, entry: FileEntry, by: User) -> ResourceFile:
    """引用文件中心的文件: its current version becomes a document of the entry (readable by all
    staff from now on; later versions of the file do not change what was published)."""
    _require_editor(by)
    if entry.in_trash or entry.current_id is None or entry_level(by, entry) < 1:
        raise ValidationError(_("找不到该文件，或您无权读取它。"), code="entry")
    current = entry.current
    return ResourceFile.objects.create(
        blob_id=current.blob_id,
        name=entry.name,
        source_entry=entry,
        added_by=by,
        **_owner_kwargs(instance),
    )


@transaction.atomic
def file_remove(*, resource_file: ResourceFile, by: User) -> None:
    _require_editor(by)
    blob_id = resource_file.blob_id
    resource_file.delete()
    blob_collect([blob_id])
