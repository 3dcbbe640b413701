"""The outbox: written with the business change, sent once, retried, failures resendable."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from platform_core.constants import Channel, OutboxStatus
from platform_core.models import Notification
from platform_core.services.notifications import (
    notification_enqueue,
    notification_mark_read,
    notification_resend,
    notification_send,
    notify_user,
)
from platform_core.sms import LocmemSmsBackend
from platform_core.tasks import drain_outbox
from tests.factories import StaffFactory


def sms(body="您的验证码是 123456", **kwargs):
    return notification_enqueue(
        channel=Channel.SMS, address="13800138000", subject="验证码", body=body, **kwargs
    )


@pytest.mark.django_db
def test_sms_is_sent_after_commit(django_capture_on_commit_callbacks, sms_outbox):
    with django_capture_on_commit_callbacks(execute=True):
        row = sms()
        assert sms_outbox == []  # nothing leaves before the business transaction commits
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 1
    assert len(sms_outbox) == 1
    assert sms_outbox[0].mobile == "13800138000"
    assert sms_outbox[0].text.endswith("您的验证码是 123456")


@pytest.mark.django_db
def test_rolled_back_business_change_sends_nothing(django_capture_on_commit_callbacks, sms_outbox):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        sms()
        raise RuntimeError("business rule failed")
    assert Notification.objects.count() == 0
    assert sms_outbox == []


@pytest.mark.django_db
def test_send_is_idempotent(sms_outbox):
    row = sms()
    assert notification_send(notification_id=row.pk) == OutboxStatus.SENT
    assert notification_send(notification_id=row.pk) == OutboxStatus.SENT
    drain_outbox()
    assert len(sms_outbox) == 1


@pytest.mark.django_db
def test_dedupe_key_enqueues_one_row():
    first = sms(dedupe_key="case-1:accepted")
    second = sms(dedupe_key="case-1:accepted")
    assert first.pk == second.pk
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_failure_is_retried_with_backoff_then_marked_failed(settings, sms_outbox):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    row = sms()
    LocmemSmsBackend.fail_next = 10
    assert notification_send(notification_id=row.pk) == OutboxStatus.PENDING
    row.refresh_from_db()
    assert row.attempts == 1 and "simulated" in row.last_error
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert drain_outbox() == 0  # not due yet: the back-off is respected
    for _ in range(2):
        Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        drain_outbox()
    row.refresh_from_db()
    assert row.status == OutboxStatus.FAILED and row.attempts == 3
    assert sms_outbox == []
    # An administrator resends it once the gateway is back.
    LocmemSmsBackend.fail_next = 0
    notification_resend(notification=row)
    drain_outbox()
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT
    assert len(sms_outbox) == 1


@pytest.mark.django_db
def test_broker_down_keeps_row_for_drain(settings, django_capture_on_commit_callbacks, sms_outbox):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from config.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:6399/0"  # nothing listens there
    try:
        with django_capture_on_commit_callbacks(execute=True):
            row = sms()
    finally:
        app.conf.task_always_eager = True
        app.conf.broker_url = settings.CELERY_BROKER_URL
    row.refresh_from_db()
    assert row.status == OutboxStatus.PENDING  # saved, not lost, not failed
    assert drain_outbox() == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and len(sms_outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_send_once(sms_outbox):
    """Two deliveries of the same task at the same moment: the row lock lets one send."""
    row = sms()
    barrier = threading.Barrier(2)
    results = []

    def worker():
        barrier.wait()
        try:
            results.append(notification_send(notification_id=row.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [OutboxStatus.SENT, OutboxStatus.SENT]
    assert len(sms_outbox) == 1


@pytest.mark.django_db
def test_in_app_unread_and_mark_read():
    user = StaffFactory()
    notify_user(user=user, subject="待办提醒", body="您有新的待办")
    notify_user(user=user, subject="待办提醒2", body="您有新的待办")
    unread = Notification.objects.filter(
        recipient=user, channel=Channel.IN_APP, read_at__isnull=True
    )
    assert unread.count() == 2
    assert notification_mark_read(user=user) == 2
    assert unread.count() == 0


@pytest.mark.django_db
def test_secret_content_is_redacted_after_sending(sms_outbox):
    from platform_core.services.notifications import REDACTED

    row = sms(body="您的验证码为654321", redact_after_send=True)
    notification_send(notification_id=row.pk)
    row.refresh_from_db()
    assert sms_outbox[0].text.endswith("654321")
    assert row.body == REDACTED and "654321" not in row.body


@pytest.mark.django_db
def test_email_attachments_are_read_from_storage_when_sent(settings, tmp_path, mailoutbox):
    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from platform_core.services.notifications import EmailFile

    settings.MEDIA_ROOT = tmp_path
    name = default_storage.save("outbox-test/通知.txt", ContentFile("第一版".encode()))
    file = EmailFile(name="通知.txt", storage_name=name, size=9, content_type="text/plain")
    row = notification_enqueue(
        channel=Channel.EMAIL,
        address="a@example.cn",
        subject="通知",
        body="见附件",
        attachments=[file],
    )
    assert row.attachments.get().storage_name == name  # a reference, not a copy
    # The file is read when the message leaves, not when it was queued.
    default_storage.delete(name)
    default_storage.save(name, ContentFile("第二版".encode()))
    assert notification_send(notification_id=row.pk) == OutboxStatus.SENT
    assert mailoutbox[0].attachments == [("通知.txt", "第二版", "text/plain")]
    # A file gone from storage: the row waits for a retry with the error, nothing is sent.
    second = notification_enqueue(
        channel=Channel.EMAIL, address="b@example.cn", subject="通知", body="见附件",
        attachments=[EmailFile(name="缺失.pdf", storage_name="outbox-test/none.pdf", size=5)],
    )  # fmt: skip
    assert notification_send(notification_id=second.pk) == OutboxStatus.PENDING
    second.refresh_from_db()
    assert second.attempts == 1 and second.last_error and len(mailoutbox) == 1
    # Too large, or on a channel that cannot carry files: refused before anything is written.
    settings.OUTBOX_EMAIL_ATTACHMENTS_MAX_BYTES = 8
    with pytest.raises(ValidationError) as exc:
        notification_enqueue(
            channel=Channel.EMAIL, address="c@example.cn", subject="通知", body="x",
            attachments=[file],
        )  # fmt: skip
    assert "发往系统外邮箱的附件合计不能超过" in exc.value.messages[0]
    with pytest.raises(ValueError):
        notification_enqueue(
            channel=Channel.SMS, address="13800138000", subject="x", body="x", attachments=[file]
        )
    assert Notification.objects.count() == 2
