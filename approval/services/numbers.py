"""Application numbers, notice numbers and query codes."""

from __future__ import annotations

import datetime
import secrets

from django.db import transaction

from approval.constants import NOTICE_PREFIX, REGION_CODE
from approval.models import NumberSequence


def next_value(key: str) -> int:
    """The next number of counter `key`; the row lock makes concurrent callers wait in turn."""
    with transaction.atomic():
        NumberSequence.objects.get_or_create(key=key)
        row = NumberSequence.objects.select_for_update().get(key=key)
        row.value += 1
        row.save(update_fields=["value"])
        return row.value


def application_number(day: datetime.date) -> str:
    """431127-20261009-00001: region, day of receipt, the day's running number."""
    return f"{REGION_CODE}-{day:%Y%m%d}-{next_value(f'app:{day:%Y%m%d}'):05d}"


def notice_number(kind: str, day: datetime.date) -> str:
    """SL2026000001: kind, year, the year's running number for that kind."""
    prefix = NOTICE_PREFIX[kind]
    return f"{prefix}{day:%Y}{next_value(f'notice:{prefix}:{day:%Y}'):06d}"


def new_query_code(digits: int = 6) -> str:
    """A random query code of `digits` digits (6 online, settings.COUNTER_QUERY_CODE_DIGITS at
    the counter: those applicants have no account to look at their case with)."""
    return f"{secrets.randbelow(10**digits):0{digits}d}"
