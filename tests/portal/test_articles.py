"""Articles: column permissions by unit, edit lock, review, pre-publish checks, sanitising."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from platform_core.constants import RoleCode
from platform_core.models import Notification
from platform_core.richtext.sanitize import clean_html
from portal.constants import ArticleStatus
from portal.models import Article, SensitiveWord
from portal.selectors import access
from portal.services import articles as services
from tests.factories import staff_with_role
from tests.portal.conftest import make_published

pytestmark = pytest.mark.django_db


def test_column_permissions_follow_editor_units(site, editor_a, editor_b):
    a_channels = set(access.channels_editable_by(editor_a).values_list("slug", flat=True))
    b_channels = set(access.channels_editable_by(editor_b).values_list("slug", flat=True))
    # zwdt is open to the whole government (root unit), bmdt to both departments.
    assert a_channels == {"zwdt", "zwyw", "bmdt", "xxgk", "zcwj", "zcjd"}
    assert b_channels == {"zwdt", "bmdt"}
    with pytest.raises(PermissionDenied):
        services.article_create(by=editor_b, channel=site["zwyw"], title="越权", body="<p>x</p>")
    article = services.article_create(
        by=editor_b, channel=site["bmdt"], title="自然资源局动态", body="<p>正文</p>"
    )
    # Same column, other unit's article: editor A may not touch it.
    assert not access.can_edit_article(editor_a, article)
    with pytest.raises(PermissionDenied):
        services.article_update(article=article, by=editor_a, title="改")


def test_staff_without_editor_post_cannot_write(site, dept_a):
    clerk = staff_with_role(RoleCode.WINDOW_CLERK, dept_a)
    assert not access.channels_editable_by(clerk).exists()
    with pytest.raises(PermissionDenied):
        services.article_create(by=clerk, channel=site["bmdt"], title="x", body="<p>x</p>")


def test_edit_lock_refuses_second_editor_until_expiry(site, dept_a, editor_a):
    other = staff_with_role(RoleCode.WEB_EDITOR, dept_a, name="邹颖")
    article = services.article_create(
        by=editor_a, channel=site["bmdt"], title="草稿", body="<p>a</p>"
    )
    with pytest.raises(ValidationError) as exc:
        services.article_update(article=article, by=other, title="覆盖")
    assert "孙悦 正在编辑此稿件" in exc.value.messages[0]
    Article.objects.filter(pk=article.pk).update(
        locked_at=timezone.now() - datetime.timedelta(minutes=16)
    )
    services.article_update(article=article, by=other, title="接手修改")
    article.refresh_from_db()
    assert article.title == "接手修改" and article.locked_by == other


def test_review_flow_publish_and_reject(site, editor_a, reviewer_a):
    article = services.article_create(
        by=editor_a, channel=site["zwyw"], title="县长调研", body="<p>调研</p>"
    )
    services.article_submit(article=article, by=editor_a)
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW and article.locked_by is None
    assert Notification.objects.filter(recipient=reviewer_a, subject__contains="县长调研").exists()
    assert list(access.review_queue(reviewer_a)) == [article]
    # The editor cannot approve their own article.
    with pytest.raises(PermissionDenied):
        services.article_approve(article=article, by=editor_a)
    with pytest.raises(ValidationError):
        services.article_reject(article=article, by=reviewer_a, comment="  ")
    services.article_reject(article=article, by=reviewer_a, comment="标题不完整")
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT and article.review_comment == "标题不完整"
    services.article_submit(article=article, by=editor_a)
    services.article_approve(article=article, by=reviewer_a)
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert article.publish_date is not None and article.reviewed_by == reviewer_a
    assert article.published_path == f"zwdt/zwyw/{article.pk}.html"
    assert article.history.count() >= 5
    with pytest.raises(ValidationError):
        services.article_update(article=article, by=editor_a, title="直接改已发布")


def test_reviewer_of_other_unit_cannot_approve(site, editor_a, reviewer_a, dept_b):
    other_leader = staff_with_role(RoleCode.LEADER, dept_b)
    article = services.article_create(
        by=editor_a, channel=site["zwyw"], title="要闻", body="<p>x</p>"
    )
    services.article_submit(article=article, by=editor_a)
    assert not access.review_queue(other_leader).exists()
    with pytest.raises(PermissionDenied):
        services.article_approve(article=article, by=other_leader)


def test_pre_publish_checks(site, editor_a):
    SensitiveWord.objects.create(word="赌博")
    SensitiveWord.objects.create(word="付县长", suggestion="副县长")
    article = services.article_create(
        by=editor_a,
        channel=site["zcwj"],
        title="关于整治赌博的通知",
        body=(
            '<p>付县长出席。详见<a href="/zwdt/zwyw/999999.html">链接</a>'
            '和<a href="/zwdt/">栏目</a></p>'
        ),
    )
    with pytest.raises(ValidationError) as exc:
        services.article_submit(article=article, by=editor_a)
    messages = exc.value.messages
    assert "政策文件须填写文号。" in messages
    assert "政策文件须选择有效性。" in messages
    assert "含有敏感词“赌博”。" in messages
    assert "“付县长”可能有误，建议改为“副县长”。" in messages
    assert "站内链接“/zwdt/zwyw/999999.html”指向的页面不存在。" in messages
    assert not any("“/zwdt/”" in m for m in messages)  # an existing column is fine
    empty = services.article_create(by=editor_a, channel=site["bmdt"], title="空稿", body="")
    with pytest.raises(ValidationError) as exc:
        services.article_submit(article=empty, by=editor_a)
    assert "正文不能为空。" in exc.value.messages


XSS_CORPUS = [
    ("<p>前</p><script>alert(1)</script><p>后</p>", "<script"),
    ('<img src="x.png" onerror="alert(1)">', "onerror"),
    ('<a href="javascript:alert(1)">点我</a>', "javascript:"),
    ('<a href="JaVaScRiPt:alert(1)">点我</a>', "avascript"),
    ('<svg onload="alert(1)"><circle r="1"/></svg>', "onload"),
    ("<svg><script>alert(1)</script></svg>", "<svg"),
    ('<p style="width: expression(alert(1))">样式</p>', "expression"),
    ('<div style="background:url(javascript:alert(1))">x</div>', "style="),
    ('<iframe src="https://evil.example"></iframe>', "<iframe"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">d</a>', "data:"),
    ("<img src=x onerror=alert(1)//>", "onerror"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "onerror"),
    ('<form action="/x"><input name="a"></form>', "<form"),
]


@pytest.mark.parametrize(("dirty", "forbidden"), XSS_CORPUS)
def test_xss_corpus_is_sanitised(dirty, forbidden):
    assert forbidden.lower() not in clean_html(dirty).lower()


def test_sanitiser_keeps_normal_content_and_service_applies_it(site, editor_a):
    body = (
        '<h2>一、总体要求</h2><p><strong>加强</strong>领导，<a href="/xxgk/">详见</a></p>'
        '<table><tr><td colspan="2">表</td></tr></table>'
    )
    cleaned = clean_html(body)
    assert "<h2>一、总体要求</h2>" in cleaned and "<strong>加强</strong>" in cleaned
    assert 'href="/xxgk/"' in cleaned and 'colspan="2"' in cleaned
    article = services.article_create(
        by=editor_a,
        channel=site["bmdt"],
        title="t",
        body='<p onclick="x()">正文</p><script>x</script>',
    )
    assert article.body == "<p>正文</p>"


def test_policy_interpretation_links_both_ways(site, editor_a, reviewer_a):
    policy = make_published(site["zcwj"], editor_a, reviewer_a, title="关于促进就业的若干措施")
    reading = services.article_create(
        by=editor_a,
        channel=site["zcjd"],
        title="《关于促进就业的若干措施》解读",
        body="<p>解读</p>",
        interprets=[policy],
    )
    assert list(policy.interpretations.all()) == [reading]
    assert list(reading.interprets.all()) == [policy]
