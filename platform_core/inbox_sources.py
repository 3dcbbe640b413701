"""Work that must reach a person's unified inbox without being a workflow task.

Most work is a route task (`TaskInfo`). Some is not: an online application waiting for a window
clerk's acceptance, a decision waiting to be delivered, a request whose clarification answer has
come in. Each app that holds such work registers a *work source* here (in its `AppConfig.ready`),
and the inbox, its 待办 tab count and the top bar's badge add what the sources hold for the reader.

platform_core knows no app above it: the sources are plain objects with four members.

    class AcceptanceWork:
        key = "approval.acceptance"
        label = _("待受理申请")

        def pending(self, user) -> QuerySet: ...  # the rows waiting; not evaluated here
        def items(self, user, limit) -> list[WorkItem]: ...  # one query

The platform counts every source's `pending` queryset together with its own badges in one
query (`platform_core.db.count_many`), and asks a source for its `items` only when it has some.
A source that cannot express its work as one queryset defines `count(user) -> int` (one query)
instead of `pending`. A source whose work only holders of some roles can have says so in
`roles` (role codes): for anyone else it is not asked at all. Building two dozen querysets is
most of the inbox's cost when nearly all of them are empty for the reader (bench/_profile.py).
Either way the inbox and every office page (the badge) stay at a constant query count,
whatever the data.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Protocol

from django.db.models import QuerySet

from .models import User


@dataclass(frozen=True)
class WorkItem:
    """One piece of work in the inbox: what to do, on what, by when, and where."""

    action: str  # what the reader must do, e.g. 受理审查
    title: str  # what it is about, e.g. the application's number and item
    link: str
    subsystem: str  # the subsystem's Chinese name, e.g. 网上审批
    due_date: datetime.date | None = None
    received_at: datetime.datetime | None = None


class WorkSource(Protocol):
    key: str
    label: str

    # Either `pending` (preferred: the platform counts every source's queryset in one query)
    # or `count` (one query of its own).
    def pending(self, user: User) -> QuerySet: ...

    def count(self, user: User) -> int: ...

    def items(self, user: User, limit: int) -> list[WorkItem]: ...


_SOURCES: dict[str, WorkSource] = {}


def _applies(source: WorkSource, user: User) -> bool:
    """False when the source names `roles` and the user holds none of them in an active post
    (no query: the posts are read once per request)."""
    roles = getattr(source, "roles", None)
    if not roles or user.is_superuser:
        return True
    from .permissions import user_posts

    return any(post.role.code in roles for post in user_posts(user))


def register_work_source(source: WorkSource) -> None:
    """Register (or replace, on a reload) the source under its key."""
    _SOURCES[source.key] = source


def work_sources() -> list[WorkSource]:
    return list(_SOURCES.values())


def pending_querysets(user: User) -> dict:
    """{source key: queryset of its pending rows} for the sources that expose one; the caller
    counts them together with its own counts in one query (`platform_core.db.count_many`)."""
    return {
        key: source.pending(user)
        for key, source in _SOURCES.items()
        if hasattr(source, "pending") and _applies(source, user)
    }


def work_counts(user: User, counted: dict | None = None) -> dict[str, int]:
    """{source key: count} for `user`, counted once per request (the badge, the inbox tab and
    the office home's 待办分类 all ask). `counted`: the counts of `pending_querysets` the
    caller has already read (with its own, in one query); otherwise they are read here, all
    in one query, and the sources without `pending` count one by one."""
    if not (user.is_authenticated and getattr(user, "is_office_user", False)):
        return {}
    cached = getattr(user, "_egov_work_counts", None)
    if cached is None:
        from .db import count_many

        if counted is None:
            counted = count_many(pending_querysets(user))
        cached = user._egov_work_counts = {
            key: counted[key] if key in counted else source.count(user)
            for key, source in _SOURCES.items()
            if _applies(source, user)
        }
    return cached


def work_count(user: User) -> int:
    """How many pieces of non-task work wait for `user`, across every source."""
    return sum(work_counts(user).values())


def work_items(user: User, limit: int = 50) -> list[WorkItem]:
    """The work itself, earliest deadline first (work without a deadline last)."""
    if not (user.is_authenticated and getattr(user, "is_office_user", False)):
        return []
    counts = work_counts(user)
    # A source with nothing pending is not asked for its rows: no query.
    rows = [
        item
        for key, source in _SOURCES.items()
        if counts.get(key)
        for item in source.items(user, limit)
    ]
    rows.sort(key=lambda w: (w.due_date is None, w.due_date or datetime.date.max, w.title))
    return rows[:limit]


# --- the inbox by type (发文, 收文, 传阅, 会议通知, …) ---------------------------------------
# A work source may carry a `doc_type` label; route tasks are typed by `register_task_type`
# (a function narrowing the reader's open tasks). The type counts are read in the inbox's one
# count query (selectors.inbox.request_counts) and never add to the badge: they split it.

_TASK_TYPES: dict[str, tuple] = {}


def register_task_type(key: str, label, narrow) -> None:
    """`narrow(tasks: QuerySet[TaskInfo]) -> QuerySet`: the reader's open tasks of this type."""
    _TASK_TYPES[key] = (label, narrow)


def task_type_querysets(todo: QuerySet) -> dict:
    return {key: narrow(todo) for key, (_label, narrow) in _TASK_TYPES.items()}


def work_by_type(user: User) -> list[tuple[str, int]]:
    """[(type label, count)] of the 待办 tab, in registration order, types with work only."""
    totals: dict[str, int] = {}
    for key, count in (getattr(user, "_egov_type_counts", None) or {}).items():
        label = str(_TASK_TYPES[key][0])
        totals[label] = totals.get(label, 0) + count
    counts = work_counts(user)
    for key, source in _SOURCES.items():
        label = getattr(source, "doc_type", None)
        if label is not None:
            totals[str(label)] = totals.get(str(label), 0) + counts.get(key, 0)
    return [(label, n) for label, n in totals.items() if n]
