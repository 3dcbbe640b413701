"""意见征集 deadlines on the platform's case clock (issue 16): publishing starts two supervised
clocks (comments moderated within 2 working days of closing; the adoption report within 15),
the unified inbox shows both tasks by them, e-supervision cards fire when late, and each clock
stops when its work is done. Dates run across the 2026 National Day holiday (1-7 October;
Saturday 10 October is a make-up working day), passed to the services as `today`."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from interaction.constants import COMMENT_CLOCK, REPORT_CLOCK, SolicitationStatus
from interaction.models import Opinion, Solicitation
from interaction.services import solicitations as services
from platform_core.clock import Status
from platform_core.constants import RoleCode
from platform_core.inbox_sources import work_items
from platform_core.models import ClockCard, ClockWatch
from platform_core.selectors.clock import clock_state
from platform_core.services.supervision import clock_cards_scan
from tests.factories import staff_with_role

pytestmark = pytest.mark.django_db

D = datetime.date
SEP_1, SEP_30 = D(2026, 9, 1), D(2026, 9, 30)
TEXT = "第一条 推行企业开办一日办结。\n第二条 工程建设项目并联审批。"


@pytest.fixture
def drafter(dept_a):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="起草人")


@pytest.fixture
def head(dept_a):
    return staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="科长")


def _publish(drafter, head, dept_a, title="《优化营商环境若干措施（征求意见稿）》"):
    draft = services.solicitation_save(
        by=drafter,
        title=title,
        department=dept_a,
        explanation="<p>为持续优化营商环境起草本措施。</p>",
        draft_text=TEXT,
        opens_on=SEP_1,
        closes_on=SEP_30,  # 30 days
    )
    return services.solicitation_publish(by=head, solicitation=draft, today=SEP_1)


def _cards(clock):
    return sorted(ClockCard.objects.filter(watch__clock=clock).values_list("color", flat=True))


def _refresh(s):
    s = Solicitation.objects.select_related("comment_clock", "report_clock").get(pk=s.pk)
    return s, s.comment_clock, s.report_clock


def test_clocks_inbox_cards_and_stops_across_national_day(drafter, head, dept_a, citizen):
    s, comments, report = _refresh(_publish(drafter, head, dept_a))
    assert (comments.process, report.process) == (COMMENT_CLOCK, REPORT_CLOCK)
    # Comments by 2 working days after 30 Sep: 8 and 9 Oct (1-7 Oct are the holiday).
    assert comments.start_date == SEP_1 and comments.due_date == D(2026, 10, 9)
    # The report by 15 working days after 30 Sep, the make-up Saturday 10 Oct counted: 27 Oct.
    assert report.start_date == SEP_30 and report.limit_days == 15
    assert report.due_date == D(2026, 10, 27)
    watches = ClockWatch.objects.filter(clock__in=[comments, report])
    assert {(w.unit_id, w.subsystem, w.link) for w in watches} == {
        (dept_a.pk, "interaction", f"/office/interaction/yjzj/{s.pk}/")
    }
    opinion = Opinion.objects.create(
        solicitation=s, citizen=citizen, name="张三", body="建议明确各部门的时限。"
    )
    opinion.created_at = timezone.make_aware(datetime.datetime(2026, 9, 30, 9, 0))
    opinion.save(update_fields=["created_at"])

    # The inbox: the comment by 2 working days after its arrival (9 Oct, within the clock);
    # the report task (the period has closed) by the report clock.
    items = {i.action: i for i in work_items(drafter) if s.title in i.title}
    assert items["审核意见"].due_date == D(2026, 10, 9)
    assert items["公布采纳情况"].due_date == D(2026, 10, 27)
    assert items["公布采纳情况"].link == f"/office/interaction/yjzj/{s.pk}/"

    # No card while the public may still comment (no 80 % warning on the comment clock), nor on
    # 8 Oct; a yellow card on the due date with the comment still waiting; red on the make-up
    # Saturday after it.
    for day in (D(2026, 9, 29), D(2026, 10, 8)):
        clock_cards_scan(today=day)
        assert _cards(comments) == [] and _cards(report) == []
    clock_cards_scan(today=D(2026, 10, 9))
    assert _cards(comments) == ["yellow"]
    clock_cards_scan(today=D(2026, 10, 10))
    assert _cards(comments) == ["red", "yellow"] and _cards(report) == []

    # Moderating the last comment after closing stops the comment clock (late).
    services.opinion_moderate(by=drafter, opinion=opinion, show=True, today=D(2026, 10, 12))
    s, comments, report = _refresh(s)
    assert comments.finished_on == D(2026, 10, 12)
    assert clock_state(comments, today=D(2026, 10, 12)).status == Status.FINISHED_LATE
    assert report.finished_on is None
    services.opinion_adopt(by=drafter, opinion=opinion, adoption="adopted", note="")
    services.report_publish(
        by=head, solicitation=s, report="<p>共收到意见1条，采纳1条。</p>", today=D(2026, 10, 20)
    )
    s, comments, report = _refresh(s)
    assert s.status == SolicitationStatus.REPORTED and report.finished_on == D(2026, 10, 20)
    assert clock_state(report, today=D(2026, 10, 28)).status == Status.FINISHED
    clock_cards_scan(today=D(2026, 10, 28))  # stopped in time: no card on the report clock
    assert _cards(report) == []
    assert not [i for i in work_items(drafter) if s.title in i.title]


def test_settle_stops_quiet_comment_clocks_and_late_reports_get_red_cards(
    client, drafter, head, dept_a
):
    quiet = _publish(drafter, head, dept_a)
    old = _publish(drafter, head, dept_a, title="《乡村道路养护办法（征求意见稿）》")
    # A draft published before the clocks existed has none: the daily settle starts them.
    Solicitation.objects.filter(pk=old.pk).update(comment_clock=None, report_clock=None)
    Solicitation.objects.filter(pk=old.pk).update(
        published_at=timezone.make_aware(datetime.datetime(2026, 9, 1, 9, 0))
    )
    assert services.solicitations_settle(today=SEP_30) == 1  # old's clocks; still open
    _s, comments, _r = _refresh(quiet)
    assert comments.finished_on is None
    old, old_comments, old_report = _refresh(old)
    assert (old_comments.start_date, old_comments.due_date) == (SEP_1, D(2026, 10, 9))
    assert old_report.due_date == D(2026, 10, 27)
    # The day after closing, no comment waits: both comment clocks stop on the closing day.
    assert services.solicitations_settle(today=D(2026, 10, 1)) == 2
    assert services.solicitations_settle(today=D(2026, 10, 2)) == 0  # idempotent
    _s, comments, report = _refresh(quiet)
    assert comments.finished_on == SEP_30
    assert clock_state(comments).status == Status.FINISHED
    # Nobody publishes the adoption report: yellow near the end, red after 27 Oct.
    clock_cards_scan(today=D(2026, 10, 9))
    assert _cards(comments) == [] and _cards(report) == []
    clock_cards_scan(today=D(2026, 10, 23))  # 12 of 15 working days used
    assert _cards(report) == ["yellow"]
    clock_cards_scan(today=D(2026, 10, 28))
    assert _cards(report) == ["red", "yellow"]
    assert _cards(old_report) == ["red", "yellow"]
    client.force_login(drafter)  # the department's page shows both deadlines
    page = client.get(reverse("interaction:solicitation_office", args=[quiet.pk])).content.decode()
    assert "已审核完毕（2026-09-30）" in page and "2026-10-27" in page


def test_daily_tasks_are_scheduled_and_run(settings, drafter, head, dept_a):
    from interaction import tasks

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["interaction-solicitations-settle"]["task"] == tasks.solicitations_settle.name
    assert schedule["interaction-cases-close-unrated"]["task"] == tasks.cases_close_unrated.name
    s = _publish(drafter, head, dept_a)
    Solicitation.objects.filter(pk=s.pk).update(comment_clock=None, report_clock=None)
    # Today: the clocks of a draft published earlier start, and (closed on 30 Sep, nothing
    # to moderate) its comment clock stops.
    assert tasks.solicitations_settle() == 2
    assert tasks.cases_close_unrated() == 0
