"""E-supervision rules: yellow and red cards fired once, notified, cleared by a supervisor."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approval.constants import AppStatus
from approval.models import Application, SupervisionCard, SupervisionRule
from approval.models.supervision import RuleKind
from approval.services import acceptance, supervision
from approval.tasks import supervision_scan as scan_task
from platform_core.constants import Channel, RoleCode
from platform_core.models import CaseClock, Notification
from platform_core.selectors.clock import clock_state
from tests.approval.conftest import submitted
from tests.factories import staff_with_role


@pytest.fixture
def supervisor(gov):
    return staff_with_role(RoleCode.SUPERVISOR, gov, name="督查员甲")


@pytest.fixture
def leader_a(dept_a):
    return staff_with_role(RoleCode.LEADER, dept_a, name="分管领导甲")


def age_clock(application, working_days_ago: int):
    """Move the case clock's start back so that `working_days_ago` working days have passed."""
    clock = application.clock
    start = clock.start_date
    while True:
        CaseClock.objects.filter(pk=clock.pk).update(start_date=start)
        clock.refresh_from_db()
        state = clock_state(clock)
        if state.used >= working_days_ago:
            break
        start -= datetime.timedelta(days=1)
    CaseClock.objects.filter(pk=clock.pk).update(due_date=state.due_date)
    clock.refresh_from_db()
    return state


def accepted(item, clerk, **kwargs):
    application = submitted(item, clerk, **kwargs)
    acceptance.application_accept(application=application, by=clerk)
    application.refresh_from_db()
    return application


def cards_of(application):
    return set(
        SupervisionCard.objects.filter(application=application).values_list("rule__kind", "color")
    )


def test_overdue_case_gets_red_card_once_and_notifies_handler_and_head(
    item, clerk_a, leader_a, sms_outbox
):
    application = accepted(item, clerk_a)
    state = age_clock(application, 12)  # promised 10 working days
    assert state.status == "overdue"
    fired = supervision.supervision_scan()
    assert {(c.rule.kind, c.color) for c in fired} == {(RuleKind.OVERDUE, "red")}
    card = fired[0]
    assert card.department == application.department and card.cleared_at is None
    assert "已超过承诺时限" in card.reason
    # Handler (the clerk who accepted) and the department's leader, in-app and SMS for a red card.
    for person in (clerk_a, leader_a):
        note = Notification.objects.get(recipient=person, channel=Channel.IN_APP)
        assert application.number in note.subject and "红牌" in note.subject
        assert note.link.endswith(f"/office/approval/applications/{application.number}/")
    assert Notification.objects.filter(channel=Channel.SMS, subject__contains="红牌").count() == 2
    # Idempotent: a second scan (and the Celery task) fires nothing new and notifies nobody again.
    assert supervision.supervision_scan() == []
    assert scan_task() == 0
    assert SupervisionCard.objects.count() == 1
    assert (
        Notification.objects.filter(channel=Channel.IN_APP, subject__contains="红牌").count() == 2
    )


def test_yellow_cards_at_80_percent_and_last_day(item, clerk_a):
    application = accepted(item, clerk_a)
    age_clock(application, 8)  # 8 of 10 days used: 80 %, 2 days left
    supervision.supervision_scan()
    assert cards_of(application) == {(RuleKind.TIME_USED, "yellow")}
    age_clock(application, 9)  # 1 day left: the second yellow rule fires, the first stays single
    supervision.supervision_scan()
    assert cards_of(application) == {
        (RuleKind.TIME_USED, "yellow"),
        (RuleKind.DAYS_LEFT, "yellow"),
    }


def test_case_in_time_gets_no_card_and_inactive_rule_does_not_fire(item, clerk_a, supervisor):
    fresh = accepted(item, clerk_a)
    assert supervision.supervision_scan() == []
    late = accepted(item, clerk_a, name="王五")
    age_clock(late, 12)
    rule = SupervisionRule.objects.get(kind=RuleKind.OVERDUE)
    supervision.rule_update(rule=rule, by=supervisor, active=False)
    supervision.supervision_scan()
    assert cards_of(fresh) == set()
    assert (RuleKind.OVERDUE, "red") not in cards_of(late)


def test_acceptance_not_decided_within_five_days_is_red(item, clerk_a, today):
    application = submitted(item, clerk_a)
    Application.objects.filter(pk=application.pk).update(
        accept_due=today - datetime.timedelta(days=1)
    )
    supervision.supervision_scan()
    assert (RuleKind.DEEMED_ACCEPT, "red") in cards_of(application)
    deemed = submitted(item, clerk_a, name="赵六")
    Application.objects.filter(pk=deemed.pk).update(deemed_accepted=True)
    supervision.supervision_scan()
    assert (RuleKind.DEEMED_ACCEPT, "red") in cards_of(deemed)


def test_refusal_without_reason_is_red(item, clerk_a):
    application = submitted(item, clerk_a)
    acceptance.application_reject(application=application, by=clerk_a, reason="不属于本机关职权")
    blank = submitted(item, clerk_a, name="钱七")
    acceptance.application_reject(application=blank, by=clerk_a, reason="不属于本机关职权")
    Application.objects.filter(pk=blank.pk).update(reject_reason="")
    supervision.supervision_scan()
    assert cards_of(application) == set()
    assert cards_of(blank) == {(RuleKind.REJECT_NO_REASON, "red")}
    assert Application.objects.get(pk=blank.pk).status == AppStatus.REJECTED


def test_supervisor_configures_threshold_others_may_not(item, clerk_a, supervisor, leader_a):
    supervision.rules_ensure()
    rule = SupervisionRule.objects.get(kind=RuleKind.TIME_USED)
    assert rule.threshold_percent == 80
    with pytest.raises(PermissionDenied):
        supervision.rule_update(rule=rule, by=leader_a, active=True, threshold_percent=50)
    with pytest.raises(ValidationError):
        supervision.rule_update(rule=rule, by=supervisor, active=True, threshold_percent=0)
    supervision.rule_update(rule=rule, by=supervisor, active=True, threshold_percent=50)
    application = accepted(item, clerk_a)
    age_clock(application, 5)  # 50 %: fires only with the lowered threshold
    supervision.supervision_scan()
    assert cards_of(application) == {(RuleKind.TIME_USED, "yellow")}


def test_clearing_needs_supervisor_and_explanation(item, clerk_a, supervisor, leader_a):
    application = accepted(item, clerk_a)
    age_clock(application, 12)
    card = supervision.supervision_scan()[0]
    with pytest.raises(PermissionDenied):
        supervision.card_clear(card=card, by=leader_a, explanation="已督办")
    with pytest.raises(ValidationError):
        supervision.card_clear(card=card, by=supervisor, explanation="  ")
    supervision.card_clear(card=card, by=supervisor, explanation="系统停电两日，已核实")
    card.refresh_from_db()
    assert card.cleared_by == supervisor and card.cleared_at is not None
    assert card.explanation == "系统停电两日，已核实"
    with pytest.raises(ValidationError):
        supervision.card_clear(card=card, by=supervisor, explanation="再次")
    # A cleared card stays the case's card for that rule: the scan does not fire it again.
    assert supervision.supervision_scan() == []


def test_rules_page_and_card_clearing_views(client, item, clerk_a, supervisor, leader_a):
    application = accepted(item, clerk_a)
    age_clock(application, 12)
    card = supervision.supervision_scan()[0]
    client.force_login(leader_a)
    assert client.get("/office/approval/supervision/rules/").status_code == 403
    response = client.post(
        f"/office/approval/supervision/cards/{card.pk}/clear/", {"explanation": "x"}
    )
    assert response.status_code == 403
    client.force_login(supervisor)
    page = client.get("/office/approval/supervision/rules/")
    assert page.status_code == 200 and "用时比例" in page.content.decode()
    # Every rule works (the missing-step and unlisted-fee checks too): none "waits to go online".
    assert "上线" not in page.content.decode()
    assert "收取事项未公布的费用" in page.content.decode()
    rule = SupervisionRule.objects.get(kind=RuleKind.DAYS_LEFT)
    response = client.post(
        "/office/approval/supervision/rules/",
        {"rule": rule.pk, "active": "on", "threshold_days": "99"},
        follow=True,
    )
    assert "阈值填写有误" in response.content.decode()
    client.post(
        "/office/approval/supervision/rules/",
        {"rule": rule.pk, "active": "on", "threshold_days": "2"},
    )
    rule.refresh_from_db()
    assert rule.threshold_days == 2 and rule.updated_by == supervisor
    response = client.post(
        f"/office/approval/supervision/cards/{card.pk}/clear/", {"explanation": ""}, follow=True
    )
    assert "请填写处理说明" in response.content.decode()
    client.post(
        f"/office/approval/supervision/cards/{card.pk}/clear/", {"explanation": "已督促办结"}
    )
    card.refresh_from_db()
    assert card.explanation == "已督促办结"
    listing = client.get("/office/approval/supervision/cards/?state=cleared").content.decode()
    assert application.number in listing and "已督促办结" in listing


def test_decision_without_review_is_red(item, clerk_a):
    from approval.services.applications import event_add

    skipped = accepted(item, clerk_a)
    proper = accepted(item, clerk_a, name="孙八")
    event_add(proper, kind="review_done", actor=None, from_status=AppStatus.ACCEPTED)
    for application in (skipped, proper):
        event_add(application, kind="grant", actor=clerk_a, from_status=AppStatus.ACCEPTED)
    supervision.supervision_scan()
    assert cards_of(proper) == set()
    assert cards_of(skipped) == {(RuleKind.DECISION_SKIPPED_STEP, "red")}
    card = SupervisionCard.objects.get(application=skipped)
    assert "审查" in card.reason and "受理" not in card.reason.split("：")[1]


def test_beat_schedule_runs_scan_and_export(settings):
    from approval.tasks import province_export

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["approval-supervision-scan"]["task"] == scan_task.name
    assert schedule["approval-province-export"]["task"] == province_export.name
