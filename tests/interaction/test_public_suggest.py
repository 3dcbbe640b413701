"""写信时的参考答复: the public form's live knowledge suggestions (JSON endpoint, entry page,
script served by the project). Only live, still-valid, public entries; at most five;
rate-limited."""

import datetime

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from interaction.constants import EntryStatus
from interaction.models import Category, KnowledgeEntry
from interaction.services import knowledge as services
from tests.interaction.test_knowledge import ENTRIES

pytestmark = pytest.mark.django_db

URL = "interaction:knowledge_suggest"


@pytest.fixture
def entries(dept_a):
    category = Category.objects.create(name="综合")
    return {
        key: services.entry_create(
            by=None,
            title=title,
            keywords=keywords,
            answer=f"<p>{answer}</p>",
            category=category,
            department=dept_a,
            live=True,
        )
        for key, (title, keywords, answer) in ENTRIES.items()
    }


def _suggest(client, title, content="", **headers):
    return client.get(reverse(URL), {"title": title, "content": content}, **headers)


def test_typed_text_finds_the_right_entry_with_its_public_link(client, entries):
    response = _suggest(
        client, "超市卖过期牛奶", "我在城关镇一家超市买到已经过期的牛奶，超市还在继续销售"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    found = response.json()["entries"]
    assert 1 <= len(found) <= 5
    food = entries["food"]
    assert found[0]["title"] == food.title
    assert found[0]["url"] == reverse("interaction:public_knowledge", args=[food.pk])
    assert found[0]["department"] == "县市场监督管理局"
    assert "市场监管部门" in found[0]["summary"] and "<p>" not in found[0]["summary"]
    # The link opens the entry's public page.
    page = client.get(found[0]["url"])
    assert page.status_code == 200
    assert "对销售过期食品的经营者依法查处" in page.content.decode()


def test_many_matches_are_cut_to_five(client, dept_a):
    category = Category.objects.create(name="综合")
    for n in range(8):
        services.entry_create(
            by=None,
            title=f"路灯不亮的第{n}种情况",
            keywords="路灯,照明",
            answer="<p>城区路灯由县城市管理局负责维护，请拨打热线报修。</p>",
            category=category,
            department=dept_a,
            live=True,
        )
    found = _suggest(client, "路灯不亮", "解放路的路灯一直不亮").json()["entries"]
    assert len(found) == 5


def test_draft_expired_and_internal_entries_are_never_suggested(client, entries):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    KnowledgeEntry.objects.filter(pk=entries["food"].pk).update(valid_until=yesterday)
    KnowledgeEntry.objects.filter(pk=entries["noise"].pk).update(public=False)
    KnowledgeEntry.objects.filter(pk=entries["water"].pk).update(status=EntryStatus.DRAFT)
    cases = [
        ("超市卖过期牛奶", "超市还在销售过期食品"),
        ("工地晚上施工太吵", "夜间施工噪音扰民"),
        ("停水两天了", "自来水停水一直没有恢复供水"),
    ]
    for title, content in cases:
        titles = [e["title"] for e in _suggest(client, title, content).json()["entries"]]
        assert entries["food"].title not in titles
        assert entries["noise"].title not in titles
        assert entries["water"].title not in titles
    # Their pages are not public either.
    for key in ("food", "noise", "water"):
        page = client.get(reverse("interaction:public_knowledge", args=[entries[key].pk]))
        assert page.status_code == 404
    # The handler still sees the internal (but live and valid) entry.
    from interaction.selectors.knowledge import suggestions_for_text

    assert entries["noise"] in suggestions_for_text("工地晚上施工太吵", "夜间施工噪音扰民")


def test_short_or_empty_text_asks_nothing(client, entries, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = _suggest(client, "过期", "")
    assert response.json() == {"entries": []}
    assert client.get(reverse(URL)).json() == {"entries": []}


def test_suggestions_are_one_query(client, entries, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = _suggest(client, "孩子上小学要带什么证件", "入学登记需要哪些材料")
    assert response.json()["entries"][0]["title"] == entries["school"].title


def test_rate_limited_with_json_429(client, entries):
    statuses = [_suggest(client, "路灯", "路灯不亮").status_code for _i in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    refused = _suggest(client, "路灯", "路灯不亮")
    assert refused.status_code == 429 and refused["Retry-After"]
    assert "频繁" in refused.json()["detail"]


def test_only_get(client, entries):
    assert client.post(reverse(URL), {"title": "路灯不亮"}).status_code == 405


def test_form_has_the_live_region_and_the_project_script(client, office, categories):
    page = client.get(reverse("interaction:submit")).content.decode()
    assert 'id="kb-suggest"' in page and 'aria-live="polite"' in page
    assert f'data-url="{reverse(URL)}"' in page
    assert "以下常见问题的答复可能对您有帮助" in page
    assert "/static/interaction/suggest.js" in page
    assert finders.find("interaction/suggest.js")


def test_reply_turned_into_an_entry_stays_internal_unless_the_case_is_public(
    submit, dept_a, handler_a, triager, reviewer
):
    from interaction.services import cases as case_services
    from interaction.services import replies as reply_services

    case, _code = submit(allow_public=False)
    case_services.case_assign(case=case, department=dept_a, by=triager)
    reply_services.reply_save(
        case=case, body="<p>已责成市场监管所现场检查并依法查处。</p>", by=handler_a, submit=True
    )
    reply_services.reply_approve(case=case, by=reviewer, public=False)
    case.refresh_from_db()
    entry = services.entry_from_reply(case=case, by=reviewer)
    assert entry.public is False
