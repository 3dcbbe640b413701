import pytest
from django.core.cache import cache

from tests.factories import OrgUnitFactory, root_unit


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and lockouts live in the cache (Redis): each test starts clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def gov(db):
    return root_unit()


@pytest.fixture
def dept_a(gov):
    return OrgUnitFactory(parent=gov, name="县市场监督管理局", code="scjg")


@pytest.fixture
def dept_b(gov):
    return OrgUnitFactory(parent=gov, name="县自然资源局", code="zrzy")
