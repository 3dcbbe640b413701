"""Saving a version of a case's form data (see platform_core/selectors/case_forms.py)."""

from __future__ import annotations

from ..dynforms.builder import DynamicForm
from ..models import FormSubmission, FormVersion, OrgUnit, SubmissionFile, User
from ..selectors.case_forms import FORMS_KEY
from .dynforms import submission_create


def case_form_save(
    *,
    version: FormVersion,
    form: DynamicForm,
    by: User,
    owner_unit: OrgUnit,
    step_key: str,
    previous_ids: list[int],
    previous: FormSubmission | None = None,
) -> tuple[FormSubmission, dict]:
    """A new version of the case's data from a valid `form`; returns it and what the case's
    data takes: the values (route conditions read them), the version list and the step's link.

    A file field left empty keeps the file of the `previous` version: the new version points
    at the same stored file (nothing is copied on disk, nothing is lost)."""
    submission = submission_create(version=version, form=form, by=by, owner_unit=owner_unit)
    if previous is not None:
        uploaded = set(form.uploads())
        carried = [
            SubmissionFile(
                submission=submission,
                field_key=f.field_key,
                file=f.file.name,
                original_name=f.original_name,
                kind=f.kind,
                size=f.size,
            )
            for f in previous.files.all()
            if f.field_key not in uploaded and f.field_key in form.fields
        ]
        if carried:
            SubmissionFile.objects.bulk_create(carried)
            data = dict(submission.data)
            for f in carried:
                data[f.field_key] = {"file": f.pk, "name": f.original_name}
            submission.data = data
            submission.save(update_fields=["data"])
    merged = {
        **submission.data,
        FORMS_KEY: [*previous_ids, submission.pk],
        f"submission_{step_key}": submission.pk,
    }
    return submission, merged
