"""Page source for uploaded files: article attachments, their thumbnails and cover images.

Uploads live in MEDIA_ROOT, which is never public (nginx.conf: /media/ is internal). A published
article's files are copied under PUBLISH_ROOT/files/ with the same generated name
("files/portal/attachments/2026/11/<hex>.pdf"), so nginx serves them like any published page;
a withdrawn article's files are removed with its page. The copies go through the same atomic,
skip-if-unchanged writer as pages (`publishing.write_page`). Attachments can only change while
the article is a draft or withdrawn, so publishing and withdrawal are the only changes that
touch these files.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db.models import Prefetch

from portal.constants import ArticleStatus
from portal.models import Article, ArticleAttachment
from portal.models.media import SAFE_FILE_NAME
from portal.publishing.engine import ArticleChange, Page, register_page_source


def _file_page(name: str) -> Page:
    def render() -> bytes:
        with default_storage.open(name, "rb") as fh:
            return fh.read()

    return Page(f"files/{name}", render)


def _names(article: Article) -> list[str]:
    names = [article.cover.name] if article.cover else []
    for attachment in article.attachments.all():
        names += [f.name for f in (attachment.file, attachment.thumbnail) if f and f.name]
    return [n for n in names if SAFE_FILE_NAME.match(n)]


def _with_attachments(qs):
    files = ArticleAttachment.objects.only("article", "file", "thumbnail")
    return qs.only("pk", "status", "cover").prefetch_related(Prefetch("attachments", files))


class MediaFilesSource:
    name = "portal.media_files"

    def all_pages(self):
        # Two narrow queries, not one row per article: most articles have no files at all.
        published = Article.objects.filter(status=ArticleStatus.PUBLISHED)
        names = list(published.exclude(cover="").values_list("cover", flat=True))
        for file, thumbnail in ArticleAttachment.objects.filter(
            article__status=ArticleStatus.PUBLISHED
        ).values_list("file", "thumbnail"):
            names += [file, thumbnail]
        for name in names:
            if name and SAFE_FILE_NAME.match(name) and default_storage.exists(name):
                yield _file_page(name)

    def touched_by(self, change):
        if not isinstance(change, ArticleChange):
            return [], []
        article = _with_attachments(Article.objects.filter(pk=change.article_id)).first()
        if article is None:
            return [], []
        names = _names(article)
        if article.status == ArticleStatus.PUBLISHED:
            return [_file_page(n) for n in names if default_storage.exists(n)], []
        return [], [f"files/{n}" for n in names]


register_page_source(MediaFilesSource())
