"""Shared fixtures of the OA tests: a county government issuing 蓝政发 documents drafted by its
office, reviewed by the office's section head, countersigned by two departments and signed off
by the county leader."""

import pytest

from oa.models import Issuer
from oa.services import documents as doc_services
from oa.services import route as route_services
from platform_core.constants import RoleCode
from tests.factories import OrgUnitFactory, staff_with_role


@pytest.fixture
def office(gov):
    return OrgUnitFactory(parent=gov, name="县政府办公室", code="zfb")


@pytest.fixture
def sysadmin(gov):
    return staff_with_role(RoleCode.SYSTEM_ADMIN, gov)


@pytest.fixture
def route(sysadmin):
    return route_services.ensure_route(by=sysadmin)


@pytest.fixture
def issuer(gov):
    return Issuer.objects.create(
        unit=gov, prefix="蓝政发", header="蓝山县人民政府文件", signature="蓝山县人民政府"
    )


@pytest.fixture
def clerk(office):
    return staff_with_role(RoleCode.REVIEW_CLERK, office, name="周敏")


@pytest.fixture
def colleague(office):
    return staff_with_role(RoleCode.REVIEW_CLERK, office, name="黄磊")


@pytest.fixture
def head(office):
    return staff_with_role(RoleCode.SECTION_HEAD, office, name="谢伟")


@pytest.fixture
def leader(gov):
    return staff_with_role(RoleCode.LEADER, gov, name="李建国")


@pytest.fixture
def head_a(dept_a):
    return staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="刘芳")


@pytest.fixture
def head_b(dept_b):
    return staff_with_role(RoleCode.SECTION_HEAD, dept_b, name="钟华")


@pytest.fixture
def clerk_b(dept_b):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_b, name="邓丽")


BODY = (
    "<p>各乡镇人民政府，县直各单位：</p>"
    "<p>为做好2026年元旦春节期间安全生产工作，现将有关事项通知如下。</p>"
)


def make_document(clerk, issuer, office, *, countersign=(), recipients=(), **kw):
    fields = {
        "kind": "notice",
        "title": "关于做好2026年元旦春节期间安全生产工作的通知",
        "main_to": "各乡镇人民政府，县直各单位",
        "copy_to": "县委办公室，县人大常委会办公室",
        "body": BODY,
        **kw,
    }
    return doc_services.document_create(
        by=clerk,
        issuer=issuer,
        unit=office,
        countersign_units=countersign,
        recipient_units=recipients,
        **fields,
    )


def sign(document, clerk, head, countersigners, leader):
    """Take a draft through the whole route to sign-off."""
    route_services.document_submit(document=document, by=clerk)
    route_services.document_review(document=document, by=head, comment="核稿通过")
    for person in countersigners:
        route_services.document_countersign(document=document, by=person, comment="同意")
    route_services.document_sign_off(document=document, by=leader, comment="同意")
    document.refresh_from_db()
    return document
