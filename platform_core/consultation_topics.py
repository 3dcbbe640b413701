"""What a public consultation (咨询) may be about, across apps: one consultation for the portal.

The 政民互动 consultation form (interaction) takes a "咨询" from a service-hall item guide
(approval). The two middle apps may not import each other, so the app that owns the topics
registers a resolver here (in its `AppConfig.ready`), and interaction asks the platform:

    register_topic_resolver("service_item", resolve_item)  # code -> Topic | None

A resolver reads one row (a selector); an unknown or unpublished code resolves to None, so a
crafted link cannot name something that is not on the portal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """What a consultation is about: a title to show and the public page it links to."""

    title: str
    url: str


_resolvers: dict[str, Callable[[str], Topic | None]] = {}


def register_topic_resolver(source: str, resolver: Callable[[str], Topic | None]) -> None:
    _resolvers[source] = resolver


def topic_resolve(source: str, ref: str) -> Topic | None:
    """The topic `ref` of `source`, or None when the source or the reference is unknown."""
    resolver = _resolvers.get(source)
    if resolver is None or not ref:
        return None
    return resolver(ref)
