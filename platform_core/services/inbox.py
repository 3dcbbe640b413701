"""Writes of the unified to-do inbox: reading items, batch claim, deadline reminders (催办).

The tasks themselves are changed only by the workflow engine (`services.workflow`); the inbox
asks it to claim and never touches `TaskInfo` itself.
"""

from __future__ import annotations

import datetime
import importlib.util
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import RoleCode
from ..models import Notification, OrgUnit, Post, ReadingItem, TaskInfo, User
from ..selectors.calendar import working_days_between
from ..selectors.inbox import Deadline, Viewer, claimable_infos, deadline_window
from .notifications import notify_user

logger = logging.getLogger(__name__)

REMINDER_CHUNK = 1000


# --- 待阅 ---------------------------------------------------------------------------------------
@transaction.atomic
def reading_items_send(
    *, recipients: Iterable[User], subsystem: str, title: str, link: str = ""
) -> list[ReadingItem]:
    """分送待阅。Put one item in each recipient's 待阅 (a circulated document, a notice)."""
    items = [
        ReadingItem(recipient=user, subsystem=subsystem, title=title[:200], link=link)
        for user in {u.pk: u for u in recipients}.values()
    ]
    for item in items:
        item.full_clean(exclude=["recipient"])
    return ReadingItem.objects.bulk_create(items)


@transaction.atomic
def reading_mark_read(*, user: User, ids: Iterable[int]) -> int:
    """标为已阅。Mark the given unread items of `user` read; other people's ids are ignored."""
    return ReadingItem.objects.filter(
        recipient=user, read_at__isnull=True, pk__in=list(ids)
    ).update(read_at=timezone.now())


# --- Batch claim ---------------------------------------------------------------------------------
class ClaimUnavailable(Exception):
    """The workflow engine offers no claim service (yet)."""


def _engine_task_claim():
    # Imported lazily: the engine is a heavier module and the inbox must load without it.
    if importlib.util.find_spec("platform_core.services.workflow") is None:
        return None
    from . import workflow

    return getattr(workflow, "task_claim", None)


def claim_available() -> bool:
    return _engine_task_claim() is not None


@dataclass
class ClaimResult:
    claimed: list[TaskInfo] = field(default_factory=list)
    refused: list[tuple[TaskInfo, str]] = field(default_factory=list)
    not_offered: int = 0


def inbox_claim(*, user: User, viewer: Viewer, task_ids: Iterable[int]) -> ClaimResult:
    """批量认领。Claim the selected unclaimed tasks offered to one of the user's posts.

    Each claim is the engine's own transaction (it locks the task row), so one task taken by a
    colleague a moment earlier does not undo the others; it is reported as refused instead.
    """
    task_claim = _engine_task_claim()
    if task_claim is None:
        raise ClaimUnavailable
    ids = list(dict.fromkeys(task_ids))
    result = ClaimResult()
    infos = list(claimable_infos(viewer, ids))
    result.not_offered = len(ids) - len(infos)
    for info in infos:
        try:
            task_claim(task=info.task, user=user)
        except (PermissionDenied, ValidationError) as exc:
            message = "; ".join(getattr(exc, "messages", None) or [str(exc)])
            result.refused.append((info, message or _("无法认领")))
        else:
            result.claimed.append(info)
    return result


# --- Reminders (催办) ----------------------------------------------------------------------------
ESCALATE = "escalate"


@dataclass
class ReminderResult:
    """How many people were told, per threshold, in this run."""

    due_soon: int = 0
    overdue: int = 0
    escalated: int = 0

    def count(self, kind: str) -> None:
        if kind == ESCALATE:
            self.escalated += 1
        elif kind == Deadline.OVERDUE:
            self.overdue += 1
        else:
            self.due_soon += 1


def _task_link(task_id: int) -> str:
    try:
        return reverse("platform_core:task_detail", args=[task_id])
    except NoReverseMatch:
        return reverse("platform_core:inbox")


def _active_post_q(today: datetime.date) -> Q:
    return Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))


def _candidates(infos: list[TaskInfo], today: datetime.date) -> dict[tuple, list[User]]:
    """Holders of each (unit, role) that unclaimed tasks are offered to: one query."""
    pairs = {(i.unit_id, i.role_id) for i in infos if i.owner_id is None}
    if not pairs:
        return {}
    units = {unit for unit, _role in pairs}
    posts = Post.objects.filter(_active_post_q(today), unit_id__in=units, user__is_active=True)
    holders: dict[tuple, dict[int, User]] = defaultdict(dict)
    for post in posts.select_related("user"):
        if (post.unit_id, post.role_id) in pairs:
            holders[(post.unit_id, post.role_id)][post.user_id] = post.user
    return {pair: list(users.values()) for pair, users in holders.items()}


def _unit_heads(infos: list[TaskInfo], today: datetime.date) -> dict[int, list[User]]:
    """科室负责人 of each task's unit, else of its parent unit: one query."""
    steplen = OrgUnit.steplen
    wanted = {}
    for info in infos:
        path = info.unit.path
        wanted[info.unit_id] = (path, path[:-steplen] if len(path) > steplen else None)
    paths = {p for pair in wanted.values() for p in pair if p}
    if not paths:
        return {}
    by_path: dict[str, dict[int, User]] = defaultdict(dict)
    posts = Post.objects.filter(
        _active_post_q(today),
        role__code=RoleCode.SECTION_HEAD,
        unit__path__in=paths,
        user__is_active=True,
    ).select_related("user", "unit")
    for post in posts:
        by_path[post.unit.path][post.user_id] = post.user
    heads = {}
    for unit_id, (own, parent) in wanted.items():
        found = by_path.get(own) or (by_path.get(parent) if parent else None) or {}
        heads[unit_id] = list(found.values())
    return heads


def _reminder_messages(info: TaskInfo, threshold: str, late_days: int) -> tuple[str, str]:
    due = f"{info.due_date:%Y-%m-%d}"
    values = {"title": info.title, "step": info.step_name, "due": due, "days": late_days}
    if threshold == Deadline.DUE_SOON:
        return (
            _("待办即将到期：%(title)s") % values,
            _("“%(step)s”须于%(due)s前办理完毕。") % values,
        )
    if threshold == Deadline.OVERDUE:
        return (
            _("待办已超期：%(title)s") % values,
            _("“%(step)s”的办理期限为%(due)s，已超期，请尽快办理。") % values,
        )
    values["unit"] = info.unit.name
    values["who"] = info.owner.name if info.owner_id else _("（待认领）")
    return (
        _("超期督办：%(title)s") % values,
        _(
            "%(unit)s的“%(step)s”已超期%(days)d个工作日（期限%(due)s），办理人：%(who)s。"
            "请督促办理。"
        )
        % values,
    )


def _plan(infos, window, today, escalate_after) -> list[tuple[str, TaskInfo, User, str, int]]:
    """(threshold, task, recipient, dedupe key, working days late) for one chunk of tasks."""
    candidates = _candidates(infos, today)
    late = {i.pk: working_days_between(i.due_date, today) for i in infos if i.due_date < today}
    escalated = {pk for pk, days in late.items() if days > escalate_after}
    heads = _unit_heads([i for i in infos if i.pk in escalated], today)
    plan = []
    for info in infos:
        threshold = window.status(info.due_date)
        if info.owner_id is not None:
            recipients = [info.owner]
        else:
            recipients = candidates.get((info.unit_id, info.role_id), [])
        notices = [(threshold, user) for user in recipients]
        if info.pk in escalated:
            notices += [(ESCALATE, head) for head in heads.get(info.unit_id, [])]
        for kind, user in notices:
            # One message per threshold and deadline: a deadline extended later is reminded anew.
            key = f"inbox:{kind}:{info.pk}:{info.due_date:%Y%m%d}:{user.pk}"
            plan.append((kind, info, user, key, late.get(info.pk, 0)))
    return plan


def task_reminders_send(*, today: datetime.date | None = None) -> ReminderResult:
    """待办催办。Remind the handlers of open tasks that are due soon or overdue, once per
    threshold; tell the unit head when a task is overdue by more than
    settings.INBOX_ESCALATE_AFTER_WORKING_DAYS working days.

    Runs in chunks, each its own transaction: a crash half-way loses nothing, and the next run
    skips what was sent (the dedupe keys of the outbox).
    """
    window = deadline_window(today)
    today = window.today
    escalate_after = settings.INBOX_ESCALATE_AFTER_WORKING_DAYS
    result = ReminderResult()
    # The partial index taskinfo_open_due serves this scan.
    scan = (
        TaskInfo.objects.filter(is_open=True, due_date__lte=window.soon_until)
        .select_related("owner", "unit")
        .order_by("due_date", "pk")
    )
    chunk: list[TaskInfo] = []
    for info in scan.iterator(chunk_size=REMINDER_CHUNK):
        chunk.append(info)
        if len(chunk) == REMINDER_CHUNK:
            _remind_chunk(chunk, window, today, escalate_after, result)
            chunk = []
    if chunk:
        _remind_chunk(chunk, window, today, escalate_after, result)
    return result


@transaction.atomic
def _remind_chunk(infos, window, today, escalate_after, result: ReminderResult) -> None:
    plan = _plan(infos, window, today, escalate_after)
    sent = set(
        Notification.objects.filter(
            dedupe_key__in=[f"{key}:in_app" for _k, _i, _u, key, _l in plan]
        ).values_list("dedupe_key", flat=True)
    )
    for kind, info, user, key, late_days in plan:
        if f"{key}:in_app" in sent:
            continue
        subject, body = _reminder_messages(info, kind, late_days)
        # Overdue work also goes out by SMS: it is what a 催办 is for.
        notify_user(
            user=user,
            subject=subject,
            body=body,
            link=_task_link(info.pk),
            sms=kind != Deadline.DUE_SOON,
            dedupe_key=key,
        )
        result.count(kind)
