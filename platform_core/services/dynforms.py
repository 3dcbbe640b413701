"""Writes of dynamic forms: designing (draft only), publishing versions, copy, import, submitting.

Rule kept here for every write: a published version never changes. Each change to a draft is
followed by a check of the whole definition in the same transaction, so a draft is always
consistent (unique keys, conditions pointing at earlier fields, valid settings).
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ..dynforms import schema
from ..dynforms.builder import DynamicForm
from ..dynforms.types import FieldSpec
from ..models import (
    FormDefinition,
    FormField,
    FormSubmission,
    FormVersion,
    OrgUnit,
    SubmissionFile,
    User,
)
from ..models.dynforms import VersionStatus
from ..selectors.dynforms import (
    draft_version,
    latest_version,
    submissions_orphaned,
    version_specs,
)

logger = logging.getLogger(__name__)


def _ensure_draft(version: FormVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("已发布的版本不能修改；请先创建新的草稿版本。"))


def _check_version(version: FormVersion, *, for_publish: bool = False) -> None:
    problems = schema.check_specs(version_specs(version), for_publish=for_publish)
    if problems:
        raise ValidationError(problems)


def _write_specs(version: FormVersion, specs: list[FieldSpec]) -> None:
    """Two INSERTs: the top-level fields, then every table's columns (PostgreSQL returns ids)."""
    rows = FormField.objects.bulk_create(
        FormField(version=version, position=position, **_row_values(spec))
        for position, spec in enumerate(specs, start=1)
    )
    FormField.objects.bulk_create(
        FormField(version=version, parent=row, position=position, **_row_values(col))
        for row, spec in zip(rows, specs, strict=True)
        for position, col in enumerate(spec.columns, start=1)
    )


def _row_values(spec: FieldSpec) -> dict:
    return {
        "key": spec.key,
        "label": spec.label,
        "field_type": spec.type,
        "required": spec.required,
        "help_text": spec.help_text,
        "default": spec.default,
        "options": spec.options,
        "condition_field": spec.condition_field,
        "condition_value": spec.condition_value,
    }


def _check_code(code: str) -> None:
    problem = schema.check_code(code)
    if problem:
        raise ValidationError({"code": problem})
    if FormDefinition.objects.filter(code=code).exists():
        raise ValidationError({"code": _("表单代码“%s”已被使用。") % code})


@transaction.atomic
def form_create(
    *,
    code: str,
    name: str,
    description: str = "",
    owner_unit: OrgUnit | None = None,
    by: User | None,
    specs: list[FieldSpec] | None = None,
) -> FormDefinition:
    """新建表单：创建表单及其第 1 版草稿。"""
    _check_code(code)
    form = FormDefinition(
        code=code, name=name, description=description, owner_unit=owner_unit, created_by=by
    )
    form.full_clean()
    form.save()
    version = FormVersion.objects.create(form=form, number=1)
    if specs:
        # Checked before writing (this also puts the settings in canonical form).
        problems = schema.check_specs(specs)
        if problems:
            raise ValidationError(problems)
        _write_specs(version, specs)
    return form


@transaction.atomic
def form_field_add(
    *, version: FormVersion, spec: FieldSpec, parent: FormField | None = None
) -> FormField:
    """添加字段（或表格的一列）到草稿版本末尾。"""
    version = FormVersion.objects.select_for_update().get(pk=version.pk)
    _ensure_draft(version)
    siblings = version.fields.filter(parent=parent)
    if parent is not None and parent.field_type != "table":
        raise ValidationError(_("只有重复表格可以添加列。"))
    if siblings.filter(key=spec.key).exists():
        raise ValidationError({"key": _("字段标识“%s”已存在。") % spec.key})
    position = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
    row = FormField.objects.create(
        version=version, parent=parent, position=position, **_row_values(spec)
    )
    _check_version(version)
    return row


@transaction.atomic
def form_field_update(*, field: FormField, spec: FieldSpec) -> FormField:
    """修改草稿版本中的字段。"""
    version = FormVersion.objects.select_for_update().get(pk=field.version_id)
    _ensure_draft(version)
    field = FormField.objects.get(pk=field.pk)
    if spec.key != field.key:
        siblings = version.fields.filter(parent_id=field.parent_id).exclude(pk=field.pk)
        if siblings.filter(key=spec.key).exists():
            raise ValidationError({"key": _("字段标识“%s”已存在。") % spec.key})
        if field.parent_id is None and version.fields.filter(condition_field=field.key).exists():
            raise ValidationError({"key": _("其他字段的显示条件引用了本字段，不能修改字段标识。")})
    if field.field_type == "table" and spec.type != "table" and field.columns.exists():
        raise ValidationError({"field_type": _("请先删除表格的各列，再修改字段类型。")})
    for name, value in _row_values(spec).items():
        setattr(field, name, value)
    field.save()
    _check_version(version)
    return field


@transaction.atomic
def form_field_move(*, field: FormField, direction: str) -> None:
    """上移或下移草稿版本中的字段。"""
    version = FormVersion.objects.select_for_update().get(pk=field.version_id)
    _ensure_draft(version)
    if direction not in ("up", "down"):
        return
    siblings = list(version.fields.filter(parent_id=field.parent_id).order_by("position", "id"))
    index = next(i for i, row in enumerate(siblings) if row.pk == field.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return  # already first/last: nothing to do
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, row in enumerate(siblings, start=1):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])
    _check_version(version)


@transaction.atomic
def form_field_delete(*, field: FormField) -> None:
    """删除草稿版本中的字段（表格连同其各列）。"""
    version = FormVersion.objects.select_for_update().get(pk=field.version_id)
    _ensure_draft(version)
    if field.parent_id is None:
        users = version.fields.filter(condition_field=field.key).exclude(pk=field.pk)
        if users.exists():
            labels = "、".join(users.values_list("label", flat=True))
            raise ValidationError(
                _("字段“%(label)s”被“%(users)s”的显示条件引用，请先修改这些字段。")
                % {"label": field.label, "users": labels}
            )
    FormField.objects.filter(pk=field.pk).delete()


@transaction.atomic
def form_version_publish(*, form: FormDefinition, by: User) -> FormVersion:
    """发布草稿：草稿成为新的已发布版本，此后只读。"""
    form = FormDefinition.objects.select_for_update().get(pk=form.pk)
    version = draft_version(form)
    if version is None:
        raise ValidationError(_("没有可发布的草稿版本。"))
    _check_version(version, for_publish=True)
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = by
    version.save(update_fields=["status", "published_at", "published_by"])
    return version


@transaction.atomic
def form_draft_start(*, form: FormDefinition, by: User) -> FormVersion:
    """新建草稿：复制最新已发布版本，作为下一版本号的草稿。"""
    form = FormDefinition.objects.select_for_update().get(pk=form.pk)
    latest = latest_version(form)  # the draft if there is one, else the newest published
    if latest is not None and latest.is_draft:
        return latest
    version = FormVersion.objects.create(form=form, number=(latest.number if latest else 0) + 1)
    if latest is not None:
        _write_specs(version, version_specs(latest))
    return version


@transaction.atomic
def form_copy(*, form: FormDefinition, code: str, name: str, by: User) -> FormDefinition:
    """复制表单：以源表单的最新版本（草稿或已发布）为新表单的第 1 版草稿。"""
    source = latest_version(form)
    specs = version_specs(source) if source is not None else []
    return form_create(
        code=code,
        name=name,
        description=form.description,
        owner_unit=form.owner_unit,
        by=by,
        specs=specs,
    )


@transaction.atomic
def form_import(*, text: str | bytes, by: User, code: str = "") -> FormDefinition:
    """导入表单：校验 JSON 文件后新建表单（第 1 版草稿）。"""
    document = schema.parse_document(text)
    return form_create(
        code=code or document["code"],
        name=document["name"],
        description=document["description"],
        by=by,
        specs=document["specs"],
    )


@transaction.atomic
def submission_create(
    *,
    version: FormVersion,
    form: DynamicForm,
    by: User | None,
    owner_unit: OrgUnit | None = None,
    draft: bool = False,
) -> FormSubmission:
    """提交表单：保存填报内容（记录所用版本）和附件。`form` 须已通过校验。

    `draft=True` for a submission held by something not yet submitted (see FormSubmission.draft).
    """
    _check_submittable(version, form)
    if by is not None and not by.is_authenticated:
        by = None
    submission = FormSubmission.objects.create(
        version=version, data=form.data_json(), owner_unit=owner_unit, created_by=by, draft=draft
    )
    _store_uploads(submission, form)
    return submission


@transaction.atomic
def submission_replace(
    *, submission: FormSubmission, version: FormVersion, form: DynamicForm, by: User | None
) -> FormSubmission:
    """重新填写草稿：a draft submission takes the new content and files in place (the same row),
    so that retrying a form with files leaves no submission or file behind. The files it held
    before are deleted once the transaction commits."""
    _check_submittable(version, form)
    submission = FormSubmission.objects.select_for_update().get(pk=submission.pk)
    if not submission.draft:
        raise ValidationError(_("已提交的填报不能修改。"))
    old_files = list(submission.files.all())
    submission.version = version
    submission.data = form.data_json()
    submission.created_at = timezone.now()
    if by is not None and by.is_authenticated:
        submission.created_by = by
    submission.save(update_fields=["version", "data", "created_at", "created_by"])
    SubmissionFile.objects.filter(pk__in=[f.pk for f in old_files]).delete()
    _store_uploads(submission, form)
    _delete_files_on_commit(old_files)
    return submission


def submission_finalise(*, submission: FormSubmission) -> None:
    """The draft was submitted: from now on the record is kept as it is."""
    if submission.draft:
        FormSubmission.objects.filter(pk=submission.pk).update(draft=False)
        submission.draft = False


def submissions_orphaned_delete(*, older_than: datetime.timedelta, dry_run: bool = False) -> int:
    """Delete draft submissions nothing refers to any more, older than `older_than`, with their
    files (daily housekeeping and `manage.py cleanup_orphan_submissions`). Returns how many."""
    orphans = submissions_orphaned(older_than=older_than)
    if dry_run:
        return orphans.count()
    deleted = 0
    for pk in orphans.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            # Locked and checked again: a draft may have been taken up since the list was read.
            submission = (
                submissions_orphaned(older_than=older_than)
                .select_for_update()
                .filter(pk=pk)
                .first()
            )
            if submission is None:
                continue
            files = list(submission.files.all())
            submission.delete()
            _delete_files_on_commit(files)
            deleted += 1
    return deleted


def _check_submittable(version: FormVersion, form: DynamicForm) -> None:
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError(_("该表单版本尚未发布，不能提交。"))
    if not form.is_valid():
        raise ValidationError(_("表单内容未通过校验。"))


def _store_uploads(submission: FormSubmission, form: DynamicForm) -> None:
    data = dict(submission.data)
    written: list[SubmissionFile] = []
    try:
        for key, upload in form.uploads().items():
            stored = SubmissionFile(
                submission=submission,
                field_key=key,
                original_name=upload.egov_name,
                kind=upload.egov_kind,
                size=upload.size,
            )
            stored.file.save(upload.egov_name, upload, save=False)
            written.append(stored)
            stored.save()
            data[key] = {"file": stored.pk, "name": stored.original_name}
    except Exception:
        # The rows roll back with the transaction; the files on disk must go with them.
        for stored in written:
            stored.file.delete(save=False)
        raise
    if data != submission.data:
        submission.data = data
        submission.save(update_fields=["data"])


def _delete_files_on_commit(files: list[SubmissionFile]) -> None:
    """Remove stored files once their rows are gone for good (not if the transaction rolls back)."""
    names = [(f.file.storage, f.file.name) for f in files if f.file]

    def remove():
        for storage, name in names:
            try:
                storage.delete(name)
            except OSError:
                logger.warning("could not delete the stored file %s", name, exc_info=True)

    if names:
        transaction.on_commit(remove)
