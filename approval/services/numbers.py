"""Application numbers, notice numbers and query codes."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction

from approval.constants import NOTICE_PREFIX, REGION_CODE
from approval.models import Application, NumberSequence


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


def new_query_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def query_code_hash(number: str, code: str) -> str:
    # Keyed hash: the database alone does not reveal codes; lookups are rate-limited per address.
    message = f"{number}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def query_code_matches(application: Application, code: str) -> bool:
    code = (code or "").strip()
    if not code or not application.query_code_hash:
        return False
    return hmac.compare_digest(
        application.query_code_hash, query_code_hash(application.number or "", code)
    )
