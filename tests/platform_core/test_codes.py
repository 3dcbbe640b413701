"""Code tables (数据字典): one model, one cached selector, extended by administrators."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from disclosure.constants import GENRE_TABLE, SUBJECT_TABLE, Subject
from disclosure.forms.items import ItemForm
from platform_core.constants import RoleCode
from platform_core.models import CodeEntry, CodeTable
from platform_core.selectors import codes
from platform_core.services.codes import code_table_register, code_tables_sync
from tests.factories import staff_with_role

pytestmark = pytest.mark.django_db


def test_registered_tables_are_filled_after_migrate():
    assert codes.choices(SUBJECT_TABLE) == list(Subject.choices)
    assert ("interpretation", "政策解读") in codes.choices(GENRE_TABLE)


def test_sync_adds_missing_entries_and_keeps_administrators_changes():
    # A table of this test only: the registry outlives the test, and a transactional test's
    # flush runs the sync again (post_migrate), which would keep a fixed name's rows.
    from platform_core.services.codes import REGISTRY

    code = f"test_industry_{uuid.uuid4().hex[:8]}"
    code_table_register(code, "行业", [("A", "农、林、牧、渔业"), ("B", "采矿业")])
    try:
        assert code_tables_sync() == 2
        entry = CodeEntry.objects.get(table__code=code, code="A")
        entry.name = "农林牧渔业"
        entry.save()
        assert code_tables_sync() == 0
        assert codes.label(code, "A") == "农林牧渔业"
    finally:
        REGISTRY.pop(code, None)


def test_choices_are_cached_and_follow_changes(django_assert_num_queries):
    codes.choices(SUBJECT_TABLE)
    with django_assert_num_queries(0):
        codes.choices(SUBJECT_TABLE)
    table = CodeTable.objects.get(code=SUBJECT_TABLE)
    CodeEntry.objects.create(table=table, code="23", name="乡村振兴", sort_order=5)
    assert codes.choices(SUBJECT_TABLE)[0] == ("23", "乡村振兴")  # the save cleared the cache
    other = CodeEntry.objects.get(table=table, code="22")
    other.is_active = False
    other.save()
    assert "22" not in dict(codes.choices(SUBJECT_TABLE))
    assert codes.label(SUBJECT_TABLE, "22") == "其他"  # old records keep their name


def test_disclosure_form_offers_an_entry_the_administrator_added():
    table = CodeTable.objects.get(code=SUBJECT_TABLE)
    CodeEntry.objects.create(table=table, code="23", name="乡村振兴", sort_order=999)
    field = ItemForm.base_fields["subject"]
    assert ("23", "乡村振兴") in list(field.choices)


def test_sysadmin_extends_a_code_table_in_admin(client, gov):
    admin = staff_with_role(RoleCode.SYSTEM_ADMIN, gov, is_staff=True)
    client.force_login(admin)
    table = CodeTable.objects.get(code=GENRE_TABLE)
    url = reverse("admin:platform_core_codetable_change", args=[table.pk])
    page = client.get(url)
    assert page.status_code == 200
    entries = list(table.entries.order_by("sort_order", "code"))
    data = {
        "name": table.name,
        "description": "",
        "entries-TOTAL_FORMS": str(len(entries) + 1),
        "entries-INITIAL_FORMS": str(len(entries)),
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
    }
    for i, entry in enumerate(entries):
        data.update(
            {
                f"entries-{i}-id": str(entry.pk),
                f"entries-{i}-table": str(table.pk),
                f"entries-{i}-code": entry.code,
                f"entries-{i}-name": entry.name,
                f"entries-{i}-sort_order": str(entry.sort_order),
                f"entries-{i}-is_active": "on",
            }
        )
    n = len(entries)
    data.update(
        {
            f"entries-{n}-table": str(table.pk),
            f"entries-{n}-code": "whitepaper",
            f"entries-{n}-name": "白皮书",
            f"entries-{n}-sort_order": "500",
            f"entries-{n}-is_active": "on",
        }
    )
    answer = client.post(url, data)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert ("whitepaper", "白皮书") in codes.choices(GENRE_TABLE)
    history = CodeEntry.history.filter(code="whitepaper").first()
    assert history.history_user == admin


def test_change_history_names_codes_from_the_table():
    from platform_core.selectors.audit import VALUE_LABELS

    labels = VALUE_LABELS["disclosure.Item.subject"]
    assert labels.get("02", "02") == "综合政务"
    table = CodeTable.objects.get(code=SUBJECT_TABLE)
    CodeEntry.objects.create(table=table, code="23", name="乡村振兴", sort_order=999)
    assert labels.get("23", "23") == "乡村振兴"
