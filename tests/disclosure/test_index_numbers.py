"""索引号: unique and gapless per unit and year, also with several publishers at once."""

import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction

from disclosure.constants import ItemStatus
from disclosure.models import IndexCounter, Item
from disclosure.services import items as services
from disclosure.services.numbers import format_index_number
from tests.disclosure.conftest import make_item, publish


@pytest.mark.django_db
def test_serials_are_per_unit_and_year(columns, officer_a, officer_b, head_a, leader_a, dept_a):
    first = publish(make_item(officer_a, columns["zcwj"]), officer_a, head_a, leader_a)
    second = publish(
        make_item(officer_a, columns["zcwj"], title="第二份"), officer_a, head_a, leader_a
    )
    year = first.published_at.year
    assert [first.index_serial, second.index_serial] == [1, 2]
    assert second.index_number == format_index_number(dept_a, year, 2)
    assert IndexCounter.objects.get(unit=dept_a, year=year).last == 2


@pytest.mark.django_db
def test_database_refuses_a_duplicate_serial(columns, officer_a, head_a, leader_a):
    first = publish(make_item(officer_a, columns["zcwj"]), officer_a, head_a, leader_a)
    other = make_item(officer_a, columns["zcwj"], title="另一份")
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.filter(pk=other.pk).update(
            index_number="X/1", index_year=first.index_year, index_serial=first.index_serial
        )


@pytest.mark.django_db
def test_a_rolled_back_publication_leaves_no_gap(columns, officer_a, head_a, leader_a):
    item = make_item(officer_a, columns["zcwj"])
    services.item_submit(item=item, by=officer_a)
    services.item_approve(item=item, by=head_a)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.item_approve(item=item, by=leader_a)
        raise RuntimeError("the publishing transaction fails after the serial was taken")
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_REVIEW and item.index_number is None
    services.item_approve(item=item, by=leader_a)
    item.refresh_from_db()
    assert item.index_serial == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_publishers_get_gapless_serials(columns, officer_a, head_a, leader_a, dept_a):
    assert connection.vendor == "postgresql"
    count = 8
    items = []
    for n in range(count):
        item = make_item(officer_a, columns["zcwj"], title=f"并发发布测试文件{n}")
        services.item_submit(item=item, by=officer_a)
        services.item_approve(item=item, by=head_a)
        items.append(item)
    barrier = threading.Barrier(count)
    errors = []

    def sign_off(item):
        try:
            barrier.wait(timeout=30)
            services.item_approve(item=item, by=leader_a, comment="同意")
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_off, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    serials = sorted(
        Item.objects.filter(unit=dept_a, status=ItemStatus.PUBLISHED).values_list(
            "index_serial", flat=True
        )
    )
    assert serials == list(range(1, count + 1))
    assert len(set(Item.objects.values_list("index_number", flat=True))) == count
