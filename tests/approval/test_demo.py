"""load_demo adds the licensing catalogue: at least ten published items of five departments,
each with a published form, a published route and materials; a second run adds nothing."""

from django.core.management import call_command

from approval.constants import ItemStatus
from approval.models import LicensingItem
from approval.selectors import item_form_version
from platform_core.selectors.routes import version_for_new_case


def test_load_demo_publishes_items_with_forms_routes_and_materials(db):
    call_command("load_demo", verbosity=0)
    items = list(LicensingItem.objects.filter(status=ItemStatus.PUBLISHED))
    assert len(items) >= 10
    assert len({i.department_id for i in items}) >= 5
    for item in items:
        assert item.materials.exists(), item.code
        assert item_form_version(item) is not None, item.code
        assert version_for_new_case(item.route_code) is not None, item.code
    assert any(m.may_defer for i in items for m in i.materials.all())
    call_command("load_demo", verbosity=0)
    assert LicensingItem.objects.count() == len(items)
