"""History rows with no user (written by load_demo before it named one, by commands, by data
migrations) show as "系统"; the article pages answered 500 on them (issue 11)."""

import pytest
from django.utils import timezone

from portal.constants import ArticleStatus
from portal.models import Article

pytestmark = pytest.mark.django_db


def test_article_pages_show_system_for_history_without_user(client, site, dept_a, editor_a):
    # Saved as a command does (no request, no _history_user), as the demo articles were.
    article = Article.objects.create(
        channel=site["zwyw"], title="县政府召开防汛工作会议", body="<p>防汛。</p>",
        author_unit=dept_a, created_by=editor_a, status=ArticleStatus.PUBLISHED,
        publish_date=timezone.now(),
    )  # fmt: skip
    article.save()
    assert article.history.count() == 2
    assert not article.history.filter(history_user__isnull=False).exists()
    client.force_login(editor_a)
    for url in (
        f"/office/portal/articles/{article.pk}/",
        f"/office/portal/articles/{article.pk}/revisions/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "系统" in response.content.decode()
