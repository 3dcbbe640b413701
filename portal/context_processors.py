"""Template context for the public portal: the site identity (footer, header) and the channels."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from .models import SiteSettings

logger = logging.getLogger(__name__)

SITE_SETTINGS_CACHE_KEY = "portal:site_settings:v1"
# Short enough that an administrator's change shows within minutes even without invalidation.
SITE_SETTINGS_CACHE_SECONDS = 300

# The portal's top-level channels. Until the portal's channel pages are published (the portal
# issue), each channel leads to its block on the home page rather than to a page that 404s.
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


def _channels(path: str) -> list[dict]:
    items = []
    for code, label, url in PORTAL_CHANNELS:
        current = path == "/" if url == "/" else path.startswith(url)
        items.append({"code": code, "label": label, "url": url, "current": current})
    return items


def portal(request):
    """`site` (lazy: only pages that show it read it) and `portal_channels`."""
    return {
        "site": SimpleLazyObject(site_settings_cached),
        "portal_channels": _channels(request.path),
    }
