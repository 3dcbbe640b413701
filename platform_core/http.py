"""Small request helpers shared by views and services."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_local_url(request: HttpRequest, candidate: str | None) -> str:
    """`candidate` if it is a path on this site, else "" (no open redirect)."""
    candidate = candidate or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: REMOTE_ADDR, or the X-Forwarded-For entry our own proxies added.

    With N trusted proxies in front (settings.AXES_IPWARE_PROXY_COUNT), the last N entries of
    X-Forwarded-For were written by them; the N-th from the right is the client as the outermost
    proxy saw it. Anything further left is client-supplied and could be forged.
    """
    if request is None:
        return None
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        parts = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(parts) >= proxies:
            ip = _valid_ip(parts[-proxies])
            if ip:
                return ip
    return _valid_ip(request.META.get("REMOTE_ADDR", ""))


def is_api_request(request: HttpRequest | None) -> bool:
    """A request to the REST API (settings.API_PATH_PREFIX): its errors are JSON, not pages."""
    path = getattr(request, "path_info", "") or ""
    return path.startswith(settings.API_PATH_PREFIX)


def ratelimit_ip(request: HttpRequest) -> str:
    """The address django-ratelimit counts by (RATELIMIT_IP_META_KEY): the client as client_ip()
    sees it behind our proxies, not REMOTE_ADDR, which behind nginx is nginx for everyone."""
    return client_ip(request) or "0.0.0.0"  # noqa: S104 # nosec B104 - a key, not a bind address
