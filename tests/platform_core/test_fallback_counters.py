"""The PostgreSQL counters that stand in for Redis in the rate limits (platform_core/cache.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from platform_core import cache as resilient
from platform_core.models import FallbackCounter

pytestmark = pytest.mark.django_db


def test_add_incr_get_delete():
    assert resilient._db_add("k", 1, 60) is True
    assert resilient._db_add("k", 1, 60) is False  # a live counter is kept
    assert resilient._db_incr("k", 1) == 2
    assert resilient._db_incr("k", 3) == 5
    assert resilient._db_get("k") == 5
    assert resilient._db_incr("missing", 1) is None
    assert resilient._db_delete("k") is True
    assert resilient._db_get("k") is None


def test_an_expired_counter_counts_as_absent_and_is_purged():
    FallbackCounter.objects.create(key="old", value=9, expires_at=timezone.now() - timedelta(1))
    assert resilient._db_get("old") is None
    assert resilient._db_incr("old", 1) is None
    assert resilient._db_add("old", 1, 60) is True  # replaced, counting from 1 again
    assert resilient._db_get("old") == 1
    FallbackCounter.objects.create(key="gone", value=1, expires_at=timezone.now() - timedelta(1))
    assert resilient.purge_expired_counters() == 1
    assert list(FallbackCounter.objects.values_list("key", flat=True)) == ["old"]
