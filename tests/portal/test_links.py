"""No dead internal links: every link on the public shell and the back-office shell answers."""

import re

import pytest

from platform_core.constants import RoleCode
from tests.factories import staff_with_role

HREF = re.compile(r'(?:href|action)="(/[^"#]*)')


def _internal_links(html: str) -> set[str]:
    return {
        link.replace("&amp;", "&")
        for link in HREF.findall(html)
        if not link.startswith(("/static/", "/media/"))
    }


def _assert_links_answer(client, start: str):
    html = client.get(start).content.decode()
    links = _internal_links(html)
    assert links, "no links found"
    dead = {}
    for link in sorted(links):
        status = client.get(link).status_code
        if status not in (200, 302, 405):  # 405: a POST-only form action (logout)
            dead[link] = status
    assert not dead, f"dead links on {start}: {dead}"


@pytest.mark.django_db
def test_portal_home_has_no_dead_links(client):
    # The home links the published channels (/xxgk/, /bsdt/ …): publish the site first, as a
    # deployment does (manage.py publish_site); each test has its own PUBLISH_ROOT.
    from portal.publishing.engine import publish_all

    publish_all()
    _assert_links_answer(client, "/")


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(RoleCode))
def test_office_home_has_no_dead_links(client, dept_a, role):
    user = staff_with_role(role, dept_a)
    client.force_login(user)
    _assert_links_answer(client, "/office/")
