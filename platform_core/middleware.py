"""Project middleware: security headers, account policy (idle timeout, password age), DB outage."""

import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .constants import UserKind

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: CSP and Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Django admin and the viewflow pages use inline scripts; the policy protects our pages.
        if not request.path.startswith(("/admin/",)):
            response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class AccountPolicyMiddleware:
    """Idle expiry per kind of user, and the 90-day password change for staff."""

    EXEMPT_PREFIXES = ("/static/", "/office/password/", "/office/logout/", "/accounts/logout/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if user.kind == UserKind.STAFF:
                # Renewed on each request: the session ends after 30 idle minutes.
                request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
                if self._password_expired(user) and not request.path.startswith(
                    self.EXEMPT_PREFIXES
                ):
                    return redirect(reverse("platform_core:password_change") + "?expired=1")
            else:
                request.session.set_expiry(settings.CITIZEN_SESSION_IDLE_SECONDS)
        return self.get_response(request)

    @staticmethod
    def _password_expired(user) -> bool:
        if not user.has_usable_password():
            return False
        changed = user.password_changed_at
        if changed is None:
            return True
        return (timezone.now() - changed).days >= settings.STAFF_PASSWORD_MAX_AGE_DAYS


class DatabaseUnavailableMiddleware:
    """A database outage gives a friendly 503 page, not a traceback; the next request reconnects."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError) or (
            isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
        ):
            logger.error("database unavailable: %s", exception)
            html = render_to_string("503.html", {"request": request})
            response = HttpResponse(html, status=503)
            response["Retry-After"] = "30"
            return response
        return None
