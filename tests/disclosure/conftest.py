"""Shared fixtures of the disclosure tests: department A's officer and reviewers, the default
review route and the county platform's standard columns."""

import datetime

import pytest
from django.utils import timezone

from disclosure.constants import ColumnKind, Genre, Subject
from disclosure.services import columns as column_services
from disclosure.services import items as services
from disclosure.services.review import ensure_default_route
from platform_core.constants import RoleCode
from tests.factories import make_resident_id, staff_with_role


@pytest.fixture
def sysadmin(gov):
    return staff_with_role(RoleCode.SYSTEM_ADMIN, gov)


@pytest.fixture
def route(sysadmin):
    return ensure_default_route(by=sysadmin)


@pytest.fixture
def officer_a(dept_a):
    return staff_with_role(RoleCode.DISCLOSURE_OFFICER, dept_a, name="吴静")


@pytest.fixture
def head_a(dept_a):
    return staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="刘芳")


@pytest.fixture
def leader_a(dept_a):
    return staff_with_role(RoleCode.LEADER, dept_a, name="李建国")


@pytest.fixture
def officer_b(dept_b):
    return staff_with_role(RoleCode.DISCLOSURE_OFFICER, dept_b, name="钟华")


@pytest.fixture
def gov_officer(gov):
    return staff_with_role(RoleCode.DISCLOSURE_OFFICER, gov, name="陈志刚")


@pytest.fixture
def columns(gov_officer, route):
    """The county platform's columns (owned by the government, usable by every department)."""
    make = column_services.column_create
    fdzdgk = make(
        by=gov_officer, unit=gov_officer_unit(gov_officer), name="法定主动公开内容", slug="fdzdgk"
    )
    return {
        "fdzdgk": fdzdgk,
        "zcwj": make(by=gov_officer, unit=fdzdgk.unit, name="政策文件", slug="zcwj", parent=fdzdgk),
        "zcjd": make(by=gov_officer, unit=fdzdgk.unit, name="政策解读", slug="zcjd", parent=fdzdgk),
        "guide": make(
            by=gov_officer,
            unit=fdzdgk.unit,
            name="信息公开指南",
            slug="gkzn",
            kind=ColumnKind.GUIDE,
        ),
    }


def gov_officer_unit(user):
    return user.posts.first().unit


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def make_item(officer, column, unit=None, title="蓝山县促进民营经济发展若干措施", **fields):
    fields.setdefault("formed_on", days_ago(3))
    fields.setdefault("document_number", "蓝政发〔2026〕8号")
    fields.setdefault("subject", Subject.ECONOMY)
    fields.setdefault("genre", Genre.MEASURES)
    fields.setdefault("body", f"<p>{title}。为进一步优化营商环境，制定本措施。</p>")
    unit = unit or officer.posts.first().unit
    return services.item_create(by=officer, column=column, unit=unit, title=title, **fields)


def publish(item, officer, head, leader):
    services.item_submit(item=item, by=officer)
    services.item_approve(item=item, by=head, comment="无涉密内容")
    return services.item_approve(item=item, by=leader, comment="同意公开")


RESIDENT_ID = make_resident_id(7)
