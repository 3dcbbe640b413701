"""After acceptance: end of review, grant/refuse with numbered PDFs, extension across National
Day, special procedures, delivery and conclusion, all as ApplicationEvent rows."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from approval.constants import AppStatus, EventKind, NoticeKind
from approval.models import Application, Decision, Notice
from approval.pdf import notice_pdf
from approval.services import decision as services
from approval.tasks import sync_reviews
from platform_core.models import CaseClock, ClockPause
from platform_core.services.clock import _rederive
from tests.approval.decision.helpers import accepted, finish_review, pdf_text, reviewed

D = datetime.date.fromisoformat


def kinds(application):
    return [k for (k,) in application.events.values_list("kind")]


def test_review_end_moves_application_to_deciding(item, clerk_a, reviewer_a):
    application = accepted(item, clerk_a)
    assert services.review_sync(application=application).status == AppStatus.ACCEPTED
    assert sync_reviews() == 0  # route still running: nothing to do
    finish_review(application, reviewer_a)
    assert sync_reviews() == 1
    application.refresh_from_db()
    assert application.status == AppStatus.DECIDING
    assert kinds(application)[-1] == EventKind.REVIEW_DONE
    # Idempotent: a second run (or the page's own sync) changes nothing.
    assert sync_reviews() == 0
    services.review_sync(application=application)
    assert kinds(application).count(EventKind.REVIEW_DONE) == 1


def test_decision_refused_while_review_runs(item, clerk_a, leader_a):
    application = accepted(item, clerk_a)
    with pytest.raises(ValidationError, match="审查尚未完成"):
        services.application_grant(application=application, by=leader_a)


def test_grant_issues_numbered_decision_with_pdf(item, clerk_a, reviewer_a, leader_a):
    application = reviewed(item, clerk_a, reviewer_a)
    decision = services.application_grant(
        application=application, by=leader_a, valid_until=D("2031-12-31"), note="准予经营"
    )
    application.refresh_from_db()
    assert application.status == AppStatus.GRANTED
    year = decision.decided_at.year
    assert decision.notice.number == f"湘蓝审许〔{year}〕0001号"
    assert decision.notice.kind == NoticeKind.GRANT and decision.notice.valid_until
    text = "".join(pdf_text(notice_pdf(decision.notice, "http://t/service/verify/x/")).split())
    for expected in ("准予行政许可决定书", decision.notice.number, "李四", "食品经营许可"):
        assert expected in text, expected
    assert application.number in text and "2031年12月31日" in text
    # The issuer by its full name, with the county's (县市场监督管理局 is how colleagues say it).
    assert "蓝山县市场监督管理局" in text
    assert kinds(application)[-1] == EventKind.GRANT
    # A second decision on the same application is refused.
    with pytest.raises(ValidationError):
        services.application_refuse(application=application, by=leader_a, reasons="重复")


def test_refuse_needs_reasons_and_states_appeal_rights(item, clerk_a, reviewer_a, leader_a):
    application = reviewed(item, clerk_a, reviewer_a)
    with pytest.raises(ValidationError):
        services.application_refuse(application=application, by=leader_a, reasons="  ")
    decision = services.application_refuse(
        application=application, by=leader_a, reasons="经营场所与食品安全要求不符"
    )
    assert decision.notice.number.startswith("湘蓝审不许〔")
    text = "".join(pdf_text(notice_pdf(decision.notice, "http://testserver/v/")).split())
    for expected in ("不予行政许可决定书", decision.notice.number, "经营场所与食品安全要求不符"):
        assert expected in text, expected
    assert "六十日内" in text and "行政复议" in text and "六个月内" in text
    assert "行政诉讼" in text
    application.refresh_from_db()
    assert application.status == AppStatus.REFUSED


def test_only_a_leader_of_the_department_decides(
    item, clerk_a, reviewer_a, head_a, leader_b, leader_a
):
    application = reviewed(item, clerk_a, reviewer_a)
    for outsider in (clerk_a, reviewer_a, head_a, leader_b):
        with pytest.raises(PermissionDenied):
            services.application_grant(application=application, by=outsider)
        with pytest.raises(PermissionDenied):
            services.application_extend(application=application, by=outsider, reason="复杂")
    assert not Decision.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_licence_numbers_unique_when_two_leaders_grant_at_once(item, clerk_a, reviewer_a, leader_a):
    first = reviewed(item, clerk_a, reviewer_a, name="甲公司")
    second = reviewed(item, clerk_a, reviewer_a, name="乙公司")
    barrier, numbers, errors = threading.Barrier(2), [], []

    def grant(pk):
        try:
            barrier.wait()
            application = Application.objects.get(pk=pk)
            numbers.append(services.application_grant(application=application, by=leader_a))
        except Exception as exc:  # reported below: a thread's failure must fail the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=grant, args=(a.pk,)) for a in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    got = sorted(d.notice.number for d in numbers)
    year = numbers[0].decided_at.year
    assert got == [f"湘蓝审许〔{year}〕0001号", f"湘蓝审许〔{year}〕0002号"]
    assert Notice.objects.filter(kind=NoticeKind.GRANT).count() == 2


def _clock_from(application, start: str, limit: int = 10) -> CaseClock:
    clock = application.clock
    CaseClock.objects.filter(pk=clock.pk).update(start_date=D(start), limit_days=limit)
    clock.refresh_from_db()
    return _rederive(clock)


def test_extension_adds_ten_working_days_across_national_day(item, clerk_a, leader_a):
    application = accepted(item, clerk_a)
    # Counting from 15 Sep 2026: Sunday 20 Sep is a make-up working day, Friday 25 Sep is the
    # Mid-Autumn Festival: the tenth working day is 29 Sep.
    assert _clock_from(application, "2026-09-15").due_date == D("2026-09-29")
    notice = services.application_extend(
        application=application, by=leader_a, reason="需现场核查", days=10
    )
    application.clock.refresh_from_db()
    # 30 Sep; 1–7 Oct off; 8, 9, 10 (make-up Saturday), 12–16 Oct, 19 Oct.
    assert application.clock.due_date == D("2026-10-19")
    assert notice.kind == NoticeKind.EXTENSION and notice.body["due"] == "2026-10-19"
    assert application.clock.extensions.get().approved_by == leader_a
    text = "".join(pdf_text(notice_pdf(notice, "http://testserver/v/")).split())
    assert "延长办理期限告知书" in text and "需现场核查" in text and "10个工作日" in text
    assert kinds(application)[-1] == EventKind.EXTEND
    with pytest.raises(ValidationError, match="只能延长一次"):
        services.application_extend(application=application, by=leader_a, reason="再次")
    with pytest.raises(ValidationError):
        other = accepted(item, clerk_a, name="王五")
        services.application_extend(application=other, by=leader_a, reason="太长", days=11)


def test_special_procedure_pauses_and_resumes_clock(item, clerk_a, reviewer_a, leader_a):
    application = accepted(item, clerk_a)
    notice = services.special_procedure_start(
        application=application, by=reviewer_a, procedure="expert_review", reason="工艺复杂"
    )
    application.clock.refresh_from_db()
    assert application.clock.is_paused
    pause = ClockPause.objects.get(clock=application.clock)
    assert pause.reason == "expert_review" and pause.end_date is None
    assert notice.kind == NoticeKind.SPECIAL
    text = "".join(pdf_text(notice_pdf(notice, "http://testserver/v/")).split())
    assert "特别程序告知书" in text and "专家评审" in text and "所需时间不计算在办理期" in text
    with pytest.raises(ValidationError, match="已处于暂停状态"):
        services.special_procedure_start(
            application=application, by=reviewer_a, procedure="hearing", reason="再开"
        )
    with pytest.raises(ValidationError):
        services.special_procedure_start(
            application=application, by=reviewer_a, procedure="correction", reason="x"
        )
    # No decision while the procedure runs.
    finish_review(application, reviewer_a)
    with pytest.raises(ValidationError, match="特别程序进行中"):
        services.application_grant(application=application, by=leader_a)
    services.special_procedure_end(application=application, by=reviewer_a, note="评审通过")
    application.clock.refresh_from_db()
    assert not application.clock.is_paused
    assert ClockPause.objects.get(clock=application.clock).end_date is not None
    # The refused grant rolled back entirely (its review sync too); the page syncs again later.
    assert kinds(application)[-3:] == [
        EventKind.ACCEPT,
        EventKind.SPECIAL_START,
        EventKind.SPECIAL_END,
    ]
    assert services.review_sync(application=application).status == AppStatus.DECIDING
    services.application_grant(application=application, by=leader_a)
    with pytest.raises(ValidationError):
        services.special_procedure_end(application=application, by=reviewer_a)


def test_special_procedure_arithmetic(item, clerk_a, reviewer_a):
    """Paused working days do not count: a 2-working-day pause moves the due date by 2."""
    application = accepted(item, clerk_a)
    clock = _clock_from(application, "2026-11-02")  # Monday; 10 working days → 16 Nov
    assert clock.due_date == D("2026-11-16")
    services.special_procedure_start(
        application=application, by=reviewer_a, procedure="testing", reason="抽样检验"
    )
    pause = ClockPause.objects.get(clock=clock)
    ClockPause.objects.filter(pk=pause.pk).update(start_date=D("2026-11-04"))
    from platform_core.services.clock import clock_resume

    clock_resume(clock=clock, on=D("2026-11-06"))
    clock.refresh_from_db()
    # Paused on 4 Nov (that day still counts), resumed on 6 Nov: 5 and 6 Nov do not count.
    assert clock.due_date == D("2026-11-18")


def test_delivery_then_conclusion_stops_clock(item, clerk_a, reviewer_a, leader_a):
    application = reviewed(item, clerk_a, reviewer_a)
    with pytest.raises(ValidationError):
        services.application_conclude(application=application, by=clerk_a)
    services.application_grant(application=application, by=leader_a)
    with pytest.raises(ValidationError):
        services.application_deliver(application=application, by=clerk_a, method="fax")
    decision = services.application_deliver(application=application, by=clerk_a, method="counter")
    assert decision.delivered_on and decision.delivered_by == clerk_a
    services.application_conclude(application=application, by=clerk_a)
    application.refresh_from_db()
    assert application.status == AppStatus.CONCLUDED
    assert application.clock.finished_on is not None
    assert Decision.objects.get().concluded_on is not None
    assert kinds(application)[-4:] == [
        EventKind.REVIEW_DONE,
        EventKind.GRANT,
        EventKind.DELIVER,
        EventKind.CONCLUDE,
    ]
    with pytest.raises(ValidationError):
        services.application_conclude(application=application, by=clerk_a)
