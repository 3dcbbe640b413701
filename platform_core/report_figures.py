"""Figures one app counts and another app's report shows, without the two knowing each other.

The disclosure annual report (国办公开办函〔2021〕30号, section 2) asks for the year's licensing
decisions and administrative fees: the approval app holds them. The middle apps are independent
(import contracts), so the app that holds a count registers a provider here in its
`AppConfig.ready`, and the report asks for it by key:

    register_figure("licensing", licensing_decision_count)  # (unit_ids, year) -> number

A key with no provider is entered by hand on the report (the figure stays editable there).
Each provider takes a constant number of queries (one aggregate).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

FigureProvider = Callable[[list[int], int], int | Decimal]

_PROVIDERS: dict[str, tuple[FigureProvider, str]] = {}


def register_figure(key: str, provider: FigureProvider, *, source: str) -> None:
    """Register (or replace, on a reload) the provider of `key`; `source` names the subsystem
    the figure comes from, as the report says (e.g. 网上行政审批)."""
    _PROVIDERS[key] = (provider, source)


def provided_figures() -> dict[str, str]:
    """The keys that some app counts, with the name of the subsystem counting each."""
    return {key: source for key, (_provider, source) in _PROVIDERS.items()}


def figure(key: str, unit_ids: Iterable[int], year: int) -> int | Decimal | None:
    """The figure for these units and year, or None when no app provides it."""
    entry = _PROVIDERS.get(key)
    if entry is None:
        return None
    return entry[0](list(unit_ids), year)
