"""Reads of the calendar: whose calendar a person may keep or read, and the events of a range."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from platform_core.models import User

from ..models import CalendarDelegation, CalendarEvent, CalendarFeed


def may_manage_calendar(user: User, owner: User) -> bool:
    """One's own calendar, or a leader's who delegated it (代领导安排日程)."""
    if not (user.is_authenticated and user.is_office_user):
        return False
    if user.pk == owner.pk:
        return True
    return CalendarDelegation.objects.filter(leader=owner, secretary=user).exists()


def calendar_owner(user: User, who: str | None) -> User | None:
    """Whose calendar `user` opens: their own (no `who`), or a leader's who delegated it; None
    for anyone else (a 404)."""
    if not who or who == str(user.pk):
        return user
    if not who.isdigit():
        return None
    owner = User.objects.filter(pk=int(who)).first()
    if owner is None or not may_manage_calendar(user, owner):
        return None
    return owner


def delegated_leaders(user: User) -> list[User]:
    return [
        d.leader
        for d in CalendarDelegation.objects.filter(secretary=user)
        .select_related("leader")
        .order_by("leader__name")
    ]


def delegations_given(user: User) -> QuerySet[CalendarDelegation]:
    return CalendarDelegation.objects.filter(leader=user).select_related("secretary")


def events_in_range(
    owner: User, start: datetime.datetime, end: datetime.datetime, *, include_shared: bool = True
) -> QuerySet[CalendarEvent]:
    """Events of `owner`'s calendar that may have an occurrence in [start, end): one query.
    Recurring events are fetched whenever they began before `end` and expanded in Python."""
    mine = Q(owner=owner)
    if include_shared:
        mine |= Q(shared_with=owner)
    when = Q(rrule="", start__lt=end, end__gt=start) | (~Q(rrule="") & Q(start__lt=end))
    return (
        CalendarEvent.objects.filter(mine & when)
        .select_related("owner", "meeting")
        .distinct()
        .order_by("start", "pk")
    )


def event_visible(user: User, pk: int) -> CalendarEvent | None:
    """An event the user owns, shares, or keeps for a leader; None otherwise (a 404)."""
    event = (
        CalendarEvent.objects.filter(pk=pk).select_related("owner", "created_by", "meeting").first()
    )
    if event is None:
        return None
    if event.owner_id == user.pk or may_manage_calendar(user, event.owner):
        return event
    if event.shared_with.filter(pk=user.pk).exists():
        return event
    return None


def feed_user(token: str) -> User | None:
    if not token or len(token) > 64:
        return None
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


def feed_events(user: User) -> QuerySet[CalendarEvent]:
    return (
        CalendarEvent.objects.filter(Q(owner=user) | Q(shared_with=user))
        .select_related("owner")
        .distinct()
        .order_by("start", "pk")
    )


def day_agenda(user: User, day: datetime.date) -> list:
    """The person's occurrences on `day` (own and shared events, meetings), in time order: one
    query. For the staff home page's 今日日程 block."""
    from django.utils import timezone

    from ..recurrence import occurrences

    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    end = start + datetime.timedelta(days=1)
    found = [o for e in events_in_range(user, start, end) for o in occurrences(e, start, end)]
    return sorted(found, key=lambda o: (not o.event.all_day, o.start))
