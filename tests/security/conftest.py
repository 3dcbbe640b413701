"""Shared helpers for the security tests: an HTML inspector that finds executable markup."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from platform_core.constants import RoleCode
from tests.factories import CitizenFactory, StaffFactory, staff_with_role

# Attributes whose value a browser follows as a URL: a javascript: scheme there runs code.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


class ExecutableMarkup(HTMLParser):
    """Collects every element or attribute a browser would run: scripts, on* handlers, js: URLs.

    The page is parsed as a browser tokenises it, so a payload that broke out of an attribute or
    text node shows up here as a real element or attribute, while an escaped one stays text.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []  # the text of each <script> element
        self.script_srcs: list[str] = []
        self.handlers: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.js_urls: list[tuple[str, str, str]] = []
        self.dangerous_tags: list[str] = []  # iframe, object, embed, base, meta refresh
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
            src = dict(attrs).get("src")
            if src:
                self.script_srcs.append(src)
        if tag in {"iframe", "object", "embed", "base", "frame"}:
            self.dangerous_tags.append(tag)
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self.dangerous_tags.append("meta-refresh")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.handlers.append((tag, name, value))
            if name in URL_ATTRIBUTES:
                compact = "".join(value.split()).lower()
                if compact.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.js_urls.append((tag, name, value))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and self.scripts:
            self.scripts[-1] += data


def executable_markup(html: str) -> ExecutableMarkup:
    parser = ExecutableMarkup()
    parser.feed(html)
    parser.close()
    return parser


def assert_no_payload_executes(html: str) -> None:
    """No script, handler, javascript: URL or frame on the page beyond the page's own ones."""
    found = executable_markup(html)
    # Our templates load scripts from /static/ only, and never inline: any inline script text,
    # any script from elsewhere or any handler attribute can only have come from a payload.
    assert not [s for s in found.scripts if s.strip()], found.scripts
    assert all(src.startswith("/static/") for src in found.script_srcs), found.script_srcs
    assert not found.handlers, found.handlers
    assert not found.js_urls, found.js_urls
    assert not found.dangerous_tags, found.dangerous_tags


@pytest.fixture
def citizen(db):
    return CitizenFactory(name="张三丰", mobile="13812345678")


@pytest.fixture
def superuser(db):
    return StaffFactory(is_staff=True, is_superuser=True, username="root")


@pytest.fixture
def clerk(dept_a):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_a, username="clerk")
