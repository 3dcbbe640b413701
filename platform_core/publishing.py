"""A re-publishing hook for the apps between the platform and the portal.

The portal renders the public site (portal/publishing/); a middle app such as disclosure must not
import it, yet a change there (an item published, withdrawn, marked 已废止) has to re-render the
pages it appears on. The middle app calls `request_publish(kind, pk)` inside its transaction; after
commit every handler registered here is called with (kind, pk). The portal registers the handler
(portal/apps.py) that queues its incremental publishing task. With no handler registered (a
deployment without the portal, or a unit test of the middle app alone) nothing happens.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

_HANDLERS: dict[str, Callable[[str, int], None]] = {}


def register_publish_handler(name: str, handler: Callable[[str, int], None]) -> None:
    _HANDLERS[name] = handler


def publish_handlers() -> list[Callable[[str, int], None]]:
    return list(_HANDLERS.values())


def request_publish(kind: str, pk: int) -> None:
    """Re-publish what shows the object (`kind` such as "disclosure.item") after commit."""

    def run() -> None:
        for handler in publish_handlers():
            handler(kind, pk)

    transaction.on_commit(run)


# --- where a published page answers for a dynamic URL ---------------------------------------
# A dynamic page whose content the portal now publishes as a file (the service hall's guides)
# keeps its old URL working by redirecting to the file. The app below the portal asks
# `published_url(kind, key)`; the portal registers the resolver (portal/apps.py), which answers
# only when the file is there (a site not yet published keeps the dynamic page).
_URL_RESOLVERS: dict[str, Callable[[str], str | None]] = {}


def register_published_url(kind: str, resolver: Callable[[str], str | None]) -> None:
    _URL_RESOLVERS[kind] = resolver


def published_url(kind: str, key: str = "") -> str | None:
    """The URL of the published page showing (kind, key), or None (serve it dynamically)."""
    resolver = _URL_RESOLVERS.get(kind)
    return resolver(key) if resolver is not None else None
