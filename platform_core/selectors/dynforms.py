"""Reads of dynamic forms: definitions for the builder, field specs, who may see a submission."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from .. import permissions
from ..dynforms import schema, types
from ..dynforms.builder import DynamicForm, build_form_class
from ..dynforms.types import FieldSpec
from ..models import FormDefinition, FormField, FormSubmission, FormVersion, SubmissionFile
from ..models.dynforms import VersionStatus

if TYPE_CHECKING:
    from ..models import User

SUBMISSION_VIEW_PERM = "platform_core.view_formsubmission"


def form_list() -> QuerySet[FormDefinition]:
    return (
        FormDefinition.objects.select_related("owner_unit")
        .annotate(
            published_number=Max(
                "versions__number", filter=Q(versions__status=VersionStatus.PUBLISHED)
            ),
            draft_count=Count("versions", filter=Q(versions__status=VersionStatus.DRAFT)),
        )
        .order_by("code")
    )


def form_versions(form: FormDefinition) -> QuerySet[FormVersion]:
    return form.versions.annotate(submission_count=Count("submissions")).order_by("-number")


def draft_version(form: FormDefinition) -> FormVersion | None:
    return form.versions.filter(status=VersionStatus.DRAFT).first()


def latest_published(form: FormDefinition) -> FormVersion | None:
    return form.versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()


def latest_version(form: FormDefinition) -> FormVersion | None:
    """The draft if there is one, else the newest published version.

    One query: a draft is always numbered after every published version (services number a new
    draft max + 1, and only the draft is ever published).
    """
    return form.versions.order_by("-number").first()


def version_fields(version: FormVersion) -> list[FormField]:
    """Top-level fields in order, each with its columns prefetched (two queries)."""
    return list(
        version.fields.filter(parent__isnull=True).prefetch_related(
            Prefetch("columns", queryset=FormField.objects.order_by("position", "id"))
        )
    )


def condition_fields(
    version: FormVersion, *, before: FormField | None = None
) -> QuerySet[FormField]:
    """Top-level fields a display condition may name: of a testable type, before `before`."""
    rows = version.fields.filter(parent__isnull=True, field_type__in=schema.CONDITION_TYPES)
    if before is not None:
        rows = rows.filter(position__lt=before.position)
    return rows


def version_specs(version: FormVersion) -> list[FieldSpec]:
    return [
        FieldSpec.from_model(row, columns=list(row.columns.all()))
        for row in version_fields(version)
    ]


def form_class_for(version: FormVersion) -> type[DynamicForm]:
    return build_form_class(version_specs(version))


# --- Submissions ----------------------------------------------------------------------------------


def submission_visible_to(user: User, submission: FormSubmission) -> bool:
    """The submitter, or staff who may view submissions in the submission's unit."""
    if not user.is_authenticated:
        return False
    if submission.created_by_id is not None and submission.created_by_id == user.pk:
        return True
    if submission.owner_unit_id is None:
        return False
    return permissions.can(user, SUBMISSION_VIEW_PERM, submission)


@dataclass
class ShownValue:
    spec: FieldSpec
    text: str = ""
    files: list | None = None
    rows: list[list[str]] | None = None


def submission_values(submission: FormSubmission) -> list[ShownValue]:
    """The stored data with the labels of the version it was entered on (not the newest one)."""
    specs = version_specs(submission.version)
    data: dict[str, Any] = submission.data or {}
    by_key: dict[str, list] = {}
    for stored in submission.files.all():
        by_key.setdefault(stored.field_key, []).append(stored)
    shown = []
    for spec in specs:
        if spec.key not in data and spec.key not in by_key:
            continue  # hidden by its condition when it was submitted
        value = ShownValue(spec=spec)
        if spec.type == "file":
            value.files = by_key.get(spec.key, [])
        elif spec.type == "table":
            value.rows = [
                [types.display(col, row.get(col.key)) for col in spec.columns]
                for row in data.get(spec.key) or []
            ]
        else:
            value.text = types.display(spec, data.get(spec.key))
        shown.append(value)
    return shown


def submission_files(submission_id: int | None) -> QuerySet[SubmissionFile]:
    """The uploaded files of one submission (the caller has checked that the user may see it)."""
    return SubmissionFile.objects.filter(submission_id=submission_id)


def submissions_orphaned(*, older_than: datetime.timedelta) -> QuerySet[FormSubmission]:
    """Draft submissions (FormSubmission.draft) older than `older_than` that no row refers to.

    The references are found from the model's reverse relations, whatever app declares them
    (an application's `submission`, hidden "+" relations included), so platform_core needs to
    know none of the apps above it. The submission's own files are not references.
    """
    cutoff = timezone.now() - older_than
    rows = FormSubmission.objects.filter(draft=True, created_at__lt=cutoff)
    for relation in FormSubmission._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue
        if relation.related_model is SubmissionFile:
            continue
        if relation.many_to_many:
            # The link table's rows refer to the submission through one of its foreign keys.
            through = relation.field.remote_field.through
            links = [f.name for f in through._meta.fields if f.related_model is FormSubmission]
            referring = [through._base_manager.filter(**{n: OuterRef("pk")}) for n in links]
        else:
            model = relation.related_model
            referring = [model._base_manager.filter(**{relation.field.name: OuterRef("pk")})]
        for subquery in referring:
            rows = rows.filter(~Exists(subquery))
    return rows
