"""portal.context_processors.public_chrome: an anonymous reader's dynamic public page takes the
portal's header and footer from the fragment cache, with its own address in the login link;
a signed-in reader's header is rendered for them (their name, a logout form)."""

import copy

import pytest

from portal.publishing import engine
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def _header(html: str) -> str:
    start = html.index('<div class="topbar">')
    return html[start : html.index("</nav>", html.index('class="channels"'))]


def test_anonymous_page_gets_the_cached_header_and_footer(client, settings):
    engine._CHROME.clear()
    first = client.get("/service/progress/").content.decode()
    assert len(engine._CHROME) == 1  # rendered once for these settings and navigation
    second = client.get("/service/progress/?x=1").content.decode()
    assert len(engine._CHROME) == 1
    assert "next=/service/progress/" in first and "next=/service/progress/%3Fx%3D1" in second
    assert "主办单位" in first and "工作人员入口" in first
    # The same bytes as the includes render (the fragment is the header, not an approximation).
    templates = copy.deepcopy(settings.TEMPLATES)
    processors = templates[0]["OPTIONS"]["context_processors"]
    processors.remove("portal.context_processors.public_chrome")
    settings.TEMPLATES = templates
    uncached = client.get("/service/progress/").content.decode()
    assert _header(uncached) == _header(first)
    assert uncached[uncached.index("<footer") :] == first[first.index("<footer") :]


def test_signed_in_reader_gets_their_own_header(client):
    citizen = CitizenFactory(name="王小明")
    client.force_login(citizen, backend="platform_core.auth_backends.CitizenSessionBackend")
    html = client.get("/service/progress/").content.decode()
    assert "王小明" in html and "退出" in html and "工作人员入口" not in html
