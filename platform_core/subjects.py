"""What a case is about. A subsystem's app says which page shows the subject of its cases (the
article under review, the licensing application ...), so that the generic task and case pages link
to it. The platform knows no app: apps register a resolver in their AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple


class SubjectLink(NamedTuple):
    label: str
    url: str


_RESOLVERS: dict[str, Callable[[object], SubjectLink | None]] = {}


def register_subject_link(subsystem: str, resolver: Callable[[object], SubjectLink | None]):
    """`resolver(process)` returns the subject's link, or None when the case has none."""
    _RESOLVERS[subsystem] = resolver


def subject_link(process) -> SubjectLink | None:
    resolver = _RESOLVERS.get(process.subsystem)
    return resolver(process) if resolver else None
