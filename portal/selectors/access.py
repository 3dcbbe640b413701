"""Who may write to which column and who reviews whose articles (access management per column).

- An editor is a staff member with an active 网站编辑 post. They may write to a column when the
  unit of that post lies within one of the column's editor units (the unit itself or below it),
  and only articles of their own unit (the post's unit and below).
- A reviewer is a 科室负责人 or 分管领导 of the article's unit or of a unit above it. Nobody
  approves an article they sent for review themselves (four-eyes rule).
- Superusers may do all of it (site administrators set up columns and fix mistakes).
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from platform_core.constants import RoleCode
from platform_core.models import OrgUnit, Post, User
from portal.models import Article, Channel

REVIEWER_ROLES = (RoleCode.SECTION_HEAD, RoleCode.LEADER)


def _is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_office_user)


def _posts(user: User, roles) -> list[Post]:
    cache = getattr(user, "_portal_posts", None)
    if cache is None:
        cache = list(
            Post.objects.active()
            .filter(user=user, role__code__in=[RoleCode.WEB_EDITOR, *REVIEWER_ROLES])
            .select_related("unit", "role")
        )
        user._portal_posts = cache
    return [p for p in cache if p.role.code in roles]


def editor_units(user: User) -> list[OrgUnit]:
    """Units where the user holds a web-editor post (the units they write for)."""
    if not _is_staff(user):
        return []
    return [p.unit for p in _posts(user, (RoleCode.WEB_EDITOR,))]


def is_editor(user: User) -> bool:
    return _is_staff(user) and (user.is_superuser or bool(editor_units(user)))


def is_reviewer(user: User) -> bool:
    return _is_staff(user) and (user.is_superuser or bool(_posts(user, REVIEWER_ROLES)))


def channels_editable_by(user: User) -> QuerySet[Channel]:
    """Columns the user may write to (never a retired one)."""
    if not _is_staff(user):
        return Channel.objects.none()
    if user.is_superuser:
        return Channel.objects.filter(is_retired=False)
    units = editor_units(user)
    if not units:
        return Channel.objects.none()
    # The column's editor unit is an ancestor-or-self of one of the user's editor units.
    allowed = [
        u.path[:n] for u in units for n in range(OrgUnit.steplen, len(u.path) + 1, OrgUnit.steplen)
    ]
    return Channel.objects.filter(editor_units__path__in=allowed, is_retired=False).distinct()


def can_edit_channel(user: User, channel: Channel) -> bool:
    return channels_editable_by(user).filter(pk=channel.pk).exists()


def _within(unit: OrgUnit, tops: list[OrgUnit]) -> bool:
    return any(unit.path.startswith(top.path) for top in tops)


def can_edit_article(user: User, article: Article) -> bool:
    if not _is_staff(user):
        return False
    if user.is_superuser:
        return True
    return _within(article.author_unit, editor_units(user)) and can_edit_channel(
        user, article.channel
    )


def can_review_article(user: User, article: Article) -> bool:
    if not _is_staff(user) or article.submitted_by_id == user.pk:
        return False
    if user.is_superuser:
        return True
    return _within(article.author_unit, [p.unit for p in _posts(user, REVIEWER_ROLES)])


def reviewers_for(article: Article) -> QuerySet[User]:
    """The people who may review the article (for the notification)."""
    path = article.author_unit.path
    ancestors = [path[:n] for n in range(OrgUnit.steplen, len(path) + 1, OrgUnit.steplen)]
    user_ids = (
        Post.objects.active()
        .filter(role__code__in=REVIEWER_ROLES, unit__path__in=ancestors)
        .values("user_id")
    )
    return User.objects.filter(pk__in=user_ids, is_active=True).exclude(pk=article.submitted_by_id)


def articles_visible_to(user: User) -> QuerySet[Article]:
    """Back-office article list: the units the user writes for or reviews."""
    qs = Article.objects.select_related("channel", "author_unit", "locked_by")
    if not _is_staff(user):
        return qs.none()
    if user.is_superuser:
        return qs
    tops = [p.unit for p in _posts(user, (RoleCode.WEB_EDITOR, *REVIEWER_ROLES))]
    if not tops:
        return qs.none()
    return qs.filter(reduce(or_, (Q(author_unit__path__startswith=u.path) for u in tops)))


def review_queue(user: User) -> QuerySet[Article]:
    """Articles waiting for this reviewer (not those they sent themselves)."""
    from portal.constants import ArticleStatus

    if not is_reviewer(user):
        return Article.objects.none()
    qs = Article.objects.select_related("channel", "author_unit", "submitted_by").filter(
        status=ArticleStatus.IN_REVIEW
    )
    qs = qs.exclude(submitted_by=user)
    if user.is_superuser:
        return qs
    tops = [p.unit for p in _posts(user, REVIEWER_ROLES)]
    return qs.filter(reduce(or_, (Q(author_unit__path__startswith=u.path) for u in tops)))
