"""Bad IDs and garbage in URLs never give a 500: every route, as every kind of visitor.

Walks the whole URL configuration, fills each route's parameters with IDs that do not exist and
with hostile strings, and asks as anonymous, citizen, staff and superuser.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from platform_core.constants import RoleCode
from tests.factories import CitizenFactory, StaffFactory, staff_with_role

GARBAGE = {
    "int": ["999999", "0"],
    "slug": ["no-such-thing", "a" * 60],
    "str": ["%3Cscript%3E", "..%2F..%2Fetc%2Fpasswd", "%00"],
    "path": ["..%2F..%2Fetc%2Fpasswd", "%00"],
}
# Query strings every route gets as well: NUL bytes (PostgreSQL refuses them in text), numbers
# out of any range, and date-times PostgreSQL cannot compare (issue 11: each was a 500).
HOSTILE_QUERIES = [
    "q=%00&page=%00",
    "year=-1&month=13&page=-1&department=99999999999999999999999&day=0",
    "year=99999&received_after=0001-01-01T00:00:00-17:37&received_before=&kind=&v=-1",
]
HOSTILE_FORM = {"q": "\x00", "name": "a\x00b", "title": "\x00", "year": "-1"}
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _samples():
    seen = set()
    for route in _routes():
        if route.startswith("admin/") or "^" in route or "(?P" in route:
            continue  # Django admin's own routes are its own; regex routes are static files
        variants = [route]
        for converter, _name in PARAM.findall(route):
            values = GARBAGE.get(converter or "str", GARBAGE["str"])
            variants = [
                PARAM.sub(lambda m, v=v: v, variant, count=1)
                for variant in variants
                for v in values
            ]
        for url in variants:
            if url not in seen:
                seen.add(url)
                yield "/" + url


URLS = sorted(_samples())


@pytest.fixture
def visitors(db, dept_a):
    return {
        "anonymous": None,
        "citizen": CitizenFactory(),
        "clerk": staff_with_role(RoleCode.REVIEW_CLERK, dept_a),
        "superuser": StaffFactory(is_staff=True, is_superuser=True),
    }


@pytest.mark.django_db
def test_every_route_with_bad_parameters_is_4xx_not_500(client, visitors):
    assert len(URLS) > 50
    failures = {}
    for who, user in visitors.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in URLS:
            for method in (client.get, client.post):
                status = method(url).status_code
                if status >= 500:
                    failures[f"{who} {method.__name__.upper()} {url}"] = status
    assert not failures, failures


@pytest.mark.django_db
def test_every_route_with_hostile_query_and_form_is_not_500(client, visitors):
    routes = sorted({url for url in URLS if "%" not in url and "999999" not in url})
    failures = {}
    for who in ("anonymous", "superuser"):
        client.logout()
        if visitors[who] is not None:
            client.force_login(visitors[who])
        for url in routes:
            for query in HOSTILE_QUERIES:
                status = client.get(f"{url}?{query}").status_code
                if status >= 500:
                    failures[f"{who} GET {url}?{query}"] = status
            status = client.post(url, HOSTILE_FORM).status_code
            if status >= 500:
                failures[f"{who} POST {url}"] = status
    assert not failures, failures


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/service/verify/%00/", "/office/org/people/?q=%00", "/search/?q=%00", "/?x%00=1"],
)
def test_nul_bytes_are_refused_in_one_place(client, visitors, url):
    client.force_login(visitors["superuser"])
    response = client.get(url)
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


@pytest.mark.django_db
def test_nul_in_a_form_field_is_refused(client, visitors):
    response = client.post("/accounts/sms-code/", {"mobile": "138\x0000138000"})
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


@pytest.mark.django_db
def test_calendar_year_out_of_range_shows_the_latest_year(client, visitors):
    client.force_login(visitors["superuser"])
    for year in ("-1", "0", "10000", "99999999999999999999"):
        assert client.get(f"/office/org/calendar/?year={year}").status_code == 200
