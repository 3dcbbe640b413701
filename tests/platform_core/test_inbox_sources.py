"""platform_core.inbox_sources: a work source that names `roles` is not asked for the work of
someone who holds none of them (its queryset is not even built), and is for who holds one."""

import pytest

from platform_core import inbox_sources
from platform_core.constants import RoleCode
from platform_core.models import OrgUnit
from tests.factories import staff_with_role

pytestmark = pytest.mark.django_db


class _Source:
    key = "tests.leaders_only"
    label = "领导事项"
    roles = frozenset({RoleCode.LEADER})

    def __init__(self):
        self.asked = []

    def pending(self, user):
        self.asked.append(user.pk)
        return OrgUnit.objects.all()

    def items(self, user, limit):
        return [inbox_sources.WorkItem("阅处", "事项", "/office/", "测试")]


@pytest.fixture
def source():
    saved = dict(inbox_sources._SOURCES)
    source = _Source()
    inbox_sources._SOURCES.clear()
    inbox_sources.register_work_source(source)
    yield source
    inbox_sources._SOURCES.clear()
    inbox_sources._SOURCES.update(saved)


def test_source_with_roles_skips_who_holds_none(source, dept_a, django_assert_num_queries):
    clerk = staff_with_role(RoleCode.REVIEW_CLERK, dept_a)
    assert inbox_sources.work_counts(clerk) == {}
    assert inbox_sources.work_items(clerk) == []
    assert source.asked == []
    # The posts are read once; nothing else is asked of the database for this reader.
    fresh = type(clerk).objects.get(pk=clerk.pk)
    with django_assert_num_queries(1):
        assert inbox_sources.work_count(fresh) == 0


def test_source_with_roles_counts_for_a_holder(source, dept_a):
    leader = staff_with_role(RoleCode.LEADER, dept_a)
    units = OrgUnit.objects.count()
    assert units > 0
    assert inbox_sources.work_counts(leader) == {"tests.leaders_only": units}
    assert [w.title for w in inbox_sources.work_items(leader)] == ["事项"]
    assert source.asked == [leader.pk]
