"""The replica helpers without a replica (the default): no query, no cookie, the primary only.
The routing against a real streaming replica is tests/faults/test_replica.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from platform_core.replica import (
    PRIMARY,
    ReplicaRouter,
    _use_replica,
    lsn_value,
    replica_block,
    replica_configured,
)


def test_lsn_values_compare_as_wal_positions():
    assert lsn_value("0/3000148") < lsn_value("0/3000150") < lsn_value("1/0")
    assert lsn_value("16/B374D848") == (0x16 << 32) + 0xB374D848


@pytest.mark.django_db
def test_without_a_replica_blocks_cost_nothing_and_read_the_primary(client):
    assert not replica_configured()
    with CaptureQueriesContext(connection) as queries, replica_block("current") as on_replica:
        assert on_replica is False
    assert len(queries) == 0
    response = client.post("/service/progress/", {"number": "x", "code": "1"})
    assert "egov_lsn" not in response.cookies


@pytest.mark.django_db(transaction=True)
def test_router_keeps_transactions_and_writes_on_the_primary():
    from django.db import transaction

    router = ReplicaRouter()
    token = _use_replica.set(True)
    try:
        assert router.db_for_read(None) == "replica"
        with transaction.atomic():
            assert router.db_for_read(None) == PRIMARY  # a transaction reads what it wrote
        assert router.db_for_write(None) == PRIMARY
        assert router.allow_migrate("replica", "approval") is False
    finally:
        _use_replica.reset(token)
    assert router.db_for_read(None) == PRIMARY
