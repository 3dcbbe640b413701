"""日程安排: day, week and month views (server-rendered, phone first), events, delegations to a
secretary, and the private iCalendar subscription."""

from __future__ import annotations

import calendar as pycal
import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..forms.calendar import REPEAT_CHOICES, DelegationForm, EventForm
from ..ical import calendar_text
from ..models import CalendarDelegation
from ..recurrence import describe_rrule
from ..selectors.access import own_units
from ..selectors.calendar import (
    calendar_owner,
    delegated_leaders,
    delegations_given,
    event_visible,
    events_in_range,
    feed_events,
    feed_user,
    may_manage_calendar,
)
from ..selectors.meetings import unit_staff
from ..services import calendar as services
from .common import oa_staff_required

WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"]
MODES = {"month", "week", "day"}


def _colleagues(user):
    return unit_staff(own_units(user)).exclude(pk=user.pk)


def _owner(request):
    """Whose calendar: one's own, or (?who=) a leader who delegated it."""
    owner = calendar_owner(request.user, request.GET.get("who") or request.POST.get("who"))
    if owner is None:
        raise Http404
    return owner


def _day(value: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def _bounds(mode: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    if mode == "day":
        return day, day + datetime.timedelta(days=1)
    if mode == "week":
        first = day - datetime.timedelta(days=day.weekday())
        return first, first + datetime.timedelta(days=7)
    first = day.replace(day=1)
    last = first.replace(day=pycal.monthrange(day.year, day.month)[1])
    grid_start = first - datetime.timedelta(days=first.weekday())
    grid_end = last + datetime.timedelta(days=7 - last.weekday())
    return grid_start, grid_end


def _step(mode: str, day: datetime.date, sign: int) -> datetime.date:
    if mode == "day":
        return day + datetime.timedelta(days=sign)
    if mode == "week":
        return day + datetime.timedelta(days=7 * sign)
    month = day.month - 1 + sign
    year = day.year + month // 12
    return datetime.date(year, month % 12 + 1, 1)


@oa_staff_required
def calendar_view(request):
    """日程：月、周、日视图。"""
    owner = _owner(request)
    mode = request.GET.get("view") if request.GET.get("view") in MODES else "month"
    day = _day(request.GET.get("date"))
    first, stop = _bounds(mode, day)
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(stop, datetime.time.min, tzinfo=tz)
    by_day: dict[datetime.date, list] = {}
    for event in events_in_range(owner, start, end):
        for occ in services.occurrences(event, start, end):
            d = max(occ.local_start.date(), first)
            last = min((occ.local_end - datetime.timedelta(seconds=1)).date(), stop)
            while d <= last and d < stop:
                by_day.setdefault(d, []).append(occ)
                d += datetime.timedelta(days=1)
    for items in by_day.values():
        items.sort(key=lambda o: (not o.event.all_day, o.start))
    today = timezone.localdate()
    days = []
    d = first
    while d < stop:
        days.append(
            {
                "date": d,
                "events": by_day.get(d, []),
                "today": d == today,
                "other_month": mode == "month" and d.month != day.month,
                "weekday": WEEKDAYS[d.weekday()],
            }
        )
        d += datetime.timedelta(days=1)
    weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
    who = "" if owner == request.user else f"&who={owner.pk}"
    return render(
        request,
        "oa/office/calendar.html",
        {
            "owner": owner,
            "mode": mode,
            "day": day,
            "days": days,
            "weeks": weeks,
            "weekdays": WEEKDAYS,
            "who": who,
            "prev": _step(mode, day, -1),
            "next": _step(mode, day, 1),
            "today": today,
            "leaders": delegated_leaders(request.user),
            "agenda": [x for x in days if x["events"] and not x["other_month"]],
        },
    )


def _event_kwargs(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "kind": data["kind"],
        "all_day": data["all_day"],
        "start": data["start"],
        "end": data["end"],
        "location": data["location"],
        "description": data["description"],
        "rrule": data["rule"],
        "shared_with": list(data["shared_with"]),
        "reminders": data["reminders"],
    }


@oa_staff_required
def event_new(request):
    owner = _owner(request)
    form = EventForm(request.POST or None, colleagues=_colleagues(owner))
    if request.method == "GET":
        day = _day(request.GET.get("date"))
        start = datetime.datetime.combine(day, datetime.time(9, 0))
        form = EventForm(
            initial={
                "kind": "appointment",
                "start": start,
                "end": start + datetime.timedelta(hours=1),
            },
            colleagues=_colleagues(owner),
        )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(by=request.user, owner=owner, **_event_kwargs(form))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("日程已保存。"))
            return redirect(
                f"{reverse('oa:calendar')}?view=day&date={timezone.localtime(event.start).date()}"
                + ("" if owner == request.user else f"&who={owner.pk}")
            )
    return render(request, "oa/office/event_form.html", {"form": form, "owner": owner})


@oa_staff_required
def event_detail(request, pk: int):
    event = event_visible(request.user, pk)
    if event is None:
        raise Http404
    return render(
        request,
        "oa/office/event_detail.html",
        {
            "event": event,
            "may_edit": may_manage_calendar(request.user, event.owner) and not event.meeting_id,
            "reminders": list(event.reminders.all()),
            "shared": list(event.shared_with.order_by("name")),
            "repeat_label": describe_rrule(event.rrule),
        },
    )


@oa_staff_required
def event_edit(request, pk: int):
    event = event_visible(request.user, pk)
    if event is None:
        raise Http404
    if not may_manage_calendar(request.user, event.owner) or event.meeting_id:
        raise PermissionDenied
    reminders = list(event.reminders.all())
    preset = dict(REPEAT_CHOICES)
    initial = {
        "title": event.title,
        "kind": event.kind,
        "all_day": event.all_day,
        "start": timezone.localtime(event.start),
        "end": timezone.localtime(event.end),
        "location": event.location,
        "description": event.description,
        "repeat": event.rrule if event.rrule in preset else "custom" if event.rrule else "",
        "rrule": event.rrule,
        "remind": str(reminders[0].minutes_before) if reminders else "",
        "remind_channels": [r.channel for r in reminders],
        "shared_with": list(event.shared_with.all()),
    }
    form = EventForm(request.POST or None, initial=initial, colleagues=_colleagues(event.owner))
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(event=event, by=request.user, **_event_kwargs(form))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("日程已修改。"))
            return redirect("oa:event_detail", pk=event.pk)
    return render(
        request, "oa/office/event_form.html", {"form": form, "owner": event.owner, "event": event}
    )


@require_POST
@oa_staff_required
def event_delete(request, pk: int):
    event = event_visible(request.user, pk)
    if event is None:
        raise Http404
    services.event_delete(event=event, by=request.user)
    messages.success(request, _("日程已删除。"))
    return redirect("oa:calendar")


@oa_staff_required
def delegations(request):
    """日程代管：领导授权秘书代为安排日程。"""
    form = DelegationForm(request.POST or None, colleagues=_colleagues(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.delegation_grant(leader=request.user, secretary=form.cleaned_data["secretary"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已授权。"))
            return redirect("oa:calendar_delegations")
    return render(
        request,
        "oa/office/calendar_delegations.html",
        {
            "form": form,
            "given": list(delegations_given(request.user)),
            "leaders": delegated_leaders(request.user),
        },
    )


@require_POST
@oa_staff_required
def delegation_revoke(request, pk: int):
    delegation = get_object_or_404(CalendarDelegation, pk=pk, leader=request.user)
    services.delegation_revoke(delegation=delegation, by=request.user)
    messages.success(request, _("已撤销授权。"))
    return redirect("oa:calendar_delegations")


@oa_staff_required
def feed(request):
    """日历订阅：私有地址，可随时更换。"""
    if request.method == "POST":
        services.feed_rotate(user=request.user)
        messages.success(request, _("订阅地址已更换，旧地址已失效。"))
        return redirect("oa:calendar_feed")
    token = services.feed_for(request.user).token
    url = request.build_absolute_uri(reverse("oa:calendar_ics", args=[token]))
    return render(request, "oa/office/calendar_feed.html", {"url": url})


@require_GET
def ics(request, token: str):
    """The person's iCalendar feed (no login: the token is the secret)."""
    user = feed_user(token)
    if user is None:
        raise Http404
    text = calendar_text(feed_events(user), name=_("%(name)s的日程") % {"name": user.name})
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
