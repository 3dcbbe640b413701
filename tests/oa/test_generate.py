"""generate_data's official documents (oa/generate.py): bulk rows consistent with the services
that read them — gapless 发文字号 per issuer and year with the counters moved past them (the next
real sign-off continues), bodies that their history rebuilds, documents that open in the office
— and the 发文 and 收文 lists in the same number of queries at two data sizes."""

import random
from collections import defaultdict

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from oa import revisions
from oa.constants import DocStatus
from oa.generate import build_documents
from oa.models import (
    BodyVersion,
    Dispatch,
    IncomingDocument,
    Issuer,
    NumberCounter,
    OutgoingDocument,
)
from oa.services.numbers import format_number
from oa.services.route import ensure_route
from platform_core.constants import RoleCode
from platform_core.generate_data import Scale, generate
from platform_core.models import OrgUnit, Post
from tests.factories import staff_with_role
from tests.oa.conftest import make_document, sign

SIZE = Scale(
    staff=14, citizens=2, articles=2, tasks=10, cases=2, interaction_cases=0, oa_documents=120
)


def serials_by_issuer_year() -> dict:
    out = defaultdict(list)
    for issuer, year, serial in OutgoingDocument.objects.filter(number__isnull=False).values_list(
        "issuer", "number_year", "number_serial"
    ):
        out[(issuer, year)].append(serial)
    return out


@pytest.mark.django_db
def test_generated_documents_are_consistent():
    out = generate(scale=SIZE, seed=5)
    assert out.counts["oa_documents"] == 120
    assert OutgoingDocument.objects.count() == 120
    assert IncomingDocument.objects.count() == 120 // 5
    states = set(OutgoingDocument.objects.values_list("status", flat=True))
    assert {DocStatus.DRAFT, DocStatus.IN_ROUTE, DocStatus.SIGNED, DocStatus.DISPATCHED} <= states
    # Signed and dispatched documents, and only they, carry a 发文字号 of their issuer.
    numbered = OutgoingDocument.objects.filter(number__isnull=False).select_related("issuer")
    assert (
        numbered.count()
        == OutgoingDocument.objects.filter(
            status__in=[DocStatus.SIGNED, DocStatus.DISPATCHED]
        ).count()
    )
    for doc in numbered:
        assert doc.number == format_number(doc.issuer.prefix, doc.number_year, doc.number_serial)
        assert doc.signed_by and doc.signed_at and doc.formed_on
    # Gapless per issuer and year, and each counter holds the last serial given.
    serials = serials_by_issuer_year()
    assert len(serials) >= 2
    for (issuer, year), got in serials.items():
        assert sorted(got) == list(range(1, len(got) + 1))
        assert NumberCounter.objects.get(issuer=issuer, year=year).last == len(got)
    # Each document's body is rebuilt from its history (the 初稿 version).
    for doc in OutgoingDocument.objects.all()[:20]:
        deltas = list(BodyVersion.objects.filter(document=doc).values_list("delta", flat=True))
        assert revisions.rebuild(deltas) == doc.body
    # Each dispatch goes to another unit and is received by someone posted there.
    for dispatch in Dispatch.objects.select_related("document"):
        assert dispatch.unit_id != dispatch.document.unit_id
        assert Post.objects.filter(user=dispatch.received_by_id, unit=dispatch.unit_id).exists()
    # The drafter holds a post in the drafting unit (as document_create demands).
    for doc in OutgoingDocument.objects.all()[:20]:
        assert Post.objects.filter(user=doc.drafter_id, unit=doc.unit_id).exists()


def person(code, unit, n: int):
    # Mobiles outside the generated staff's 139… range (unique per kind).
    return staff_with_role(code, unit, mobile=f"1380000{n:04d}")


@pytest.mark.django_db
def test_real_sign_off_after_generation_gets_the_next_number(gov, issuer):
    generate(scale=SIZE, seed=6)  # reuses the county government's issuer 蓝政发
    office = OrgUnit.objects.get(code="zfb")
    ensure_route(by=person(RoleCode.SYSTEM_ADMIN, gov, 1))
    clerk = person(RoleCode.REVIEW_CLERK, office, 2)
    head = person(RoleCode.SECTION_HEAD, office, 3)
    leader = person(RoleCode.LEADER, gov, 4)
    assert Issuer.objects.filter(prefix="蓝政发").count() == 1
    before = OutgoingDocument.objects.filter(issuer=issuer, number__isnull=False).count()
    assert before > 0
    document = sign(make_document(clerk, issuer, office), clerk, head, [], leader)
    year = document.number_year
    generated = serials_by_issuer_year()[(issuer.pk, year)]
    assert document.number_serial == len(generated) == max(generated)
    assert document.number == f"蓝政发〔{year}〕{document.number_serial}号"
    assert sorted(generated) == list(range(1, len(generated) + 1))


@pytest.mark.django_db
def test_generated_document_opens_in_the_office(client):
    generate(scale=SIZE, seed=8)
    for status in (DocStatus.DRAFT, DocStatus.IN_ROUTE, DocStatus.DISPATCHED):
        doc = OutgoingDocument.objects.filter(status=status).select_related("drafter").first()
        client.force_login(doc.drafter)
        listing = client.get("/office/oa/documents/", {"q": doc.title})
        assert listing.status_code == 200
        assert doc.pk in [d.pk for d in listing.context["page"].object_list]
        detail = client.get(f"/office/oa/documents/{doc.pk}/")
        assert detail.status_code == 200
        assert doc.title in detail.content.decode()
        if doc.number:
            assert doc.number in detail.content.decode()
    incoming = IncomingDocument.objects.select_related("registered_by").first()
    client.force_login(incoming.registered_by)
    response = client.get(f"/office/oa/incoming/{incoming.pk}/")
    assert response.status_code == 200
    assert incoming.title in response.content.decode()


def count(client, path: str) -> tuple[int, int]:
    """(queries, rows on the first page) of a list page, warmed up."""

    def run():
        response = client.get(path)
        assert response.status_code == 200, path
        return response

    cache.clear()
    run()  # warm-up: session, content types
    with CaptureQueriesContext(connection) as ctx:
        response = run()
    return len(ctx.captured_queries), len(response.context["page"].object_list)


def measure(client) -> dict:
    leader = Post.objects.filter(role__code=RoleCode.LEADER).select_related("user").first().user
    client.force_login(leader)  # the county leader sees every document
    out = {"documents": count(client, "/office/oa/documents/")}
    clerk = IncomingDocument.objects.order_by("pk").first().registered_by
    client.force_login(clerk)
    out["incoming"] = count(client, "/office/oa/incoming/")
    out["documents_unit"] = count(client, "/office/oa/documents/")
    return out


@pytest.mark.django_db
def test_document_and_incoming_lists_do_not_grow_with_data(client):
    out = generate(scale=Scale(**{**SIZE.__dict__, "oa_documents": 600}), seed=9)
    small = measure(client)
    build_documents(random.Random(10), out.units, out.staff, 3_000)
    assert OutgoingDocument.objects.count() == 3_600
    large = measure(client)
    assert {k: q for k, (q, _rows) in large.items()} == {k: q for k, (q, _rows) in small.items()}
    assert small["documents"][1] == 20  # a full first page at both sizes
    for name, (queries, rows) in small.items():
        assert queries > 0 and rows > 0, name
        assert large[name][1] == 20 or large[name][1] > rows, name  # more rows, same queries
