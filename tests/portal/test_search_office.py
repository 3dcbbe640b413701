"""Site search in Chinese, and the back-office pages (scope, forms, review, revisions)."""

import pytest

from portal.constants import ArticleStatus
from portal.models import Article
from portal.services import articles as services
from tests.portal.conftest import make_published

pytestmark = pytest.mark.django_db


def test_search_finds_two_character_word_inside_sentence(client, site, editor_a, reviewer_a):
    make_published(
        site["zwyw"], editor_a, reviewer_a, title="县政府部署安全生产工作",
        body="<p>会议强调，要切实做好汛期防汛抗旱和地质灾害防治工作。</p>",
    )  # fmt: skip
    make_published(
        site["bmdt"], editor_a, reviewer_a, title="教育局召开招生工作会", body="<p>招生</p>"
    )
    draft = services.article_create(
        by=editor_a, channel=site["bmdt"], title="防汛草稿", body="<p>防汛</p>"
    )
    response = client.get("/search/", {"q": "防汛"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "共找到 1 条结果" in html
    assert "<mark>防汛</mark>" in html
    assert "县政府部署安全生产工作" in html and draft.title not in html
    # Channel filter: 信息公开 has no such article.
    html = client.get("/search/", {"q": "防汛", "channel": site["xxgk"].pk}).content.decode()
    assert "共找到 0 条结果" in html and "没有找到相关信息" in html
    # Date filter in the future finds nothing.
    html = client.get("/search/", {"q": "防汛", "start": "2999-01-01"}).content.decode()
    assert "共找到 0 条结果" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": ""}, "请输入关键词。"),
        ({"q": "字" * 51}, "关键词不能超过50个字。"),
        ({"q": "防汛", "start": "昨天"}, "请输入有效的日期。"),
        ({"q": "防汛", "start": "2026-05-02", "end": "2026-05-01"}, "起始日期不能晚于截止日期。"),
        ({"q": "防汛", "channel": "abc"}, "请选择有效的栏目。"),
    ],
)
def test_search_bad_input_gives_chinese_errors(client, site, params, message):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_office_scope_and_article_form(client, site, editor_a, editor_b):
    other = services.article_create(
        by=editor_b, channel=site["bmdt"], title="自然资源局的稿件", body="<p>x</p>"
    )
    client.force_login(editor_a)
    assert client.get("/office/portal/").status_code == 200
    assert client.get(f"/office/portal/articles/{other.pk}/").status_code == 404
    # Bad input: Chinese errors, no 500.
    response = client.post("/office/portal/articles/new/", {"title": "", "channel": "999"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "请填写标题。" in html and "请选择有效的栏目。" in html
    response = client.post(
        "/office/portal/articles/new/",
        {
            "title": "县市场监管局开展检查",
            "channel": site["bmdt"].pk,
            "body": "<p>内容</p><script>x</script>",
        },
    )
    article = Article.objects.get(title="县市场监管局开展检查")
    assert response.status_code == 302 and article.body == "<p>内容</p>"
    # Another editor of the same unit is refused while the lock holds.
    assert client.get(f"/office/portal/articles/{article.pk}/edit/").status_code == 200


def test_office_submit_review_withdraw_and_revisions(
    client, site, editor_a, reviewer_a, publish_root, django_capture_on_commit_callbacks
):
    article = services.article_create(
        by=editor_a, channel=site["zwyw"], title="县长调研农业生产", body="<p>调研春耕</p>"
    )
    services.article_update(article=article, by=editor_a, body="<p>调研春耕备耕</p>")
    client.force_login(editor_a)
    response = client.post(f"/office/portal/articles/{article.pk}/submit/")
    assert response.status_code == 302
    client.force_login(reviewer_a)
    assert "县长调研农业生产" in client.get("/office/portal/review/").content.decode()
    response = client.post(f"/office/portal/articles/{article.pk}/review/", {"decision": "maybe"})
    assert "请选择审核结果。" in client.get(response["Location"]).content.decode()
    response = client.post(f"/office/portal/articles/{article.pk}/review/", {"decision": "reject"})
    assert "退回时请填写审核意见。" in client.get(response["Location"]).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/office/portal/articles/{article.pk}/review/", {"decision": "approve"})
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert (publish_root / f"zwdt/zwyw/{article.pk}.html").exists()
    response = client.post(f"/office/portal/articles/{article.pk}/withdraw/", {"reason": ""})
    assert "请填写撤稿原因。" in client.get(response["Location"]).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/office/portal/articles/{article.pk}/withdraw/", {"reason": "信息有误"})
    assert not (publish_root / f"zwdt/zwyw/{article.pk}.html").exists()
    first = article.history.order_by("history_id")[1]
    html = client.get(
        f"/office/portal/articles/{article.pk}/revisions/", {"v": first.history_id}
    ).content.decode()
    assert "<ins>备耕</ins>" in html
