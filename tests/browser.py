"""Browser fixtures (a pytest plugin, see tests/conftest.py): Playwright driving Debian's Chromium
against pytest-django's live server.

Screenshots of the key pages go to test-artifacts/screenshots/ (desktop and a 375-px phone).
"""

import os
import re
import shutil
from pathlib import Path

import pytest

# The live server runs in a thread of this process; Playwright's sync API runs an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _context(browser, viewport, **kwargs):
    context = browser.new_context(viewport=viewport, locale="zh-CN", **kwargs)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def page(browser):
    context = _context(browser, DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_page(browser):
    context = _context(browser, PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def body_text(page) -> str:
    return page.locator("body").inner_text()


def expect_message(page, text: str) -> None:
    """The page shows exactly one message box, and it says `text`."""
    messages = page.locator(".messages")
    assert messages.count() == 1, f"no message on {page.url}: {body_text(page)}"
    assert text in messages.inner_text(), messages.inner_text()


def horizontal_overflow(page) -> int:
    """How many pixels the page scrolls sideways (0 or less: it fits)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def assert_no_horizontal_scroll(page):
    overflow = horizontal_overflow(page)
    assert overflow <= 0, f"page scrolls sideways by {overflow}px on a phone"


@pytest.fixture
def staff_login(browser, live_server):
    """Open a browser context for one staff member and sign them in through /office/login/
    (the demo password); `phone=True` gives a 375-px phone context."""
    from tests.factories import DEFAULT_PASSWORD

    contexts = []

    def _login(username: str, *, phone: bool = False):
        if phone:
            context = _context(browser, PHONE, is_mobile=True, has_touch=True)
        else:
            context = _context(browser, DESKTOP)
        contexts.append(context)
        page = context.new_page()
        page.goto(live_server.url + "/office/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name=re.compile(r"登\s*录")).click()
        page.wait_for_url(re.compile(r"/office/$"))
        return page

    yield _login
    for context in contexts:
        context.close()
