"""Code tables (数据字典) in the back office: the system administrator lists the tables, adds,
renames, reorders, retires and re-enables entries; bad input gives Chinese errors; every change is
in the history and the next read of the selector sees it; everyone else is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from disclosure.constants import GENRE_TABLE, SUBJECT_TABLE
from platform_core.constants import RoleCode
from platform_core.models import CodeEntry, CodeTable
from platform_core.selectors import codes
from platform_core.services import codes as services
from tests.factories import CitizenFactory, staff_with_role

pytestmark = pytest.mark.django_db

BACKEND = "platform_core.auth_backends.StaffBackend"


def url(name, *args):
    return reverse(f"platform_core:{name}", args=args)


@pytest.fixture
def as_sysadmin(client, sysadmin):
    client.force_login(sysadmin, backend=BACKEND)
    return client


@pytest.fixture
def genre():
    return CodeTable.objects.get(code=GENRE_TABLE)


@pytest.fixture
def subject():
    return CodeTable.objects.get(code=SUBJECT_TABLE)


# --- Services: the business rules ---------------------------------------------------------------


def test_create_adds_an_entry_names_the_actor_and_the_next_read_sees_it(genre, sysadmin):
    assert ("whitepaper", "白皮书") not in codes.choices(GENRE_TABLE)  # now cached
    entry = services.code_entry_create(
        table=genre, code=" whitepaper ", name=" 白皮书 ", sort_order=500, by=sysadmin
    )
    assert (entry.code, entry.name) == ("whitepaper", "白皮书")
    assert ("whitepaper", "白皮书") in codes.choices(GENRE_TABLE)
    assert entry.history.get().history_user == sysadmin


def test_create_refuses_a_duplicate_code_and_an_empty_name(genre, sysadmin):
    with pytest.raises(ValidationError) as caught:
        services.code_entry_create(
            table=genre, code="interpretation", name="  ", sort_order=1, by=sysadmin
        )
    errors = caught.value.message_dict
    assert "已有代码“interpretation”" in errors["code"][0]
    assert errors["name"] == ["请填写名称。"]
    assert genre.entries.filter(code="interpretation").count() == 1


def test_same_code_is_allowed_in_another_table(genre, subject, sysadmin):
    code = subject.entries.values_list("code", flat=True).first()
    assert not genre.entries.filter(code=code).exists()
    services.code_entry_create(
        table=genre, code=code, name="另一字典同代码", sort_order=1, by=sysadmin
    )
    assert codes.label(GENRE_TABLE, code) == "另一字典同代码"


def test_update_renames_and_reorders_and_the_cache_follows(subject, sysadmin):
    entry = subject.entries.get(code="22")
    assert codes.label(SUBJECT_TABLE, "22") == "其他"
    services.code_entry_update(entry=entry, name="其他事项", sort_order=0, by=sysadmin)
    assert codes.label(SUBJECT_TABLE, "22") == "其他事项"
    assert codes.choices(SUBJECT_TABLE)[0] == ("22", "其他事项")
    last = CodeEntry.history.filter(id=entry.pk).first()
    assert last.history_user == sysadmin
    assert last.name == "其他事项"
    with pytest.raises(ValidationError) as caught:
        services.code_entry_update(entry=entry, name="", sort_order=0, by=sysadmin)
    assert caught.value.message_dict == {"name": ["请填写名称。"]}


def test_retire_keeps_the_entry_and_its_name_and_restore_offers_it_again(subject, sysadmin):
    entry = subject.entries.get(code="22")
    assert "22" in dict(codes.choices(SUBJECT_TABLE))
    services.code_entry_set_active(entry=entry, active=False, by=sysadmin)
    assert CodeEntry.objects.filter(pk=entry.pk, is_active=False).exists()
    assert "22" not in dict(codes.choices(SUBJECT_TABLE))
    assert codes.label(SUBJECT_TABLE, "22") == "其他"  # old records keep their name
    services.code_entry_set_active(entry=entry, active=True, by=sysadmin)
    assert "22" in dict(codes.choices(SUBJECT_TABLE))
    states = list(CodeEntry.history.filter(id=entry.pk).values_list("is_active", "history_user"))
    assert states[:2] == [(True, sysadmin.pk), (False, sysadmin.pk)]


@pytest.mark.parametrize(
    "role_code", [RoleCode.SECURITY_ADMIN, RoleCode.AUDIT_ADMIN, RoleCode.WEB_EDITOR]
)
def test_services_refuse_anyone_but_the_system_administrator(genre, gov, role_code):
    other = staff_with_role(role_code, gov)
    entry = genre.entries.first()
    with pytest.raises(PermissionDenied):
        services.code_entry_create(table=genre, code="x1", name="某", sort_order=1, by=other)
    with pytest.raises(PermissionDenied):
        services.code_entry_update(entry=entry, name="改名", sort_order=1, by=other)
    with pytest.raises(PermissionDenied):
        services.code_entry_set_active(entry=entry, active=False, by=other)
    entry.refresh_from_db()
    assert entry.is_active and entry.name != "改名"
    assert not genre.entries.filter(code="x1").exists()


# --- Pages --------------------------------------------------------------------------------------


def test_list_and_table_pages_show_tables_and_entries(as_sysadmin, subject):
    page = as_sysadmin.get(url("code_tables"))
    assert page.status_code == 200
    html = page.content.decode()
    assert subject.name in html and url("code_table_detail", subject.pk) in html
    subject.entries.filter(code="22").update(is_active=False)
    html = as_sysadmin.get(url("code_table_detail", subject.pk)).content.decode()
    assert "其他" in html and "已停用" in html
    assert url("code_entry_restore", subject.entries.get(code="22").pk) in html
    assert 'name="csrfmiddlewaretoken"' in html
    # The organisation pages link to the code tables.
    assert url("code_tables") in as_sysadmin.get(url("org_calendar")).content.decode()


def test_add_page_adds_an_entry_and_shows_chinese_errors(as_sysadmin, genre):
    page = url("code_entry_create", genre.pk)
    assert as_sysadmin.get(page).status_code == 200
    answer = as_sysadmin.post(page, {"code": "interpretation", "name": "", "sort_order": "1"})
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "已有代码“interpretation”" in html
    assert "请填写名称。" in html
    answer = as_sysadmin.post(page, {"code": "", "name": "x", "sort_order": "abc"})
    html = answer.content.decode()
    assert "请填写代码。" in html and "排序须为整数。" in html
    answer = as_sysadmin.post(page, {"code": "whitepaper", "name": "白皮书", "sort_order": "500"})
    assert answer.status_code == 302
    assert answer["Location"] == url("code_table_detail", genre.pk)
    assert ("whitepaper", "白皮书") in codes.choices(GENRE_TABLE)


def test_edit_page_changes_name_and_order_never_the_code(as_sysadmin, subject, sysadmin):
    entry = subject.entries.get(code="22")
    page = url("code_entry_edit", entry.pk)
    assert "其他" in as_sysadmin.get(page).content.decode()
    answer = as_sysadmin.post(page, {"name": " ", "sort_order": "1"})
    assert answer.status_code == 200 and "请填写名称。" in answer.content.decode()
    answer = as_sysadmin.post(page, {"code": "99", "name": "其他事项", "sort_order": "1"})
    assert answer.status_code == 302
    entry.refresh_from_db()
    assert (entry.code, entry.name, entry.sort_order) == ("22", "其他事项", 1)
    assert codes.label(SUBJECT_TABLE, "22") == "其他事项"
    assert entry.history.first().history_user == sysadmin


def test_retire_and_restore_over_http_are_post_only(as_sysadmin, subject):
    entry = subject.entries.get(code="22")
    assert as_sysadmin.get(url("code_entry_retire", entry.pk)).status_code == 405
    assert as_sysadmin.post(url("code_entry_retire", entry.pk)).status_code == 302
    assert "22" not in dict(codes.choices(SUBJECT_TABLE))
    assert as_sysadmin.post(url("code_entry_restore", entry.pk)).status_code == 302
    assert "22" in dict(codes.choices(SUBJECT_TABLE))
    assert CodeEntry.objects.filter(pk=entry.pk).exists()


def test_unknown_ids_are_404(as_sysadmin):
    assert as_sysadmin.get(url("code_table_detail", 999999)).status_code == 404
    assert as_sysadmin.get(url("code_entry_edit", 999999)).status_code == 404
    assert as_sysadmin.post(url("code_entry_retire", 999999)).status_code == 404


@pytest.mark.parametrize(
    "role_code", [RoleCode.SECURITY_ADMIN, RoleCode.AUDIT_ADMIN, RoleCode.SUPERVISOR]
)
def test_pages_refuse_other_staff_and_change_nothing(client, gov, genre, role_code):
    client.force_login(staff_with_role(role_code, gov), backend=BACKEND)
    entry = genre.entries.first()
    assert client.get(url("code_tables")).status_code == 403
    assert client.get(url("code_table_detail", genre.pk)).status_code == 403
    assert (
        client.post(
            url("code_entry_create", genre.pk), {"code": "x1", "name": "某", "sort_order": "1"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            url("code_entry_edit", entry.pk), {"name": "改名", "sort_order": "1"}
        ).status_code
        == 403
    )
    assert client.post(url("code_entry_retire", entry.pk)).status_code == 403
    entry.refresh_from_db()
    assert entry.is_active and entry.name != "改名"
    assert not genre.entries.filter(code="x1").exists()
    assert url("code_tables") not in client.get(url("org_tree")).content.decode()


def test_citizen_and_anonymous_are_kept_out(client, genre):
    answer = client.get(url("code_tables"))
    assert answer.status_code == 302 and answer["Location"].startswith("/office/login/")
    client.force_login(
        CitizenFactory(), backend="platform_core.auth_backends.CitizenSessionBackend"
    )
    assert client.get(url("code_table_detail", genre.pk)).status_code == 403


# --- Query counts of the list pages -------------------------------------------------------------


def _count_queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_make_a_constant_number_of_queries(
    as_sysadmin, genre, sysadmin, django_assert_max_num_queries
):
    tables_before = _count_queries(as_sysadmin, url("code_tables"))
    entries_before = _count_queries(as_sysadmin, url("code_table_detail", genre.pk))
    for i in range(15):
        table = CodeTable.objects.create(code=f"mx_{i}", name=f"测试字典{i}")
        CodeEntry.objects.bulk_create(
            CodeEntry(table=table, code=str(n), name=f"条目{n}") for n in range(5)
        )
        CodeEntry.objects.create(table=genre, code=f"extra{i}", name=f"附加{i}", is_active=i % 2)
    with django_assert_max_num_queries(tables_before):
        assert as_sysadmin.get(url("code_tables")).status_code == 200
    with django_assert_max_num_queries(entries_before):
        html = as_sysadmin.get(url("code_table_detail", genre.pk)).content.decode()
    assert "附加14" in html
