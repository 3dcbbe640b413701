"""A published reply reaches the published portal: the home page's 最新回复 block and the
政民互动 channel page (zmhd/index.html) are re-rendered, with nothing personal on them."""

import pytest

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


def test_approved_public_reply_republishes_home_and_channel_page(
    site, submit, triager, handler_a, reviewer, dept_a, django_capture_on_commit_callbacks
):
    publish_all()
    assert "暂无信息" in (site / "zmhd" / "index.html").read_text(encoding="utf-8")
    case, _c = submit()
    case_services.case_assign(case=case, by=triager, department=dept_a)
    reply_services.reply_save(
        case=case, by=handler_a, body="<p>已责令超市下架过期食品。</p>", submit=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        reply_services.reply_approve(case=case, by=reviewer, public=True)
    for rel in ("index.html", "zmhd/index.html"):
        page = (site / rel).read_text(encoding="utf-8")
        assert "超市销售过期食品" in page and f"/zmhd/hf/{case.number}/" in page
        assert "王小明" not in page and "13812345678" not in page
    # Hidden again by staff: the published pages drop it.
    with django_capture_on_commit_callbacks(execute=True):
        case_services.case_set_public(case=case, by=triager, public=False)
    assert "超市销售过期食品" not in (site / "index.html").read_text(encoding="utf-8")


def test_site_search_lists_public_replies_only(
    client, submit, triager, handler_a, reviewer, dept_a, django_capture_on_commit_callbacks
):
    case, _c = submit()
    hidden, _c = submit(title="过期食品举报（不公开）", allow_public=False)
    for c in (case, hidden):
        case_services.case_assign(case=c, by=triager, department=dept_a)
        reply_services.reply_save(
            case=c, by=handler_a, body="<p>已责令超市下架过期食品。</p>", submit=True
        )
    assert "超市销售过期食品" not in client.get("/search/", {"q": "过期食品"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        reply_services.reply_approve(case=case, by=reviewer, public=True)
        reply_services.reply_approve(case=hidden, by=reviewer, public=False)
    page = client.get("/search/", {"q": "下架"}).content.decode()  # a word of the reply
    assert "政民互动" in page and f"/zmhd/hf/{case.number}/" in page
    assert "不公开" not in page and "王小明" not in page
