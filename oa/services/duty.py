"""值班管理: rosters from the platform's working-day calendar, shift swaps approved by the unit
head (a work source in the unified inbox), phone records and duty reports, and handover.

A working day (including a weekend made a working day, 调休上班) has one night shift (夜班,
17:30 to 08:30); a weekend or public holiday has a day shift (白班) and a night shift. The
calendar is the platform's (`platform_core.selectors.calendar`: chinesecalendar plus the
administrators' overrides), so a year the library does not know follows the table.
"""

from __future__ import annotations

import datetime
import itertools

import chinese_calendar
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.models import CalendarDay, OrgUnit, User
from platform_core.publishing import request_publish
from platform_core.selectors.calendar import is_working_day
from platform_core.services.notifications import notify_user

from ..models import DutyRecord, DutyRoster, DutyShift, ShiftSwap
from ..models.duty import DayKind, RecordKind, ShiftKind, SwapStatus
from ..selectors.duty import is_unit_head
from .calendar import save_audited

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}
MAX_DAYS = 93


def day_info(day: datetime.date, names: dict[datetime.date, str] | None = None) -> tuple[str, str]:
    """(DayKind, holiday name) of one date from the platform calendar."""
    working = is_working_day(day)
    weekend = day.weekday() >= 5
    name = (names or {}).get(day, "")
    if not name:
        try:
            _on, english = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            english = None
        name = HOLIDAY_NAMES.get(english or "", "")
    if working:
        return (DayKind.MAKEUP, name) if weekend else (DayKind.WORKDAY, "")
    if weekend and not name:
        return DayKind.WEEKEND, ""
    if not name:
        return DayKind.HOLIDAY, _("节假日")
    return DayKind.HOLIDAY, name


def shifts_of_day(day_kind: str) -> list[str]:
    if day_kind in (DayKind.WORKDAY, DayKind.MAKEUP):
        return [ShiftKind.NIGHT]
    return [ShiftKind.DAY, ShiftKind.NIGHT]


def _require_head(by: User, unit: OrgUnit) -> None:
    if not is_unit_head(by, unit):
        raise PermissionDenied


@transaction.atomic
def roster_create(
    *,
    by: User,
    unit: OrgUnit,
    title: str,
    start: datetime.date,
    end: datetime.date,
    phone: str,
    officers: list[User],
    leaders: list[User] = (),
    is_public: bool = False,
) -> DutyRoster:
    """排班：按平台工作日历生成班次，值班人员轮流，带班领导按日轮流。

    The unit's 办公室 (its section head or leader) makes the roster; only people posted in the
    unit may stand duty.
    """
    _require_head(by, unit)
    if not (title or "").strip():
        raise ValidationError(_("请填写值班表名称。"))
    if end < start:
        raise ValidationError(_("结束日期不能早于开始日期。"))
    if (end - start).days + 1 > MAX_DAYS:
        raise ValidationError(_("一张值班表最长 %(n)s 天。") % {"n": MAX_DAYS})
    if not (phone or "").strip():
        raise ValidationError(_("请填写值班电话。"))
    if not officers:
        raise ValidationError(_("请选择值班人员。"))
    posted = set(own_units_people(unit))
    outsiders = [p.name for p in list(officers) + list(leaders) if p.pk not in posted]
    if outsiders:
        raise ValidationError(
            _("以下人员不在本单位，不能排班：%(n)s") % {"n": "、".join(outsiders)}
        )
    roster = DutyRoster.objects.create(
        unit=unit,
        title=title.strip()[:100],
        start=start,
        end=end,
        phone=phone.strip()[:20],
        is_public=is_public,
        created_by=by,
    )
    names = dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "name"))
    rotation = itertools.cycle(officers)
    leader_rotation = itertools.cycle(leaders) if leaders else None
    shifts = []
    day = start
    while day <= end:
        kind, name = day_info(day, names)
        leader = next(leader_rotation) if leader_rotation else None
        for shift_kind in shifts_of_day(kind):
            shifts.append(
                DutyShift(
                    roster=roster,
                    date=day,
                    kind=shift_kind,
                    day_kind=kind,
                    holiday_name=name,
                    officer=next(rotation),
                    leader=leader,
                )
            )
        day += datetime.timedelta(days=1)
    DutyShift.objects.bulk_create(shifts)
    if is_public:
        request_publish("oa.duty", roster.pk)  # the portal's 今日值班电话
    return roster


def own_units_people(unit: OrgUnit) -> list[int]:
    """Who may stand duty for a unit: the people posted in it or in its sections."""
    from ..selectors.duty import unit_people

    return list(unit_people([unit.pk]).values_list("pk", flat=True))


@transaction.atomic
def swap_request(*, shift: DutyShift, by: User, substitute: User, reason: str) -> ShiftSwap:
    """换班申请：值班人请同单位同事替班，送单位负责人审批（进入其待办）。"""
    shift = DutyShift.objects.select_for_update().select_related("roster").get(pk=shift.pk)
    if shift.officer_id != by.pk:
        raise PermissionDenied
    if shift.date < timezone.localdate():
        raise ValidationError(_("已过去的班次不能换班。"))
    if substitute.pk == by.pk:
        raise ValidationError(_("替班人不能是本人。"))
    if substitute.pk not in own_units_people(shift.roster.unit):
        raise ValidationError(_("替班人须为本单位人员。"))
    if not (reason or "").strip():
        raise ValidationError(_("请填写换班理由。"))
    if shift.swaps.filter(status=SwapStatus.PENDING).exists():
        raise ValidationError(_("该班次已有待审批的换班申请。"))
    return ShiftSwap.objects.create(
        shift=shift, requester=by, substitute=substitute, reason=reason.strip()[:300]
    )


@transaction.atomic
def swap_decide(*, swap: ShiftSwap, by: User, approve: bool) -> ShiftSwap:
    """换班审批：单位负责人同意后班次改由替班人值班。"""
    swap = ShiftSwap.objects.select_for_update().select_related("shift__roster").get(pk=swap.pk)
    _require_head(by, swap.shift.roster.unit)
    if swap.status != SwapStatus.PENDING:
        raise ValidationError(_("该申请已审批。"))
    swap.status = SwapStatus.APPROVED if approve else SwapStatus.REJECTED
    swap.decided_by, swap.decided_at = by, timezone.now()
    swap.save(update_fields=["status", "decided_by", "decided_at"])
    if approve:
        shift = swap.shift
        if shift.officer_id != swap.requester_id:
            raise ValidationError(_("班次值班人已变更，请重新申请。"))
        shift.officer = swap.substitute
        shift._change_reason = _("换班")
        shift.save(update_fields=["officer"])
        if shift.roster.is_public:
            request_publish("oa.duty", shift.roster_id)
    verdict = _("同意") if approve else _("不同意")
    for person in (swap.requester, swap.substitute):
        notify_user(
            user=person,
            subject=_("换班申请%(v)s") % {"v": verdict},
            body=_("%(d)s %(k)s 的换班申请：%(v)s。")
            % {"d": swap.shift.date, "k": swap.shift.get_kind_display(), "v": verdict},
            link=f"/office/oa/duty/{swap.shift.roster_id}/",
        )
    return swap


def may_write(by: User, shift: DutyShift) -> bool:
    """The shift's officer and leading official, and the unit's head, write its records."""
    return by.pk in (shift.officer_id, shift.leader_id) or is_unit_head(by, shift.roster.unit)


@transaction.atomic
def record_add(
    *,
    shift: DutyShift,
    by: User,
    kind: str,
    title: str,
    content: str,
    caller: str = "",
    caller_phone: str = "",
    handling: str = "",
) -> DutyRecord:
    """电话记录单 / 值班报告单：当班人员填写。"""
    if not may_write(by, shift):
        raise PermissionDenied
    if kind not in RecordKind.values:
        raise ValidationError(_("记录类型不正确。"))
    if not (title or "").strip() or not (content or "").strip():
        raise ValidationError(_("请填写事由和内容。"))
    return DutyRecord.objects.create(
        shift=shift,
        kind=kind,
        title=title.strip()[:200],
        content=content.strip(),
        caller=(caller or "").strip()[:100],
        caller_phone=(caller_phone or "").strip()[:20],
        handling=(handling or "").strip(),
        created_by=by,
    )


def open_records_before(shift: DutyShift):
    """Records of the roster still open when this shift ends: its own and those handed over
    from earlier shifts."""
    return (
        DutyRecord.objects.filter(shift__roster_id=shift.roster_id, is_closed=False)
        .filter(shift__date__lte=shift.date)
        .exclude(shift__date=shift.date, shift__kind__gt=shift.kind)
    )


@transaction.atomic
def record_close(
    *, record: DutyRecord, by: User, result: str, shift: DutyShift | None = None
) -> DutyRecord:
    """办结电话记录单/值班报告单，写明办理结果。可在记录所在班次办结，也可由之后接班的
    值班人员（或带班领导、单位负责人）在本班办结上一班移交的记录。"""
    record = (
        DutyRecord.objects.select_for_update().select_related("shift__roster").get(pk=record.pk)
    )
    shift = shift or record.shift
    # In its own shift or a later one of the same roster (白班 before 夜班 on a day).
    if shift.roster_id != record.shift.roster_id or (shift.date, shift.kind) < (
        record.shift.date,
        record.shift.kind,
    ):
        raise PermissionDenied
    if not may_write(by, shift):
        raise PermissionDenied
    if record.is_closed:
        raise ValidationError(_("该记录已办结。"))
    result = (result or "").strip()
    if not result:
        raise ValidationError(_("请填写办结结果。"))
    if len(result) > 2000:
        raise ValidationError(_("办结结果不能超过 2000 字。"))
    record.handling = f"{record.handling}\n{result}".strip() if record.handling else result
    record.is_closed, record.closed_at, record.closed_by, record.closed_in = (
        True,
        timezone.now(),
        by,
        shift,
    )
    save_audited(record, by, _("办结"))
    return record


def next_shift(shift: DutyShift) -> DutyShift | None:
    return (
        DutyShift.objects.filter(roster_id=shift.roster_id)
        .filter(date__gte=shift.date)
        .exclude(pk=shift.pk)
        .exclude(date=shift.date, kind=ShiftKind.DAY)
        .order_by("date", "kind")
        .first()
        if shift.kind == ShiftKind.NIGHT
        else DutyShift.objects.filter(
            roster_id=shift.roster_id, date=shift.date, kind=ShiftKind.NIGHT
        ).first()
    )


@transaction.atomic
def handover(*, shift: DutyShift, by: User, note: str) -> DutyShift:
    """交班：当班人写明未办结事项，交给下一班。"""
    shift = DutyShift.objects.select_for_update().get(pk=shift.pk)
    if shift.officer_id != by.pk:
        raise PermissionDenied
    if shift.handed_over_at:
        raise ValidationError(_("本班已交班。"))
    open_records = list(open_records_before(shift).values_list("title", flat=True))
    closed = list(shift.closed_records.order_by("closed_at", "pk").values_list("title", "handling"))
    text = (note or "").strip()
    if closed:
        text += "\n" + _("本班办结：") + "；".join(f"{t}（{h}）" for t, h in closed)
    if open_records:
        text += "\n" + _("未办结：") + "；".join(open_records)
    if not text.strip():
        raise ValidationError(_("请填写交班记录。"))
    shift.handover_note = text.strip()
    shift.handed_over_at = timezone.now()
    shift._change_reason = _("交班")
    shift.save(update_fields=["handover_note", "handed_over_at"])
    following = next_shift(shift)
    if following is not None:
        notify_user(
            user=following.officer,
            subject=_("请接班"),
            body=_("%(n)s已交班：%(t)s") % {"n": by.name, "t": shift.handover_note[:200]},
            link=f"/office/oa/duty/{shift.roster_id}/",
        )
    return shift


@transaction.atomic
def take_over(*, shift: DutyShift, by: User) -> DutyShift:
    """接班：下一班确认接班（上一班须已交班）。"""
    shift = DutyShift.objects.select_for_update().get(pk=shift.pk)
    if shift.officer_id != by.pk:
        raise PermissionDenied
    if shift.taken_over_at:
        raise ValidationError(_("本班已接班。"))
    shift.taken_over_at = timezone.now()
    shift._change_reason = _("接班")
    shift.save(update_fields=["taken_over_at"])
    return shift


def previous_shift(shift: DutyShift) -> DutyShift | None:
    rows = DutyShift.objects.filter(roster_id=shift.roster_id, date__lte=shift.date).exclude(
        pk=shift.pk
    )
    if shift.kind == ShiftKind.DAY:
        rows = rows.exclude(date=shift.date)
    return rows.order_by("-date", "-kind").first()
