"""Checks run before an article goes to review and again before it is published (发布前检查)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from platform_core.richtext.sanitize import html_to_text
from portal.constants import ArticleStatus, PageTemplate
from portal.models import Article, Channel, SensitiveWord

HREF_RE = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
ARTICLE_PATH_RE = re.compile(r"^/(?P<channel>(?:[a-z0-9_-]+/)+)(?P<pk>\d+)\.html$")


def internal_link_exists(path: str) -> bool:
    """Does a site-relative link lead somewhere: a published article, a column or a page?"""
    from portal.publishing.engine import (
        published_file,  # publishing imports this module's neighbours
    )

    path = urlsplit(path).path or "/"
    match = ARTICLE_PATH_RE.match(path)
    if match:
        return Article.objects.filter(
            pk=int(match["pk"]),
            channel__url_path=match["channel"],
            status=ArticleStatus.PUBLISHED,
        ).exists()
    if path.startswith(("/static/", "/media/")):
        return True  # assets are checked by the upload, not here
    if Channel.objects.filter(url_path=path.lstrip("/")).exists():
        return True
    if published_file(path) is not None:
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name != "published"


def broken_links(body: str) -> list[str]:
    broken = []
    for href in HREF_RE.findall(body or ""):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/"):
            continue  # external links are the reader's business; anchors are fine
        if not internal_link_exists(href) and href not in broken:
            broken.append(href)
    return broken


def sensitive_hits(text: str) -> list[SensitiveWord]:
    words = SensitiveWord.objects.filter(is_active=True).only("word", "suggestion")
    return [w for w in words if w.word in text]


def article_problems(article: Article) -> list[str]:
    """Every reason the article may not be published yet, in Chinese; empty when it may."""
    problems = []
    if not article.title.strip():
        problems.append(_("标题不能为空。"))
    body_text = html_to_text(article.body)
    if not body_text:
        problems.append(_("正文不能为空。"))
    if article.channel_id and article.channel.page_template == PageTemplate.POLICY:
        if not article.document_number.strip():
            problems.append(_("政策文件须填写文号。"))
        if not article.validity:
            problems.append(_("政策文件须选择有效性。"))
    if article.cover and not article.cover_alt.strip():
        problems.append(_("有封面图片时须填写图片说明（供视障读者使用）。"))
    text = " ".join([article.title, article.subtitle, article.summary, body_text])
    for hit in sensitive_hits(text):
        if hit.suggestion:
            problems.append(
                _("“%(word)s”可能有误，建议改为“%(suggestion)s”。")
                % {"word": hit.word, "suggestion": hit.suggestion}
            )
        else:
            problems.append(_("含有敏感词“%(word)s”。") % {"word": hit.word})
    for href in broken_links(article.body):
        problems.append(_("站内链接“%(href)s”指向的页面不存在。") % {"href": href})
    return problems
