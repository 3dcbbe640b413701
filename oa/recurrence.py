"""Recurring events (RFC 5545 RRULE through dateutil): parsing a rule safely, expanding an event
into its occurrences of a range, and the next occurrence for reminders. Recurrence runs in local
time (Asia/Shanghai), so a weekly 9:00 meeting stays at 9:00."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .models import CalendarEvent

MAX_RRULE_LENGTH = 300


def parse_rrule(value: str, dtstart: datetime.datetime):
    """The rule for `value` (RRULE text without DTSTART), or ValidationError in Chinese."""
    text = (value or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text:
        return None
    if len(text) > MAX_RRULE_LENGTH or "DTSTART" in text.upper() or "\n" in text:
        raise ValidationError(_("重复规则格式不正确。"), code="rrule")
    try:
        rule = rrulestr(text, dtstart=dtstart)
    except (ValueError, TypeError) as exc:
        raise ValidationError(_("重复规则格式不正确。"), code="rrule") from exc
    return rule


def clean_rrule(value: str) -> str:
    text = (value or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    return text.upper()


@dataclass(frozen=True)
class Occurrence:
    event: CalendarEvent
    start: datetime.datetime
    end: datetime.datetime

    @property
    def local_start(self) -> datetime.datetime:
        return timezone.localtime(self.start)

    @property
    def local_end(self) -> datetime.datetime:
        return timezone.localtime(self.end)


def occurrences(
    event: CalendarEvent, start: datetime.datetime, end: datetime.datetime
) -> list[Occurrence]:
    """The event's occurrences overlapping [start, end). Recurrence runs in local time, so a
    weekly 9:00 meeting stays at 9:00."""
    length = event.end - event.start
    if not event.rrule:
        if event.start < end and event.end > start:
            return [Occurrence(event, event.start, event.end)]
        return []
    rule = parse_rrule(event.rrule, timezone.localtime(event.start))
    found = rule.between(start - length, end, inc=True)
    return [Occurrence(event, s, s + length) for s in found[:500] if s < end and s + length > start]


def next_occurrence_after(
    event: CalendarEvent, after: datetime.datetime
) -> datetime.datetime | None:
    if not event.rrule:
        return event.start if event.start > after else None
    rule = parse_rrule(event.rrule, timezone.localtime(event.start))
    return rule.after(after, inc=False)


def next_fire(event: CalendarEvent, minutes_before: int, after: datetime.datetime):
    occurrence = next_occurrence_after(event, after)
    if occurrence is None:
        return None
    return occurrence - datetime.timedelta(minutes=minutes_before)


FREQ_UNITS = {"DAILY": "天", "WEEKLY": "周", "MONTHLY": "月", "YEARLY": "年"}
WEEKDAY_NAMES = {"MO": "一", "TU": "二", "WE": "三", "TH": "四", "FR": "五", "SA": "六", "SU": "日"}


def describe_rrule(text: str) -> str:
    """A rule in plain Chinese (每周一、三，共10次); users never see the RFC 5545 codes."""
    if not text:
        return _("不重复")
    parts = dict(p.split("=", 1) for p in text.split(";") if "=" in p)
    unit = FREQ_UNITS.get(parts.get("FREQ", ""))
    if unit is None:
        return _("自定义重复")
    interval = parts.get("INTERVAL", "1")
    out = f"每{unit}" if interval == "1" else f"每{interval}{unit}"
    days = [WEEKDAY_NAMES.get(d[-2:]) for d in parts.get("BYDAY", "").split(",") if d]
    if days and all(days):
        out += "（周" + "、".join(days) + "）"
    if "COUNT" in parts:
        out += f"，共{parts['COUNT']}次"
    if "UNTIL" in parts:
        until = parts["UNTIL"][:8]
        out += f"，至{until[:4]}-{until[4:6]}-{until[6:8]}"
    return out


class RruleLabels:
    """For the audit history (platform_core's register_value_labels): any rule in Chinese."""

    def get(self, value, default=None):
        return describe_rrule(value) if isinstance(value, str) else default
