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
    "str": ["%3Cscript%3E", "..%2F..%2Fetc%2Fpasswd"],
    "path": ["..%2F..%2Fetc%2Fpasswd"],
}
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
