"""督办 and 归档 pages: department isolation, CSRF-protected forms working end to end, the
leader's view at a constant query count, and the archive package download."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from oa.constants import SupervisionStatus
from oa.models import SupervisionItem
from oa.services import archive as archive_svc
from oa.services import supervision as svc
from platform_core.constants import RoleCode
from tests.factories import staff_with_role

from .conftest import make_document, sign


@pytest.fixture
def inspector(office):
    return staff_with_role(RoleCode.SUPERVISOR, office, name="督查员甲")


@pytest.fixture
def handler_a(dept_a):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="承办人")


@pytest.fixture
def signed_doc(route, clerk, issuer, office, head, leader):
    return sign(make_document(clerk, issuer, office), clerk, head, [], leader)


def _item(inspector, doc, unit, n=0):
    return svc.item_create(
        by=inspector,
        source_kind="document" if n == 0 else "instruction",
        source_id=doc.pk if n == 0 else n,
        lead_unit=unit,
        due_date=timezone.localdate() + datetime.timedelta(days=20),
    )


def test_pages_and_forms_with_isolation(client, inspector, signed_doc, dept_a, handler_a, clerk_b):
    client.force_login(inspector)
    url = reverse("oa:supervision_new") + f"?source=document&id={signed_doc.pk}"
    assert signed_doc.title in client.get(url).content.decode()
    due = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    response = client.post(
        url,
        {
            "source_kind": "document",
            "source_id": signed_doc.pk,
            "lead_unit": dept_a.pk,
            "due_date": due,
            "milestones": f"拟定方案，{due}",
        },
    )
    item = SupervisionItem.objects.get()
    assert response.status_code == 302 and item.milestones.count() == 1
    detail = reverse("oa:supervision_detail", args=[item.pk])
    client.force_login(clerk_b)  # another department
    assert client.get(detail).status_code == 404
    assert client.post(reverse("oa:supervision_progress", args=[item.pk])).status_code == 404
    assert client.get(reverse("oa:supervision_new")).status_code == 403
    client.force_login(handler_a)
    assert "反馈办理进展" in client.get(detail).content.decode()
    client.post(
        reverse("oa:supervision_progress", args=[item.pk]),
        {"text": "已完成", "completion": "on"},
    )
    client.force_login(inspector)
    client.post(reverse("oa:supervision_review", args=[item.pk]), {"decision": "close"})
    item.refresh_from_db()
    assert item.status == SupervisionStatus.CLOSED
    client.post(reverse("oa:supervision_archive", args=[item.pk]), {"retention": "D10"})
    record = item.archive
    response = client.get(reverse("oa:archive_package", args=[record.pk]))
    assert response["Content-Type"] == "application/zip"
    assert record.archival_code in client.get(reverse("oa:archive")).content.decode()
    client.force_login(clerk_b)
    assert client.get(reverse("oa:archive_package", args=[record.pk])).status_code == 404


def test_leaders_view_keeps_a_constant_query_count(client, inspector, signed_doc, dept_a, leader):
    svc.register_source_resolver(
        "instruction", lambda pk: svc.SourceInfo(title=f"批示{pk}", link="/x/")
    )
    _item(inspector, signed_doc, dept_a)
    client.force_login(leader)
    url = reverse("oa:supervision")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(1, 8):
        _item(inspector, signed_doc, dept_a, n)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert "批示7" in response.content.decode()
    assert len(many) == len(few)


def test_document_archive_view(client, clerk, signed_doc):
    client.force_login(clerk)
    client.post(reverse("oa:document_archive", args=[signed_doc.pk]), {"retention": "Y"})
    assert archive_svc.ArchiveRecord.objects.get(document=signed_doc).retention == "Y"
