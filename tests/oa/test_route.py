"""The outgoing route 核稿 → 会签 (parallel) → 签发 on the platform, with inbox tasks."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from oa.constants import DocStatus
from oa.models import DocumentEvent
from oa.services import route as route_services
from platform_core.models import TaskInfo
from tests.oa.conftest import make_document, sign


@pytest.mark.django_db
def test_route_with_two_countersigning_units(
    route, issuer, office, clerk, head, head_a, head_b, leader, dept_a, dept_b
):
    document = make_document(clerk, issuer, office, countersign=[dept_a, dept_b])
    route_services.document_submit(document=document, by=clerk)
    document.refresh_from_db()
    assert document.status == DocStatus.IN_ROUTE
    review = TaskInfo.objects.get(process=document.process, is_open=True)
    assert review.step_name == "核稿" and review.due_date is not None
    route_services.document_review(document=document, by=head)
    tasks = TaskInfo.objects.filter(process=document.process, is_open=True).order_by("owner_id")
    assert {t.owner_id for t in tasks} == {head_a.pk, head_b.pk}
    assert {t.step_name for t in tasks} == {"会签"}
    with pytest.raises(ValidationError):
        route_services.document_sign_off(document=document, by=leader)
    route_services.document_countersign(document=document, by=head_a)
    # Still waiting for the second unit: no sign-off task yet.
    assert not TaskInfo.objects.filter(
        process=document.process, is_open=True, step_name="签发"
    ).exists()
    route_services.document_countersign(document=document, by=head_b)
    signoff = TaskInfo.objects.get(process=document.process, is_open=True)
    assert signoff.step_name == "签发"
    route_services.document_sign_off(document=document, by=leader)
    document.refresh_from_db()
    assert document.status == DocStatus.SIGNED
    assert document.number == f"蓝政发〔{document.number_year}〕1号"
    assert document.signed_by == leader and document.formed_on is not None
    assert document.clock.finished_on is not None
    actions = list(DocumentEvent.objects.filter(document=document).values_list("action", flat=True))
    assert actions == ["create", "submit", "review", "countersign", "countersign", "sign_off"]


@pytest.mark.django_db
def test_without_countersign_review_goes_to_sign_off(route, issuer, office, clerk, head, leader):
    document = make_document(clerk, issuer, office)
    document = sign(document, clerk, head, [], leader)
    assert document.status == DocStatus.SIGNED and document.number_serial == 1


@pytest.mark.django_db
def test_return_from_sign_off_goes_back_to_review(route, issuer, office, clerk, head, leader):
    document = make_document(clerk, issuer, office)
    route_services.document_submit(document=document, by=clerk)
    route_services.document_review(document=document, by=head)
    with pytest.raises(ValidationError):
        route_services.document_return(document=document, by=leader, comment="")
    route_services.document_return(document=document, by=leader, comment="请补充工作要求")
    document.refresh_from_db()
    info = TaskInfo.objects.get(process=document.process, is_open=True)
    assert info.step_key == "review" and info.owner_id == head.pk
    document.refresh_from_db()
    assert document.number is None


@pytest.mark.django_db
def test_drafter_of_another_unit_cannot_submit(route, issuer, office, clerk, clerk_b):
    document = make_document(clerk, issuer, office)
    with pytest.raises(PermissionDenied):
        route_services.document_submit(document=document, by=clerk_b)


@pytest.mark.django_db
def test_a_bureau_signs_off_its_own_documents(route, dept_a, head_a, leader):
    """签发 goes to the issuing organ's leaders: a bureau's own 发文 to the bureau's leader."""
    from oa.models import Issuer
    from platform_core.constants import RoleCode
    from tests.factories import staff_with_role

    bureau = Issuer.objects.create(
        unit=dept_a,
        prefix="蓝市监发",
        header="蓝山县市场监督管理局文件",
        signature="蓝山县市场监督管理局",
    )
    clerk_a = staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="唐婷")
    leader_a = staff_with_role(RoleCode.LEADER, dept_a, name="罗成")
    document = make_document(clerk_a, bureau, dept_a)
    route_services.document_submit(document=document, by=clerk_a)
    route_services.document_review(document=document, by=head_a)
    document.refresh_from_db()
    signoff = TaskInfo.objects.get(process=document.process, is_open=True)
    assert signoff.step_name == "签发" and signoff.unit_id == dept_a.pk
    with pytest.raises(PermissionDenied):
        route_services.document_sign_off(document=document, by=leader)  # the county's leader
    route_services.document_sign_off(document=document, by=leader_a)
    document.refresh_from_db()
    assert document.number.startswith("蓝市监发〔")
