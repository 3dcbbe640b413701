"""Content checks of public submissions, filled from above.

The sensitive-word list belongs to the portal (portal.models.SensitiveWord), which sits above this
app: the portal registers a function returning the words it finds (portal/apps.py), as it
registers its publishing handler. Without a registered checker only the length rules apply.
"""

from __future__ import annotations

from collections.abc import Callable

_CHECKERS: dict[str, Callable[[str], list[str]]] = {}


def register_text_checker(name: str, checker: Callable[[str], list[str]]) -> None:
    """`checker(text)` returns the sensitive words found in `text` (empty when none)."""
    _CHECKERS[name] = checker


def sensitive_words(text: str) -> list[str]:
    found: list[str] = []
    for checker in _CHECKERS.values():
        for word in checker(text):
            if word not in found:
                found.append(word)
    return found


# --- Open311 api_key ----------------------------------------------------------------------------
# Calling systems (their tokens and scopes) are registered in approval's API client register, the
# one the REST API authenticates with. The middle apps do not import each other: the portal
# registers the lookup at start-up (portal/apps.py). Without it no api_key is accepted.
_API_KEY_LOOKUP: list[Callable[[str], str | None]] = []


def register_api_key_lookup(lookup: Callable[[str], str | None]) -> None:
    """`lookup(api_key)` returns the name of the registered system that may submit, or None."""
    _API_KEY_LOOKUP[:] = [lookup]


def api_client_name(api_key: str) -> str | None:
    if not api_key or not _API_KEY_LOOKUP:
        return None
    return _API_KEY_LOOKUP[0](api_key)
