"""Schemathesis against the OpenAPI schema of the REST API (/api/schema/).

Every operation of the schema gets generated requests (path parameters, filters, pagination;
valid values and invalid ones) with a valid token of a system holding every scope, sent to the
WSGI application in the test's database with a few items and applications in it. Each response
must not be a server error and must conform to the schema: documented status code, content type,
headers and body.
"""

import json
from pathlib import Path

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir
from schemathesis import checks as st_checks
from schemathesis.specs.openapi import checks as openapi_checks

from approval.api.authentication import SCOPES, api_client_create
from approval.models import Application
from approval.services import acceptance
from tests.approval.conftest import (  # noqa: F401 (fixtures)
    clerk_a,
    item,
    submitted,
    sysadmin,
    window_a,
)


def served_schema() -> dict:
    """The document /api/schema/ serves, generated without a request (no database needed at
    collection time; test_schema_is_the_served_one checks it is the same)."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


# Hypothesis keeps caches on disk: in var/ (ignored by git), not in the working tree's root.
set_hypothesis_home_dir(Path(__file__).resolve().parents[2] / "var" / "hypothesis")

# /api/schema/ itself is drf-spectacular's view (its only parameters pick the format and
# language; an unknown format is DRF's 404): the operations under test are the API's own.
schema = schemathesis.openapi.from_dict(served_schema()).exclude(path="/api/schema/")
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _keep_test_connection(db):
    """As Django's test client does: the WSGI handler must not close the connection the test's
    transaction lives on at the start and end of each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(item, clerk_a):  # noqa: F811
    application = submitted(item, clerk_a)
    acceptance.application_accept(application=application, by=clerk_a, note="材料齐全")
    submitted(item, clerk_a, name="王五")
    return api_client_create(name="市政务数据平台", scopes=list(SCOPES))[1]


CHECKS = [
    st_checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_headers_conformance,
    openapi_checks.response_schema_conformance,
]


@schema.parametrize()
@hypothesis_settings(
    max_examples=20,
    deadline=None,
    derandomize=True,  # the same requests on every run: a failure can be replayed
    database=None,  # nothing written into the working tree (.hypothesis/)
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)


def test_schema_is_the_served_one(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert json.loads(response.content) == served_schema()


@pytest.mark.parametrize(
    ("path", "parameters"),
    [
        ("/api/items/{code}/", lambda it, app: {"code": it.code}),
        ("/api/applications/{number}/", lambda it, app: {"number": app.number}),
        ("/api/applications/{number}/events/", lambda it, app: {"number": app.number}),
    ],
)
def test_real_objects_conform(path, parameters, item, clerk_a, token):  # noqa: F811
    """Generated path values rarely name an existing object: these requests do."""
    application = Application.objects.exclude(number="").order_by("pk").first()
    case = schema[path]["GET"].Case(path_parameters=parameters(item, application))
    response = case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
    assert response.status_code == 200
