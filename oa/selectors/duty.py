"""Reads of 值班管理: who heads a unit (approves swaps), rosters a person may see, today's duty
officer (office home and the portal's 今日值班电话), and pending swaps for the inbox."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platform_core.constants import RoleCode
from platform_core.inbox_sources import WorkItem
from platform_core.models import OrgUnit, Post, User
from platform_core.permissions import SECURITY_ADMIN_ROLES, units_in_business_scope

from ..models import DutyRoster, DutyShift, ShiftSwap
from ..models.duty import ShiftKind, SwapStatus

HEAD_ROLES = (RoleCode.SECTION_HEAD, RoleCode.LEADER)


def is_unit_head(user: User, unit: OrgUnit) -> bool:
    """A section head or leader posted in the unit: makes its rosters and approves swaps."""
    return Post.objects.active().filter(user=user, unit=unit, role__code__in=HEAD_ROLES).exists()


def head_units(user: User):
    return Post.objects.active().filter(user=user, role__code__in=HEAD_ROLES).values("unit")


def rosters_visible_to(user: User, *, public: bool = True) -> QuerySet[DutyRoster]:
    """Rosters of the units in the user's business scope, any roster they stand duty on, and
    (unless `public=False`: a shift's records are the unit's business) the county's public
    rosters, whose duty phone every civil servant may look up."""
    scope = units_in_business_scope(user).values("pk")
    mine = DutyShift.objects.filter(Q(officer=user) | Q(leader=user)).values("roster")
    visible = Q(unit__in=scope) | Q(pk__in=mine)
    if public:
        visible |= Q(is_public=True)
    return DutyRoster.objects.filter(visible).select_related("unit")


def roster_shifts(roster: DutyRoster) -> QuerySet[DutyShift]:
    return roster.shifts.select_related("officer", "leader").order_by("date", "kind")


def _current(at: datetime.datetime | None = None) -> tuple[datetime.date, str]:
    """The date and kind of the shift on duty at `at`: the day shift 08:30–17:30, otherwise
    the night shift (the night shift of the day before until 08:30)."""
    at = timezone.localtime(at)
    day, clock = at.date(), at.time()
    if clock < datetime.time(8, 30):
        return day - datetime.timedelta(days=1), ShiftKind.NIGHT
    if clock < datetime.time(17, 30):
        return day, ShiftKind.DAY
    return day, ShiftKind.NIGHT


def _pick(rows: list[DutyShift], kind: str) -> DutyShift | None:
    """The shift of that kind, else (a working day has no day shift) the night shift."""
    for shift in rows:
        if shift.kind == kind:
            return shift
    return rows[0] if rows else None


def shift_on_duty(at: datetime.datetime | None = None, *, public_only: bool = False):
    """The shift of the moment, from public rosters when asked. One query."""
    day, kind = _current(at)
    rows = DutyShift.objects.filter(date=day).select_related("officer", "leader", "roster")
    if public_only:
        rows = rows.filter(roster__is_public=True)
    return _pick(list(rows.order_by("-kind", "pk")[:2]), kind)


def today_duty_for(user: User) -> DutyShift | None:
    """今日值班: the shift of the moment on the public (county) roster, else on a roster of the
    user's units. One query."""
    day, kind = _current()
    scope = units_in_business_scope(user).values("pk")
    rows = list(
        DutyShift.objects.filter(date=day)
        .filter(Q(roster__is_public=True) | Q(roster__unit__in=scope))
        .select_related("officer", "leader", "roster")
        .order_by("-roster__is_public", "roster_id", "-kind")[:2]
    )
    same_roster = [r for r in rows if r.roster_id == rows[0].roster_id] if rows else []
    return _pick(same_roster, kind)


def public_duty_phone() -> dict | None:
    """今日值班电话 for the portal: the number and the duty leader, never the officer's mobile."""
    shift = shift_on_duty(public_only=True)
    if shift is None:
        return None
    return {
        "unit": shift.roster.unit.name if shift.roster.unit_id else "",
        "phone": shift.roster.phone,
        "date": shift.date,
        "leader": shift.leader.name if shift.leader_id else "",
    }


def _heads_something(user: User) -> bool:
    """From the posts already read for the request (no query): only unit heads approve swaps."""
    from platform_core.permissions import user_posts

    return any(post.role.code in HEAD_ROLES for post in user_posts(user))


def _pending_swaps(user: User) -> QuerySet[ShiftSwap]:
    return ShiftSwap.objects.filter(
        status=SwapStatus.PENDING, shift__roster__unit__in=head_units(user)
    )


def pending_swaps(user: User) -> QuerySet[ShiftSwap]:
    return _pending_swaps(user).select_related("shift", "shift__roster", "requester", "substitute")


class SwapWork:
    """换班审批 in the unit head's inbox, due the day before the shift."""

    key = "oa.duty_swap"
    label = gettext_lazy("待审批换班")

    def pending(self, user: User) -> QuerySet[ShiftSwap]:
        if not _heads_something(user):
            return ShiftSwap.objects.none()
        return _pending_swaps(user)

    def items(self, user: User, limit: int) -> list[WorkItem]:
        if not _heads_something(user):
            return []
        rows = pending_swaps(user).order_by("shift__date", "pk")[:limit]
        return [
            WorkItem(
                action=_("审批换班"),
                title=_("%(d)s %(k)s：%(a)s 换 %(b)s")
                % {
                    "d": s.shift.date,
                    "k": s.shift.get_kind_display(),
                    "a": s.requester.name,
                    "b": s.substitute.name,
                },
                link=reverse("oa:duty_swaps"),
                subsystem=_("协同办公"),
                due_date=s.shift.date - datetime.timedelta(days=1),
                received_at=s.created_at,
            )
            for s in rows
        ]


def unit_people(unit_ids) -> QuerySet[User]:
    """Active people posted in the units or their sections (who may stand duty there)."""
    cond = Q(pk__in=[])
    for path in OrgUnit.objects.filter(pk__in=unit_ids).values_list("path", flat=True):
        cond |= Q(unit__path__startswith=path)
    posts = Post.objects.active().filter(cond).exclude(role__code__in=SECURITY_ADMIN_ROLES)
    return User.objects.filter(pk__in=posts.values("user"), is_active=True).order_by("name", "pk")


def units_headed(user: User) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(pk__in=head_units(user)).order_by("path")
