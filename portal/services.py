"""Writes of the public portal: columns, articles, their review, publishing and withdrawal.

Article life: draft → (submit) in review → (approve) published → (withdraw) withdrawn, and
(reject) back to draft. Drafts and withdrawn articles are edited; a published article is withdrawn
first, so the public page never shows text nobody reviewed. Every change is recorded by
django-simple-history (who and when); re-publishing the affected pages happens after commit, in a
Celery task (see `publishing.py`).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.models import OrgUnit, User
from platform_core.services.notifications import notify_user

from . import access
from .checks import article_problems
from .constants import EDIT_LOCK_MINUTES, ArticleStatus
from .models import Article, Channel
from .sanitize import clean_html

ARTICLE_FIELDS = {
    "title", "subtitle", "summary", "body", "cover", "cover_alt", "source", "publish_date",
    "document_number", "validity", "tags", "channel",
}  # fmt: skip
EDITABLE_STATUSES = {ArticleStatus.DRAFT, ArticleStatus.WITHDRAWN}


# --- columns ----------------------------------------------------------------------------------


@transaction.atomic
def channel_create(
    *,
    name: str,
    slug: str,
    parent: Channel | None = None,
    editor_units: list[OrgUnit] | tuple = (),
    **fields,
) -> Channel:
    """新建栏目。A column under `parent` (or a top-level channel)."""
    values = {"name": name, "slug": slug, **fields}
    probe = Channel(**values)
    probe.full_clean(exclude=["path", "depth", "numchild", "url_path"])
    url_path = f"{parent.url_path if parent else ''}{slug}/"
    if Channel.objects.filter(url_path=url_path).exists():
        raise ValidationError({"slug": _("同级栏目中已有此英文标识。")})
    channel = (
        Channel.objects.add_child(parent, values) if parent else Channel.objects.add_root(values)
    )
    channel.editor_units.set(editor_units)
    _nav_changed()
    return channel


def _nav_changed() -> None:
    from .context_processors import navigation_invalidate

    transaction.on_commit(navigation_invalidate)


# --- articles ---------------------------------------------------------------------------------


def _lock_row(article: Article) -> Article:
    return (
        Article.objects.select_for_update()
        .select_related("channel", "author_unit")
        .get(pk=article.pk)
    )


def _lock_expired(article: Article, now: datetime.datetime) -> bool:
    return article.locked_at is None or now - article.locked_at > datetime.timedelta(
        minutes=EDIT_LOCK_MINUTES
    )


def _clean_fields(fields: dict) -> dict:
    unknown = set(fields) - ARTICLE_FIELDS
    if unknown:
        raise TypeError(f"unknown article fields: {sorted(unknown)}")
    if "body" in fields:
        fields["body"] = clean_html(fields["body"])
    for key in ("title", "subtitle", "summary", "source", "document_number", "tags", "cover_alt"):
        if key in fields and fields[key] is not None:
            fields[key] = fields[key].strip()
    return fields


def _default_unit(by: User, channel: Channel) -> OrgUnit:
    units = access.editor_units(by)
    if units:
        return units[0]
    if by.is_superuser:
        unit = channel.editor_units.order_by("path").first()
        if unit is not None:
            return unit
        return OrgUnit.objects.get_root_nodes().first()
    raise PermissionDenied


def _set_interprets(article: Article, policies) -> None:
    policies = [p for p in policies if p.pk != article.pk]
    article.interprets.set(policies)


def _save(article: Article, by: User) -> None:
    article._history_user = by
    article.full_clean(exclude=["search_vector", "created_by"])
    article.save()


@transaction.atomic
def article_create(
    *,
    by: User,
    channel: Channel,
    author_unit: OrgUnit | None = None,
    interprets=(),
    **fields,
) -> Article:
    """新建稿件（草稿）。A draft in a column the editor may write to; the editor holds its lock."""
    if not access.can_edit_channel(by, channel):
        raise PermissionDenied
    fields = _clean_fields({**fields, "channel": channel})
    unit = author_unit or _default_unit(by, channel)
    article = Article(author_unit=unit, created_by=by, status=ArticleStatus.DRAFT, **fields)
    if not access.can_edit_article(by, article):
        raise PermissionDenied
    article.locked_by, article.locked_at = by, timezone.now()
    _save(article, by)
    _set_interprets(article, interprets)
    return article


@transaction.atomic
def article_lock(*, article: Article, by: User) -> Article:
    """锁定稿件以便编辑。Take (or renew) the 15-minute edit lock; refuse while someone holds it."""
    article = _lock_row(article)
    if not access.can_edit_article(by, article):
        raise PermissionDenied
    now = timezone.now()
    if article.locked_by_id not in (None, by.pk) and not _lock_expired(article, now):
        raise ValidationError(
            _("%(name)s 正在编辑此稿件（%(minutes)s 分钟内有效），请稍后再试。")
            % {"name": article.locked_by.name or article.locked_by.username,
               "minutes": EDIT_LOCK_MINUTES}
        )  # fmt: skip
    Article.objects.filter(pk=article.pk).update(locked_by=by, locked_at=now)
    article.locked_by, article.locked_at = by, now
    return article


@transaction.atomic
def article_unlock(*, article: Article, by: User) -> None:
    """释放编辑锁。Only the holder (or an expired lock) is released."""
    Article.objects.filter(pk=article.pk, locked_by=by).update(locked_by=None, locked_at=None)


@transaction.atomic
def article_update(*, article: Article, by: User, interprets=None, **fields) -> Article:
    """修改稿件。A draft or withdrawn article, by the editor who holds (or now takes) the lock."""
    article = article_lock(article=article, by=by)
    if article.status not in EDITABLE_STATUSES:
        raise ValidationError(_("只有草稿或已撤稿的稿件可以修改；已发布的稿件请先撤稿。"))
    fields = _clean_fields(fields)
    if "channel" in fields and not access.can_edit_channel(by, fields["channel"]):
        raise PermissionDenied
    for key, value in fields.items():
        setattr(article, key, value)
    _save(article, by)
    if interprets is not None:
        _set_interprets(article, interprets)
    return article


def _problems_error(article: Article) -> None:
    problems = article_problems(article)
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def article_submit(*, article: Article, by: User) -> Article:
    """送审。The editor sends the article to the unit's reviewers after the pre-publish checks."""
    article = _lock_row(article)
    if not access.can_edit_article(by, article):
        raise PermissionDenied
    if article.status not in EDITABLE_STATUSES:
        raise ValidationError(_("该稿件当前状态不能送审。"))
    _problems_error(article)
    article.status = ArticleStatus.IN_REVIEW
    article.submitted_by = by
    article.review_comment = ""
    article.locked_by = article.locked_at = None
    _save(article, by)
    reviewers = list(access.reviewers_for(article))
    if not reviewers:
        raise ValidationError(_("本单位没有可审核稿件的负责人，请联系管理员设置。"))
    for reviewer in reviewers:
        notify_user(
            user=reviewer,
            subject=_("稿件待审核：%(title)s") % {"title": article.title},
            body=_("%(name)s 提交了稿件《%(title)s》，请审核。")
            % {"name": by.name or by.username, "title": article.title},
            link=f"/office/portal/articles/{article.pk}/",
            dedupe_key=f"portal-review:{article.pk}:{article.history.count()}:{reviewer.pk}",
        )
    return article


def _require_review(article: Article, by: User) -> None:
    if article.status != ArticleStatus.IN_REVIEW:
        raise ValidationError(_("该稿件不在待审核状态。"))
    if not access.can_review_article(by, article):
        raise PermissionDenied


@transaction.atomic
def article_approve(*, article: Article, by: User, comment: str = "") -> Article:
    """审核通过并发布。The reviewer approves: the article is published at once."""
    article = _lock_row(article)
    _require_review(article, by)
    _problems_error(article)
    article.reviewed_by = by
    article.review_comment = (comment or "").strip()[:500]
    return _publish(article, by)


@transaction.atomic
def article_reject(*, article: Article, by: User, comment: str) -> Article:
    """审核退回。Back to draft with the reviewer's reason, which the editor is told."""
    article = _lock_row(article)
    _require_review(article, by)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("退回时请填写审核意见。")})
    article.status = ArticleStatus.DRAFT
    article.reviewed_by = by
    article.review_comment = comment[:500]
    _save(article, by)
    if article.submitted_by_id:
        notify_user(
            user=article.submitted_by,
            subject=_("稿件被退回：%(title)s") % {"title": article.title},
            body=comment,
            link=f"/office/portal/articles/{article.pk}/",
        )
    return article


def _publish(article: Article, by: User) -> Article:
    from .search import article_index

    old_path = article.published_path
    article.status = ArticleStatus.PUBLISHED
    article.publish_date = article.publish_date or timezone.now()
    article.published_path = article.url.lstrip("/")
    _save(article, by)
    article_index(article)
    _schedule_publish(article, old_path)
    return article


@transaction.atomic
def article_publish(*, article: Article, by: User) -> Article:
    """直接发布。A superuser (site administrator) publishes without review (e.g. urgent notice)."""
    article = _lock_row(article)
    if not by.is_superuser:
        raise PermissionDenied
    _problems_error(article)
    article.reviewed_by = by
    return _publish(article, by)


@transaction.atomic
def article_withdraw(*, article: Article, by: User, reason: str = "") -> Article:
    """撤稿。The page disappears from the site; the article can be edited and submitted again."""
    article = _lock_row(article)
    if not (access.can_edit_article(by, article) or access.can_review_article(by, article)):
        raise PermissionDenied
    if article.status != ArticleStatus.PUBLISHED:
        raise ValidationError(_("只有已发布的稿件可以撤稿。"))
    old_path = article.published_path
    article.status = ArticleStatus.WITHDRAWN
    article.review_comment = (reason or "").strip()[:500]
    article.published_path = ""
    _save(article, by)
    _schedule_publish(article, old_path)
    return article


def _schedule_publish(article: Article, old_path: str) -> None:
    """Re-render the touched pages once the change is committed (the task reads the database)."""
    from .tasks import publish_article_pages

    article_id, channel_id = article.pk, article.channel_id
    transaction.on_commit(lambda: publish_article_pages.delay(article_id, old_path, channel_id))
