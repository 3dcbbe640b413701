"""Staff of department A (reviewer, section head, leader) and a leader of department B."""

import pytest

from platform_core.constants import RoleCode, UnitKind
from tests.factories import OrgUnitFactory, staff_with_role


@pytest.fixture
def review_section(dept_a):
    return OrgUnitFactory(parent=dept_a, name="行政审批科", code="scjg-sp", kind=UnitKind.SECTION)


@pytest.fixture
def reviewer_a(window_a):
    # The route's review step is assigned by role within the case's unit, which acceptance sets
    # to the accepting clerk's section (approval/services/acceptance.py `_case_unit`).
    return staff_with_role(RoleCode.REVIEW_CLERK, window_a, name="审查乙")


@pytest.fixture
def head_a(review_section):
    return staff_with_role(RoleCode.SECTION_HEAD, review_section, name="科长丙")


@pytest.fixture
def leader_a(dept_a):
    return staff_with_role(RoleCode.LEADER, dept_a, name="局长丁")


@pytest.fixture
def leader_b(dept_b):
    return staff_with_role(RoleCode.LEADER, dept_b, name="他局局长")
