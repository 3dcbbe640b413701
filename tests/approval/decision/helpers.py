"""Helpers of the decision-stage tests: an accepted or reviewed application, PDF text."""

import subprocess

from viewflow.workflow.models import Task

from approval.services import acceptance
from approval.services import decision as services
from platform_core.models import TaskInfo
from platform_core.services import workflow as wf
from tests.approval.conftest import submitted


def accepted(item, clerk, **kwargs):
    application = submitted(item, clerk, **kwargs)
    acceptance.application_accept(application=application, by=clerk)
    application.refresh_from_db()
    return application


def finish_review(application, reviewer):
    """Work the review step on the generic engine, as the task page does."""
    (info,) = TaskInfo.objects.filter(process=application.process, is_open=True)
    task = Task.objects.get(pk=info.pk)
    wf.task_claim(task=task, user=reviewer)
    wf.task_complete(task=task, user=reviewer, comment="符合条件")


def reviewed(item, clerk, reviewer, **kwargs):
    application = accepted(item, clerk, **kwargs)
    finish_review(application, reviewer)
    return services.review_sync(application=application)


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode()
