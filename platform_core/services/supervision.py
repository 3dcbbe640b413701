"""Generic clock supervision: watch a clock, scan watched clocks for cards, clear a card.

`clock_watch` is called by the app that starts a clock it wants supervised; `clock_cards_scan`
runs periodically (platform_core.tasks.clock_cards_scan_task) and may run twice at once: the
unique constraint keeps one card per clock and colour. The unit's heads and disclosure officers
(or whoever `notify_roles` names) are told when a card fires.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import clock as clock_math
from ..constants import RoleCode
from ..models import CaseClock, ClockCard, ClockWatch, OrgUnit, Post, User
from ..models.supervision import CardColor
from ..permissions import unit_in_business_scope
from ..selectors.calendar import calendar_overrides
from ..selectors.clock import clock_policy, clock_state
from .notifications import notify_user

NOTIFY_ROLES = (RoleCode.SECTION_HEAD, RoleCode.LEADER, RoleCode.DISCLOSURE_OFFICER)


def clock_watch(
    *, clock: CaseClock, subsystem: str, unit: OrgUnit, title: str, link: str = ""
) -> ClockWatch:
    """把时限纳入电子监察（到期前亮黄牌，超期亮红牌）。"""
    watch, _created = ClockWatch.objects.update_or_create(
        clock=clock,
        defaults={"subsystem": subsystem, "unit": unit, "title": title[:200], "link": link},
    )
    return watch


def _fire(watch: ClockWatch, color: str, reason: str) -> ClockCard | None:
    try:
        with transaction.atomic():
            card = ClockCard.objects.create(
                watch=watch, color=color, unit=watch.unit, subsystem=watch.subsystem, reason=reason
            )
    except IntegrityError:
        return None  # another scan fired it first
    recipients = {
        p.user
        for p in Post.objects.active()
        .filter(unit=watch.unit, role__code__in=NOTIFY_ROLES)
        .select_related("user")
    }
    for user in recipients:
        notify_user(
            user=user,
            subject=_("%(color)s：%(title)s")
            % {"color": card.get_color_display(), "title": watch.title},
            body=reason,
            link=watch.link,
            dedupe_key=f"clockcard:{card.pk}:{user.pk}",
        )
    return card


def clock_cards_scan(*, subsystem: str | None = None, today: datetime.date | None = None) -> list:
    """Evaluate every watched open clock; fire the yellow and red cards that are due."""
    today = today or timezone.localdate()
    overrides = calendar_overrides()
    watches = (
        ClockWatch.objects.filter(clock__finished_on__isnull=True)
        .select_related("clock", "unit")
        .prefetch_related("clock__pauses", "clock__extensions", "cards")
    )
    if subsystem:
        watches = watches.filter(subsystem=subsystem)
    policies: dict[str, tuple] = {}
    fired = []
    for watch in watches:
        clock = watch.clock
        policy = policies.setdefault(clock.process, clock_policy(clock.process))
        state = clock_state(clock, today=today, overrides=overrides, policy=policy)
        have = {c.color for c in watch.cards.all()}
        if state.status == clock_math.Status.OVERDUE and CardColor.RED not in have:
            reason = _("已超过%(limit)d个工作日的时限（到期日%(due)s）仍未办结。") % {
                "limit": state.limit,
                "due": state.due_date,
            }
            card = _fire(watch, CardColor.RED, reason)
        elif state.status == clock_math.Status.DUE_SOON and not have:
            reason = _("时限将到（到期日%(due)s，剩余%(left)d个工作日）。") % {
                "due": state.due_date,
                "left": max(state.remaining, 0),
            }
            card = _fire(watch, CardColor.YELLOW, reason)
        else:
            card = None
        if card is not None:
            fired.append(card)
    return fired


@transaction.atomic
def clock_card_clear(*, card: ClockCard, by: User, explanation: str) -> ClockCard:
    """处理亮牌：责任单位说明原因后销牌。"""
    if not (by.is_authenticated and by.is_office_user and unit_in_business_scope(by, card.unit)):
        raise PermissionDenied
    if not (explanation or "").strip():
        raise ValidationError(_("请填写处理说明。"))
    card = ClockCard.objects.select_for_update().get(pk=card.pk)
    if card.cleared_at:
        raise ValidationError(_("该亮牌已处理。"))
    card.cleared_by, card.cleared_at, card.explanation = by, timezone.now(), explanation.strip()
    card.save(update_fields=["cleared_by", "cleared_at", "explanation"])
    return card
