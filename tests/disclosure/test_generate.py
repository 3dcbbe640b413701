"""generate_data's disclosure catalogue: published items with gapless 索引号 serials per unit and
year, counters set so later publications continue, every item searchable. (The demo's catalogue
is checked in tests/demo/test_demo_county.py.)"""

import pytest

from disclosure.constants import ItemStatus
from disclosure.models import Item

pytestmark = pytest.mark.django_db


def test_generate_data_makes_published_items_with_gapless_serials():
    from django.db.models import Max

    from disclosure.models import IndexCounter
    from disclosure.selectors.public import search_items
    from platform_core.generate_data import Scale, generate

    size = Scale(staff=10, citizens=5, articles=5, tasks=10, cases=2, disclosure_items=60)
    out = generate(scale=size, seed=3)
    assert out.counts["disclosure_items"] == 60
    items = Item.objects.filter(status=ItemStatus.PUBLISHED)
    assert items.count() == 60 and items.values("unit").distinct().count() >= 2
    for counter in IndexCounter.objects.all():
        mine = items.filter(unit_id=counter.unit_id, index_year=counter.year)
        assert mine.aggregate(m=Max("index_serial"))["m"] == counter.last == mine.count()
    assert not items.filter(search_vector__isnull=True).exists()
    assert search_items("安全生产").exists() or search_items("优化营商环境").exists()
