"""值班管理: rosters from the platform calendar (National Day 2026, make-up working days,
administrators' overrides), swaps approved by the unit head from the inbox, records, handover,
and the duty phone of the day on the office home and the portal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from oa.models import DutyShift
from oa.selectors import duty as selectors
from oa.services import duty as services
from platform_core.constants import RoleCode
from platform_core.inbox_sources import work_items
from platform_core.models import CalendarDay
from tests.factories import staff_with_role

D = datetime.date


@pytest.fixture
def officers(office):
    return [
        staff_with_role(RoleCode.REVIEW_CLERK, office, name=name)
        for name in ("王强", "李娜", "张伟")
    ]


def national_day(head, office, officers, **kw):
    return services.roster_create(
        by=head,
        unit=office,
        title="2026年国庆节值班表",
        start=D(2026, 9, 28),
        end=D(2026, 10, 11),
        phone="0746-1234567",
        officers=officers,
        leaders=[head],
        **kw,
    )


@pytest.mark.django_db
def test_national_day_roster_follows_the_platform_calendar(head, office, officers):
    roster = national_day(head, office, officers)
    shifts = {(s.date, s.kind): s for s in roster.shifts.all()}
    for day in range(1, 8):  # 国庆节 2026-10-01..07: day and night shifts
        date = D(2026, 10, day)
        assert shifts[(date, "day")].day_kind == "holiday"
        assert shifts[(date, "day")].holiday_name == "国庆节"
        assert (date, "night") in shifts
    # 10-08 back to work: night only; 10-10 is a Saturday made a working day (调休上班).
    assert (D(2026, 10, 8), "day") not in shifts
    assert shifts[(D(2026, 10, 8), "night")].day_kind == "workday"
    assert (D(2026, 10, 10), "day") not in shifts
    assert shifts[(D(2026, 10, 10), "night")].day_kind == "makeup"
    assert shifts[(D(2026, 10, 11), "day")].day_kind == "weekend"
    # Officers take turns in order.
    ordered = list(roster.shifts.order_by("date", "kind").values_list("officer__name", flat=True))
    assert ordered[:4] == ["王强", "李娜", "张伟", "王强"]


@pytest.mark.django_db
def test_years_the_library_does_not_know_use_the_calendar_table(head, office, officers):
    CalendarDay.objects.create(date=D(2027, 1, 1), is_working_day=False, name="元旦")
    roster = services.roster_create(
        by=head,
        unit=office,
        title="2027年元旦值班表",
        start=D(2026, 12, 31),
        end=D(2027, 1, 1),
        phone="0746-1234567",
        officers=officers,
    )
    new_year = roster.shifts.get(date=D(2027, 1, 1), kind="day")
    assert new_year.day_kind == "holiday" and new_year.holiday_name == "元旦"


@pytest.mark.django_db
def test_roster_rules(head, office, officers, dept_b, clerk):
    outsider = staff_with_role(RoleCode.REVIEW_CLERK, dept_b, name="外单位")
    with pytest.raises(PermissionDenied):
        national_day(clerk, office, officers)
    with pytest.raises(ValidationError):
        national_day(head, office, [outsider])
    with pytest.raises(ValidationError):
        national_day(head, office, [])
    with pytest.raises(ValidationError):
        services.roster_create(
            by=head,
            unit=office,
            title="太长",
            start=D(2026, 1, 1),
            end=D(2026, 12, 31),
            phone="1",
            officers=officers,
        )


@pytest.mark.django_db
def test_swap_is_approved_by_the_unit_head_from_the_inbox(head, office, officers):
    today = timezone.localdate()
    roster = services.roster_create(
        by=head,
        unit=office,
        title="本周值班",
        start=today + datetime.timedelta(days=1),
        end=today + datetime.timedelta(days=3),
        phone="0746-1234567",
        officers=officers,
    )
    shift = roster.shifts.filter(officer=officers[0]).first()
    with pytest.raises(PermissionDenied):
        services.swap_request(shift=shift, by=officers[1], substitute=officers[2], reason="有事")
    swap = services.swap_request(
        shift=shift, by=officers[0], substitute=officers[2], reason="外出培训"
    )
    with pytest.raises(ValidationError):
        services.swap_request(shift=shift, by=officers[0], substitute=officers[1], reason="再申请")
    items = [w for w in work_items(head) if w.action == "审批换班"]
    assert len(items) == 1 and items[0].due_date == shift.date - datetime.timedelta(days=1)
    assert not [w for w in work_items(officers[1]) if w.action == "审批换班"]
    with pytest.raises(PermissionDenied):
        services.swap_decide(swap=swap, by=officers[1], approve=True)
    services.swap_decide(swap=swap, by=head, approve=True)
    shift.refresh_from_db()
    assert shift.officer == officers[2]
    assert shift.history.first().history_change_reason == "换班"


@pytest.mark.django_db
def test_records_and_handover(head, office, officers):
    roster = national_day(head, office, officers)
    first = roster.shifts.get(date=D(2026, 10, 1), kind="day")
    night = roster.shifts.get(date=D(2026, 10, 1), kind="night")
    record = services.record_add(
        shift=first,
        by=first.officer,
        kind="phone",
        title="城关镇报告道路塌方",
        caller="城关镇值班室",
        caller_phone="0746-7654321",
        content="G207线K12处塌方，已设警示。",
    )
    with pytest.raises(PermissionDenied):
        services.record_add(shift=first, by=night.officer, kind="phone", title="x", content="y")
    with pytest.raises(ValidationError):
        services.record_add(shift=first, by=first.officer, kind="other", title="x", content="y")
    services.handover(shift=first, by=first.officer, note="交通局已派人处置。")
    first.refresh_from_db()
    assert record.title in first.handover_note and first.handed_over_at
    assert services.next_shift(first) == night
    assert services.previous_shift(night) == first
    services.take_over(shift=night, by=night.officer)
    with pytest.raises(ValidationError):
        services.handover(shift=first, by=first.officer, note="again")


@pytest.mark.django_db
def test_duty_phone_on_office_home_and_portal(client, head, office, officers, leader):
    today = timezone.localdate()
    services.roster_create(
        by=head,
        unit=office,
        title="本月值班",
        start=today - datetime.timedelta(days=1),
        end=today + datetime.timedelta(days=1),
        phone="0746-8888888",
        officers=officers,
        leaders=[head],
        is_public=True,
    )
    assert selectors.public_duty_phone()["phone"] == "0746-8888888"
    client.force_login(officers[1])
    home = client.get("/office/").content.decode()
    assert "今日值班" in home and "0746-8888888" in home
    portal = client.get("/").content.decode()
    assert "今日值班电话" in portal and "0746-8888888" in portal
    # The officer's own mobile never reaches the portal.
    assert all(o.mobile not in portal for o in officers)


@pytest.mark.django_db
def test_pages_permissions_and_constant_queries(client, head, office, officers, dept_b):
    roster = national_day(head, office, officers)
    client.force_login(officers[0])
    page = client.get(reverse("oa:duty_roster", args=[roster.pk])).content.decode()
    assert "国庆节" in page and "调休上班" in page
    client.force_login(staff_with_role(RoleCode.REVIEW_CLERK, dept_b))
    assert client.get(reverse("oa:duty_roster", args=[roster.pk])).status_code == 404
    shift = roster.shifts.first()
    assert client.get(reverse("oa:duty_shift", args=[shift.pk])).status_code == 404
    assert client.get(reverse("oa:duty_roster_new")).status_code == 404
    client.force_login(head)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    today = timezone.localdate()
    soon = services.roster_create(
        by=head, unit=office, title="近期值班", start=today + datetime.timedelta(days=1),
        end=today + datetime.timedelta(days=4), phone="1", officers=officers,
    )  # fmt: skip
    shifts = list(soon.shifts.order_by("date", "kind"))
    services.swap_request(shift=shifts[0], by=shifts[0].officer, substitute=head, reason="培训")
    urls = [
        reverse("oa:duty_rosters"),
        reverse("oa:duty_roster", args=[roster.pk]),
        reverse("oa:duty_swaps"),
    ]
    [count(u) for u in urls]  # warm the shell's per-person caches (unread mail, badges)
    before = [count(u) for u in urls]
    national_day(head, office, officers, is_public=False)
    DutyShift.objects.filter(roster=roster).update(leader=officers[1])
    for shift in shifts[1:4]:
        services.swap_request(shift=shift, by=shift.officer, substitute=head, reason="培训")
    assert [count(u) for u in urls] == before


@pytest.mark.django_db
def test_roster_form_bad_input(client, head, office, officers):
    client.force_login(head)
    response = client.post(
        reverse("oa:duty_roster_new"),
        {
            "unit": office.pk,
            "title": "坏输入",
            "start": "2026-10-08",
            "end": "2026-10-01",
            "phone": "",
            "officers": [],
        },
    )
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()
    response = client.post(
        reverse("oa:duty_roster_new"),
        {
            "unit": office.pk,
            "title": "国庆值班",
            "start": "2026-10-01",
            "end": "2026-10-08",
            "phone": "0746-1234567",
            "officers": [o.pk for o in officers],
        },
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_public_roster_republishes_the_home_page(
    settings, tmp_path, head, office, officers, django_capture_on_commit_callbacks
):
    settings.PUBLISH_ROOT = tmp_path / "site"
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        services.roster_create(
            by=head,
            unit=office,
            title="本月值班",
            start=today - datetime.timedelta(days=1),
            end=today + datetime.timedelta(days=1),
            phone="0746-6666666",
            officers=officers,
            is_public=True,
        )
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "今日值班电话" in home and "0746-6666666" in home


@pytest.mark.django_db
def test_the_shift_on_duty_follows_the_clock(head, office, officers):
    import zoneinfo

    national_day(head, office, officers, is_public=True)
    tz = zoneinfo.ZoneInfo("Asia/Shanghai")

    def at(day, hour, minute=0):
        shift = selectors.shift_on_duty(
            datetime.datetime(2026, 10, day, hour, minute, tzinfo=tz), public_only=True
        )
        return shift.date.day, shift.kind

    assert at(3, 10) == (3, "day")  # a holiday: the day shift
    assert at(3, 18) == (3, "night")
    assert at(4, 7) == (3, "night")  # until 08:30 the night shift of the day before
    assert at(8, 10) == (8, "night")  # a working day has no day shift: the night's officer
