"""The 503 page of a database outage, through Django's test client.

Every query of the request fails the way it does when PostgreSQL is down (`execute_wrapper`
raises OperationalError before the query reaches the server), wherever it is made: in a view
(anonymous search) or in a middleware (the session of a logged-in member of staff). The real
outage, with a real PostgreSQL restarted under a real gunicorn, is test_postgres_restart.py.
"""

import pytest
from django.db import (
    DatabaseError,
    IntegrityError,
    OperationalError,
    ProgrammingError,
    connection,
)
from django.test import Client

from platform_core.constants import RoleCode
from platform_core.middleware import RETRY_AFTER_SECONDS, is_database_outage
from tests.factories import staff_with_role


def _refuse(execute, sql, params, many, context):
    raise OperationalError(
        'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
    )


def assert_friendly_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "系统维护中" in html and "服务暂时不可用，请稍后再试" in html
    assert "Traceback" not in html and "OperationalError" not in html and "5432" not in html
    # Still a page of this site, with its security headers.
    assert "Content-Security-Policy" in response
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/search/?q=营业执照", "/service/"])
def test_query_failing_in_a_view_gives_503(url, gov):
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(_refuse):
        response = client.get(url)
    assert_friendly_503(response)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/office/login/", "/accounts/login/"])
def test_login_pages_are_served_or_refused_cleanly(url, gov):
    """A login form needs no query to be shown (the navigation falls back to its defaults)."""
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(_refuse):
        response = client.get(url)
    if response.status_code != 200:
        assert_friendly_503(response)
    assert "Traceback" not in response.content.decode()


@pytest.mark.django_db
def test_query_failing_in_a_middleware_gives_503(gov):
    staff = staff_with_role(RoleCode.SYSTEM_ADMIN, gov)
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    assert client.get("/office/").status_code == 200
    # The session and the user are loaded by middleware, before any view runs.
    with connection.execute_wrapper(_refuse):
        response = client.get("/office/")
    assert_friendly_503(response)


@pytest.mark.django_db(transaction=True)
def test_next_request_after_the_outage_is_served(gov):
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(_refuse):
        assert client.get("/search/?q=营业执照").status_code == 503
    assert client.get("/search/?q=营业执照").status_code == 200


def test_only_connection_failures_count_as_an_outage():
    assert is_database_outage(OperationalError("server closed the connection unexpectedly"))
    assert is_database_outage(DatabaseError("SSL SYSCALL error: EOF detected (connection lost)"))
    assert not is_database_outage(IntegrityError("duplicate key value"))
    assert not is_database_outage(IntegrityError('violates constraint "connection_unique"'))
    assert not is_database_outage(ProgrammingError('syntax error at or near "SELEC"'))
    assert not is_database_outage(ValueError("no"))
    try:
        try:
            raise OperationalError("could not connect to server")
        except OperationalError:
            raise RuntimeError("the error page failed too") from None
    except RuntimeError as exc:
        # `from None` hides the cause from tracebacks, not from __context__.
        assert is_database_outage(exc)
