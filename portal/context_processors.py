"""Template context for the public portal: the site identity (footer, header) and the channels."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.dispatch import Signal
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from portal.models import Channel, SiteSettings

logger = logging.getLogger(__name__)

# Sent when the site settings or the navigation change: what the header and footer show. The
# search result cache listens (portal/apps.py): its cached pages hold the header and footer.
chrome_changed = Signal()

SITE_SETTINGS_CACHE_KEY = "portal:site_settings:v1"
# Short enough that an administrator's change shows within minutes even without invalidation.
SITE_SETTINGS_CACHE_SECONDS = 300

NAVIGATION_CACHE_KEY = "portal:navigation:v2"
NAVIGATION_CACHE_SECONDS = 300

# Fallback navigation while no channel is defined (a fresh installation): each entry leads to its
# block on the home page rather than to a page that 404s. Once channels exist, the navigation is
# the top-level channels marked "显示在导航".
PORTAL_CHANNELS = [
    ("home", _("首页"), "/"),
    ("news", _("政务动态"), "/#h-news"),
    ("disclosure", _("信息公开"), "/#h-disclosure"),
    ("interaction", _("政民互动"), "/#h-interaction"),
    ("service", _("办事大厅"), "/#h-services"),
    ("investment", _("招商引资"), "/#h-investment"),
]


def site_settings_invalidate() -> None:
    """Forget the cached site settings (call after an administrator saves them)."""
    try:
        cache.delete(SITE_SETTINGS_CACHE_KEY)
        chrome_changed.send(sender=None)
    except Exception:  # noqa: BLE001 - a cache outage must not break a save
        logger.warning("could not clear the site settings cache", exc_info=True)


def site_settings_cached() -> SiteSettings:
    """The site settings row, from the cache when possible.

    Every public page shows the footer, so this runs on every page: one cache read instead of a
    query. If the cache or the database is down the page still renders, with the defaults, because
    the error pages themselves extend the portal layout.
    """
    try:
        obj = cache.get(SITE_SETTINGS_CACHE_KEY)
    except Exception:  # noqa: BLE001 - Redis down: fall through to the database
        logger.warning("cache unavailable for site settings", exc_info=True)
        obj = None
    if obj is not None:
        return obj
    try:
        obj = SiteSettings.load()
    except DatabaseError:
        logger.warning("database unavailable for site settings; using defaults", exc_info=True)
        return SiteSettings(government_name=settings.GOVERNMENT_NAME)
    try:
        cache.set(SITE_SETTINGS_CACHE_KEY, obj, SITE_SETTINGS_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("could not cache site settings", exc_info=True)
    return obj


def navigation_invalidate() -> None:
    """Forget the cached navigation (call after a channel is added or changed)."""
    try:
        cache.delete(NAVIGATION_CACHE_KEY)
        chrome_changed.send(sender=None)
    except Exception:  # noqa: BLE001 - a cache outage must not break a save
        logger.warning("could not clear the navigation cache", exc_info=True)


def _navigation_rows() -> list[tuple[str, str, str]]:
    """(slug, name, url) of the top-level channels shown in the navigation, cached."""
    try:
        rows = cache.get(NAVIGATION_CACHE_KEY)
    except Exception:  # noqa: BLE001 - Redis down: read the database
        rows = None
    if rows is not None:
        return rows
    rows = [
        (c.slug, c.name, c.url)  # c.url: a link entry's own address (办事大厅 → /service/)
        for c in Channel.objects.get_root_nodes()
        .filter(in_navigation=True, is_retired=False)
        .only("slug", "name", "url_path", "link_url")
    ]
    try:
        cache.set(NAVIGATION_CACHE_KEY, rows, NAVIGATION_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("could not cache navigation", exc_info=True)
    return rows


def navigation_entries() -> list[tuple]:
    """(code, label, url) of the navigation: 首页 plus the top-level channels."""
    try:
        rows = _navigation_rows()
    except DatabaseError:
        logger.warning("database unavailable for navigation; using defaults", exc_info=True)
        rows = []
    if not rows:
        return PORTAL_CHANNELS
    return [PORTAL_CHANNELS[0], *rows]


def _channels(path: str) -> list[dict]:
    items = []
    for code, label, url in navigation_entries():
        current = path == "/" if url == "/" else path.startswith(url)
        items.append({"code": code, "label": label, "url": url, "current": current})
    return items


class _LazyList(SimpleLazyObject):
    """A lazy list whose repr is the list's (`publishing.engine.cached_chrome` keys on it)."""

    def __repr__(self):
        return repr(list(self))


def portal(request):
    """`site` (lazy: only pages that show it read it) and `portal_channels`, once per request
    (`public_chrome` asks for them again)."""
    context = getattr(request, "_egov_portal_context", None)
    if context is None:
        path = request.path
        context = request._egov_portal_context = {
            "site": SimpleLazyObject(site_settings_cached),
            # Lazy: a back-office page never shows the portal's navigation (one cache read less).
            "portal_channels": _LazyList(lambda: _channels(path)),
        }
    return context


def processors_with_chrome(request, path: str | None = None) -> dict:
    """The other context processors' output for `request`, with `chrome_header` and
    `chrome_footer`: the cached fragments (`publishing.engine.cached_chrome`) with `path`
    (default: the request's own address) in their links, or "" for a signed-in reader (the
    template then renders its header for them)."""
    from django.template import engines

    from portal.publishing.engine import cached_chrome, chrome_for_path

    processors: dict = {}
    for processor in engines["django"].engine.template_context_processors:
        if processor is not public_chrome:
            processors.update(processor(request))
    chrome = cached_chrome(processors)
    processors.update(
        chrome_for_path(chrome, path or request.get_full_path())
        if chrome
        else {"chrome_header": "", "chrome_footer": ""}
    )
    return processors


# Pages that never show the portal's header and footer.
_NO_CHROME_PREFIXES = ("/office/", "/admin/", "/api/")


def public_chrome(request):
    """`chrome_header` and `chrome_footer` of an anonymous reader's public page: the portal's
    header and footer rendered once per process for what they show (the site settings, the
    navigation with its current entry, the display mode; `publishing.engine.cached_chrome`,
    the same fragments the publishing job reuses), instead of two template includes on every
    request. Lazy: a page that does not extend base_portal.html never builds them. A signed-in
    reader's header shows their name and a logout form: rendered by the template as before."""
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated or request.path.startswith(_NO_CHROME_PREFIXES):
        return {}
    built: dict = {}

    def part(name: str):
        if not built:
            built.update(processors_with_chrome(request))
        return built[name]

    return {
        "chrome_header": SimpleLazyObject(lambda: part("chrome_header")),
        "chrome_footer": SimpleLazyObject(lambda: part("chrome_footer")),
    }
