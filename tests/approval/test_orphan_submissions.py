"""Orphaned submissions (issue 11): a retried application POST with a file created a new form
submission and stored file each time, leaving the earlier ones behind. Now the draft's submission
is reused, and a nightly job deletes draft submissions nothing refers to (older than a day)."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from approval.constants import AppStatus
from approval.models import Application
from platform_core import tasks
from platform_core.models import FormSubmission, SubmissionFile
from platform_core.services.dynforms import submission_create
from tests.approval.conftest import fill
from tests.platform_core.test_dynforms_fields import PDF


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _stored(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def _post(client, item, name="平面图.pdf"):
    return client.post(
        reverse("approval:apply", args=[item.code]),
        {
            "action": "submit",
            "company": "蓝山县好味餐饮店",
            "address": "城关镇1号",
            "plan": SimpleUploadedFile(name, PDF, content_type="application/pdf"),
        },
    )


def test_retried_application_post_reuses_the_drafts_submission(
    client, item, citizen, media, settings, django_capture_on_commit_callbacks
):
    settings.RATELIMIT_ENABLE = False  # 11 tries, as in the review (10 a minute are allowed)
    client.force_login(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(11):
            assert _post(client, item, name=f"平面图{n}.pdf").status_code == 302
    draft = Application.objects.get(applicant=citizen, status=AppStatus.DRAFT)
    assert FormSubmission.objects.count() == 1
    assert draft.submission.draft is True
    (stored,) = SubmissionFile.objects.all()
    assert stored.submission_id == draft.submission_id and stored.original_name == "平面图10.pdf"
    assert draft.submission.data["plan"] == {"file": stored.pk, "name": "平面图10.pdf"}
    # The files of the earlier tries are gone from the disk too.
    assert [p.name for p in _stored(media)] == [Path(stored.file.name).name]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("approval:confirm", args=[item.code]))
    draft.refresh_from_db()
    assert draft.status == AppStatus.SUBMITTED
    assert draft.submission.draft is False  # a submitted record is kept as it is


def _orphan(item, citizen, *, age_hours: float, draft: bool = True) -> FormSubmission:
    version, form = fill(item)
    form = type(form)(
        {"company": "某店", "address": "城关镇"},
        {"plan": SimpleUploadedFile("图.pdf", PDF, content_type="application/pdf")},
    )
    assert form.is_valid(), form.errors
    submission = submission_create(version=version, form=form, by=citizen, draft=draft)
    FormSubmission.objects.filter(pk=submission.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=age_hours)
    )
    return submission


def test_cleanup_deletes_only_old_unreferenced_drafts_with_their_files(
    item, citizen, clerk_a, media, django_capture_on_commit_callbacks
):
    old = _orphan(item, citizen, age_hours=30)
    recent = _orphan(item, citizen, age_hours=2)
    kept_record = _orphan(item, citizen, age_hours=30, draft=False)  # a submitted record
    held = _orphan(item, citizen, age_hours=30)
    Application.objects.create(
        item=item, department=item.department, applicant=citizen, created_by=citizen,
        submission=held,
    )  # fmt: skip
    old_file = Path(old.files.get().file.path)
    assert old_file.exists()

    assert (
        tasks.submissions_orphaned_delete(older_than=tasks.ORPHAN_SUBMISSION_AGE, dry_run=True) == 1
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.housekeeping()
    assert result["orphan_submissions"] == 1
    remaining = set(FormSubmission.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, kept_record.pk, held.pk}
    assert not old_file.exists()
    assert not SubmissionFile.objects.filter(submission_id=old.pk).exists()


def test_cleanup_command(item, citizen, capsys, django_capture_on_commit_callbacks):
    _orphan(item, citizen, age_hours=30)
    _orphan(item, citizen, age_hours=5)
    call_command("cleanup_orphan_submissions", "--dry-run")
    assert "would delete 1" in capsys.readouterr().out
    with django_capture_on_commit_callbacks(execute=True):
        call_command("cleanup_orphan_submissions", "--older-than-hours", "4")
    assert "deleted 2" in capsys.readouterr().out
    assert not FormSubmission.objects.exists()


def test_housekeeping_is_scheduled(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["platform-housekeeping"]
    assert entry["task"] == "platform_core.tasks.housekeeping"
    assert tasks.housekeeping.name == entry["task"]
