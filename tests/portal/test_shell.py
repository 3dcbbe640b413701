"""The public portal shell: layout, footer from the site settings, display modes, error pages."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DatabaseError
from django.template.loader import render_to_string
from django.test import RequestFactory

from platform_core.context_processors import DISPLAY_COOKIE
from portal.context_processors import site_settings_cached, site_settings_invalidate
from portal.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    obj = SiteSettings.load()
    obj.government_name = "青禾县人民政府"
    obj.site_name = "青禾县人民政府门户网站"
    obj.site_code = "4310990001"
    obj.icp_number = "湘ICP备12345678号"
    obj.police_record_number = "湘公网安备 43109902000001号"
    obj.police_record_url = "https://beian.example.cn/record/43109902000001"
    obj.host_unit = "青禾县人民政府办公室"
    obj.phone = "0735-1234567"
    obj.address = "青禾县政府大道1号"
    obj.error_report_url = "https://jiucuo.example.cn/"
    obj.save()
    site_settings_invalidate()
    return obj


def test_home_has_landmarks_and_footer_from_site_settings(client, site):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-CN"' in html
    assert 'class="skip-link" href="#main"' in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert "青禾县人民政府" in html
    for value in (
        "青禾县人民政府办公室",
        "4310990001",
        "湘ICP备12345678号",
        "湘公网安备 43109902000001号",
        'href="https://beian.example.cn/record/43109902000001"',
        "0735-1234567",
        'href="https://jiucuo.example.cn/"',
        "我为政府网站找错",
    ):
        assert value in html, value
    # Channels and the honest empty state: no invented articles.
    for channel in ("政务动态", "信息公开", "政民互动", "办事大厅", "招商引资"):
        assert channel in html
    assert "暂无信息" in html
    assert 'aria-current="page">首页' in html


def test_site_settings_are_cached_until_invalidated(client, site):
    client.get("/")
    SiteSettings.objects.filter(pk=1).update(government_name="改名县人民政府")
    assert "改名县人民政府" not in client.get("/").content.decode()
    site_settings_invalidate()
    assert "改名县人民政府" in client.get("/").content.decode()


def test_site_settings_fall_back_to_defaults_when_database_is_down(monkeypatch):
    def broken(cls):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(SiteSettings, "load", classmethod(broken))
    obj = site_settings_cached()
    assert obj.government_name == settings.GOVERNMENT_NAME
    assert obj.pk is None


def test_display_mode_sets_cookie_and_redirects_to_local_next(client):
    response = client.get("/prefs/display/", {"mode": "large-contrast", "next": "/zwdt/?page=2"})
    assert response.status_code == 302
    assert response["Location"] == "/zwdt/?page=2"
    cookie = response.cookies[DISPLAY_COOKIE]
    assert cookie.value == "large-contrast"
    assert int(cookie["max-age"]) == 365 * 24 * 60 * 60
    html = client.get("/").content.decode()
    assert '<html lang="zh-CN" class="mode-large mode-contrast">' in html
    assert 'mode=large-contrast&amp;next=/" aria-current="true"' in html


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example.com/",
        "//evil.example.com/x",
        "/\\evil.example.com",
        "javascript:alert(1)",
    ],
)
def test_display_mode_rejects_external_next(client, next_url):
    response = client.get("/prefs/display/", {"mode": "large", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[DISPLAY_COOKIE].value == "large"


def test_display_mode_unknown_value_falls_back_to_standard(client):
    response = client.get("/prefs/display/", {"mode": "<script>", "next": "/"})
    assert response.cookies[DISPLAY_COOKIE].value == "standard"


def test_unknown_page_gives_chinese_404_in_portal_layout(client, site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert "青禾县人民政府" in html
    assert "<footer" in html


def test_503_page_renders_without_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        html = render_to_string("503.html", {"request": request})
    assert "系统维护中" in html
    assert '<main id="main"' in html


def test_lockout_page_text(client):
    html = render_to_string("platform_core/lockout.html", {}, request=RequestFactory().get("/"))
    assert "账号已锁定，请30分钟后再试或联系安全管理员" in html


ASSET_FROM_OTHER_HOST = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//)|(?:url\(\s*["']?\s*(?:https?:)?//)""",
    re.IGNORECASE,
)


ANCHOR = re.compile(r"<a\s[^>]*>", re.IGNORECASE)


def _asset_files():
    roots = [Path(settings.BASE_DIR) / "templates", Path(settings.BASE_DIR) / "static"]
    roots += list(Path(settings.BASE_DIR).glob("*/templates"))
    roots += list(Path(settings.BASE_DIR).glob("*/static"))
    for root in roots:
        if ".venv" in root.parts:
            continue
        for path in root.rglob("*"):
            if path.suffix in {".html", ".css", ".js", ".svg", ".txt"} and path.is_file():
                yield path


def test_no_template_or_static_file_loads_an_asset_from_another_host():
    files = list(_asset_files())
    assert any(p.name == "base_portal.html" for p in files)
    # A plain link (<a href>) is navigation, not a load: e.g. the bpmn.io watermark that bpmn-js's
    # licence requires, or links to other government sites. Everything else must be local.
    offenders = [
        str(path)
        for path in files
        if ASSET_FROM_OTHER_HOST.search(
            ANCHOR.sub("", path.read_text(encoding="utf-8", errors="replace"))
        )
    ]
    assert offenders == []
