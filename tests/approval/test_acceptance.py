"""Acceptance outcomes (受理/补正/容缺/不予受理), the clock, deemed acceptance across a holiday."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approval.constants import AppStatus, EventKind, NoticeKind
from approval.models import Application, ApplicationEvent
from approval.selectors.applications import acceptance_due
from approval.services import acceptance
from approval.services import applications as app_services
from approval.services.numbers import application_number
from approval.tasks import deem_overdue_acceptances
from platform_core.models import ClockPause, Notification
from tests.approval.conftest import fill, submitted


def kinds(application):
    return list(application.events.values_list("kind", "from_status", "to_status"))


def test_accept_issues_notice_starts_route_and_logs_event(item, clerk_a, sms_outbox):
    application = submitted(item, clerk_a)
    assert application.number.startswith("431127-")
    assert application.status == AppStatus.SUBMITTED
    notice = acceptance.application_accept(application=application, by=clerk_a, note="材料齐全")
    application.refresh_from_db()
    assert application.status == AppStatus.ACCEPTED
    assert application.accepted_on is not None and not application.deemed_accepted
    assert application.process is not None and application.process.current_step == "review"
    assert notice.kind == NoticeKind.ACCEPTANCE and notice.number.startswith("SL")
    assert notice.holder == "李四"
    assert kinds(application) == [
        (EventKind.REGISTER, AppStatus.DRAFT, AppStatus.SUBMITTED),
        (EventKind.ACCEPT, AppStatus.SUBMITTED, AppStatus.ACCEPTED),
    ]
    assert ApplicationEvent.objects.filter(application=application).last().actor == clerk_a
    # A second decision on the same application is refused.
    with pytest.raises(ValidationError):
        acceptance.application_reject(application=application, by=clerk_a, reason="重复")


def test_correction_lists_everything_pauses_clock_until_resubmission(
    item, clerk_a, citizen, django_capture_on_commit_callbacks
):
    version, form = fill(item)
    app_services.application_prepare(item=item, user=citizen, version=version, form=form)
    application = Application.objects.get(applicant=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        application, code = app_services.application_submit(application=application, user=citizen)
    notice = acceptance.application_request_correction(
        application=application, by=clerk_a, items=["营业执照复印件", "平面布局图不清晰"]
    )
    application.refresh_from_db()
    assert application.status == AppStatus.CORRECTION
    assert application.correction_items == ["营业执照复印件", "平面布局图不清晰"]
    assert notice.body["items"] == ["营业执照复印件", "平面布局图不清晰"]
    assert application.clock.is_paused
    pause = ClockPause.objects.get(clock=application.clock)
    assert pause.reason == "correction" and pause.end_date is None

    version, form = fill(item, address="城关镇2号")
    app_services.application_resubmit(
        application=application, user=citizen, version=version, form=form, note="已补齐"
    )
    application.refresh_from_db()
    assert application.status == AppStatus.SUBMITTED
    assert application.submission.data["address"] == "城关镇2号"
    assert not application.clock.is_paused
    assert ClockPause.objects.get(clock=application.clock).end_date is not None
    assert application.accept_due is not None
    assert [k for k, _f, _t in kinds(application)] == [
        EventKind.SUBMIT,
        EventKind.CORRECTION,
        EventKind.RESUBMIT,
    ]


def test_correction_needs_at_least_one_item(item, clerk_a):
    application = submitted(item, clerk_a)
    with pytest.raises(ValidationError):
        acceptance.application_request_correction(application=application, by=clerk_a, items=[" "])


def test_reject_records_reason_and_body_and_stops_clock(item, clerk_a):
    application = submitted(item, clerk_a)
    with pytest.raises(ValidationError):
        acceptance.application_reject(application=application, by=clerk_a, reason="  ")
    notice = acceptance.application_reject(
        application=application,
        by=clerk_a,
        reason="申请事项不属于本机关职权范围",
        redirect_body="县卫生健康局",
    )
    application.refresh_from_db()
    assert application.status == AppStatus.REJECTED
    assert application.redirect_body == "县卫生健康局"
    assert application.clock.finished_on is not None
    assert notice.kind == NoticeKind.REJECTION
    assert notice.body == {
        "reason": "申请事项不属于本机关职权范围",
        "redirect_body": "县卫生健康局",
    }
    assert kinds(application)[-1] == (EventKind.REJECT, AppStatus.SUBMITTED, AppStatus.REJECTED)


def test_deferred_acceptance_only_for_materials_that_allow_it(item, clerk_a):
    application = submitted(item, clerk_a)
    deferrable = item.materials.get(may_defer=True)
    required = item.materials.get(name="营业执照复印件")
    with pytest.raises(ValidationError):
        acceptance.application_accept_deferred(
            application=application, by=clerk_a, material_ids=[required.pk], promise_days=5
        )
    notice = acceptance.application_accept_deferred(
        application=application, by=clerk_a, material_ids=[deferrable.pk], promise_days=5
    )
    application.refresh_from_db()
    assert application.status == AppStatus.ACCEPTED
    assert application.deferred_materials == ["食品安全管理制度文本"]
    assert application.deferred_due is not None
    assert notice.kind == NoticeKind.DEFERRED
    assert kinds(application)[-1][0] == EventKind.ACCEPT_DEFERRED


def test_only_window_clerks_of_the_department_decide(item, clerk_a, clerk_b, sysadmin):
    application = submitted(item, clerk_a)
    for outsider in (clerk_b, sysadmin):
        if outsider.is_superuser:
            continue
        with pytest.raises(PermissionDenied):
            acceptance.application_accept(application=application, by=outsider)
    assert Application.objects.get(pk=application.pk).status == AppStatus.SUBMITTED


def test_counter_registration_sends_query_code_by_sms(
    item, clerk_a, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted(item, clerk_a, mobile="13900002222")
    assert application.channel == "counter" and application.applicant is None
    (message,) = sms_outbox
    assert message.mobile == "13900002222"
    assert application.number in message.text and "查询码" in message.text
    # The code is not kept in the outbox once sent.
    row = Notification.objects.get(dedupe_key=f"approval:{application.number}:code")
    assert application.number not in row.body


def test_clerk_of_other_department_cannot_register(item, clerk_b):
    with pytest.raises(PermissionDenied):
        submitted(item, clerk_b)


def _received_on(item, clerk, day):
    """An application as if received on `day` (the receipt fields the service derives from it)."""
    application = submitted(item, clerk)
    received = datetime.datetime(day.year, day.month, day.day, 10, 0, tzinfo=datetime.UTC)
    Application.objects.filter(pk=application.pk).update(
        received_at=received, accept_due=acceptance_due(day)
    )
    application.refresh_from_db()
    return application


def test_deemed_acceptance_after_five_working_days_across_national_day(item, clerk_a):
    # Received Wed 30 Sep 2026; 1–7 Oct are the National Day holiday and Sat 10 Oct is a
    # make-up working day: the five working days are 8, 9, 10, 12 and 13 October.
    application = _received_on(item, clerk_a, datetime.date(2026, 9, 30))
    assert application.accept_due == datetime.date(2026, 10, 13)

    assert acceptance.acceptance_deem_overdue(today=datetime.date(2026, 10, 13)) == []
    assert Application.objects.get(pk=application.pk).status == AppStatus.SUBMITTED

    assert acceptance.acceptance_deem_overdue(today=datetime.date(2026, 10, 14)) == [application.pk]
    application.refresh_from_db()
    assert application.status == AppStatus.ACCEPTED
    assert application.deemed_accepted is True
    assert application.accepted_on == datetime.date(2026, 9, 30)  # the day it was received
    event = application.events.last()
    assert event.kind == EventKind.DEEMED_ACCEPT and event.actor is None
    # Running again changes nothing.
    assert acceptance.acceptance_deem_overdue(today=datetime.date(2026, 10, 20)) == []


def test_deemed_acceptance_task_spares_handled_and_recent_applications(item, clerk_a, today):
    old = _received_on(item, clerk_a, today - datetime.timedelta(days=30))
    handled = _received_on(item, clerk_a, today - datetime.timedelta(days=30))
    acceptance.application_accept(application=handled, by=clerk_a)
    fresh = submitted(item, clerk_a)
    assert deem_overdue_acceptances() == 1
    assert Application.objects.get(pk=old.pk).deemed_accepted
    assert not Application.objects.get(pk=handled.pk).deemed_accepted
    assert Application.objects.get(pk=fresh.pk).status == AppStatus.SUBMITTED


def test_application_numbers_are_unique_and_sequential(db):
    day = datetime.date(2026, 10, 9)
    assert application_number(day) == "431127-20261009-00001"
    assert application_number(day) == "431127-20261009-00002"
    assert application_number(datetime.date(2026, 10, 10)) == "431127-20261010-00001"
