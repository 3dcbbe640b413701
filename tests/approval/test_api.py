"""REST API for other systems: token per system, scopes, data, and a valid OpenAPI 3 schema."""

import io
import json

import pytest
import yaml
from django.core.management import CommandError, call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from approval.api.authentication import api_client_create, token_hash
from approval.models import ApiClient
from approval.services import acceptance
from tests.approval.conftest import submitted


@pytest.fixture
def full_token(db):
    client, token = api_client_create(
        name="市政务数据平台", scopes=["items:read", "applications:read"]
    )
    return token


@pytest.fixture
def items_token(db):
    return api_client_create(name="省事项库", scopes=["items:read"])[1]


def auth(token):
    return {"HTTP_AUTHORIZATION": f"Token {token}"}


def test_token_is_stored_hashed(full_token):
    client = ApiClient.objects.get()
    assert client.token_hash == token_hash(full_token)
    assert full_token not in json.dumps(list(ApiClient.objects.values()), default=str)
    with pytest.raises(ValueError):
        api_client_create(name="x", scopes=["everything"])


@pytest.mark.parametrize("url", ["/api/items/", "/api/applications/"])
def test_no_or_bad_token_is_401(client, db, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert client.get(url, **auth("not-a-token")).status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION="Token").status_code == 401


def test_staff_session_is_not_api_access(client, item, clerk_a):
    client.force_login(clerk_a)
    assert client.get("/api/applications/").status_code == 401


def test_wrong_scope_is_403_right_scope_200(client, item, clerk_a, items_token):
    application = submitted(item, clerk_a)
    assert client.get("/api/items/", **auth(items_token)).status_code == 200
    assert client.get("/api/applications/", **auth(items_token)).status_code == 403
    url = f"/api/applications/{application.number}/events/"
    assert client.get(url, **auth(items_token)).status_code == 403


def test_inactive_client_is_refused(client, item, full_token):
    ApiClient.objects.update(active=False)
    assert client.get("/api/items/", **auth(full_token)).status_code == 401


def test_items_applications_and_events(client, item, clerk_a, clerk_b, full_token):
    application = submitted(item, clerk_a)
    acceptance.application_accept(application=application, by=clerk_a, note="材料齐全")
    submitted(item, clerk_a, name="王五")
    items = client.get("/api/items/", **auth(full_token)).json()
    assert items["count"] == 1
    assert items["results"][0]["code"] == item.code
    assert items["results"][0]["department"] == "scjg"
    detail = client.get(f"/api/items/{item.code}/", **auth(full_token)).json()
    assert detail["promised_days"] == 10
    apps = client.get("/api/applications/", **auth(full_token)).json()
    assert [a["applicant_name"] for a in apps["results"]] == ["李四", "王五"]
    first = apps["results"][0]
    assert first["number"] == application.number and first["status"] == "accepted"
    assert "applicant_mobile" not in first and "applicant_id_number" not in first
    assert first["due_date"] is not None
    filtered = client.get("/api/applications/?status=submitted", **auth(full_token)).json()
    assert [a["applicant_name"] for a in filtered["results"]] == ["王五"]
    events = client.get(
        f"/api/applications/{application.number}/events/", **auth(full_token)
    ).json()
    assert [(e["kind"], e["to_status"]) for e in events["results"]] == [
        ("register", "submitted"),
        ("accept", "accepted"),
    ]
    assert events["results"][1]["actor"] == "窗口甲"
    assert events["results"][1]["reason"] == "材料齐全"
    assert client.get("/api/applications/nope/", **auth(full_token)).status_code == 404
    ApiClient.objects.get().refresh_from_db()
    assert ApiClient.objects.get().last_used_at is not None


def test_schema_is_valid_openapi_3_and_lists_every_path(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    for key in ("openapi", "info", "paths", "components"):
        assert key in document
    assert document["openapi"].startswith("3.")
    expected = {
        "/api/items/",
        "/api/items/{code}/",
        "/api/applications/",
        "/api/applications/{number}/",
        "/api/applications/{number}/events/",
    }
    assert expected <= set(document["paths"])
    assert document["components"]["securitySchemes"]["apiToken"]["type"] == "apiKey"
    # Validated against the official OpenAPI 3 JSON schema bundled with drf-spectacular.
    validate_schema(document)
    generated = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(generated)
    assert expected <= set(generated["paths"])


def test_spectacular_generates_without_warnings(db, tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/applications/{number}/events/" in out.read_text()


def test_management_command_registers_and_disables(client, db):
    stdout = io.StringIO()
    call_command("api_client", "省监察平台", "--scope", "applications:read", stdout=stdout)
    token = stdout.getvalue().strip().splitlines()[-1]
    assert client.get("/api/applications/", **auth(token)).status_code == 200
    assert client.get("/api/items/", **auth(token)).status_code == 403
    call_command("api_client", "省监察平台", "--disable", stdout=io.StringIO())
    assert client.get("/api/applications/", **auth(token)).status_code == 401
    with pytest.raises(CommandError):
        call_command("api_client", "无范围系统", stdout=io.StringIO())


def test_api_root_is_an_index_with_schema_and_chinese_docs(client, db):
    index = client.get("/api/")
    assert index.status_code == 200 and index["Content-Type"].startswith("application/json")
    data = index.json()
    assert data["schema"].endswith("/api/schema/") and data["docs"].endswith("/api/docs/")
    paths = {e["path"] for e in data["endpoints"]}
    assert {"/api/items/", "/api/applications/", "/api/applications/{number}/events/"} <= paths
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "开放接口说明" in page and "GET /api/applications/" in page and "Authorization" in page
    assert "cdn" not in page.lower() and "swagger" not in page.lower()  # nothing from elsewhere
