"""A mail's stored attachment that only e-mails to outside addresses still need is removed once
the last of them has left (sent through a real local SMTP server, or failed for good), and never
while a mailbox copy, another message with the same bytes, or another unsent e-mail still uses it;
the nightly sweep removes what a missed release left behind."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse

from oa.models import MailDelivery, MailFile
from oa.services import mail as services
from oa.tasks import mail_files_sweep
from platform_core.constants import Channel, OutboxStatus, RoleCode
from platform_core.models import Notification
from platform_core.services.notifications import notification_resend, notification_send
from tests.factories import staff_with_role
from tests.smtp import smtp_server_fixture  # noqa: F401 (the `smtp_server` fixture)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf(name="实施方案.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def send(by, to, *, content=PDF):
    """Send with one attachment; the outside e-mails stay queued (no commit in a test)."""
    draft = services.draft_save(
        by=by, subject="关于商请提供项目资料的函", to=to, uploads=[pdf(content=content)]
    )
    return services.mail_send(by=by, message=draft)


def purge(user, message):
    copy = MailDelivery.objects.get(owner=user, message=message)
    services.mail_delete(by=user, delivery_ids=[copy.pk])
    services.mail_delete(by=user, delivery_ids=[copy.pk])


def outbox(address):
    return Notification.objects.get(channel=Channel.EMAIL, address=address)


def deliver(address, capture) -> str:
    """Send one queued e-mail as the worker does, running what it does after commit."""
    with capture(execute=True):
        return notification_send(notification_id=outbox(address).pk)


def stored(blob) -> bool:
    return MailFile.objects.filter(pk=blob.pk).exists() and blob.file.storage.exists(blob.file.name)


def test_a_file_kept_only_for_the_outbox_goes_once_the_email_has_left(
    clerk, smtp_server, django_capture_on_commit_callbacks
):
    message = send(clerk, "li.si@example.cn")
    blob = MailFile.objects.get()
    purge(clerk, message)
    assert stored(blob)  # the queued e-mail still reads it
    assert deliver("li.si@example.cn", django_capture_on_commit_callbacks) == OutboxStatus.SENT
    received = smtp_server.wait_for(1)
    assert [p.get_content() for p in received[0].iter_attachments()] == [PDF]
    assert not stored(blob)
    assert not blob.file.storage.exists(blob.file.name)


def test_a_file_a_mailbox_copy_still_uses_stays_until_that_copy_is_purged(
    clerk, colleague, smtp_server, django_capture_on_commit_callbacks
):
    message = send(clerk, "黄磊；li.si@example.cn")
    blob = MailFile.objects.get()
    purge(clerk, message)
    assert deliver("li.si@example.cn", django_capture_on_commit_callbacks) == OutboxStatus.SENT
    assert len(smtp_server.wait_for(1)) == 1
    assert stored(blob)  # 黄磊's copy attaches it
    with django_capture_on_commit_callbacks(execute=True):
        purge(colleague, message)
    assert not stored(blob)
    assert not blob.file.storage.exists(blob.file.name)


def test_a_file_stays_while_another_outside_email_has_still_to_leave(
    clerk, smtp_server, django_capture_on_commit_callbacks
):
    message = send(clerk, "li.si@example.cn；wang.wu@example.cn")
    blob = MailFile.objects.get()
    purge(clerk, message)
    deliver("li.si@example.cn", django_capture_on_commit_callbacks)
    assert stored(blob)
    deliver("wang.wu@example.cn", django_capture_on_commit_callbacks)
    assert len(smtp_server.wait_for(2)) == 2
    assert not stored(blob)


def test_the_same_bytes_attached_to_another_message_are_kept(
    clerk, colleague, smtp_server, django_capture_on_commit_callbacks
):
    first = send(clerk, "li.si@example.cn")
    blob = MailFile.objects.get()
    purge(clerk, first)
    second = send(clerk, "黄磊")  # same content: the one stored file is reused
    assert second.attachments.get().blob_id == blob.pk
    deliver("li.si@example.cn", django_capture_on_commit_callbacks)
    assert stored(blob)


def test_a_file_goes_when_its_email_has_failed_for_good(
    clerk, gov, client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    settings.OUTBOX_MAX_ATTEMPTS = 2
    message = send(clerk, "li.si@example.cn")
    blob = MailFile.objects.get()
    purge(clerk, message)
    assert deliver("li.si@example.cn", django_capture_on_commit_callbacks) == OutboxStatus.PENDING
    assert stored(blob)  # it will be tried again
    Notification.objects.filter(pk=outbox("li.si@example.cn").pk).update(
        next_attempt_at=outbox("li.si@example.cn").created_at
    )
    assert deliver("li.si@example.cn", django_capture_on_commit_callbacks) == OutboxStatus.FAILED
    assert not stored(blob)
    assert not blob.file.storage.exists(blob.file.name)
    # Resending it would send it without its attachment: refused, saying why.
    failed = outbox("li.si@example.cn")
    with pytest.raises(ValidationError) as exc:
        notification_resend(notification=failed)
    assert "附件已不在存储中（实施方案.pdf）" in exc.value.messages[0]
    client.force_login(staff_with_role(RoleCode.SYSTEM_ADMIN, gov))
    response = client.post(reverse("platform_core:outbox_resend", args=[failed.pk]), follow=True)
    assert "请发件人重新发送这封邮件" in response.content.decode()
    assert outbox("li.si@example.cn").status == OutboxStatus.FAILED


def test_the_sweep_removes_what_a_missed_release_left_and_nothing_else(
    clerk, colleague, smtp_server, django_capture_on_commit_callbacks
):
    left = send(clerk, "li.si@example.cn")
    purge(clerk, left)
    # Sent, but the release after commit never ran (a worker stopped in between).
    notification_send(notification_id=outbox("li.si@example.cn").pk)
    orphan = MailFile.objects.get()
    queued = send(clerk, "wang.wu@example.cn", content=PDF + b"%queued")
    queued_blob = queued.attachments.get().blob
    purge(clerk, queued)
    kept = send(clerk, "黄磊", content=PDF + b"%kept")
    kept_blob = kept.attachments.get().blob
    assert MailFile.objects.count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert mail_files_sweep() == 1
    assert not stored(orphan)
    assert not orphan.file.storage.exists(orphan.file.name)
    assert stored(queued_blob) and stored(kept_blob)
    assert mail_files_sweep() == 0  # nothing more to do


@pytest.mark.django_db(transaction=True)
def test_a_purge_and_a_release_at_the_same_moment_leave_no_file(clerk, smtp_server, settings):
    """The purge of the last copy sees the e-mail still queued and keeps the file; meanwhile the
    e-mail leaves and its release waits for the purge's lock on the file, then removes it."""
    port, settings.EMAIL_PORT = settings.EMAIL_PORT, 9  # first attempt fails: the e-mail waits
    message = send(clerk, "li.si@example.cn")
    row = outbox("li.si@example.cn")
    assert row.status == OutboxStatus.PENDING and row.attempts == 1
    blob = MailFile.objects.get()
    copy = MailDelivery.objects.get(owner=clerk, message=message)
    services.mail_delete(by=clerk, delivery_ids=[copy.pk])  # to 已删除
    settings.EMAIL_PORT = port
    purged, releasing = threading.Event(), threading.Event()
    errors, statuses = [], []

    def purge_and_hold():
        try:
            with transaction.atomic():
                services.mail_delete(by=clerk, delivery_ids=[copy.pk])  # locks, keeps the file
                purged.set()
                releasing.wait(10)
                time.sleep(0.5)  # the e-mail is sent; its release waits for this lock
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    def send_and_release():
        try:
            purged.wait(10)
            releasing.set()
            statuses.append(notification_send(notification_id=row.pk))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=purge_and_hold), threading.Thread(target=send_and_release)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors and statuses == [OutboxStatus.SENT]
    assert len(smtp_server.wait_for(1)) == 1
    assert not stored(blob)
    assert not blob.file.storage.exists(blob.file.name)
