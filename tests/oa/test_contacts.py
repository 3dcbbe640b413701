"""The public address book (公共通讯录): pinyin computed on save, search by name, pinyin initials,
full pinyin, unit and phone; mobile visibility by the person's own choice; Excel and vCard export;
the settings page's bad input; constant queries."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from oa.constants import MobileScope
from oa.models import StaffContact
from oa.selectors import contacts as selectors
from oa.services import contacts as services
from platform_core.constants import RoleCode
from tests.factories import staff_with_role


def names(viewer, **kw):
    return [p.user.name for p in selectors.search_posts(viewer, **kw)]


def test_pinyin_is_computed_when_a_person_is_saved(clerk):
    contact = StaffContact.objects.get(user=clerk)
    assert (contact.name_pinyin, contact.name_initials) == ("zhoumin", "zm")
    clerk.name = "周晓敏"
    clerk.save()
    contact.refresh_from_db()
    assert (contact.name_pinyin, contact.name_initials) == ("zhouxiaomin", "zxm")


def test_name_pinyin_keeps_latin_letters():
    assert services.name_pinyin("李Ming") == ("liming", "lm")
    assert services.name_pinyin("") == ("", "")


def test_search_by_name_initials_full_pinyin_unit_and_phone(clerk, colleague, head, dept_a):
    other = staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="张明", mobile="13812345678")
    services.contact_update(by=head, office_phone="0746-8821234", room="305", mobile_scope="county")
    assert names(clerk, q="周敏") == ["周敏"]
    assert sorted(names(clerk, q="zm")) == sorted(["周敏", "张明"])
    assert names(clerk, q="ZM")  # case does not matter
    assert names(clerk, q="zhoum") == ["周敏"]
    assert names(clerk, q="hl") == ["黄磊"]
    assert set(names(clerk, q="市场监督")) == {other.name}
    assert names(clerk, q="8821234") == ["谢伟"]
    assert names(clerk, q="13812345678") == ["张明"]
    assert names(clerk, q="不存在的人") == []


def test_a_unit_only_mobile_is_hidden_from_other_units(clerk, colleague, dept_a):
    outsider = staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="刘芳")
    services.contact_update(by=colleague, office_phone="", room="", mobile_scope=MobileScope.UNIT)
    mine = {e.user.pk: e for e in selectors.entries(clerk, selectors.search_posts(clerk))}
    theirs = {e.user.pk: e for e in selectors.entries(outsider, selectors.search_posts(outsider))}
    assert mine[colleague.pk].mobile == colleague.mobile  # same unit
    assert theirs[colleague.pk].mobile_hidden  # another unit
    assert theirs[clerk.pk].mobile == clerk.mobile  # county-wide by default
    # A hidden number is not found by searching for it either.
    assert colleague.name not in names(outsider, q=colleague.mobile)
    assert colleague.name in names(clerk, q=colleague.mobile)


def test_contact_update_rejects_bad_phone_and_scope(clerk):
    with pytest.raises(ValidationError, match="办公电话只能包含数字"):
        services.contact_update(by=clerk, office_phone="abc", room="", mobile_scope="county")
    with pytest.raises(ValidationError, match="可见范围"):
        services.contact_update(by=clerk, office_phone="", room="", mobile_scope="world")


def test_settings_page_saves_and_shows_errors(client, clerk):
    client.force_login(clerk)
    url = reverse("oa:contact_settings")
    assert "手机号码可见范围" in client.get(url).content.decode()
    bad = client.post(url, {"office_phone": "电话x", "room": "1", "mobile_scope": "unit"})
    assert bad.status_code == 200 and "办公电话只能包含数字" in bad.content.decode()
    missing = client.post(url, {"office_phone": "", "room": ""})
    assert missing.status_code == 200 and "该字段是必填项" in missing.content.decode()
    ok = client.post(url, {"office_phone": "0746-8820001", "room": "201", "mobile_scope": "unit"})
    assert ok.status_code == 302
    contact = StaffContact.objects.get(user=clerk)
    assert (contact.office_phone, contact.room, contact.mobile_scope) == (
        "0746-8820001",
        "201",
        "unit",
    )
    assert contact.history.count() >= 2  # audited


def test_list_page_search_and_hidden_mobile(client, clerk, colleague, dept_a):
    outsider = staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="刘芳")
    services.contact_update(by=colleague, office_phone="", room="", mobile_scope=MobileScope.UNIT)
    client.force_login(outsider)
    html = client.get(reverse("oa:contacts"), {"q": "hl"}).content.decode()
    assert "黄磊" in html and "仅本单位可见" in html and colleague.mobile not in html


def test_export_a_unit_to_excel_and_vcard(client, clerk, colleague, office, dept_a):
    outsider = staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="刘芳")
    services.contact_update(by=colleague, office_phone="", room="", mobile_scope=MobileScope.UNIT)
    services.contact_update(
        by=clerk, office_phone="0746-8820001", room="201", mobile_scope="county"
    )
    client.force_login(outsider)
    response = client.get(reverse("oa:contacts_xlsx"), {"unit": office.pk})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    by_name = {r[1]: r for r in rows}
    assert set(by_name) == {"周敏", "黄磊"}
    assert by_name["周敏"][4] == "0746-8820001" and by_name["周敏"][5] == clerk.mobile
    assert by_name["黄磊"][5] == "仅本单位可见"
    vcf = client.get(reverse("oa:contacts_vcf"), {"unit": office.pk})
    assert vcf["Content-Type"].startswith("text/vcard")
    text = vcf.content.decode()
    assert text.count("BEGIN:VCARD") == 2
    assert "FN;CHARSET=UTF-8:周敏" in text and f"TEL;TYPE=CELL:{clerk.mobile}" in text
    assert colleague.mobile not in text
    # Without a unit there is nothing to export.
    assert client.get(reverse("oa:contacts_xlsx")).status_code == 302


@pytest.mark.parametrize("size", [3, 30])
def test_contact_list_queries_do_not_grow(size, client, clerk, office, django_assert_num_queries):
    for i in range(size):
        person = staff_with_role(RoleCode.REVIEW_CLERK, office, name=f"人员{i}")
        if i % 2:
            services.contact_update(by=person, office_phone="", room="", mobile_scope="unit")
    client.force_login(clerk)
    client.get(reverse("oa:contacts"))
    with django_assert_num_queries(CONTACT_QUERIES):
        response = client.get(reverse("oa:contacts"))
    assert len(response.context["entries"]) == size + 1


# Session and user (2), the OA check, units, the page count and rows, the viewer's units, who
# shares them; the office shell: posts, interaction's office row, every count in one query
# (platform_core.db.count_many), permissions. The session is renewed at most once a minute.
CONTACT_QUERIES = 13
