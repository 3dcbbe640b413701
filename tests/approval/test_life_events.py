"""Browsing the service hall by life event / business event (按主题浏览)."""

import pytest
from django.core.exceptions import ValidationError

from approval.demo.events import assign_demo_events
from approval.models import ItemEvent, ItemFee
from approval.services import items as item_services
from tests.approval.conftest import build_item

URL = "/service/"


@pytest.fixture
def catalogue(item, sysadmin, dept_a, dept_b):
    """食品经营许可 (dept A) is 开办企业 + 经营许可; a dept B item is 住房; a draft is 开办企业."""
    draft = item_services.item_new_version(item=item, by=sysadmin)
    item_services.item_events_set(item=draft, events=["kaiban", "jingying"])
    food = item_services.item_publish(item=draft, by=sysadmin)
    housing = build_item(sysadmin, dept_b, code="431127-ZR-009")
    item_services.item_events_set(item=housing, events=["zhufang"])
    housing = item_services.item_publish(item=housing, by=sysadmin)
    unpublished = build_item(sysadmin, dept_a, code="431127-XK-010")
    item_services.item_events_set(item=unpublished, events=["kaiban"])
    return {"food": food, "housing": housing}


def listed(response):
    return [i.code for i in response.context["page"].object_list]


def test_hall_lists_events_as_links_with_counts(client, catalogue):
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "按主题浏览" in body and "个人办事" in body and "法人办事" in body
    for label in (
        "出生",
        "上学",
        "就业",
        "婚育",
        "住房",
        "退休",
        "开办企业",
        "投资项目",
        "变更注销",
    ):
        assert label in body
    assert 'href="/service/?event=kaiban"' in body
    groups = dict(response.context["event_groups"])
    counts = {code: n for code, _label, n, _sel in groups["法人办事"]}
    # The retired version and the unpublished draft do not count; the published version does.
    assert counts["kaiban"] == 1 and counts["jingying"] == 1 and counts["touzi"] == 0
    assert {code: n for code, _l, n, _s in groups["个人办事"]}["zhufang"] == 1


def test_filter_by_event_alone_and_with_department(client, catalogue, dept_a, dept_b):
    response = client.get(URL, {"event": "kaiban"})
    assert listed(response) == [catalogue["food"].code]
    body = response.content.decode()
    assert 'aria-current="page">开办企业' in body
    assert '<input type="hidden" name="event" value="kaiban">' in body
    assert listed(client.get(URL, {"event": "zhufang"})) == [catalogue["housing"].code]
    assert listed(client.get(URL, {"event": "tuixiu"})) == []
    assert "没有找到符合条件的事项。" in client.get(URL, {"event": "tuixiu"}).content.decode()
    assert listed(client.get(URL, {"event": "kaiban", "dept": dept_a.code})) == [
        catalogue["food"].code
    ]
    assert listed(client.get(URL, {"event": "kaiban", "dept": dept_b.code})) == []
    assert listed(client.get(URL, {"event": "jingying", "q": "食品"})) == [catalogue["food"].code]
    assert listed(client.get(URL, {"event": "jingying", "q": "不动产"})) == []


def test_unknown_event_is_a_clear_error(client, catalogue):
    response = client.get(URL, {"event": "<script>"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "没有该办事主题。" in body and "<script>" not in body


def test_events_are_versioned_with_the_item(catalogue, sysadmin):
    food = catalogue["food"]
    with pytest.raises(ValidationError):
        item_services.item_events_set(item=food, events=["zhufang"])
    draft = item_services.item_new_version(item=food, by=sysadmin)
    item_services.item_events_set(item=draft, events=["jingying"])
    assert list(food.life_events.values_list("event", flat=True)) == ["jingying", "kaiban"]
    assert list(draft.life_events.values_list("event", flat=True)) == ["jingying"]


def test_demo_events_assigned_by_code_idempotently(item, sysadmin, dept_a, dept_b):
    food = build_item(sysadmin, dept_a, code="431127-SC-001")
    food = item_services.item_publish(item=food, by=sysadmin)
    estate = build_item(sysadmin, dept_b, code="431127-ZR-001", fees="住宅80元/件，非住宅550元/件")
    estate = item_services.item_publish(item=estate, by=sysadmin)
    added = assign_demo_events()
    assert added == 2 + 1 + 2  # two events of the food item, one of the estate item, two fees
    assert sorted(food.life_events.values_list("event", flat=True)) == ["jingying", "kaiban"]
    assert list(estate.life_events.values_list("event", flat=True)) == ["zhufang"]
    assert [f.amount for f in ItemFee.objects.filter(item=estate)] == [80, 550]
    assert assign_demo_events() == 0
    assert ItemEvent.objects.count() == 3
