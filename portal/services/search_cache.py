"""Rendered /search/ pages of anonymous readers, kept in the cache until the published site changes.

A results page is a function of its normalised parameters (query, column, dates, page), the
reader's display mode and language, and what is published. The last is a **publish generation**:
a number in the cache that `bump()` moves on whenever the published site changes (the end of
every `publish_change()` and `publish_all()`, a site-settings or navigation invalidation; see
portal/apps.py). A page is stored under the generation read *before* it was rendered, so a page
rendered from the old state while a change was being published is stored under the old number
and never read again. `SEARCH_CACHE_SECONDS` (2 minutes) is only a safety net: for a bump lost
while Redis was unreachable, or a change written outside the publishing services. Known gap:
with a streaming replica (`DATABASE_REPLICA_URL`), a miss read from a replica that has not yet
replayed a change whose publishing already bumped the number is stored under the new number,
and stays until it expires.

Only an anonymous reader's page is cached: no session cookie, no messages cookie, and nothing
set during rendering (a cookie, a CSRF token, a message). The search form is a GET form without
a CSRF token. The header's "?next=" links hold the request's own address: the page is stored
with `CHROME_PATH_MARKER` in their place and the address is put in when the page is served.

With Redis unreachable the generation cannot be read and nothing is cached: every search is
rendered from the database, as before (ADR 0005). Pages are stored zlib-compressed (a results
page of the small bench data is 9–16 KB of HTML, 3–4.3 KB compressed) so that a burst of
one-off queries costs Redis little; each entry expires after SEARCH_CACHE_SECONDS.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

GENERATION_KEY = "portal:search:generation"
PAGE_KEY = "portal:search:page:v1:{generation}:{digest}"
DEFAULT_SECONDS = 120
# The response header that says how the page was answered (bench/dynamic.py counts it):
# "hit" from the cache, "miss" rendered and stored, "off" rendered and not cacheable.
HEADER = "X-Search-Cache"
PARAMS = ("q", "channel", "start", "end")


def seconds() -> int:
    return int(getattr(settings, "SEARCH_CACHE_SECONDS", DEFAULT_SECONDS))


def normalise(query) -> dict[str, str]:
    """The parameters a results page depends on, in one spelling: every field stripped of white
    space at its ends (full-width too, as the form does), the page a positive number ("1" for
    anything else). Unknown parameters are left out. Inner white space is kept: the page shows
    the query as typed."""
    values = {name: str(query.get(name, "")).strip() for name in PARAMS}
    page = str(query.get("page", "")).strip()
    values["page"] = str(int(page)) if page.isascii() and page.isdigit() and int(page) else "1"
    return values


def anonymous(request) -> bool:
    """A reader the cached page may be served to: no session (not signed in, no pending
    message or login) and no messages cookie."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in cookies
        and request.method == "GET"
    )


def generation() -> int | None:
    """The current publish generation, or None when the cache cannot be used (Redis down)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        # First use, or Redis restarted / evicted the key: a number never used before.
        cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def bump(**_kwargs) -> None:
    """The published site changed: every cached results page is out of date."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or Redis down: then the set is dropped too)
        cache.set(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
    except Exception:  # noqa: BLE001 - publishing must not fail for the search cache
        logger.warning("search cache generation not bumped", exc_info=True)


def page_key(params: dict[str, str], display: str, language: str) -> str | None:
    """The cache key of a results page, or None (the cache is unavailable)."""
    gen = generation()
    if gen is None:
        return None
    raw = json.dumps([params, display, language], ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return PAGE_KEY.format(generation=gen, digest=digest)


@dataclass(frozen=True)
class CachedPage:
    html: str  # with CHROME_PATH_MARKER where the request's address goes
    count: int | None  # the number of matches (for the search statistics)


def get(key: str) -> CachedPage | None:
    entry = cache.get(key)
    if not entry:
        return None
    try:
        count, data = entry
        return CachedPage(zlib.decompress(data).decode(), count)
    except (ValueError, TypeError, zlib.error):
        return None


def store(key: str, html: str, count: int | None) -> None:
    cache.set(key, (count, zlib.compress(html.encode(), 1)), seconds())


def storable(request, response) -> bool:
    """Nothing reader-specific was set while the page was rendered."""
    if response.cookies or response.status_code != 200:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and (session.modified or session.session_key):
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and getattr(messages, "_queued_messages", None))
