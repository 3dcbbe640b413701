"""The submissions held by online applications still in draft become draft submissions
(FormSubmission.draft): a retry then replaces them in place instead of leaving them behind."""

from django.db import migrations


def mark(apps, schema_editor):
    Application = apps.get_model("approval", "Application")
    FormSubmission = apps.get_model("platform_core", "FormSubmission")
    held = Application.objects.filter(status="draft", submission__isnull=False).values(
        "submission_id"
    )
    FormSubmission.objects.filter(pk__in=held).update(draft=True)


class Migration(migrations.Migration):
    dependencies = [
        ("approval", "0005_progress_lookup_lock"),
        ("platform_core", "0010_submission_draft"),
    ]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
