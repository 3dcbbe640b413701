"""发文字号 `<机关代字>〔<year>〕<serial>号`, gapless and unique per issuer and year.

The serial comes from the issuer's counter row for the year, raised under a row lock
(SELECT … FOR UPDATE) inside the sign-off transaction: several leaders signing off at once queue
on the row, and a sign-off that rolls back gives its serial back with it, so there is no gap.
The partial unique constraint on (issuer, year, serial) is the database's own guarantee. A number
taken back after sign-off is recorded as voided (VoidedNumber) and never handed out again.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from platform_core.models import User

from ..models import Issuer, NumberCounter, OutgoingDocument, VoidedNumber


def format_number(prefix: str, year: int, serial: int) -> str:
    return f"{prefix}〔{year}〕{serial}号"


def _locked_counter(issuer: Issuer, year: int) -> NumberCounter:
    counter = NumberCounter.objects.select_for_update().filter(issuer=issuer, year=year).first()
    if counter is not None:
        return counter
    try:
        with transaction.atomic():  # savepoint: a concurrent sign-off may win the insert
            NumberCounter.objects.create(issuer=issuer, year=year, last=0)
    except IntegrityError:
        pass
    return NumberCounter.objects.select_for_update().get(issuer=issuer, year=year)


def number_assign(document: OutgoingDocument, year: int) -> OutgoingDocument:
    """Give `document` (locked by the caller, in its transaction) the issuer's next serial."""
    if document.number:
        return document
    counter = _locked_counter(document.issuer, year)
    counter.last += 1
    counter.save(update_fields=["last"])
    document.number_year, document.number_serial = year, counter.last
    document.number = format_number(document.issuer.prefix, year, counter.last)
    return document


def number_void(document: OutgoingDocument, by: User, reason: str) -> VoidedNumber:
    """Take the number back from `document` (locked by the caller) and record it as voided."""
    voided = VoidedNumber.objects.create(
        issuer=document.issuer,
        year=document.number_year,
        serial=document.number_serial,
        number=document.number,
        document=document,
        reason=reason[:300],
        voided_by=by,
    )
    document.number = document.number_year = document.number_serial = None
    return voided
