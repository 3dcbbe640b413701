"""An RFC 5545 iCalendar feed written by hand: VCALENDAR with one VEVENT per event (recurring
events carry their RRULE), text escaped and lines folded at 75 octets."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

PRODID = "-//E-Gov Suite//OA Calendar//ZH"


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets (never inside a UTF-8 character)."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not out else 74  # continuation lines start with one space
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y%m%dT%H%M%S")


def _date(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y%m%d")


def calendar_text(events: Iterable, *, name: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        "X-WR-TIMEZONE:Asia/Shanghai",
        # China has kept UTC+8 without daylight saving since 1991.
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Shanghai",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0800",
        "TZOFFSETTO:+0800",
        "TZNAME:CST",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]
    now = _utc(timezone.now())
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{now}"]
        if event.all_day:
            last = timezone.localtime(event.end).date() + datetime.timedelta(days=1)
            lines += [
                f"DTSTART;VALUE=DATE:{_date(event.start)}",
                f"DTEND;VALUE=DATE:{last:%Y%m%d}",
            ]
        else:
            # Local wall-clock time, so a weekly rule's BYDAY means the local day.
            lines += [
                f"DTSTART;TZID=Asia/Shanghai:{_local(event.start)}",
                f"DTEND;TZID=Asia/Shanghai:{_local(event.end)}",
            ]
        lines.append(f"SUMMARY:{escape(event.title)}")
        if event.location:
            lines.append(f"LOCATION:{escape(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape(event.description)}")
        if event.rrule:
            lines.append(f"RRULE:{event.rrule}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
