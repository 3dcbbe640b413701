"""通知公告: approval on the platform route (a task in the reviewer's inbox), scope, read
tracking and reminders, the moderated comment board, expiry, and permissions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from oa.models import Notice, NoticeRead
from oa.selectors import notices as selectors
from oa.services import notices as services
from platform_core.constants import Channel, RoleCode
from platform_core.models import Notification, TaskInfo
from tests.factories import staff_with_role

BODY = "<p>各单位：</p><p>请于12月10日前报送年度工作总结。</p><script>alert(1)</script>"


@pytest.fixture
def notice_route(sysadmin):
    return services.ensure_route(by=sysadmin)


def draft(clerk, office, **kw):
    fields = {"title": "关于报送2026年度工作总结的通知", "body": BODY}
    fields.update(kw)
    return services.notice_save(by=clerk, unit=office, **fields)


def publish(clerk, head, office, **kw):
    notice = draft(clerk, office, **kw)
    services.notice_submit(notice=notice, by=clerk)
    return services.notice_review(notice=notice, by=head, approve=True)


@pytest.mark.django_db
def test_approval_is_an_inbox_task_then_publishes(notice_route, clerk, head, office, colleague):
    notice = draft(clerk, office)
    assert "<script>" not in notice.body
    services.notice_submit(notice=notice, by=clerk)
    notice.refresh_from_db()
    assert notice.status == "pending"
    task = TaskInfo.objects.get(process_id=notice.process_id, is_open=True)
    assert task.step_key == "review"
    assert selectors.notices_to_review(head).filter(pk=notice.pk).exists()
    assert not selectors.notices_for(colleague).filter(pk=notice.pk).exists()  # not yet
    with pytest.raises(PermissionDenied):
        services.notice_review(notice=notice, by=colleague, approve=True)
    services.notice_review(notice=notice, by=head, approve=True, comment="同意")
    notice.refresh_from_db()
    assert notice.status == "published" and notice.published_at
    assert not TaskInfo.objects.filter(process_id=notice.process_id, is_open=True).exists()
    assert selectors.notices_for(colleague).filter(pk=notice.pk).exists()
    assert Notification.objects.filter(
        recipient=colleague, channel=Channel.IN_APP, link=f"/office/oa/notices/{notice.pk}/"
    ).exists()
    assert notice.history.count() >= 3  # audit: saved, submitted, published


@pytest.mark.django_db
def test_return_needs_a_reason_and_goes_back_to_the_author(notice_route, clerk, head, office):
    notice = draft(clerk, office)
    services.notice_submit(notice=notice, by=clerk)
    with pytest.raises(ValidationError):
        services.notice_review(notice=notice, by=head, approve=False)
    services.notice_review(notice=notice, by=head, approve=False, comment="请补充报送方式。")
    notice.refresh_from_db()
    assert notice.status == "withdrawn"
    draft_again = services.notice_save(
        by=clerk, notice=notice, title=notice.title, body="<p>补充：报送电子版。</p>"
    )
    services.notice_submit(notice=draft_again, by=clerk)
    assert Notice.objects.get(pk=notice.pk).status == "pending"


@pytest.mark.django_db
def test_scope_units_and_people(notice_route, clerk, head, office, dept_a, dept_b):
    in_a = staff_with_role(RoleCode.REVIEW_CLERK, dept_a)
    in_b = staff_with_role(RoleCode.REVIEW_CLERK, dept_b)
    to_a = publish(clerk, head, office, title="甲局通知", scope="units", units=[dept_a])
    to_b = publish(clerk, head, office, title="点名通知", scope="people", people=[in_b])
    assert list(selectors.notices_for(in_a).values_list("pk", flat=True)) == [to_a.pk]
    assert list(selectors.notices_for(in_b).values_list("pk", flat=True)) == [to_b.pk]
    assert set(selectors.audience(to_a)) == {in_a}


@pytest.mark.django_db
def test_read_tracking_and_reminder_once_a_day(notice_route, clerk, head, office, colleague):
    other = staff_with_role(RoleCode.REVIEW_CLERK, office, name="陈静")
    notice = publish(clerk, head, office, scope="people", people=[colleague, other])
    assert services.notice_mark_read(notice=notice, by=colleague) is True
    assert services.notice_mark_read(notice=notice, by=colleague) is False
    assert [r.user for r in selectors.read_rows(notice)] == [colleague]
    assert list(selectors.unread_people(notice)) == [other]
    assert services.notice_remind(notice=notice, by=clerk, sms=True) == 1
    services.notice_remind(notice=notice, by=clerk, sms=True)  # clicked twice the same day
    reminders = Notification.objects.filter(recipient=other, subject__startswith="请阅读通知")
    assert sorted(reminders.values_list("channel", flat=True)) == ["in_app", "sms"]
    with pytest.raises(PermissionDenied):
        services.notice_remind(notice=notice, by=colleague)


@pytest.mark.django_db
def test_comment_board_is_moderated(notice_route, clerk, head, office, colleague, dept_b):
    notice = publish(clerk, head, office)
    comment = services.comment_add(notice=notice, by=colleague, body="是否需要纸质版？")
    assert comment.status == "pending"
    assert comment not in selectors.comments_shown(head.__class__(pk=-1), notice)
    outsider = staff_with_role(RoleCode.REVIEW_CLERK, dept_b)
    assert comment not in selectors.comments_shown(outsider, notice)
    with pytest.raises(PermissionDenied):
        services.comment_moderate(comment=comment, by=colleague, approve=True)
    services.comment_moderate(comment=comment, by=clerk, approve=True)
    assert comment in selectors.comments_shown(outsider, notice)
    with pytest.raises(ValidationError):
        services.comment_add(notice=notice, by=colleague, body="  ")


@pytest.mark.django_db
def test_expiry_by_date(notice_route, clerk, head, office, colleague):
    notice = publish(clerk, head, office, expires_on=timezone.localdate())
    assert selectors.notices_for(colleague).filter(pk=notice.pk).exists()
    Notice.objects.filter(pk=notice.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert not selectors.notices_for(colleague).filter(pk=notice.pk).exists()
    notice.refresh_from_db()
    with pytest.raises(ValidationError):
        services.notice_remind(notice=notice, by=clerk)
    with pytest.raises(ValidationError):
        draft(clerk, office, expires_on=timezone.localdate() - datetime.timedelta(days=1))


@pytest.mark.django_db
def test_bad_input_and_foreign_unit(clerk, office, dept_b):
    with pytest.raises(ValidationError):
        draft(clerk, office, title=" ")
    with pytest.raises(ValidationError):
        draft(clerk, office, body="<p> </p>")
    with pytest.raises(ValidationError):
        draft(clerk, office, scope="units")
    with pytest.raises(PermissionDenied):
        draft(clerk, dept_b)


@pytest.mark.django_db
def test_pages_and_constant_queries(client, notice_route, clerk, head, office, colleague, dept_b):
    notice = publish(clerk, head, office)
    client.force_login(colleague)
    page = client.get(reverse("oa:notice_detail", args=[notice.pk]))
    assert page.status_code == 200 and "年度工作总结" in page.content.decode()
    assert NoticeRead.objects.filter(notice=notice, user=colleague).exists()
    client.force_login(clerk)
    detail = client.get(reverse("oa:notice_detail", args=[notice.pk])).content.decode()
    assert "阅读情况" in detail and colleague.name in detail
    # Another unit's staff cannot open a draft.
    hidden = draft(clerk, office, title="未发布草稿")
    client.force_login(staff_with_role(RoleCode.REVIEW_CLERK, dept_b))
    assert client.get(reverse("oa:notice_detail", args=[hidden.pk])).status_code == 404
    client.force_login(colleague)
    publish(clerk, head, office, title="尚未阅读的通知")  # every tab has a row to begin with

    def count(tab):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("oa:notices") + f"?tab={tab}").status_code == 200
        return len(ctx.captured_queries)

    client.get(reverse("oa:notices"))  # the session's idle expiry renewed, caches warm
    before = {tab: count(tab) for tab in ("inbox", "unread", "mine", "review")}
    for i in range(4):
        publish(clerk, head, office, title=f"通知{i}")
    assert {tab: count(tab) for tab in before} == before


@pytest.mark.django_db
def test_form_bad_input(client, clerk, office):
    client.force_login(clerk)
    response = client.post(
        reverse("oa:notice_new"), {"unit": office.pk, "title": "", "body": "", "scope": "x"}
    )
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()
    assert not Notice.objects.exists()


@pytest.mark.django_db
def test_review_worked_on_the_generic_task_page_is_followed(
    notice_route, clerk, head, office, colleague
):
    from oa.tasks import notices_sync
    from platform_core.services import workflow as wf

    notice = draft(clerk, office)
    services.notice_submit(notice=notice, by=clerk)
    notice.refresh_from_db()
    info = TaskInfo.objects.get(process_id=notice.process_id, is_open=True)
    wf.task_claim(task=info.task, user=head)
    wf.task_complete(task=info.task, user=head, comment="同意")  # what the task page does
    assert notices_sync() == 1
    notice.refresh_from_db()
    assert notice.status == "published" and notice.approved_by == head
    assert selectors.notices_for(colleague).filter(pk=notice.pk).exists()
