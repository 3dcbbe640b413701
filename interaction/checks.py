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
