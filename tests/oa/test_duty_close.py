"""办结 of duty records from the duty pages: a phone record or duty report is closed with its
result, in its own shift or by a later shift it was handed over to; the close is audited, the
handover note names what was closed and what stays open; bad input and other people refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from oa.models import DutyRecord
from oa.services import duty as services
from platform_core.constants import RoleCode
from tests.factories import staff_with_role

D = datetime.date


@pytest.fixture
def officers(office):
    return [
        staff_with_role(RoleCode.REVIEW_CLERK, office, name=name)
        for name in ("王强", "李娜", "张伟")
    ]


@pytest.fixture
def roster(head, office, officers):
    return services.roster_create(
        by=head,
        unit=office,
        title="2026年国庆节值班表",
        start=D(2026, 10, 1),
        end=D(2026, 10, 3),
        phone="0746-1234567",
        officers=officers,
        leaders=[head],
    )


def shifts(roster):
    day = roster.shifts.get(date=D(2026, 10, 1), kind="day")
    night = roster.shifts.get(date=D(2026, 10, 1), kind="night")
    return day, night


def phone(shift, title="城关镇报告道路塌方"):
    return services.record_add(
        shift=shift,
        by=shift.officer,
        kind="phone",
        title=title,
        caller="城关镇值班室",
        caller_phone="0746-7654321",
        content="G207线K12处塌方，已设警示。",
        handling="已通知交通局。",
    )


def test_close_in_the_same_shift_with_a_result_is_audited(roster):
    day, _night = shifts(roster)
    record = phone(day)
    services.record_close(record=record, by=day.officer, result="交通局抢通，道路恢复通行。")
    record.refresh_from_db()
    assert record.is_closed and record.closed_by == day.officer and record.closed_in == day
    assert record.handling == "已通知交通局。\n交通局抢通，道路恢复通行。"
    change = record.history.first()
    assert change.history_user == day.officer and change.history_change_reason == "办结"
    with pytest.raises(ValidationError, match="已办结"):
        services.record_close(record=record, by=day.officer, result="再次")


def test_an_open_record_is_handed_over_and_closed_by_the_next_shift(roster):
    day, night = shifts(roster)
    open_one = phone(day)
    done = phone(day, "县医院报告停电")
    services.record_close(record=done, by=day.officer, result="已恢复供电。")
    services.handover(shift=day, by=day.officer, note="注意雨情。")
    day.refresh_from_db()
    assert "本班办结：县医院报告停电（已通知交通局。\n已恢复供电。）" in day.handover_note
    assert "未办结：城关镇报告道路塌方" in day.handover_note
    assert list(services.open_records_before(night)) == [open_one]
    # The night officer closes the handed-over record in their shift.
    services.record_close(record=open_one, by=night.officer, result="已抢通。", shift=night)
    open_one.refresh_from_db()
    assert open_one.closed_in == night and open_one.closed_by == night.officer
    services.handover(shift=night, by=night.officer, note="")
    night.refresh_from_db()
    assert "本班办结：城关镇报告道路塌方" in night.handover_note
    assert "未办结" not in night.handover_note


def test_who_may_close(roster, officers, head, clerk_b):
    day, night = shifts(roster)
    record = phone(day)
    later = roster.shifts.get(date=D(2026, 10, 2), kind="day")
    with pytest.raises(PermissionDenied):  # the night officer, in the day shift
        services.record_close(record=record, by=night.officer, result="x")
    with pytest.raises(PermissionDenied):  # another unit's staff
        services.record_close(record=record, by=clerk_b, result="x", shift=night)
    earlier = roster.shifts.get(date=D(2026, 10, 1), kind="day")
    night_record = phone(night, "夜间来电")
    with pytest.raises(PermissionDenied):  # not in a shift before the record's own
        services.record_close(record=night_record, by=earlier.officer, result="x", shift=earlier)
    with pytest.raises(ValidationError, match="请填写办结结果"):
        services.record_close(record=record, by=day.officer, result="  ")
    services.record_close(record=record, by=head, result="单位负责人办结。", shift=later)
    assert DutyRecord.objects.get(pk=record.pk).closed_by == head


def test_close_from_the_shift_page(client, roster):
    day, night = shifts(roster)
    record = phone(day)
    services.handover(shift=day, by=day.officer, note="")
    client.force_login(night.officer)
    url = reverse("oa:duty_shift", args=[night.pk])
    html = client.get(url).content.decode()
    assert "前班移交的未办结事项" in html and "城关镇报告道路塌方" in html
    close = reverse("oa:duty_record_close", args=[night.pk, record.pk])
    assert close in html
    # Bad input: no result, or far too long; nothing changes.
    response = client.post(close, {"result": ""}, follow=True)
    assert "请填写办结结果。" in response.content.decode()
    response = client.post(close, {"result": "长" * 2001}, follow=True)
    assert "办结结果不能超过 2000 字。" in response.content.decode()
    assert not DutyRecord.objects.get(pk=record.pk).is_closed
    response = client.post(close, {"result": "道路已抢通。"})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "本班办结的移交事项" in html and "道路已抢通。" in html
    # Closed: the record is no longer open here, posting again is a 404.
    assert client.post(close, {"result": "再次"}).status_code == 404


def test_close_refused_to_others_on_the_page(client, roster, clerk_b, officers):
    day, night = shifts(roster)
    record = phone(day)
    client.force_login(clerk_b)  # another unit: the shift is not found
    close = reverse("oa:duty_record_close", args=[day.pk, record.pk])
    assert client.post(close, {"result": "x"}).status_code == 404
    client.force_login(night.officer)  # same unit, not their shift
    assert client.post(close, {"result": "x"}).status_code == 403
    # A record of another roster through this shift's URL: not found.
    assert not DutyRecord.objects.get(pk=record.pk).is_closed


def test_shift_page_queries_do_not_grow_with_handed_over_records(client, roster):
    day, night = shifts(roster)
    client.force_login(night.officer)
    url = reverse("oa:duty_shift", args=[night.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    phone(day)
    count()
    before = count()
    for i in range(5):
        record = phone(day, f"来电{i}")
        if i % 2:
            services.record_close(record=record, by=night.officer, result="已办", shift=night)
        phone(night, f"夜间来电{i}")
    assert count() == before
