"""The quota holds under parallel uploads: the check and the counter update happen under a row
lock on the cabinet, so two uploads that each fit but not together cannot both succeed."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from oa.models import Cabinet, FileEntry, Level
from oa.services import files as services
from platform_core.constants import RoleCode
from tests.factories import staff_with_role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.django_db(transaction=True)
def test_parallel_uploads_cannot_overshoot_the_quota(dept_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    head = staff_with_role(RoleCode.SECTION_HEAD, dept_a)
    cabinet = services.department_cabinet_ensure(unit=dept_a, by=head)
    services.grant_add(cabinet=cabinet, by=head, level=Level.WRITE, user=head)
    Cabinet.objects.filter(pk=cabinet.pk).update(quota_bytes=len(PDF) + 5)
    barrier = threading.Barrier(4)
    outcomes = []

    def upload(n):
        try:
            barrier.wait()
            services.file_upload(
                cabinet=cabinet,
                folder=None,
                upload=SimpleUploadedFile(f"并发{n}.pdf", PDF + bytes([n]), "application/pdf"),
                by=head,
            )
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "quota", "quota", "quota"]
    assert FileEntry.objects.count() == 1
    assert Cabinet.objects.get(pk=cabinet.pk).used_bytes == len(PDF) + 1
