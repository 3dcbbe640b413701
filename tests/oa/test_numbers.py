"""发文字号: per issuer and year, assigned at sign-off, no gap and no duplicate even with several
leaders signing off at once; a voided number is recorded and not reused."""

import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction

from oa.constants import DocStatus
from oa.models import Issuer, NumberCounter, OutgoingDocument, VoidedNumber
from oa.services import route as route_services
from oa.services.numbers import format_number, number_void
from tests.oa.conftest import make_document, sign


def test_format():
    assert format_number("蓝政发", 2026, 12) == "蓝政发〔2026〕12号"


@pytest.mark.django_db
def test_numbers_are_per_issuer(route, issuer, office, clerk, head, leader, gov):
    other = Issuer.objects.create(
        unit=gov,
        prefix="蓝政办发",
        header="蓝山县人民政府办公室文件",
        signature="蓝山县人民政府办公室",
    )
    a = sign(make_document(clerk, issuer, office), clerk, head, [], leader)
    b = sign(make_document(clerk, other, office), clerk, head, [], leader)
    c = sign(make_document(clerk, issuer, office), clerk, head, [], leader)
    assert [a.number_serial, b.number_serial, c.number_serial] == [1, 1, 2]
    assert c.number == f"蓝政发〔{c.number_year}〕2号"
    assert b.number.startswith("蓝政办发〔")


@pytest.mark.django_db
def test_database_refuses_a_duplicate_number(route, issuer, office, clerk, head, leader):
    first = sign(make_document(clerk, issuer, office), clerk, head, [], leader)
    other = make_document(clerk, issuer, office)
    with pytest.raises(IntegrityError), transaction.atomic():
        OutgoingDocument.objects.filter(pk=other.pk).update(
            number="X", number_year=first.number_year, number_serial=first.number_serial
        )


@pytest.mark.django_db
def test_rolled_back_sign_off_leaves_no_gap(route, issuer, office, clerk, head, leader):
    document = make_document(clerk, issuer, office)
    route_services.document_submit(document=document, by=clerk)
    route_services.document_review(document=document, by=head)
    with pytest.raises(RuntimeError), transaction.atomic():
        route_services.document_sign_off(document=document, by=leader)
        raise RuntimeError("the sign-off transaction fails after the number was taken")
    document.refresh_from_db()
    assert document.status == DocStatus.IN_ROUTE and document.number is None
    route_services.document_sign_off(document=document, by=leader)
    document.refresh_from_db()
    assert document.number_serial == 1


@pytest.mark.django_db
def test_voided_number_is_recorded_and_not_reused(route, issuer, office, clerk, head, leader):
    first = sign(make_document(clerk, issuer, office), clerk, head, [], leader)
    number = first.number
    with transaction.atomic():
        locked = OutgoingDocument.objects.select_for_update().get(pk=first.pk)
        number_void(locked, leader, "文字有误，重新印发")
        locked.status = DocStatus.VOIDED
        locked.save()
    assert VoidedNumber.objects.get().number == number
    second = sign(make_document(clerk, issuer, office), clerk, head, [], leader)
    assert second.number_serial == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_offs_get_gapless_numbers(route, issuer, office, clerk, head, leader):
    assert connection.vendor == "postgresql"
    count = 8
    documents = []
    for n in range(count):
        document = make_document(clerk, issuer, office, title=f"并发签发测试文件{n}")
        route_services.document_submit(document=document, by=clerk)
        route_services.document_review(document=document, by=head)
        documents.append(document)
    barrier = threading.Barrier(count)
    errors = []

    def sign_off(document):
        try:
            barrier.wait(timeout=30)
            route_services.document_sign_off(document=document, by=leader, comment="同意")
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_off, args=(d,)) for d in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    serials = sorted(
        OutgoingDocument.objects.filter(status=DocStatus.SIGNED).values_list(
            "number_serial", flat=True
        )
    )
    assert serials == list(range(1, count + 1))
    assert len(set(OutgoingDocument.objects.values_list("number", flat=True))) == count
    assert NumberCounter.objects.get(issuer=issuer).last == count
