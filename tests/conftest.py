import pytest
from django.core.cache import cache

from platform_core.sms import LocmemSmsBackend
from tests.factories import OrgUnitFactory, root_unit

# Browser fixtures (Chromium via Playwright) for any test that asks for them.
pytest_plugins = ["tests.browser"]


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and lockouts live in the cache (Redis): each test starts clean."""
    cache.clear()
    yield
    cache.clear()


def _configured_publish_root():
    """PUBLISH_ROOT as the settings module sets it (not as a running override has it)."""
    import importlib
    import os

    return importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"]).PUBLISH_ROOT


@pytest.fixture(autouse=True)
def _own_published_site(tmp_path_factory):
    """Each test publishes into a directory of its own, unless a module fixture already gave
    its tests one (override_settings). The service hall's dynamic addresses redirect to the
    published files when they exist (portal/publishing/hall.py), so a site one test published
    (load_demo publishes the whole site) must not change what a later test sees."""
    from django.conf import settings

    old = settings.PUBLISH_ROOT
    if old != _configured_publish_root():
        yield
        return
    settings.PUBLISH_ROOT = tmp_path_factory.mktemp("site")
    try:
        yield
    finally:
        settings.PUBLISH_ROOT = old


@pytest.fixture(autouse=True)
def sms_outbox():
    """The test SMS backend keeps messages on the class: every test starts with none."""
    LocmemSmsBackend.outbox = []
    LocmemSmsBackend.fail_next = 0
    yield LocmemSmsBackend.outbox
    LocmemSmsBackend.fail_next = 0


@pytest.fixture
def gov(db):
    return root_unit()


@pytest.fixture
def dept_a(gov):
    return OrgUnitFactory(parent=gov, name="县市场监督管理局", code="scjg")


@pytest.fixture
def dept_b(gov):
    return OrgUnitFactory(parent=gov, name="县自然资源局", code="zrzy")


@pytest.fixture
def divisions(db):
    """The national divisions. The data migration loads them; a transactional test's flush
    (another test file of the same worker) removes them: load them again when they are gone."""
    from platform_core.models import Division
    from platform_core.services.divisions import divisions_load

    if not Division.objects.exists():
        divisions_load()
