"""Every step a staff member must take is in their unified inbox, with its deadline."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interaction.selectors.access import cases_visible_to
from interaction.services import cases as case_services
from interaction.services import replies as reply_services
from platform_core.inbox_sources import work_count, work_items

pytestmark = pytest.mark.django_db


def _actions(user):
    for attr in ("_egov_work_counts", "_interaction_office", "_egov_posts", "_egov_scope_cache"):
        user.__dict__.pop(attr, None)
    return [(w.action, w.due_date) for w in work_items(user) if w.subsystem == "政民互动"]


def test_triage_handle_and_review_reach_the_right_inboxes(
    submit, triager, reviewer, handler_a, handler_b, dept_a
):
    case, _c = submit()
    assert _actions(triager) == [("分办交办", case.triage_due)]
    assert _actions(handler_a) == []
    case_services.case_assign(case=case, by=triager, department=dept_a)
    case.refresh_from_db()
    assert _actions(triager) == []
    assert _actions(handler_a) == [("办理答复", case.clock.due_date)]
    assert _actions(handler_b) == []  # another department sees nothing
    reply_services.reply_save(
        case=case, by=handler_a, body="<p>已责令下架过期食品并依法处理。</p>", submit=True
    )
    assert _actions(handler_a) == []
    assert ("审核答复", case.clock.due_date) in _actions(reviewer)
    assert work_count(reviewer) >= 1


def test_returned_case_goes_back_to_the_office_inbox(submit, triager, handler_a, dept_a):
    case, _c = submit()
    case_services.case_assign(case=case, by=triager, department=dept_a)
    case_services.case_return(case=case, by=handler_a, reason="不属于本单位职责")
    assert [a for a, _d in _actions(triager)] == ["分办交办"]
    assert _actions(handler_a) == []


def test_department_isolation_in_the_visible_cases(
    submit, triager, handler_a, handler_b, dept_a, dept_b
):
    mine, _c = submit()
    other, _c = submit()
    case_services.case_assign(case=mine, by=triager, department=dept_a)
    case_services.case_assign(case=other, by=triager, department=dept_b)
    assert list(cases_visible_to(handler_a)) == [mine]
    assert set(cases_visible_to(triager)) == {mine, other}
    # After returning it, the department still reads the case it handled (not others').
    case_services.case_return(case=mine, by=handler_a, reason="不属于本单位职责")
    assert list(cases_visible_to(handler_a)) == [mine]


def test_work_sources_take_constant_queries(submit, triager):
    submit()
    _actions(triager)
    with CaptureQueriesContext(connection) as few:
        _actions(triager)
    for _i in range(5):
        submit()
    with CaptureQueriesContext(connection) as many:
        rows = _actions(triager)
    assert len(rows) == 6
    assert len(many) == len(few)
