"""A crawl of the demo county as each demo role: every link a page shows is followed (bounded:
a few URLs per URL shape, a page budget per role) and must answer without a server error, and
without a 403 or 404 (a menu shows only what its reader may open). The visible text of every
page must be Chinese: English words are allowed only for proper names and codes (account names,
file formats, identifiers inside <code>)."""

from __future__ import annotations

import re
from collections import Counter, deque
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from platform_core.models import User

PAGES_PER_ROLE = 90
PER_SHAPE = 2
ROLES = [
    "fengxue",  # window clerk
    "tangting",  # review clerk
    "xiewei",  # section head
    "luocheng",  # bureau leader
    "lijianguo",  # county leader
    "wujing",  # disclosure officer
    "sunyue",  # web editor
    "zhaolijuan",  # supervisor
    "majunjie",  # system administrator
    "huxiaodong",  # security administrator
    "guomin",  # audit administrator
]
SKIP_PREFIXES = ("/accounts/logout", "/static/", "/media/", "/admin/logout", "/prefs/")
# Proper names and codes a page may show in Latin letters.
ALLOWED = {
    # file formats and standards
    "PDF",
    "PNG",
    "JPEG",
    "JPG",
    "GIF",
    "DOCX",
    "XLSX",
    "XLS",
    "DOC",
    "WPS",
    "Word",
    "Excel",
    "OFD",
    "ZIP",
    "CSV",
    "JSON",
    "XML",
    "BPMN",
    "XPDL",
    "RSS",
    "SVG",
    "HTML",
    "API",
    "OpenAPI",
    "OpenID",  # OpenID Connect, the single sign-on standard
    "Connect",
    "PKCE",
    "OIDC",
    "ICP",
    "SHA",
    "IP",
    "URL",
    "HTTP",
    "HTTPS",
    "SMS",
    "GB",
    "QR",
    "ID",
}
WORD = re.compile(r"[A-Za-z]{3,}")
# Addresses, links, file names and codes are not prose.
NOT_PROSE = re.compile(
    r"[\w.+-]+@[\w.-]+|https?://\S+|(?<![\w])/[\w./?=&%-]+|[\w-]+\.(?:html|pdf|xml|docx|xlsx|png|jpg)"
    r"|\b[\w]+(?:[-_][\w]+)+\b|(?<!\w)\.[a-z]{2,5}\b"
)


class _Page(HTMLParser):
    HIDDEN = {"script", "style", "template", "noscript", "code", "kbd", "samp", "svg"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in self.HIDDEN:
            self._hidden += 1
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if not self._hidden:
            self.text.extend(
                a[k] for k in ("title", "placeholder", "aria-label", "alt") if a.get(k)
            )

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)


def _shape(url: str) -> str:
    return re.sub(r"\d+", "N", url.split("?")[0])


def crawl(client: Client, start: list[str], allowed: set[str], *, logged_in: bool = True):
    seen: set[str] = set()
    shapes: Counter = Counter()
    queue = deque((url, "") for url in start)
    broken: list[tuple[int, str, str]] = []
    english: dict[str, str] = {}
    while queue and len(seen) < PAGES_PER_ROLE:
        url, source = queue.popleft()
        if url in seen or shapes[_shape(url)] >= PER_SHAPE:
            continue
        seen.add(url)
        shapes[_shape(url)] += 1
        response = client.get(url)
        if response.status_code in (301, 302):
            target = response["Location"]
            if "/login/" in target:
                if logged_in:  # a link shown to a signed-in reader must not ask for a login
                    broken.append((response.status_code, url, source))
            elif target.startswith("/"):
                queue.append((target, url))
            continue
        if response.status_code >= 400:
            broken.append((response.status_code, url, source))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode("utf-8", "replace"))
        for word in WORD.findall(NOT_PROSE.sub(" ", " ".join(page.text))):
            if word not in allowed:
                english.setdefault(word, url)
        for href in page.links:
            href = href.split("#")[0]
            if href.startswith("/") and not href.startswith(SKIP_PREFIXES) and href not in seen:
                queue.append((href, url))
    return seen, broken, english


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo county, loaded once for the module and rolled back after it; its published
    site in a directory of the module's own."""
    site = tmp_path_factory.mktemp("crawl") / "site"
    with (
        override_settings(PUBLISH_ROOT=site),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("load_demo", verbosity=0)
        # Account names and unit codes are codes: a unit code shows inside an 档号 such as
        # A001-2026-Y-spj_spk-0001 (DA/T 22-2015; the code's hyphens written as underscores) on
        # the audit and archive pages.
        from platform_core.models import OrgUnit

        units = OrgUnit.objects.values_list("code", flat=True)
        yield set(User.objects.values_list("username", flat=True)) | {
            part for code in units for part in code.split("-")
        }
        transaction.set_rollback(True)


@pytest.fixture
def client_for(demo, db):
    def make(username: str | None) -> Client:
        client = Client(raise_request_exception=False)
        if username:
            client.force_login(User.objects.get(username=username))
        return client

    return make


@pytest.mark.parametrize("username", ROLES)
def test_every_link_a_staff_member_sees_opens_and_speaks_chinese(client_for, demo, username):
    seen, broken, english = crawl(
        client_for(username), ["/office/", "/office/inbox/"], ALLOWED | demo
    )
    assert len(seen) > 5
    assert broken == []
    assert english == {}


def test_every_public_link_opens_and_speaks_chinese(client_for, demo):
    seen, broken, english = crawl(
        client_for(None), ["/", "/service/", "/xxgk/"], ALLOWED | demo, logged_in=False
    )
    assert len(seen) > 10
    assert broken == []
    assert english == {}


@pytest.mark.parametrize("mobile", ["13974610101", "13974610102"])  # 王建军, 李秀英
def test_every_link_a_citizen_sees_opens_and_speaks_chinese(client_for, demo, mobile):
    """A signed-in citizen: their account, their applications (补正 included) and the hall."""
    client = client_for(None)
    client.force_login(User.objects.get(kind="citizen", mobile=mobile))
    seen, broken, english = crawl(client, ["/accounts/", "/service/"], ALLOWED | demo)
    assert any(url.startswith("/service/my/") for url in seen), sorted(seen)
    assert broken == []
    assert english == {}
