"""重点关注: the interaction office picks public replied cases; the published 政民互动 channel
page shows them in a 重点关注 block, re-rendered when a pick changes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from interaction.constants import CaseAction
from interaction.selectors.public import featured_cases
from interaction.services import cases as case_services
from interaction.services import replies as reply_services
from portal.publishing.engine import publish_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLISH_ROOT = tmp_path / "site"
    settings.PORTAL_BASE_URL = "https://www.example.gov.cn"
    return settings.PUBLISH_ROOT


@pytest.fixture
def replied(submit, triager, handler_a, reviewer, dept_a):
    def _replied(public=True, **fields):
        case, _c = submit(**fields)
        case_services.case_assign(case=case, by=triager, department=dept_a)
        reply_services.reply_save(
            case=case, by=handler_a, body="<p>已责令超市下架过期食品。</p>", submit=True
        )
        reply_services.reply_approve(case=case, by=reviewer, public=public)
        case.refresh_from_db()
        return case

    return _replied


def test_office_features_and_unfeatures_with_events(replied, triager):
    case = replied()
    case_services.case_feature(case=case, by=triager, featured=True)
    case.refresh_from_db()
    assert case.featured_at is not None and case.featured_by == triager
    assert [c["title"] for c in featured_cases()] == [case.title]
    with pytest.raises(ValidationError):
        case_services.case_feature(case=case, by=triager, featured=True)
    case_services.case_feature(case=case, by=triager, featured=False)
    case.refresh_from_db()
    assert case.featured_at is None and case.featured_by is None
    assert featured_cases() == []
    actions = list(case.events.values_list("action", "actor"))
    assert (CaseAction.FEATURE, triager.pk) in actions
    assert (CaseAction.UNFEATURE, triager.pk) in actions


def test_only_public_replied_cases_and_only_the_office(replied, submit, triager, handler_a):
    open_case, _c = submit(title="尚未答复的来件")
    hidden = replied(public=False, title="不公开的来件")
    for case in (open_case, hidden):
        with pytest.raises(ValidationError):
            case_services.case_feature(case=case, by=triager, featured=True)
    public = replied()
    with pytest.raises(PermissionDenied):
        case_services.case_feature(case=public, by=handler_a, featured=True)
    # A featured case that staff hide again drops out of the block by itself.
    case_services.case_feature(case=public, by=triager, featured=True)
    case_services.case_set_public(case=public, by=triager, public=False)
    assert featured_cases() == []


def test_office_page_button_and_refusal(client, replied, triager, handler_a):
    case = replied()
    client.force_login(triager)
    detail = client.get(reverse("interaction:case_detail", args=[case.number])).content.decode()
    url = reverse("interaction:case_feature", args=[case.number])
    assert "设为重点关注" in detail and f'action="{url}"' in detail
    assert client.post(url, {"featured": "1"}).status_code == 302
    case.refresh_from_db()
    assert case.featured_at is not None
    detail = client.get(reverse("interaction:case_detail", args=[case.number])).content.decode()
    assert "取消重点关注" in detail
    client.force_login(handler_a)
    assert client.post(url, {"featured": "0"}).status_code == 403
    case.refresh_from_db()
    assert case.featured_at is not None
    # The handler's page has no such button (the event log still tells who picked it).
    page = client.get(reverse("interaction:case_detail", args=[case.number])).content.decode()
    assert f'action="{url}"' not in page and "设为重点关注" in page


def test_channel_page_shows_the_picks_and_is_republished_on_change(
    site, replied, triager, django_capture_on_commit_callbacks
):
    case = replied(title="超市过期食品请查处")
    other = replied(title="另一件已答复来件")
    publish_all()
    channel = site / "zmhd" / "index.html"
    assert 'id="featured-title"' not in channel.read_text(encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        case_services.case_feature(case=case, by=triager, featured=True)
    page = channel.read_text(encoding="utf-8")
    block = page.split('id="featured-title"')[1].split("</section>")[0]
    assert "超市过期食品请查处" in block and f"/zmhd/hf/{case.number}/" in block
    assert other.title not in block
    assert "王小明" not in page and "13812345678" not in page
    with django_capture_on_commit_callbacks(execute=True):
        case_services.case_feature(case=case, by=triager, featured=False)
    assert 'id="featured-title"' not in channel.read_text(encoding="utf-8")


def test_featured_block_is_one_query(replied, triager, django_assert_num_queries):
    for n in range(3):
        case = replied(title=f"重点关注来件{n}号")
        case_services.case_feature(case=case, by=triager, featured=True)
    with django_assert_num_queries(1):
        items = featured_cases()
    assert [i["title"] for i in items] == ["重点关注来件2号", "重点关注来件1号", "重点关注来件0号"]
