"""Reads of 通知公告: who a notice is for, what a person may see, and read/unread lists.

Lists take a constant number of queries: the read flag is an Exists() subquery, the audience
of a unit scope one path-prefix subquery.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from platform_core.models import Post, User
from platform_core.permissions import SECURITY_ADMIN_ROLES

from ..models import Notice, NoticeComment, NoticeRead
from ..models.notices import CommentStatus, NoticeScope, NoticeStatus


def _business_posts():
    return Post.objects.active().exclude(role__code__in=SECURITY_ADMIN_ROLES)


def audience(notice: Notice) -> QuerySet[User]:
    """Everyone the notice is for (active staff)."""
    people = User.objects.filter(is_active=True)
    if notice.scope == NoticeScope.PEOPLE:
        return people.filter(pk__in=notice.scope_people.values("pk")).order_by("pk")
    posts = _business_posts()
    if notice.scope == NoticeScope.UNITS:
        cond = Q(pk__in=[])
        for unit in notice.scope_units.all():
            cond |= Q(unit__path__startswith=unit.path)
        posts = posts.filter(cond)
    return people.filter(pk__in=posts.values("user")).order_by("pk")


def unread_people(notice: Notice) -> QuerySet[User]:
    read = NoticeRead.objects.filter(notice=notice, user=OuterRef("pk"))
    return audience(notice).exclude(pk=notice.author_id).filter(~Exists(read))


def read_rows(notice: Notice) -> QuerySet[NoticeRead]:
    return NoticeRead.objects.filter(notice=notice).select_related("user").order_by("read_at")


def _not_expired() -> Q:
    return Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate())


def notices_for(user: User) -> QuerySet[Notice]:
    """Published, unexpired notices addressed to the user, with `is_read` annotated."""
    posts = _business_posts().filter(user=user)
    my_paths = list(posts.values_list("unit__path", flat=True)) if user.pk else []
    # A unit scope reaches the units below it: the scope unit is one of mine or above mine.
    scoped_units = Notice.scope_units.through.objects.filter(
        orgunit__in=_ancestor_units(my_paths)
    ).values("notice")
    scoped_people = Notice.scope_people.through.objects.filter(user=user).values("notice")
    visible = Q(pk__in=scoped_units) | Q(pk__in=scoped_people) | Q(author=user)
    if my_paths:
        visible |= Q(scope=NoticeScope.COUNTY)
    read = NoticeRead.objects.filter(notice=OuterRef("pk"), user=user)
    return (
        Notice.objects.filter(status=NoticeStatus.PUBLISHED)
        .filter(_not_expired())
        .filter(visible)
        .annotate(is_read=Exists(read))
        .select_related("unit")
    )


def _ancestor_units(paths: list[str]):
    """Subquery of the units whose path prefixes any of `paths` (the unit itself and above)."""
    from platform_core.models import OrgUnit

    steplen = OrgUnit.steplen
    prefixes = {p[:i] for p in paths for i in range(steplen, len(p) + 1, steplen)}
    return OrgUnit.objects.filter(path__in=prefixes).values("pk")


def unread_notices(user: User, limit: int = 5) -> list[Notice]:
    """The office home's 新通知: the latest unread notices addressed to the user (one query)."""
    return list(
        notices_for(user)
        .filter(is_read=False)
        .exclude(author=user)
        .order_by("-is_pinned", "-published_at")[:limit]
    )


def my_notices(user: User) -> QuerySet[Notice]:
    """What the user drafted (every state, expired ones too)."""
    return Notice.objects.filter(author=user).select_related("unit").order_by("-pk")


def notices_to_review(user: User) -> QuerySet[Notice]:
    """Pending notices whose review the user holds or may take (drafting unit's section head)."""
    from platform_core.models import TaskInfo

    units = _business_posts().filter(user=user, role__code="section_head").values("unit")
    open_processes = TaskInfo.objects.filter(is_open=True).filter(
        Q(owner=user) | Q(owner__isnull=True, unit__in=units, role__code="section_head")
    )
    return (
        Notice.objects.filter(status=NoticeStatus.PENDING)
        .filter(process__in=open_processes.values("process"))
        .select_related("unit", "author")
    )


def notice_visible(user: User, pk: int) -> Notice | None:
    """A notice the user may open: addressed to them (published and unexpired), or theirs, or
    one they review or reviewed."""
    notice = notices_for(user).filter(pk=pk).first()
    if notice is not None:
        return notice
    notice = Notice.objects.select_related("unit", "author").filter(pk=pk).first()
    if notice is None:
        return None
    if notice.author_id == user.pk or notice.approved_by_id == user.pk:
        notice.is_read = True
        return notice
    if notices_to_review(user).filter(pk=pk).exists():
        notice.is_read = True
        return notice
    return None


def may_moderate(user: User, notice: Notice) -> bool:
    return user.pk in (notice.author_id, notice.approved_by_id)


def comments_shown(user: User, notice: Notice) -> QuerySet[NoticeComment]:
    """Approved comments for everyone; moderators also see the pending ones, an author their own."""
    rows = NoticeComment.objects.filter(notice=notice).select_related("author")
    if may_moderate(user, notice):
        return rows.exclude(status=CommentStatus.REJECTED)
    return rows.filter(Q(status=CommentStatus.APPROVED) | Q(author=user))
