"""Reads of 会议管理: which notices a person sees or runs, replies, rooms and their bookings."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from platform_core.models import OrgUnit, Post, User
from platform_core.permissions import SECURITY_ADMIN_ROLES

from ..models import (
    ActionItem,
    MeetingInvitee,
    MeetingNotice,
    MeetingRoom,
    MeetingStatus,
    RoomBooking,
)
from .access import own_units


def meetings_visible_to(user: User) -> QuerySet[MeetingNotice]:
    """The organiser unit's staff see its notices (drafts too); invited units' staff and invited
    people see the notices once sent."""
    units = own_units(user)
    invited = MeetingInvitee.objects.filter(
        Q(unit__in=units) | Q(person=user) | Q(attendee_users=user)
    ).values("meeting")
    return MeetingNotice.objects.filter(
        Q(unit__in=units)
        | Q(created_by=user)
        | (Q(pk__in=invited) & ~Q(status=MeetingStatus.DRAFT))
    )


def meeting_list(user: User) -> QuerySet[MeetingNotice]:
    return (
        meetings_visible_to(user)
        .select_related("unit", "room")
        .annotate(
            invited_count=Count("invitees", distinct=True),
            replied_count=Count(
                "invitees", filter=Q(invitees__replied_at__isnull=False), distinct=True
            ),
        )
        .order_by("-start", "-pk")
    )


def meeting_for(user: User, pk: int) -> MeetingNotice | None:
    return (
        meetings_visible_to(user).select_related("unit", "room", "created_by").filter(pk=pk).first()
    )


def may_run(user: User, meeting: MeetingNotice) -> bool:
    """The organiser: its creator or staff of the organising unit."""
    if meeting.created_by_id == user.pk:
        return True
    return own_units(user).filter(unit=meeting.unit_id).exists()


def may_reply(user: User, invitee: MeetingInvitee) -> bool:
    if invitee.person_id:
        return invitee.person_id == user.pk
    return own_units(user).filter(unit=invitee.unit_id).exists()


def invitees_of(meeting: MeetingNotice) -> list[MeetingInvitee]:
    return list(
        meeting.invitees.select_related("unit", "person", "replied_by")
        .prefetch_related("attendee_users")
        .order_by("replied_at", "pk")
    )


def my_invitations(user: User, meeting: MeetingNotice) -> list[MeetingInvitee]:
    units = own_units(user)
    return list(
        meeting.invitees.filter(Q(unit__in=units) | Q(person=user))
        .select_related("unit", "person")
        .prefetch_related("attendee_users")
    )


def unit_staff(unit_ids) -> QuerySet[User]:
    posts = (
        Post.objects.active()
        .filter(unit__in=unit_ids, user=OuterRef("pk"))
        .exclude(role__code__in=SECURITY_ADMIN_ROLES)
    )
    return User.objects.filter(Exists(posts), is_active=True).order_by("name")


def may_sign_in(user: User, meeting: MeetingNotice) -> bool:
    if may_run(user, meeting):
        return True
    return MeetingInvitee.objects.filter(
        Q(meeting=meeting) & (Q(person=user) | Q(attendee_users=user) | Q(unit__in=own_units(user)))
    ).exists()


def rooms_with_bookings(day: datetime.date, tz) -> list[MeetingRoom]:
    """Active rooms, each with `.day_bookings` of that day: two queries."""
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    end = start + datetime.timedelta(days=1)
    rooms = list(MeetingRoom.objects.filter(is_active=True).order_by("name"))
    bookings = (
        RoomBooking.objects.filter(
            is_active=True, room__in=[r.pk for r in rooms], during__overlap=(start, end)
        )
        .select_related("booked_by", "meeting")
        .order_by("during")
    )
    by_room: dict[int, list] = {}
    for booking in bookings:
        by_room.setdefault(booking.room_id, []).append(booking)
    for room in rooms:
        room.day_bookings = by_room.get(room.pk, [])
    return rooms


def invitable_units() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(is_active=True).order_by("path")


def pending_replies(user: User) -> QuerySet[MeetingInvitee]:
    return MeetingInvitee.objects.filter(
        Q(unit__in=own_units(user)) | Q(person=user),
        replied_at__isnull=True,
        meeting__status=MeetingStatus.SENT,
    )


def open_action_items(user: User) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(done_at__isnull=True, owner_unit__in=own_units(user))
