"""分发: each recipient unit gets the document in its 收文 queue and inbox with a deadline,
签收 is tracked, the print count is recorded, and 主动公开 documents are disclosed once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from disclosure.constants import ItemStatus
from disclosure.selectors.items import item_for_source
from disclosure.services import columns as column_services
from oa.constants import DocStatus
from oa.models import Dispatch
from oa.services import dispatch as services
from platform_core.constants import RoleCode
from platform_core.inbox_sources import work_count, work_items
from platform_core.models import User
from tests.factories import staff_with_role
from tests.oa.conftest import make_document, sign


def fresh(user):
    """The inbox counts once per request (cached on the user object): read a new copy."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def catalogue(gov):
    officer = staff_with_role(RoleCode.DISCLOSURE_OFFICER, gov, name="陈志刚")
    root = column_services.column_create(
        by=officer, unit=gov, name="法定主动公开内容", slug="fdzdgk"
    )
    return column_services.column_create(
        by=officer, unit=gov, name="政策文件", slug="zcwj", parent=root
    )


@pytest.fixture
def signed(route, issuer, office, clerk, head, leader, dept_a, dept_b):
    document = make_document(clerk, issuer, office, recipients=[dept_a, dept_b])
    return sign(document, clerk, head, [], leader)


@pytest.mark.django_db
def test_dispatch_reaches_each_unit_and_is_signed_for(
    signed, catalogue, clerk, clerk_b, head_a, dept_a, dept_b
):
    assert work_count(fresh(clerk_b)) == 0
    created = services.document_dispatch(document=signed, by=clerk)
    assert {d.unit_id for d in created} == {dept_a.pk, dept_b.pk}
    signed.refresh_from_db()
    assert signed.status == DocStatus.DISPATCHED
    # In the unified inbox of the recipient unit's staff, with the receipt deadline.
    assert work_count(fresh(clerk_b)) == 1
    (item,) = [w for w in work_items(fresh(clerk_b)) if w.action == "签收"]
    assert signed.number in item.title and item.due_date is not None
    assert work_count(fresh(clerk)) == 0
    dispatch_b = Dispatch.objects.get(document=signed, unit=dept_b)
    with pytest.raises(PermissionDenied):
        services.receipt_sign(dispatch=dispatch_b, by=head_a)
    services.receipt_sign(dispatch=dispatch_b, by=clerk_b)
    dispatch_b.refresh_from_db()
    assert dispatch_b.received_by == clerk_b and dispatch_b.clock.finished_on is not None
    # Signed for, it is registered as 收文 and waits for 拟办 instead (tests/oa/test_incoming.py).
    assert [w.action for w in work_items(fresh(clerk_b))] == ["拟办"]
    with pytest.raises(ValidationError):
        services.receipt_sign(dispatch=dispatch_b, by=clerk_b)


@pytest.mark.django_db
def test_proactive_document_is_disclosed_once(signed, catalogue, clerk, leader):
    services.document_dispatch(document=signed, by=clerk)
    signed.refresh_from_db()
    item = item_for_source(signed.source_ref)
    assert item is not None and item.status == ItemStatus.PUBLISHED
    assert item.document_number == signed.number and item.title == signed.title
    assert signed.disclosure_item_id == item.pk and signed.disclosure_url == item.url
    again = services.document_publish(document=signed, by=leader)
    assert not again.created and again.item_id == item.pk


@pytest.mark.django_db
def test_not_public_document_is_not_disclosed(
    route, catalogue, issuer, office, clerk, head, leader, dept_a
):
    document = make_document(clerk, issuer, office, recipients=[dept_a], openness="not_public")
    document = sign(document, clerk, head, [], leader)
    services.document_dispatch(document=document, by=clerk)
    assert item_for_source(document.source_ref) is None


@pytest.mark.django_db
def test_only_signed_documents_are_dispatched(route, issuer, office, clerk, dept_a):
    document = make_document(clerk, issuer, office, recipients=[dept_a])
    with pytest.raises(ValidationError):
        services.document_dispatch(document=document, by=clerk)


@pytest.mark.django_db
@pytest.mark.slow
def test_print_count_is_recorded(client, signed, clerk):
    client.force_login(clerk)
    url = reverse("oa:document_pdf", args=[signed.pk])
    assert client.get(url).status_code == 200
    client.get(url + "?print=1")
    client.get(url + "?print=1")
    signed.refresh_from_db()
    assert signed.print_count == 2


@pytest.mark.django_db
def test_receipt_page_signs(client, signed, catalogue, clerk, clerk_b, dept_b):
    services.document_dispatch(document=signed, by=clerk)
    client.force_login(clerk_b)
    page = client.get(reverse("oa:receipts")).content.decode()
    assert signed.title in page
    dispatch = Dispatch.objects.get(document=signed, unit=dept_b)
    client.post(reverse("oa:receipt_sign", args=[dispatch.pk]))
    dispatch.refresh_from_db()
    assert dispatch.received_by == clerk_b
    # Another unit's receipt: not found.
    other = Dispatch.objects.exclude(pk=dispatch.pk).get()
    assert client.post(reverse("oa:receipt_sign", args=[other.pk])).status_code == 404
