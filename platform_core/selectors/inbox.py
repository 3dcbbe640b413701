"""Reads of the unified to-do inbox (待办事宜): what waits for a person, across every subsystem.

Five kinds of entry, each one indexed query whatever the number of tasks:
- 待办: open `TaskInfo` rows owned by the person, or by someone who delegated to them today
  (`Delegation`), plus open unclaimed rows offered to a (unit, role) where the person (or such a
  delegator) holds an active post. Index: `taskinfo_owner_open_due` for the owners, the partial
  `taskinfo_unclaimed` for the offers; PostgreSQL combines them with a BitmapOr.
- 已办: rows the person handled themselves (outcome done or returned; a withdrawn or cancelled
  task is not their work).
- 待阅 / 已阅: `ReadingItem` rows (partial index `reading_unread`, and `reading_recipient`).
- 我发起的: `RouteProcess` rows the person started.
There is no 草稿 kind: a viewflow process exists only once it has started (status NEW means
running), and dynamic-form submissions have no draft state either.

Deadline status is computed from the due date against today on the working-day calendar: overdue
when the due date has passed, due soon when it falls within settings.INBOX_DUE_SOON_WORKING_DAYS
working days (so on the eve of the National Day holiday a task due on the first working day after
it is already "due soon").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import (
    CaseDraft,
    Delegation,
    Post,
    ProcessDefinition,
    ReadingItem,
    RouteProcess,
    TaskInfo,
    TaskOutcome,
)
from ..permissions import user_posts
from .calendar import add_working_days

if TYPE_CHECKING:
    from ..models import User


class Kind(models.TextChoices):
    TODO = "todo", _("待办")
    DONE = "done", _("已办")
    TO_READ = "to_read", _("待阅")
    READ = "read", _("已阅")
    STARTED = "started", _("我发起的")
    DRAFTS = "drafts", _("草稿")


class Deadline(models.TextChoices):
    NORMAL = "normal", _("正常")
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已超期")


TASK_KINDS = frozenset({Kind.TODO, Kind.DONE})
READING_KINDS = frozenset({Kind.TO_READ, Kind.READ})
# Which filters mean something for which kind; the others are ignored (and not shown).
FILTERS_BY_KIND = {
    Kind.TODO: ("subsystem", "process", "deadline"),
    Kind.DONE: ("subsystem", "process"),
    Kind.TO_READ: ("subsystem",),
    Kind.READ: ("subsystem",),
    Kind.STARTED: ("subsystem", "process"),
    Kind.DRAFTS: (),
}
HANDLED_OUTCOMES = (TaskOutcome.DONE, TaskOutcome.RETURNED)
NO_DUE_DATE = datetime.date.max  # sorts undated tasks last


@dataclass(frozen=True)
class DeadlineWindow:
    """Today and the last day that still counts as "due soon" (pure: no clock, no database)."""

    today: datetime.date
    soon_until: datetime.date

    def status(self, due_date: datetime.date | None) -> str:
        if due_date is None:
            return Deadline.NORMAL
        if due_date < self.today:
            return Deadline.OVERDUE
        if due_date <= self.soon_until:
            return Deadline.DUE_SOON
        return Deadline.NORMAL

    def q(self, status: str) -> Q:
        """The same rule as `status()`, as a filter on `due_date`."""
        if status == Deadline.OVERDUE:
            return Q(due_date__lt=self.today)
        if status == Deadline.DUE_SOON:
            return Q(due_date__gte=self.today, due_date__lte=self.soon_until)
        return Q(due_date__gt=self.soon_until) | Q(due_date__isnull=True)


def deadline_window(today: datetime.date | None = None) -> DeadlineWindow:
    today = today or timezone.localdate()
    return DeadlineWindow(today, add_working_days(today, settings.INBOX_DUE_SOON_WORKING_DAYS))


@dataclass(frozen=True)
class Viewer:
    """Whose inbox: the person, the principals they stand in for today, their (unit, role) slots."""

    user_id: int
    principal_ids: tuple[int, ...] = ()
    slots: tuple[tuple[int, int], ...] = ()

    @property
    def owner_ids(self) -> tuple[int, ...]:
        return (self.user_id, *self.principal_ids)

    def unclaimed_q(self) -> Q:
        """Open unclaimed tasks offered to one of my posts.

        Each arm repeats the partial index's predicate (open, no owner) so that PostgreSQL can
        prove the index applies to it.
        """
        arms = [
            Q(is_open=True, owner__isnull=True, unit_id=unit_id, role_id=role_id)
            for unit_id, role_id in self.slots
        ]
        return reduce(or_, arms) if arms else Q(pk__in=[])

    def todo_q(self) -> Q:
        return Q(is_open=True, owner_id__in=self.owner_ids) | self.unclaimed_q()

    def done_q(self) -> Q:
        return Q(owner_id=self.user_id, is_open=False, outcome__in=HANDLED_OUTCOMES)


def delegating_principal_ids(user: User, today: datetime.date) -> list[int]:
    """Who has delegated their tasks to `user` for today (委托, not revoked)."""
    return list(
        Delegation.objects.filter(
            delegate=user, start_date__lte=today, end_date__gte=today, revoked_at__isnull=True
        )
        .values_list("principal_id", flat=True)
        .distinct()
    )


def inbox_viewer(user: User, today: datetime.date | None = None) -> Viewer:
    """Whose tasks `user` sees today.

    One query for the delegations (and one for the delegators' posts when there are any); the
    user's own posts are read once per request (`user_posts`). A delegate also sees the offers
    made to the delegator's posts, because the engine lets them claim those (`may_claim`).
    """
    today = today or timezone.localdate()
    principal_ids = tuple(sorted(delegating_principal_ids(user, today)))
    slots = {(p.unit_id, p.role_id) for p in user_posts(user)}
    if principal_ids:
        slots |= set(
            Post.objects.filter(user_id__in=principal_ids)
            .active(today)
            .values_list("unit_id", "role_id")
        )
    return Viewer(user_id=user.pk, principal_ids=principal_ids, slots=tuple(sorted(slots)))


def request_viewer(user: User) -> Viewer:
    """`inbox_viewer(user)` kept on the request's user: the top-bar badge and the inbox page
    both need it on the same request."""
    viewer = getattr(user, "_egov_inbox_viewer", None)
    if viewer is None:
        viewer = user._egov_inbox_viewer = inbox_viewer(user)
    return viewer


SHELL_COUNTS = ("todo", "unread")
INBOX_COUNTS = ("done", "to_read", "read", "started", "drafts")


def _count_querysets(viewer: Viewer, names, user: User | None = None) -> dict:
    from .notifications import inbox_for

    me = viewer.user_id
    everything = {
        "todo": lambda: TaskInfo.objects.filter(viewer.todo_q()),
        "unread": lambda: inbox_for(user).filter(read_at__isnull=True),
        "done": lambda: TaskInfo.objects.filter(viewer.done_q()),
        "to_read": lambda: ReadingItem.objects.filter(recipient_id=me, read_at__isnull=True),
        "read": lambda: ReadingItem.objects.filter(recipient_id=me, read_at__isnull=False),
        "started": lambda: RouteProcess.objects.filter(started_by_id=me),
        "drafts": lambda: CaseDraft.objects.filter(created_by_id=me),
    }
    return {name: everything[name]() for name in names}


def request_counts(user: User, *, inbox: bool = False) -> dict[str, int]:
    """The numbers a back-office page shows, read once per request in one query
    (`platform_core.db.count_many`): the top bar's 待办 (route tasks) and unread messages, every
    work source's pending work (kept for `inbox_sources.work_counts`) and, with `inbox`, the
    inbox's other tabs. A page that asks for more later reads only what is missing."""
    from ..db import count_many
    from ..inbox_sources import pending_querysets, task_type_querysets, work_counts

    memo = getattr(user, "_egov_counts", None)
    if memo is None:
        memo = user._egov_counts = {}
    wanted = [n for n in (*SHELL_COUNTS, *(INBOX_COUNTS if inbox else ())) if n not in memo]
    if not wanted:
        return memo
    querysets = _count_querysets(request_viewer(user), wanted, user)
    with_work = getattr(user, "_egov_work_counts", None) is None
    if with_work:
        querysets.update({("work", k): qs for k, qs in pending_querysets(user).items()})
    with_types = inbox and getattr(user, "_egov_type_counts", None) is None
    if with_types:
        todo = TaskInfo.objects.filter(request_viewer(user).todo_q())
        querysets.update({("type", k): qs for k, qs in task_type_querysets(todo).items()})
    counted = count_many(querysets)
    memo.update({k: v for k, v in counted.items() if not isinstance(k, tuple)})
    if with_types:
        user._egov_type_counts = {k[1]: v for k, v in counted.items() if k[0:1] == ("type",)}
    if with_work:
        work_counts(user, counted={k[1]: v for k, v in counted.items() if k[0:1] == ("work",)})
    return memo


def todo_count(user: User) -> int:
    """The 待办 badge in the top bar: the same work as the inbox's first tab (route tasks and
    the registered work sources' items)."""
    from ..inbox_sources import work_count

    return request_counts(user)["todo"] + work_count(user)


def inbox_counts(viewer: Viewer, user: User | None = None) -> dict[str, int]:
    """The number in every kind, for the tabs and the navigation. For the request's own user
    (`user` given) one query together with the top bar's counts (`request_counts`), the 待办
    tab with the work sources'; for any other viewer (a delegation on another day) one query.

    Counts ignore the list filters: a tab says how much is in the box, not in the current view.
    """
    from ..db import count_many
    from ..inbox_sources import work_count

    if user is not None and viewer == request_viewer(user):
        counts = request_counts(user, inbox=True)
        todo = counts["todo"] + work_count(user)
    else:
        counts = count_many(_count_querysets(viewer, ("todo", *INBOX_COUNTS)))
        todo = counts["todo"] + (work_count(user) if user is not None else 0)
    return {
        Kind.TODO: todo,
        Kind.DONE: counts["done"],
        Kind.TO_READ: counts["to_read"],
        Kind.READ: counts["read"],
        Kind.STARTED: counts["started"],
        Kind.DRAFTS: counts["drafts"],
    }


@dataclass(frozen=True)
class InboxFilters:
    subsystem: str = ""
    process: str = ""  # ProcessDefinition.code
    deadline: str = ""  # a Deadline value

    def for_kind(self, kind: str) -> InboxFilters:
        allowed = FILTERS_BY_KIND[kind]
        return InboxFilters(**{name: getattr(self, name) for name in allowed})


def inbox_list(
    viewer: Viewer,
    kind: str,
    filters: InboxFilters | None = None,
    window: DeadlineWindow | None = None,
) -> QuerySet:
    """The entries of one kind, filtered and sorted, ready to paginate (no query until sliced)."""
    filters = (filters or InboxFilters()).for_kind(kind)
    if kind in READING_KINDS:
        qs = ReadingItem.objects.filter(
            recipient_id=viewer.user_id, read_at__isnull=(kind == Kind.TO_READ)
        )
        if filters.subsystem:
            qs = qs.filter(subsystem=filters.subsystem)
        return qs.order_by("-created_at", "-id")
    if kind == Kind.DRAFTS:
        return CaseDraft.objects.filter(created_by_id=viewer.user_id).order_by("-updated_at", "-pk")
    if kind == Kind.STARTED:
        qs = RouteProcess.objects.filter(started_by_id=viewer.user_id).select_related(
            "version__definition"
        )
        if filters.subsystem:
            qs = qs.filter(subsystem=filters.subsystem)
        if filters.process:
            qs = qs.filter(version__definition__code=filters.process)
        return qs.order_by("-created", "-pk")
    if kind == Kind.DONE:
        qs = TaskInfo.objects.filter(viewer.done_q())
    else:
        qs = TaskInfo.objects.filter(viewer.todo_q())
    if filters.subsystem:
        qs = qs.filter(subsystem=filters.subsystem)
    if filters.process:
        qs = qs.filter(process__version__definition__code=filters.process)
    if filters.deadline:
        qs = qs.filter((window or deadline_window()).q(filters.deadline))
    qs = qs.select_related("owner")
    if kind == Kind.DONE:
        # What I handled most recently comes first; the due date no longer matters.
        return qs.order_by(F("finished_at").desc(nulls_last=True), "-pk")
    # Most urgent first; tasks without a time limit after every dated one. The sort key is an
    # expression on purpose: ordered by the bare column, PostgreSQL may walk the index of every
    # open task in due order and filter for mine, which is fast for a busy clerk but reads the
    # whole table for someone whose few tasks are due late or undated. With the expression it
    # always takes the two indexes above and sorts my own rows only: cost bounded by my inbox.
    return qs.order_by(Coalesce("due_date", Value(NO_DUE_DATE)), "created_at", "pk")


@dataclass
class TaskRow:
    """A TaskInfo as the inbox shows it."""

    info: TaskInfo
    deadline: str
    unclaimed: bool
    on_behalf_of: object | None = None  # the principal, when I see it through a delegation

    @property
    def deadline_label(self) -> str:
        return Deadline(self.deadline).label


def task_rows(infos, viewer: Viewer, window: DeadlineWindow) -> list[TaskRow]:
    """Decorate one page of TaskInfo rows (pure: no query beyond the page's own)."""
    rows = []
    for info in infos:
        rows.append(
            TaskRow(
                info=info,
                deadline=window.status(info.due_date) if info.is_open else Deadline.NORMAL,
                unclaimed=info.owner_id is None,
                on_behalf_of=(
                    info.owner
                    if info.owner_id is not None and info.owner_id != viewer.user_id
                    else None
                ),
            )
        )
    return rows


PROCESS_CHOICES_KEY = "platform_core:process_choices"


def process_choices() -> list[tuple[str, str]]:
    """Every process definition, for the filter (a small table; cached, and forgotten by
    signals.py when a definition is saved or deleted)."""
    from django.core.cache import cache

    choices = cache.get(PROCESS_CHOICES_KEY)
    if choices is None:
        choices = list(ProcessDefinition.objects.order_by("code").values_list("code", "name"))
        cache.set(PROCESS_CHOICES_KEY, choices, 3600)
    return [tuple(c) for c in choices]


def claimable_infos(viewer: Viewer, task_ids: list[int]) -> QuerySet:
    """The given tasks that are open, unclaimed and offered to one of my posts: anything else
    in a forged POST is silently left out."""
    return (
        TaskInfo.objects.filter(pk__in=task_ids)
        .filter(viewer.unclaimed_q())
        .select_related("task")
        .order_by("pk")
    )
