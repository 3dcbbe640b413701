import pytest

from platform_core.constants import RoleCode, UnitKind
from tests.factories import OrgUnitFactory, staff_with_role


@pytest.fixture
def sysadmin(gov):
    return staff_with_role(RoleCode.SYSTEM_ADMIN, gov)


@pytest.fixture
def secadmin(gov):
    return staff_with_role(RoleCode.SECURITY_ADMIN, gov)


@pytest.fixture
def section_a(dept_a):
    return OrgUnitFactory(parent=dept_a, name="许可科", code="scjg-xk", kind=UnitKind.SECTION)
