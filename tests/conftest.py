import pytest
from django.core.cache import cache
from django.db.backends.postgresql.operations import (
    DatabaseOperations as PostgresOperations,
)

from platform_core.sms import LocmemSmsBackend
from tests.factories import OrgUnitFactory, root_unit

# Browser fixtures (Chromium via Playwright) for any test that asks for them.
pytest_plugins = ["tests.browser"]


def _delete_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    """A transactional test (live server, browser, concurrency) ends with Django's flush of
    every table. PostgreSQL's TRUNCATE of the ~270 tables costs 3–5 s each time (a new file per
    table and index), a DELETE of the few rows a test wrote 0.2 s: the suite had 74 such flushes.
    Foreign keys and the append-only audit triggers are switched off for the flush's own
    transaction (the test database's user is a superuser), as TRUNCATE ignores them too.

    Tables whose files have grown past 512 kB are still truncated: emptied by DELETE, such a
    table keeps its pages, autovacuum then records "0 rows on 10,000 pages", and the planner,
    trusting that, read the 45,000 reloaded divisions by a nested loop for minutes."""
    if not tables or reset_sequences:
        return _truncate_flush(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
    with self.connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND relname = ANY(%s)"
            " AND pg_relation_size(oid) > %s",
            [list(tables), 512 * 1024],
        )
        big = sorted(row[0] for row in cursor.fetchall())
    statements = [
        "SET LOCAL session_replication_role = replica",
        *(f"DELETE FROM {self.quote_name(t)}" for t in tables if t not in big),  # noqa: S608
    ]
    if big:
        statements.append(f"TRUNCATE {', '.join(self.quote_name(t) for t in big)} CASCADE")
    return statements


_truncate_flush = PostgresOperations.sql_flush
PostgresOperations.sql_flush = _delete_flush


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
