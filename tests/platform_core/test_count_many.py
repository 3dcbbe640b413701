"""platform_core.db.count_many: several counts in one query, the same numbers as `.count()`."""

import pytest

from platform_core.db import count_many
from platform_core.models import OrgUnit
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


def test_counts_match_count_in_one_query(gov, django_assert_num_queries):
    for i in range(3):
        OrgUnitFactory(parent=gov, name=f"局{i}", code=f"j{i}")
    querysets = {
        "all": OrgUnit.objects.all(),
        "some": OrgUnit.objects.filter(code__in=["j0", "j2"]),
        "ordered": OrgUnit.objects.order_by("-name").filter(depth=2),
        "distinct": OrgUnit.objects.filter(depth__gte=1).distinct(),
        ("tuple", "key"): OrgUnit.objects.filter(name__startswith="局"),
    }
    expected = {key: qs.count() for key, qs in querysets.items()}
    with django_assert_num_queries(1):
        assert count_many(querysets) == expected


def test_empty_querysets_are_zero_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        counts = count_many(
            {"none": OrgUnit.objects.none(), "in": OrgUnit.objects.filter(pk__in=[])}
        )
    assert counts == {"none": 0, "in": 0}
    with django_assert_num_queries(0):
        assert count_many({}) == {}
