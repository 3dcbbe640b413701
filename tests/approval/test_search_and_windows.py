"""Issue 13: the hall's search and the site search find an item by what citizens type (its
materials, conditions, keywords and synonyms an administrator adds), and a comprehensive window
(综合窗口) accepts for another department only through an explicit grant."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approval.constants import AppStatus
from approval.models import WindowGrant
from approval.selectors import applications as selectors
from approval.selectors.work import AcceptanceWork
from approval.services import acceptance
from approval.services import items as item_services
from platform_core.models import SearchSynonym
from platform_core.selectors.search import expand_query
from tests.approval.conftest import build_item, submitted

pytestmark = pytest.mark.django_db


def names(q: str) -> list[str]:
    return [item.name for item in selectors.item_search(q=q)]


def test_hall_search_matches_materials_conditions_and_keywords(item, sysadmin, dept_a):
    assert names("营业执照") == ["食品经营许可"]  # a material: 营业执照复印件
    assert names("经营场所") == ["食品经营许可"]  # the conditions
    assert names("开饭店") == []
    draft = build_item(sysadmin, dept_a, code="431127-XK-002", keywords="开饭店 餐馆")
    draft.name = "小餐饮经营登记"
    draft.save()
    item_services.item_publish(item=draft, by=sysadmin)
    assert names("开饭店") == ["小餐饮经营登记"]
    # A name match comes before a match in the text.
    assert names("食品")[0] == "食品经营许可"


def test_synonyms_an_administrator_adds_widen_every_search(client, item):
    assert names("工商执照") == []
    SearchSynonym.objects.create(term="营业执照", synonyms="工商执照，执照、营业证")
    assert expand_query("工商执照") == ["工商执照", "营业执照", "执照", "营业证"]
    assert names("工商执照") == ["食品经营许可"]
    assert names("办工商执照") == ["食品经营许可"]  # a longer phrase holding the word
    page = client.get(reverse("approval:hall"), {"q": "工商执照"}).content.decode()
    assert "食品经营许可" in page
    # The same words in the site search: the guide is listed with its link.
    found = client.get("/search/", {"q": "营业执照"}).content.decode()
    assert "办事指南" in found and reverse("approval:guide", args=[item.code]) in found
    assert "没有找到相关信息" not in found


def test_an_empty_or_unknown_query_finds_nothing_extra(item):
    assert expand_query("") == []
    assert names("不存在的事项") == []
    assert names("") == ["食品经营许可"]  # no query: the whole catalogue


def test_hall_search_costs_the_same_queries_with_more_synonyms(item):
    for n in range(20):
        SearchSynonym.objects.create(term=f"词{n}", synonyms=f"同义{n} 近义{n}")
    names("营业执照")  # the synonym list is read once and cached
    with CaptureQueriesContext(connection) as queries:
        names("营业执照")
    assert len(queries) == 1


def test_a_comprehensive_window_accepts_for_a_department_only_by_grant(
    item, clerk_a, clerk_b, dept_a, dept_b, sysadmin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted(item, clerk_a)
    assert not selectors.may_accept(clerk_b, application)
    assert AcceptanceWork().pending(clerk_b).count() == 0
    window = clerk_b.posts.get().unit
    WindowGrant.objects.create(window=window, department=dept_a, granted_by=sysadmin)
    clerk_b = type(clerk_b).objects.get(pk=clerk_b.pk)  # a new request: scope read again
    assert selectors.may_accept(clerk_b, application)
    assert AcceptanceWork().pending(clerk_b).count() == 1
    assert {d.pk for d in selectors.approval_departments(clerk_b)} >= {dept_a.pk, dept_b.pk}
    acceptance.application_accept(application=application, by=clerk_b)
    application.refresh_from_db()
    assert application.status == AppStatus.ACCEPTED
    # The review stays with the department that owns the item.
    assert application.process.data["application"] == application.number
