"""索引号 (index number): `<unit code>/<year>-<serial>`, unique and gapless per unit and year.

The serial comes from the unit's counter row for the year, read and raised under a row lock
(SELECT … FOR UPDATE) in the publishing transaction: two publishers of one unit queue on the
row, and a publication that rolls back gives its serial back with it, so there are no gaps.
The unique constraint on (unit, year, serial) is the database's own guarantee.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from platform_core.models import OrgUnit

from ..models import IndexCounter, Item

SERIAL_WIDTH = 5


def unit_index_code(unit: OrgUnit) -> str:
    """The unit's part of the index number: its unified social credit code, else its code."""
    return unit.uscc or unit.code.upper()


def format_index_number(unit: OrgUnit, year: int, serial: int) -> str:
    return f"{unit_index_code(unit)}/{year}-{serial:0{SERIAL_WIDTH}d}"


def _locked_counter(unit: OrgUnit, year: int) -> IndexCounter:
    counter = IndexCounter.objects.select_for_update().filter(unit=unit, year=year).first()
    if counter is not None:
        return counter
    try:
        with transaction.atomic():  # savepoint: a concurrent creator may win the insert
            IndexCounter.objects.create(unit=unit, year=year, last=0)
    except IntegrityError:
        pass
    return IndexCounter.objects.select_for_update().get(unit=unit, year=year)


def index_number_assign(item: Item, year: int) -> Item:
    """Give `item` (locked by the caller, in its transaction) the next serial of its unit."""
    if item.index_number:
        return item
    counter = _locked_counter(item.unit, year)
    counter.last += 1
    counter.save(update_fields=["last"])
    item.index_year, item.index_serial = year, counter.last
    item.index_number = format_index_number(item.unit, year, counter.last)
    return item
