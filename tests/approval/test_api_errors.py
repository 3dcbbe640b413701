"""The API answers bad input with a 400 naming the parameter, and every error in JSON (issue 11).

Repros from the review: time-zone offsets PostgreSQL refuses gave 500 (DataError "time zone
displacement out of range"), whose HTML page then crashed on the API principal; empty `kind=` and
`received_before=` were accepted silently; 500 and 503 were HTML.
"""

import json

import pytest
from django.db import OperationalError, connection
from django.test import Client

from approval.api.authentication import api_client_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def headers(db):
    token = api_client_create(name="市政务数据平台", scopes=["items:read", "applications:read"])[1]
    return {"HTTP_AUTHORIZATION": f"Token {token}"}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("received_after=0001-01-01T00:00:00-17:37", "received_after"),
        ("received_before=1006-08-12T17:53:31%2B17:40", "received_before"),
        ("received_before=0001-01-01T00:00:00%2B05:00", "received_before"),  # year 0 in UTC
        ("received_after=99999-01-01T00:00:00Z", "received_after"),
        ("received_after=2026-13-01T00:00:00Z", "received_after"),
        ("received_before=", "received_before"),
        ("status=", "status"),
        ("item=%20", "item"),
        ("item=%00", "item"),
    ],
)
def test_bad_filters_are_400_naming_the_parameter(client, headers, query, field):
    response = client.get(f"/api/applications/?{query}", **headers)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == [field]
    assert isinstance(body[field], list) and body[field][0]


def test_empty_kind_on_items_is_400(client, headers):
    response = client.get("/api/items/?kind=", **headers)
    assert response.status_code == 400
    assert "kind" in response.json()


def test_good_filters_still_work(client, headers):
    ok = client.get(
        "/api/applications/?received_after=2026-01-01T00:00:00%2B08:00"
        "&received_before=2026-12-31T00:00:00-12:00",
        **headers,
    )
    assert ok.status_code == 200
    assert ok.json()["results"] == []


def test_unknown_api_path_is_json_404(client, headers):
    response = client.get("/api/no-such-thing/", **headers)
    assert response.status_code == 404
    assert response.json() == {"detail": "您访问的页面不存在或已被移除，请检查网址。"}


def test_server_error_in_the_api_is_json_and_the_page_never_raises(headers, monkeypatch):
    from approval.api import views

    def boom(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.ApplicationViewSet, "get_queryset", boom)
    client = Client(raise_request_exception=False)
    response = client.get("/api/applications/", **headers)
    assert response.status_code == 500
    assert response.json() == {"detail": "系统暂时无法处理您的请求，请稍后再试。"}


def test_database_outage_in_the_api_is_json_503(headers):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection to server failed: Connection refused")

    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(refuse):
        response = client.get("/api/applications/", **headers)
    assert response.status_code == 503
    assert response["Retry-After"]
    assert json.loads(response.content) == {"detail": "服务暂时不可用，请稍后再试。"}


def test_error_page_renders_for_the_api_principal(rf, headers):
    """error.html read user.name on the API principal (no such attribute): the 500 page raised."""
    from django.template.loader import render_to_string

    from approval.api.authentication import ApiPrincipal
    from approval.models import ApiClient

    request = rf.get("/office/")
    request.user = ApiPrincipal(ApiClient.objects.get())
    html = render_to_string(
        "error.html", {"status": 500, "title": "系统繁忙", "message": "稍后再试"}, request=request
    )
    assert "系统繁忙" in html


def test_error_page_falls_back_to_a_plain_page(client, db, monkeypatch):
    from platform_core.views import common, errors

    def broken(*args, **kwargs):
        raise RuntimeError("template broken")

    monkeypatch.setattr(common, "render", broken)
    response = errors.server_error(client.get("/").wsgi_request)
    assert response.status_code == 500
    assert "系统繁忙" in response.content.decode()
