"""Message centre pages (citizens and staff) and the failed-outbox resend page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from platform_core.constants import Channel, OutboxStatus, RoleCode
from platform_core.models import Notification
from platform_core.selectors.notifications import inbox_for, outbox_failures, unread_count
from platform_core.services.notifications import notification_enqueue, notify_user
from tests.factories import CitizenFactory, staff_with_role

CITIZEN_BACKEND = "platform_core.auth_backends.CitizenSessionBackend"
STAFF_BACKEND = "platform_core.auth_backends.StaffBackend"


@pytest.fixture
def citizen(db):
    return CitizenFactory()


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen, backend=CITIZEN_BACKEND)
    return client


def messages_for(user, count: int, start: int = 0, **kwargs) -> list[Notification]:
    """`count` in-app messages, the later ones newer (created_at spaced one minute apart)."""
    now = timezone.now()
    rows = []
    for n in range(start, start + count):
        row = notify_user(user=user, subject=f"消息{n:03d}", body=f"正文{n}", **kwargs)[0]
        Notification.objects.filter(pk=row.pk).update(created_at=now - timedelta(minutes=1000 - n))
        rows.append(row)
    return rows


def failed_sms(address="13800000001", subject="办件提醒") -> Notification:
    row = notification_enqueue(channel=Channel.SMS, address=address, subject=subject, body="内容")
    Notification.objects.filter(pk=row.pk).update(
        status=OutboxStatus.FAILED, attempts=5, last_error="gateway unreachable: timed out"
    )
    row.refresh_from_db()
    return row


# --- Selectors -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_selectors_return_only_own_in_app_messages(citizen):
    other = CitizenFactory()
    mine = messages_for(citizen, 3)
    messages_for(other, 2)
    notification_enqueue(channel=Channel.SMS, recipient=citizen, subject="短信", body="x")
    assert [n.pk for n in inbox_for(citizen)] == [n.pk for n in reversed(mine)]
    assert unread_count(citizen) == 3
    Notification.objects.filter(pk=mine[0].pk).update(read_at=timezone.now())
    assert unread_count(citizen) == 2
    failed = failed_sms()
    assert list(outbox_failures()) == [failed]


# --- Citizen message list ------------------------------------------------------------------------


@pytest.mark.django_db
def test_citizen_list_newest_first_paginated_unread_highlighted(citizen_client, citizen):
    messages_for(citizen, 25)
    Notification.objects.filter(subject="消息024").update(read_at=timezone.now())
    messages_for(CitizenFactory(), 1, start=500)  # someone else's
    url = reverse("platform_core:citizen_notifications")
    page1 = citizen_client.get(url)
    html = page1.content.decode()
    assert page1.status_code == 200
    assert [n.subject for n in page1.context["page"].object_list][:2] == ["消息024", "消息023"]
    assert len(page1.context["page"].object_list) == 20
    assert "消息500" not in html
    assert "共 25 条消息" in html and "未读 24 条" in html
    assert html.count("is-unread") == 19  # the newest one was read
    assert "全部标为已读" in html
    page2 = citizen_client.get(url, {"page": 2})
    assert [n.subject for n in page2.context["page"].object_list] == [
        f"消息{n:03d}" for n in range(4, -1, -1)
    ]
    # A page number out of range or not a number shows a page, not an error.
    assert citizen_client.get(url, {"page": "abc"}).status_code == 200
    assert citizen_client.get(url, {"page": 99}).status_code == 200


def _queries(client, url) -> int:
    client.get(url)  # warm-up: one-time rows (site settings) and caches are not the page's cost
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_citizen_list_query_count_is_constant(
    citizen_client, citizen, django_assert_max_num_queries
):
    url = reverse("platform_core:citizen_notifications")
    messages_for(citizen, 2)
    small = _queries(citizen_client, url)
    messages_for(citizen, 40, start=2)
    with django_assert_max_num_queries(small):
        citizen_client.get(url)
    with django_assert_max_num_queries(small):
        citizen_client.get(url, {"page": 2})


@pytest.mark.django_db
def test_office_list_query_count_is_constant(client, gov, django_assert_max_num_queries):
    staff = staff_with_role(RoleCode.REVIEW_CLERK, gov)
    client.force_login(staff, backend=STAFF_BACKEND)
    url = reverse("platform_core:office_notifications")
    messages_for(staff, 1)
    small = _queries(client, url)
    messages_for(staff, 45, start=1)
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 20


@pytest.mark.django_db
def test_mark_all_read_touches_only_own_messages(citizen_client, citizen):
    messages_for(citizen, 3)
    other = CitizenFactory()
    messages_for(other, 2, start=10)
    response = citizen_client.post(reverse("platform_core:citizen_notifications_read_all"))
    assert response.status_code == 302
    assert response.url == reverse("platform_core:citizen_notifications")
    assert unread_count(citizen) == 0
    assert unread_count(other) == 2
    page = citizen_client.get(response.url).content.decode()
    assert "已将3条消息标为已读。" in page and "is-unread" not in page
    # GET does not change anything.
    assert (
        citizen_client.get(reverse("platform_core:citizen_notifications_read_all")).status_code
        == 405
    )


@pytest.mark.django_db
def test_mark_one_read_own_only(citizen_client, citizen):
    mine = messages_for(citizen, 2)
    theirs = messages_for(CitizenFactory(), 1, start=10)[0]
    url = reverse("platform_core:citizen_notification_read", args=[mine[0].pk])
    response = citizen_client.post(url, {"page": "1"})
    assert response.status_code == 302
    assert response.url == reverse("platform_core:citizen_notifications") + "?page=1"
    mine[0].refresh_from_db()
    mine[1].refresh_from_db()
    assert mine[0].read_at is not None and mine[1].read_at is None

    response = citizen_client.post(
        reverse("platform_core:citizen_notification_read", args=[theirs.pk])
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.django_db
def test_open_follows_local_link_only(citizen_client, citizen):
    local = notify_user(user=citizen, subject="办件进度", body="已受理", link="/accounts/")[0]
    remote = notify_user(user=citizen, subject="外链", body="x", link="https://evil.example.com/")[
        0
    ]
    response = citizen_client.post(
        reverse("platform_core:citizen_notification_read", args=[local.pk]), {"open": "1"}
    )
    assert response.status_code == 302 and response.url == "/accounts/"
    response = citizen_client.post(
        reverse("platform_core:citizen_notification_read", args=[remote.pk]), {"open": "1"}
    )
    assert response.url == reverse("platform_core:citizen_notifications")
    assert unread_count(citizen) == 0


@pytest.mark.django_db
def test_who_may_open_which_message_list(client, citizen, gov):
    citizen_url = reverse("platform_core:citizen_notifications")
    office_url = reverse("platform_core:office_notifications")
    response = client.get(citizen_url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(citizen, backend=CITIZEN_BACKEND)
    assert client.get(office_url).status_code == 403
    assert client.post(reverse("platform_core:office_notifications_read_all")).status_code == 403

    staff = staff_with_role(RoleCode.REVIEW_CLERK, gov)
    messages_for(staff, 1, start=7)
    client.force_login(staff, backend=STAFF_BACKEND)
    assert client.get(citizen_url).status_code == 403
    response = client.get(office_url)
    assert response.status_code == 200 and "消息007" in response.content.decode()
    client.post(reverse("platform_core:office_notifications_read_all"))
    assert unread_count(staff) == 0


# --- Failed outbox -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_system_admin_sees_and_resends_failures(
    client, gov, django_capture_on_commit_callbacks, sms_outbox
):
    admin = staff_with_role(RoleCode.SYSTEM_ADMIN, gov)
    failed = failed_sms()
    notification_enqueue(channel=Channel.SMS, address="13800000002", subject="待发送", body="x")
    client.force_login(admin, backend=STAFF_BACKEND)
    response = client.get(reverse("platform_core:outbox_failures"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "办件提醒" in html and "gateway unreachable" in html and "重新发送" in html
    assert "待发送" not in html  # pending rows are not failures

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("platform_core:outbox_resend", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.SENT
    assert [m.mobile for m in sms_outbox] == ["13800000001"]
    page = client.get(response.url).content.decode()
    assert "已重新加入发送队列" in page and "没有发送失败的消息" in page

    # Resending a row that is no longer failed changes nothing.
    response = client.post(reverse("platform_core:outbox_resend", args=[failed.pk]))
    assert response.status_code == 302
    assert len(sms_outbox) == 1


@pytest.mark.django_db
def test_review_clerk_and_citizen_cannot_resend(client, gov, citizen):
    failed = failed_sms()
    clerk = staff_with_role(RoleCode.REVIEW_CLERK, gov)
    client.force_login(clerk, backend=STAFF_BACKEND)
    assert client.get(reverse("platform_core:outbox_failures")).status_code == 403
    assert client.post(reverse("platform_core:outbox_resend", args=[failed.pk])).status_code == 403
    client.force_login(citizen, backend=CITIZEN_BACKEND)
    assert client.get(reverse("platform_core:outbox_failures")).status_code == 403
    assert client.post(reverse("platform_core:outbox_resend", args=[failed.pk])).status_code == 403
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.FAILED


@pytest.mark.django_db
def test_outbox_page_query_count_is_constant(client, gov, django_assert_max_num_queries):
    admin = staff_with_role(RoleCode.SYSTEM_ADMIN, gov)
    client.force_login(admin, backend=STAFF_BACKEND)
    url = reverse("platform_core:outbox_failures")
    failed_sms()
    small = _queries(client, url)
    citizens = CitizenFactory.create_batch(3)
    for n in range(25):
        row = notification_enqueue(
            channel=Channel.SMS, recipient=citizens[n % 3], subject=f"提醒{n}", body="x"
        )
        Notification.objects.filter(pk=row.pk).update(status=OutboxStatus.FAILED)
    with django_assert_max_num_queries(small):
        client.get(url)
