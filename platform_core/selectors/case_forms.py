"""A case's form (表单数据) on a designed route: filled at the start, carried through the steps.

A route step may name a form (StepDefinition.form_code). The first step's form is filled by the
person who starts the case; a later step naming a form shows it filled in with the case's latest
data, and saving it makes a new version of the data (a new FormSubmission: nothing is
overwritten). A step without a form only reads the data. The versions are listed in the case's
`data["_forms"]` (submission primary keys, oldest first); the case page shows the latest one and
every earlier version.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from ..dynforms.builder import DynamicForm
from ..models import (
    FormDefinition,
    FormSubmission,
    FormVersion,
    ProcessDefinition,
    RouteProcess,
    RoutingMode,
    SubmissionFile,
)
from .dynforms import form_class_for, latest_published, submission_values
from .routes import version_for_new_case, version_spec

FORMS_KEY = "_forms"
START_KEY = "_start"  # the step key under which the starter's data is recorded


def _published(code: str) -> FormVersion | None:
    form = FormDefinition.objects.filter(code=code).first() if code else None
    return latest_published(form) if form is not None else None


def start_form_version(definition: ProcessDefinition | None) -> FormVersion | None:
    """The form the starter of a case on `definition` fills in: its first step's form."""
    if definition is None:
        return None
    version = version_for_new_case(definition.code)
    return _published(version_spec(version).start.form_code) if version else None


def step_form_version(process: RouteProcess, step_key: str) -> FormVersion | None:
    """The published form a step of a designed route asks for (None: the step only reads)."""
    if process.mode != RoutingMode.FIXED or not process.version_id:
        return None
    return _published(version_spec(process.version).step(step_key).form_code)


def case_submission_ids(process: RouteProcess) -> list[int]:
    return [int(pk) for pk in (process.data or {}).get(FORMS_KEY, [])]


def case_submissions(process: RouteProcess) -> list[FormSubmission]:
    """The versions of the case's form data, oldest first (two queries)."""
    ids = case_submission_ids(process)
    if not ids:
        return []
    rows = (
        FormSubmission.objects.filter(pk__in=ids)
        .select_related("version__form", "created_by")
        .prefetch_related(Prefetch("files", queryset=SubmissionFile.objects.order_by("pk")))
    )
    by_pk = {row.pk: row for row in rows}
    return [by_pk[pk] for pk in ids if pk in by_pk]


@dataclass
class CaseFormVersion:
    number: int
    submission: FormSubmission
    step_name: str
    values: list


def case_form_versions(process: RouteProcess, step_names: dict[str, str]) -> list[CaseFormVersion]:
    """Every version of the case's data, newest first, with the step it was saved at."""
    steps = {
        int(pk): key
        for key, pk in (process.data or {}).items()
        if key.startswith("submission_") and str(pk).isdigit()
    }
    versions = []
    for number, submission in enumerate(case_submissions(process), start=1):
        key = steps.get(submission.pk, "")
        step = key.removeprefix("submission_")
        name = _("发起") if step == START_KEY else step_names.get(step, "")
        versions.append(CaseFormVersion(number, submission, name, submission_values(submission)))
    return versions[::-1]


def prefilled_form(
    version: FormVersion, previous: FormSubmission | None, data=None, files=None
) -> DynamicForm:
    """The step's form showing the case's latest data (or bound to what was posted). A file
    already given need not be uploaded again: left empty, the earlier file is kept."""
    form_class = form_class_for(version)
    initial = form_class.stored_initial(previous.data) if previous is not None else {}
    form = (
        form_class(data, files, initial=initial)
        if data is not None
        else form_class(initial=initial)
    )
    if previous is not None:
        given = {f.field_key: f for f in previous.files.all()}
        for key, stored in given.items():
            if key in form.fields:
                form.fields[key].required = False
                form.fields[key].help_text = _("已上传：%(name)s（不重新上传则沿用）") % {
                    "name": stored.original_name
                }
    return form
