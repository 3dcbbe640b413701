"""Writes of the public portal: columns, articles, their review, publishing and withdrawal.

Article life: draft → (submit) in review → (approve) published, or scheduled when its publish
date lies ahead (the minute task publishes it then) → (withdraw, or its withdraw_at passes)
withdrawn, and (reject) back to draft. Drafts and withdrawn articles are edited; a published
article is withdrawn first, so the public page never shows text nobody reviewed. The review runs
as a case of the support platform's workflow (see `review.py`): the reviewer finds it in the
unified inbox. Every change is recorded by django-simple-history (who and when) and the case's
events; re-publishing the affected pages happens after commit, in a Celery task (see
`publishing.py`).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.models import OrgUnit, User
from platform_core.richtext.sanitize import clean_html
from platform_core.services.notifications import notify_user
from portal.constants import EDIT_LOCK_MINUTES, ArticleStatus
from portal.models import Article, Channel
from portal.selectors import access
from portal.services import review
from portal.services.checks import article_problems

if TYPE_CHECKING:
    from portal.publishing.engine import ArticleChange

ARTICLE_FIELDS = {
    "title", "subtitle", "summary", "body", "cover", "cover_alt", "source", "publish_date",
    "document_number", "validity", "tags", "channel", "withdraw_at",
}  # fmt: skip
EDITABLE_STATUSES = {ArticleStatus.DRAFT, ArticleStatus.WITHDRAWN}
# On the site or about to be: a withdrawal takes it (or its schedule) off.
LIVE_STATUSES = {ArticleStatus.PUBLISHED, ArticleStatus.SCHEDULED}


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
    from portal.context_processors import navigation_invalidate

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


def _check_dates(article: Article) -> None:
    if article.withdraw_at and article.publish_date and article.withdraw_at <= article.publish_date:
        raise ValidationError({"withdraw_at": _("定时撤稿时间须晚于发布日期。")})


def _save(article: Article, by: User | None) -> None:
    _check_dates(article)
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
    if article.withdraw_at and article.withdraw_at <= timezone.now():
        raise ValidationError({"withdraw_at": _("定时撤稿时间已过，请修改后再送审。")})
    article.status = ArticleStatus.IN_REVIEW
    article.submitted_by = by
    article.review_comment = ""
    article.locked_by = article.locked_at = None
    _save(article, by)
    reviewers = list(access.reviewers_for(article))
    if not reviewers:
        raise ValidationError(_("本单位没有可审核稿件的负责人，请联系管理员设置。"))
    article.review_process = review.submit(article, by, reviewers)
    Article.objects.filter(pk=article.pk).update(review_process=article.review_process)
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
    """审核通过并发布。The reviewer approves: the article is published at once, or scheduled
    (已排期) when its publish date lies ahead; the review case ends."""
    article = _lock_row(article)
    if _sync_locked(article):  # already decided on the generic task page
        return article
    _require_review(article, by)
    _problems_error(article)
    comment = (comment or "").strip()[:500]
    review.approve(article, by, comment)
    article.reviewed_by = by
    article.review_comment = comment
    return _release(article, by)


@transaction.atomic
def article_reject(*, article: Article, by: User, comment: str) -> Article:
    """审核退回。Back to draft with the reviewer's reason, which the editor is told."""
    article = _lock_row(article)
    if _sync_locked(article):  # already decided on the generic task page
        return article
    _require_review(article, by)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("退回时请填写审核意见。")})
    review.reject(article, by, comment[:500])
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


def _publish(article: Article, by: User | None, *, queue: bool = True) -> Article:
    from portal.services.search import article_index

    old_path = article.published_path
    article.status = ArticleStatus.PUBLISHED
    article.publish_date = article.publish_date or timezone.now()
    article.published_path = article.url.lstrip("/")
    _save(article, by)
    article_index(article)
    if queue:
        _schedule_publish(article, old_path)
    return article


def _release(article: Article, by: User | None) -> Article:
    """After approval: on the site now, or 已排期 until its publish date (the minute task)."""
    now = timezone.now()
    if article.withdraw_at and article.withdraw_at <= now:
        raise ValidationError({"withdraw_at": _("定时撤稿时间已过，不能发布。")})
    if article.publish_date and article.publish_date > now:
        article.status = ArticleStatus.SCHEDULED
        _save(article, by)
        return article
    return _publish(article, by)


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
    if article.status not in LIVE_STATUSES:
        raise ValidationError(_("只有已发布或已排期的稿件可以撤稿。"))
    return _withdraw(article, by, reason)


def _withdraw(article: Article, by: User | None, reason: str, *, queue: bool = True) -> Article:
    old_path = article.published_path
    was_live = article.status == ArticleStatus.PUBLISHED
    article.status = ArticleStatus.WITHDRAWN
    article.review_comment = (reason or "").strip()[:500]
    article.published_path = ""
    article.withdraw_at = None
    _save(article, by)
    if was_live and queue:
        _schedule_publish(article, old_path)
    return article


def _schedule_publish(article: Article, old_path: str) -> None:
    """Re-render the touched pages once the change is committed (the task reads the database)."""
    from portal.publishing.engine import publish_article_pages

    article_id, channel_id = article.pk, article.channel_id
    transaction.on_commit(lambda: publish_article_pages.delay(article_id, old_path, channel_id))


# --- the review case and the schedule (Celery beat, every minute) -------------------------------


def _sync_locked(article: Article) -> bool:
    """Follow the review case worked on the generic task page (see review.py). Row locked."""
    process = article.review_process
    if article.status != ArticleStatus.IN_REVIEW or process is None:
        return False
    process.refresh_from_db()
    if review.case_ended(process):
        event = review.last_event(process, "complete")
        by = event.actor if event else None
        article.reviewed_by = by
        article.review_comment = (event.comment if event else "")[:500]
        try:
            _problems_error(article)
            _release(article, by)
        except ValidationError as exc:
            # Checks that failed since submission: back to the editor rather than publish.
            article.status = ArticleStatus.DRAFT
            article.review_comment = "；".join(exc.messages)[:500]
            _save(article, by)
        return True
    if review.case_returned(process):
        event = review.last_event(process, "return")
        article.status = ArticleStatus.DRAFT
        article.reviewed_by = event.actor if event else None
        article.review_comment = (event.comment if event else "")[:500]
        _save(article, article.reviewed_by)
        return True
    return False


@transaction.atomic
def review_sync(*, article: Article) -> Article:
    """审核流程对账：在通用待办页面办结或退回的审核，稿件状态随之改变。可重复执行。"""
    article = _lock_row(article)
    _sync_locked(article)
    return article


def _each_locked(qs, action) -> list[int]:
    """Run `action` on each row of `qs` in its own transaction, skipping rows another worker
    holds (SELECT … FOR UPDATE SKIP LOCKED): two beat runs never handle one article twice."""
    done = []
    for pk in list(qs.values_list("pk", flat=True)):
        with transaction.atomic():
            article = (
                qs.select_for_update(skip_locked=True, of=("self",))
                .select_related("channel", "author_unit")
                .filter(pk=pk)
                .first()
            )
            if article is not None and action(article):
                done.append(pk)
    return done


def reviews_sync() -> list[int]:
    """In-review articles whose case has moved on the generic task pages."""
    qs = Article.objects.filter(status=ArticleStatus.IN_REVIEW, review_process__isnull=False)
    return _each_locked(qs.filter(review.may_have_moved()), _sync_locked)


def publish_due(now: datetime.datetime | None = None) -> list[ArticleChange]:
    """定时发布：已排期且发布日期已到的稿件上网。Returns the page changes to publish."""
    from portal.publishing.engine import ArticleChange

    now = now or timezone.now()
    changes = []

    def go(article: Article) -> bool:
        old_path = article.published_path
        _publish(article, article.reviewed_by, queue=False)
        changes.append(ArticleChange(article.pk, old_path, article.channel_id))
        return True

    qs = Article.objects.filter(status=ArticleStatus.SCHEDULED, publish_date__lte=now)
    _each_locked(qs, go)
    return changes


def withdraw_due(now: datetime.datetime | None = None) -> list[ArticleChange]:
    """定时撤稿：撤稿时间已到的稿件下网。Returns the page changes to publish."""
    from portal.publishing.engine import ArticleChange

    now = now or timezone.now()
    changes = []

    def go(article: Article) -> bool:
        old_path, was_live = article.published_path, article.status == ArticleStatus.PUBLISHED
        _withdraw(article, None, _("定时撤稿"), queue=False)
        if was_live:
            changes.append(ArticleChange(article.pk, old_path, article.channel_id))
        return True

    qs = Article.objects.filter(status__in=LIVE_STATUSES, withdraw_at__lte=now)
    _each_locked(qs, go)
    return changes
