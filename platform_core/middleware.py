"""Project middleware: security headers, account policy (idle timeout, password age), DB outage."""

import contextlib
import logging
import sys
import time

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import (
    DatabaseError,
    DataError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    ProgrammingError,
    connections,
)
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .constants import UserKind
from .http import is_api_request

logger = logging.getLogger(__name__)

# What the 503 page asks clients (and proxies) to wait before trying again.
RETRY_AFTER_SECONDS = 30


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


RENEWED_KEY = "_egov_renewed_at"  # when the idle expiry was last renewed (Unix seconds)
# Renewing the idle expiry writes the session row (a savepoint, an UPDATE and a release: three
# queries). Doing it at most once a minute keeps every other request free of that write; the
# idle limit is then met to within a minute (the session ends 29 to 30 idle minutes after the
# last request).
RENEW_EVERY_SECONDS = 60


def keep_session_alive(session, user, *, force: bool = False) -> None:
    """Idle expiry per kind of user: staff 30 minutes, citizens 2 hours (settings), renewed
    when the last renewal is a minute old, on login (`force`), or when the kind's limit is not
    the one set."""
    idle = (
        settings.STAFF_SESSION_IDLE_SECONDS
        if user.kind == UserKind.STAFF
        else settings.CITIZEN_SESSION_IDLE_SECONDS
    )
    now = int(time.time())
    stale = now - session.get(RENEWED_KEY, 0) >= RENEW_EVERY_SECONDS
    if force or stale or session.get("_session_expiry") != idle:
        session[RENEWED_KEY] = now
        session.set_expiry(idle)


class AccountPolicyMiddleware:
    """Idle expiry per kind of user, and the 90-day password change for staff."""

    EXEMPT_PREFIXES = ("/static/", "/office/password/", "/office/logout/", "/accounts/logout/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            keep_session_alive(request.session, user)
            if user.kind == UserKind.STAFF and (
                self._password_expired(user) and not request.path.startswith(self.EXEMPT_PREFIXES)
            ):
                return redirect(reverse("platform_core:password_change") + "?expired=1")
        return self.get_response(request)

    @staticmethod
    def _password_expired(user) -> bool:
        if not user.has_usable_password():
            return False
        changed = user.password_changed_at
        if changed is None:
            return True
        return (timezone.now() - changed).days >= settings.STAFF_PASSWORD_MAX_AGE_DAYS


def is_database_outage(exc: BaseException | None) -> bool:
    """The database server is unreachable or the connection broke (not a bad query)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        # psycopg2 reports some broken connections as a plain DatabaseError.
        if (
            isinstance(exc, DatabaseError)
            and not isinstance(exc, IntegrityError | DataError | ProgrammingError)
            and "connection" in str(exc).lower()
        ):
            return True
        # An error page that failed on the database too: look at what it was handling.
        exc = exc.__cause__ or exc.__context__
    return False


def _note_database_outage(sender, request=None, **kwargs):
    """got_request_exception: remember on the request that the 500 in the making is an outage."""
    exc = sys.exc_info()[1]
    if request is not None and is_database_outage(exc):
        request.database_outage = exc


class DatabaseUnavailableMiddleware:
    """A database outage gives a friendly 503 page, not a traceback; the next request reconnects.

    Placed near the top of MIDDLEWARE so it also covers failures outside the view: a query in a
    middleware (the session of a logged-in user) becomes a 500 in Django's handler, noted by the
    got_request_exception receiver and replaced here; an error page that itself needs the database
    raises, and is caught here. The broken connection is closed, so the next request opens a new
    one (CONN_HEALTH_CHECKS checks a persistent connection before reusing it as well).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(_note_database_outage, dispatch_uid="egov-database-outage")

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except Exception as exc:
            if not is_database_outage(exc):
                raise
            return self.unavailable(request, exc)
        outage = getattr(request, "database_outage", None)
        if outage is not None and response.status_code >= 500:
            return self.unavailable(request, outage)
        return response

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            return self.unavailable(request, exception)
        return None

    @staticmethod
    def unavailable(request, exc) -> HttpResponse:
        logger.error("database unavailable: %s", str(exc).strip() or type(exc).__name__)
        for conn in connections.all(initialized_only=True):
            # Inside a transaction the atomic block's exit deals with the connection.
            if not conn.in_atomic_block:
                # close() forgets the connection even when closing it fails.
                with contextlib.suppress(DatabaseError):
                    conn.close_if_unusable_or_obsolete()
        if is_api_request(request):
            response = JsonResponse({"detail": "服务暂时不可用，请稍后再试。"}, status=503)
        else:
            # Rendered without context processors: they would query the database.
            html = render_to_string("503.html", {"request": request})
            response = HttpResponse(html, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response


# What a NUL byte in a parameter is told (the database refuses NUL in text: it was a 500).
NUL_MESSAGE = "不能包含空字符（NUL）。"


def _nul_field(request) -> str | None:
    """The name of the first part of the request holding a NUL byte, or None."""
    if "\x00" in request.path:
        return "path"
    for source in (request.GET, _form_fields(request)):
        for key, values in source.lists():
            if "\x00" in key:
                return key.replace("\x00", "")
            if any(isinstance(v, str) and "\x00" in v for v in values):
                return key
    return None


def _form_fields(request):
    """The form fields of a form POST (files are not looked at: they may hold any byte)."""
    if request.method != "POST":
        return request.GET.__class__()
    content_type = request.META.get("CONTENT_TYPE", "")
    if not content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return request.GET.__class__()
    return request.POST


class RejectNulMiddleware:
    """A NUL byte in the path, a query parameter or a form field is refused here, in one place.

    PostgreSQL cannot store NUL in text ("A string literal cannot contain NUL characters"), so
    such input reached as far as a query gave a 500. Pages answer the 400 page; the API answers
    {"<parameter>": ["不能包含空字符（NUL）。"]}, the shape of its other 400s.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = _nul_field(request)
        if field is not None:
            from .views.common import error_response

            logger.info("refused a NUL byte in %r of %s", field, request.path.replace("\x00", ""))
            return error_response(
                request,
                400,
                "请求有误",
                "您提交的内容含有不允许的字符（空字符），请检查后重试。",
                data={field: [NUL_MESSAGE]},
            )
        return self.get_response(request)
