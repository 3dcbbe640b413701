"""Open311 GeoReport v2: field names and shapes as in the specification's examples
(https://wiki.open311.org/GeoReport_v2/), public cases only and masked, submission through the
public-submission service with api_key or an SMS-verified mobile, rate limits, query counts,
XML, and the OpenAPI schema."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from approval.api.authentication import api_client_create
from interaction.constants import Source
from interaction.models import Case
from interaction.services import cases as case_services
from interaction.services import replies as reply_services

pytestmark = pytest.mark.django_db

# The keys of each object in the specification's examples.
SERVICE_KEYS = {
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
}
ATTRIBUTE_KEYS = {
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
}
REQUEST_KEYS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}
SUBMIT_KEYS = {"service_request_id", "service_notice", "account_id"}


def _xml(content: bytes):
    return ET.fromstring(content)  # noqa: S314 - the project's own response


def _u(name, *args):
    return reverse(f"open311:{name}", args=args)


@pytest.fixture
def replied(submit, triager, handler_a, reviewer, dept_a):
    def _replied(public=True, **fields):
        case, _c = submit(**fields)
        case_services.case_assign(case=case, by=triager, department=dept_a)
        reply_services.reply_save(
            case=case, by=handler_a, body="<p>已责令超市下架过期食品。</p>", submit=True
        )
        reply_services.reply_approve(case=case, by=reviewer, public=public)
        case.refresh_from_db()
        return case

    return _replied


@pytest.fixture
def api_key(db):
    return api_client_create(name="城市运行管理平台", scopes=["open311:submit"])[1]


def test_services_list_and_definition(client, categories, township):
    response = client.get(_u("services"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    services = response.json()
    assert isinstance(services, list)
    assert all(set(s) == SERVICE_KEYS for s in services)
    roads = next(s for s in services if s["service_code"] == str(categories["roads"].pk))
    assert roads["service_name"] == "城乡建设 / 道路维修" and roads["group"] == "城乡建设"
    assert roads["metadata"] is True and roads["type"] == "batch"
    definition = client.get(_u("service", roads["service_code"])).json()
    assert set(definition) == {"service_code", "attributes"}
    assert definition["service_code"] == roads["service_code"]
    attributes = {a["code"]: a for a in definition["attributes"]}
    assert all(set(a) >= ATTRIBUTE_KEYS for a in attributes.values())
    assert {v["key"] for v in attributes["kind"]["values"]} >= {"complaint", "consultation"}
    assert {"key": "cgz", "name": "城关镇人民政府"} in attributes["township"]["values"]
    missing = client.get(_u("service", "999999"))
    assert missing.status_code == 404
    assert set(missing.json()[0]) == {"code", "description"} and missing.json()[0]["code"] == 404


def test_requests_show_public_cases_only_masked(client, replied, dept_a):
    shown = replied()
    hidden = replied(public=False, title="不公开的来件")
    response = client.get(_u("requests"))
    assert response.status_code == 200
    found = response.json()
    assert [r["service_request_id"] for r in found] == [shown.number]
    item = found[0]
    assert set(item) == REQUEST_KEYS
    assert item["status"] == "closed"
    assert item["status_notes"] == "已责令超市下架过期食品。"
    assert item["agency_responsible"] == dept_a.name
    assert item["address"] == "城关镇人民政府"  # the township, never the street address
    assert item["requested_datetime"].endswith("+08:00")
    assert item["service_code"] == str(shown.category_id)
    body = response.content.decode()
    assert "王小明" not in body and "13812345678" not in body and "解放路12号" not in body
    single = client.get(_u("request", shown.number))
    assert single.status_code == 200 and single.json() == [item]
    assert client.get(_u("request", hidden.number)).status_code == 404


def test_request_filters(client, replied, categories):
    food = replied()
    road = replied(category=categories["roads"], title="道路坑洼请修补")
    get = lambda **p: [r["service_request_id"] for r in client.get(_u("requests"), p).json()]  # noqa: E731
    assert set(get()) == {food.number, road.number}
    assert get(service_code=str(categories["roads"].pk)) == [road.number]
    assert get(service_code="abc") == []
    assert set(get(status="closed")) == {food.number, road.number}
    assert get(status="open") == []  # every case here is replied
    assert get(service_request_id=f"{food.number}, NOPE") == [food.number]
    assert set(get(start_date="2000-01-01T00:00:00+08:00")) == {food.number, road.number}
    assert get(end_date="2000-01-01T00:00:00Z") == []
    assert get(start_date="2999-01-01") == []
    for bad in ({"status": "pending"}, {"start_date": "yesterday"}, {"end_date": "2026-13-45"}):
        refused = client.get(_u("requests"), bad)
        assert refused.status_code == 400 and refused.json()[0]["code"] == 400


def test_open_cases_the_citizen_allowed_are_listed_masked(
    client, replied, submit, triager, reviewer, dept_a, categories
):
    closed = replied()
    waiting, _c = submit(title="路灯不亮请维修", category=categories["roads"])
    assigned, _c = submit(title="噪声扰民", content="某工地夜间施工，联系人李四13900001111。")
    case_services.case_assign(case=assigned, by=triager, department=dept_a)
    private, _c = submit(allow_public=False, title="不愿公开的来件")
    vetted, _c = submit(title="经审核可公开的来件")
    case_services.case_set_public(case=vetted, by=triager, public=True)
    found = {r["service_request_id"]: r for r in client.get(_u("requests")).json()}
    assert set(found) == {closed.number, waiting.number, assigned.number, vetted.number}
    assert all(set(r) == REQUEST_KEYS for r in found.values())
    item = found[assigned.number]
    assert item["status"] == "open" and item["status_notes"] == "办理中"
    assert item["agency_responsible"] == dept_a.name and item["address"] == "城关镇人民政府"
    assert item["service_code"] == str(categories["market"].pk)
    # The citizen's text waits for staff to agree; the deadline is the case clock's.
    assert item["description"] == "" and "审核同意公开后显示" in item["service_notice"]
    assigned.refresh_from_db()
    assert item["expected_datetime"] == f"{assigned.clock.due_date.isoformat()}T23:59:59+08:00"
    assert item["media_url"] is None and item["lat"] is None
    assert found[waiting.number]["status_notes"] == "待分办"
    assert found[waiting.number]["agency_responsible"] == ""
    assert found[vetted.number]["description"] == vetted.content
    assert found[closed.number]["status"] == "closed"
    body = client.get(_u("requests")).content.decode()
    for secret in ("王小明", "13812345678", "解放路12号", "李四", "13900001111", "噪声扰民"):
        assert secret not in body
    statuses = lambda s: {  # noqa: E731
        r["service_request_id"] for r in client.get(_u("requests"), {"status": s}).json()
    }
    assert statuses("open") == {waiting.number, assigned.number, vetted.number}
    assert statuses("closed") == {closed.number}
    single = client.get(_u("request", assigned.number))
    assert single.status_code == 200 and single.json() == [item]
    assert client.get(_u("request", private.number)).status_code == 404
    xml = _xml(client.get(_u("requests_xml"), {"status": "open"}).content)
    assert {r.findtext("status") for r in xml.findall("request")} == {"open"}


def test_request_list_query_count_does_not_grow(
    client, replied, submit, triager, dept_a, django_assert_num_queries
):
    replied()
    submit(title="待分办的公开来件")
    with django_assert_num_queries(2):  # the cases (category, township, dept, clock), replies
        assert len(client.get(_u("requests")).json()) == 2
    for n in range(4):
        replied(title=f"第{n}件公开来件标题")
        case, _c = submit(title=f"第{n}件办理中来件")
        case_services.case_assign(case=case, by=triager, department=dept_a)
    with django_assert_num_queries(2):
        assert len(client.get(_u("requests")).json()) == 10
    with django_assert_num_queries(1):
        client.get(_u("services"))


def _post(client, ip="127.0.0.1", **fields):
    return client.post(_u("requests"), fields, REMOTE_ADDR=ip)


def _fields(categories, township, **extra):
    fields = {
        "service_code": str(categories["market"].pk),
        "description": "城关镇某超市货架上有多件过期的牛奶，希望有关部门尽快查处。",
        "last_name": "王",
        "first_name": "小明",
        "phone": "13812345678",
        "address_string": "城关镇解放路12号",
        "attribute[kind]": "complaint",
        "attribute[township]": township.code,
        "attribute[allow_public]": "1",
    }
    fields.update(extra)
    return fields


def test_submit_with_api_key_creates_a_case(
    client, office, categories, township, api_key, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, **_fields(categories, township, api_key=api_key))
    assert response.status_code == 201, response.content
    result = response.json()
    assert isinstance(result, list) and set(result[0]) == SUBMIT_KEYS
    case = Case.objects.get(number=result[0]["service_request_id"])
    assert case.name == "王小明" and case.mobile == "13812345678"
    assert case.title == "城关镇某超市货架上有多件过期的牛奶，希望有关部门尽快查处。"[:30]
    assert case.township == township and case.address == "城关镇解放路12号"
    assert case.allow_public and case.kind == "complaint"
    assert case.source == Source.OPEN311 and case.source_ref == "城市运行管理平台"
    assert case.clock_id is not None  # on the case clock like every submission
    # The citizen gets the number and query code by SMS; the calling app never sees the code.
    assert any(case.number in m.text and "查询码" in m.text for m in sms_outbox)
    assert "查询码" not in response.content.decode().replace("编号和查询码已", "")


def test_submit_refusals(client, office, categories, township, api_key):
    assert Case.objects.count() == 0
    cases = [
        ({"api_key": "wrong"}, 403),
        ({}, 400),  # neither api_key nor an SMS code
        ({"service_code": "999999"}, 400),
        ({"description": "太短"}, 400),
        ({"phone": "12345"}, 400),
        ({"attribute[kind]": "praise"}, 400),
        ({"attribute[township]": "nowhere"}, 400),
        ({"last_name": "", "first_name": ""}, 400),
    ]
    for n, (change, expected) in enumerate(cases):
        fields = _fields(categories, township, api_key=api_key)
        fields.update(change)
        if not change:
            del fields["api_key"]
        response = _post(client, ip=f"10.0.0.{n}", **fields)
        assert response.status_code == expected, (change, response.content)
        error = response.json()[0]
        assert error["code"] == expected and error["description"]
    assert Case.objects.count() == 0


def test_api_key_needs_the_open311_scope(client, office, categories, township):
    read_only = api_client_create(name="只读系统", scopes=["items:read"])[1]
    response = _post(client, **_fields(categories, township, api_key=read_only))
    assert response.status_code == 403


def test_submit_with_sms_verified_mobile(
    client, office, categories, township, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        issued = client.post(_u("sms_code"), {"phone": "13812345678"})
    assert issued.status_code == 201
    code = re.search(r"验证码为(\d{6})", sms_outbox[-1].text).group(1)
    wrong = _post(client, **_fields(categories, township, **{"attribute[sms_code]": "000000"}))
    assert wrong.status_code == 400 and Case.objects.count() == 0
    ok = _post(client, **_fields(categories, township, **{"attribute[sms_code]": code}))
    assert ok.status_code == 201, ok.content
    assert Case.objects.get().source_ref == ""
    # The code is used up.
    again = _post(client, **_fields(categories, township, **{"attribute[sms_code]": code}))
    assert again.status_code == 400 and Case.objects.count() == 1
    refused = client.post(_u("sms_code"), {"phone": "123"}, REMOTE_ADDR="10.1.1.1")
    assert refused.status_code == 400 and refused.json()[0]["code"] == 400


def test_submission_is_rate_limited(client, office, categories, township, api_key):
    fields = _fields(categories, township, api_key=api_key, description="太短")
    statuses = [_post(client, **fields).status_code for _i in range(6)]
    assert statuses[:5] == [400] * 5 and statuses[5] == 429
    refused = _post(client, **fields)
    assert refused["Retry-After"] and refused.json()[0]["code"] == 429


def test_reads_are_rate_limited(client, categories):
    statuses = [client.get(_u("services")).status_code for _i in range(121)]
    assert statuses[:120] == [200] * 120 and statuses[120] == 429


def test_xml_variant(client, replied):
    case = replied()
    root = _xml(client.get(_u("requests_xml")).content)
    assert root.tag == "service_requests"
    request = root.find("request")
    assert request.findtext("service_request_id") == case.number
    assert request.findtext("status") == "closed"
    services = _xml(client.get(_u("services_xml")).content)
    assert services.tag == "services" and services.find("service/service_code") is not None
    definition = _xml(client.get(_u("service_xml", str(case.category_id))).content)
    assert definition.tag == "service_definition"
    assert definition.find("attributes/attribute/code").text == "kind"
    missing = client.get(_u("request_xml", "NOPE"))
    assert missing.status_code == 404
    assert _xml(missing.content).find("error/code").text == "404"


def test_described_in_the_openapi_schema(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    paths = schema["paths"]
    assert "/api/open311/v2/services.json" in paths
    assert "/api/open311/v2/services/{service_code}.json" in paths
    assert {"get", "post"} <= set(paths["/api/open311/v2/requests.json"])
    assert "/api/open311/v2/requests/{service_request_id}.json" in paths
    assert not any(p.endswith(".xml") for p in paths)
    post = paths["/api/open311/v2/requests.json"]["post"]
    form = post["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    ref = form["$ref"].rsplit("/", 1)[1]
    assert "attribute[kind]" in schema["components"]["schemas"][ref]["properties"]


def test_nul_bytes_and_odd_bodies_are_400_not_500(client, office, categories, township, api_key):
    for params in ({"service_request_id": "2026\x00"}, {"service_code": "1\x00"}):
        assert client.get(_u("requests"), params).status_code == 400
    fields = _fields(categories, township, api_key=api_key, description="路灯\x00不亮了很久")
    assert _post(client, **fields).status_code == 400
    as_json = client.post(_u("requests"), [1, 2], content_type="application/json")
    assert as_json.status_code == 400 and as_json.json()[0]["code"] == 400
    numbers = client.post(_u("sms_code"), {"phone": 13812345678}, content_type="application/json")
    assert numbers.status_code in (201, 400)
    assert Case.objects.count() == 0


def test_throttles_use_the_configured_rate_limit_cache(client, settings, categories):
    """The demo mode has no "ratelimit" cache (RATELIMIT_USE_CACHE = "default")."""
    from django.core.cache import caches

    settings.RATELIMIT_USE_CACHE = "default"
    statuses = [client.get(_u("services")).status_code for _i in range(121)]
    assert statuses[:120] == [200] * 120 and statuses[-1] == 429
    caches["default"].clear()
    assert client.get(_u("services")).status_code == 200
