"""条例 第二十六条: 20 working days from the date the information was formed or changed, on the
platform's case clock, with e-supervision cards and the officer's dashboard."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosure.selectors.items import cards_for, items_due
from disclosure.services import items as services
from platform_core.clock import Status
from platform_core.models import ClockCard, Notification
from platform_core.selectors.calendar import add_working_days
from platform_core.services.supervision import clock_card_clear, clock_cards_scan
from tests.disclosure.conftest import days_ago, make_item, publish

pytestmark = pytest.mark.django_db


def test_clock_counts_twenty_working_days_from_formed_date(columns, officer_a):
    formed = datetime.date(2026, 9, 25)  # before the National Day holidays
    item = make_item(officer_a, columns["zcwj"], formed_on=formed)
    assert item.clock.start_date == formed
    assert item.clock.due_date == add_working_days(formed, 20)
    assert item.clock.due_date > formed + datetime.timedelta(days=28)  # the holidays do not count


def test_changed_date_restarts_the_clock(columns, officer_a):
    item = make_item(officer_a, columns["zcwj"], formed_on=days_ago(60))
    old = item.clock
    services.item_update(item=item, by=officer_a, changed_on=days_ago(1))
    item.refresh_from_db()
    old.refresh_from_db()
    assert old.finished_on is not None
    assert item.clock.start_date == days_ago(1) and item.clock.finished_on is None


def test_cards_fire_once_and_dashboard_lists_due_items(
    columns, officer_a, officer_b, head_a, leader_a
):
    late = make_item(officer_a, columns["zcwj"], title="逾期未公开的文件", formed_on=days_ago(60))
    soon_day = days_ago(0)
    while True:  # formed so that one working day is left
        if add_working_days(soon_day, 20) == add_working_days(days_ago(0), 1):
            break
        soon_day -= datetime.timedelta(days=1)
    soon = make_item(officer_a, columns["zcwj"], title="即将到期的文件", formed_on=soon_day)
    fresh = make_item(officer_a, columns["zcwj"], title="刚形成的文件", formed_on=days_ago(0))
    done = publish(
        make_item(officer_a, columns["zcwj"], title="已公开", formed_on=days_ago(60)),
        officer_a,
        head_a,
        leader_a,
    )
    fired = clock_cards_scan()
    by_item = {c.watch.clock_id: c.color for c in fired}
    assert by_item == {late.clock_id: "red", soon.clock_id: "yellow"}
    assert clock_cards_scan() == []  # once per clock and colour
    assert Notification.objects.filter(recipient=head_a, subject__contains="红牌").exists()
    # The dashboard: most urgent first, with its state and card.
    rows = items_due(officer_a)
    assert [r["item"].pk for r in rows] == [late.pk, soon.pk, fresh.pk]
    assert rows[0]["state"].status == Status.OVERDUE and rows[0]["cards"][0].color == "red"
    assert done.pk not in [r["item"].pk for r in rows]
    assert items_due(officer_b) == [] and not cards_for(officer_b).exists()
    card = ClockCard.objects.get(watch__clock=late.clock)
    clock_card_clear(card=card, by=head_a, explanation="文件待上级批复，已说明")
    assert not cards_for(officer_a).filter(pk=card.pk).exists()


def test_dashboard_queries_do_not_grow(columns, officer_a):
    for n in range(3):
        make_item(officer_a, columns["zcwj"], title=f"文件{n}", formed_on=days_ago(40))
    clock_cards_scan()
    with CaptureQueriesContext(connection) as few:
        items_due(officer_a)
    for n in range(6):
        make_item(officer_a, columns["zcwj"], title=f"更多文件{n}", formed_on=days_ago(40))
    clock_cards_scan()
    with CaptureQueriesContext(connection) as many:
        assert len(items_due(officer_a)) == 9
    assert len(many) == len(few)
