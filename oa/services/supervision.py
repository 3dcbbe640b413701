"""督办: supervision items from a document, a meeting decision or a leader's instruction; progress
reports with attachments; review of completion by the supervision office; automatic reminders
(催办) before and after each due date with escalation to the unit head; archiving of closed items.

Sources are pluggable: `register_source_resolver(kind, fn)` maps a source kind to a function
returning a `SourceInfo` (title, text, link, and optionally a suggested lead unit and due date)
for an id, or None when the id does not exist. Documents and meeting action items are registered
below; the incoming-document app registers leaders' instructions (批示).

Exactly-once reminders: the beat task locks open items with SELECT … FOR UPDATE SKIP LOCKED and,
for each reminder point due, inserts a `SupervisionReminder` (unique per item, target, due date
and offset) in the same savepoint as the outbox messages; a second scanner either skips the
locked row or fails on the unique constraint and sends nothing.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.constants import RoleCode
from platform_core.dynforms.files import check_upload
from platform_core.models import OrgUnit, Post, Subsystem, User
from platform_core.selectors.calendar import calendar_overrides, working_days_between
from platform_core.services.clock import clock_finish, clock_start
from platform_core.services.notifications import notify_user
from platform_core.services.supervision import clock_watch
from platform_core.workdays import add_working_days

from ..constants import DocStatus, SupervisionSource, SupervisionStatus
from ..models import (
    ActionItem,
    OutgoingDocument,
    SupervisionAttachment,
    SupervisionEvent,
    SupervisionItem,
    SupervisionMilestone,
    SupervisionReminder,
)
from ..selectors.meetings import unit_staff
from ..selectors.supervision import is_supervision_office, may_report, may_submit
from .calendar import save_audited

logger = logging.getLogger(__name__)

ATTACHMENT_KINDS = ("pdf", "ofd", "docx", "xlsx", "doc", "xls", "png", "jpeg", "txt")
ATTACHMENT_MAX_BYTES = 30 * 1024 * 1024
CLOCK_PROCESS = "oa.supervision"
ESCALATE_ROLES = (RoleCode.SECTION_HEAD, RoleCode.LEADER)
# Reminder points in working days relative to each due date (negative: before it). Points after
# the due date escalate to the unit head. Configurable with the setting OA_SUPERVISION_REMINDERS.
DEFAULT_OFFSETS = (-3, -1, 0, 1, 3)


# --- sources -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SourceInfo:
    title: str
    text: str = ""
    link: str = ""
    unit: OrgUnit | None = None
    due_date: datetime.date | None = None


SourceResolver = Callable[[int], "SourceInfo | None"]
_RESOLVERS: dict[str, SourceResolver] = {}


def register_source_resolver(kind: str, resolver: SourceResolver) -> None:
    """Register (or replace) the resolver of a source kind (公文, 会议议定事项, 领导批示 …)."""
    _RESOLVERS[kind] = resolver


def resolve_source(kind: str, source_id: int) -> SourceInfo | None:
    resolver = _RESOLVERS.get(kind)
    return resolver(source_id) if resolver else None


def document_source(pk: int) -> SourceInfo | None:
    """A signed or dispatched outgoing document."""
    doc = (
        OutgoingDocument.objects.filter(pk=pk, status__in=[DocStatus.SIGNED, DocStatus.DISPATCHED])
        .select_related("unit")
        .first()
    )
    if doc is None:
        return None
    return SourceInfo(
        title=f"{doc.title}（{doc.number}）" if doc.number else doc.title,
        text=doc.main_to,
        link=reverse("oa:document_detail", args=[doc.pk]),
        unit=None,
    )


def action_item_source(pk: int) -> SourceInfo | None:
    """An action item of a meeting's minutes (会议议定事项)."""
    item = ActionItem.objects.filter(pk=pk).select_related("meeting", "owner_unit").first()
    if item is None:
        return None
    return SourceInfo(
        title=item.title,
        text=_("%(meeting)s议定事项") % {"meeting": item.meeting.title},
        link=reverse("oa:meeting_detail", args=[item.meeting_id]),
        unit=item.owner_unit,
        due_date=item.due_date,
    )


def instruction_source(pk: int) -> SourceInfo | None:
    """A leader's instruction (批示) on an incoming document: the first handling unit leads,
    due by the latest handling deadline."""
    from .incoming import instruction_get

    instruction = instruction_get(pk)
    if instruction is None:
        return None
    lead = instruction.units[0] if instruction.units else None
    due_dates = [u.due_date for u in instruction.units if u.due_date]
    return SourceInfo(
        title=_("%(leader)s批示：%(title)s")
        % {"leader": instruction.leader_name, "title": instruction.title},
        text=instruction.text,
        link=instruction.link,
        unit=OrgUnit.objects.filter(pk=lead.unit_id).first() if lead else None,
        due_date=max(due_dates) if due_dates else None,
    )


register_source_resolver(SupervisionSource.DOCUMENT, document_source)
register_source_resolver(SupervisionSource.MEETING, action_item_source)
register_source_resolver(SupervisionSource.INSTRUCTION, instruction_source)


# --- items ---------------------------------------------------------------------------------------
def _event(item, action, by, text="", unit=None) -> SupervisionEvent:
    return SupervisionEvent.objects.create(
        item=item, action=action, by=by if getattr(by, "pk", None) else None, text=text, unit=unit
    )


def _locked(item: SupervisionItem) -> SupervisionItem:
    return SupervisionItem.objects.select_for_update().get(pk=item.pk)


def _link(item: SupervisionItem) -> str:
    return reverse("oa:supervision_detail", args=[item.pk])


@transaction.atomic
def item_create(
    *,
    by: User,
    source_kind: str,
    source_id: int,
    lead_unit: OrgUnit,
    due_date: datetime.date,
    co_units: Iterable[OrgUnit] = (),
    milestones: Iterable[tuple[str, datetime.date]] = (),
    title: str = "",
    requirement: str = "",
) -> SupervisionItem:
    """督办立项：由公文、会议议定事项或领导批示生成督办事项，交牵头单位办理。"""
    if not is_supervision_office(by):
        raise PermissionDenied
    source = resolve_source(source_kind, source_id)
    if source is None:
        raise ValidationError(_("督办来源不存在。"))
    today = timezone.localdate()
    if due_date <= today:
        raise ValidationError(_("办结期限须晚于今天。"))
    co_units = [u for u in co_units if u.pk != lead_unit.pk]
    milestones = list(milestones)
    for m_title, m_due in milestones:
        if not (m_title or "").strip() or not (today < m_due <= due_date):
            raise ValidationError(_("阶段节点须有名称，期限在今天之后、办结期限之前。"))
    if SupervisionItem.objects.filter(source_kind=source_kind, source_id=source_id).exists():
        raise ValidationError(_("该来源已立项督办。"))
    item = SupervisionItem(
        title=(title or source.title).strip()[:200],
        requirement=requirement or source.text,
        source_kind=source_kind,
        source_id=source_id,
        source_title=source.title[:300],
        source_link=source.link,
        lead_unit=lead_unit,
        due_date=due_date,
        created_by=by,
    )
    item.full_clean(exclude=["clock"])
    save_audited(item, by, _("督办立项"))
    item.co_units.set(co_units)
    for m_title, m_due in milestones:
        SupervisionMilestone.objects.create(item=item, title=m_title.strip()[:200], due_date=m_due)
    # The platform case clock, under e-supervision: yellow card when due soon, red when late.
    limit = max(working_days_between(today, due_date), 1)
    item.clock = clock_start(process=CLOCK_PROCESS, limit_days=limit, subject=item.title)
    clock_watch(
        clock=item.clock, subsystem=Subsystem.OA, unit=lead_unit, title=item.title, link=_link(item)
    )
    item.save(update_fields=["clock"])
    _event(item, SupervisionEvent.Action.CREATE, by, source.title, unit=lead_unit)
    for user in unit_staff([lead_unit.pk, *[u.pk for u in co_units]]):
        notify_user(
            user=user,
            subject=_("督办事项：%(title)s") % {"title": item.title},
            body=_("请于%(due)s前办结并反馈。") % {"due": due_date.strftime("%Y-%m-%d")},
            link=_link(item),
            dedupe_key=f"oa.sv.create:{item.pk}:{user.pk}",
        )
    return item


@transaction.atomic
def progress_report(
    *,
    item: SupervisionItem,
    by: User,
    text: str,
    uploads: Iterable[UploadedFile] = (),
    completion: bool = False,
    milestone: SupervisionMilestone | None = None,
) -> SupervisionEvent:
    """反馈办理进展（可附材料）；牵头单位可同时申请办结。"""
    checked = [(u, check_upload(u, ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES)[1]) for u in uploads]
    item = _locked(item)
    if not may_report(by, item) or (completion and not may_submit(by, item)):
        raise PermissionDenied
    if not (text or "").strip():
        raise ValidationError(_("请填写办理情况。"))
    unit = Post.objects.active().filter(user=by, unit__in=[item.lead_unit_id]).first()
    action = SupervisionEvent.Action.SUBMIT if completion else SupervisionEvent.Action.PROGRESS
    event = _event(item, action, by, text.strip(), unit=unit.unit if unit else None)
    for upload, name in checked:
        attachment = SupervisionAttachment(event=event, original_name=name, size=upload.size)
        attachment.file.save(name, upload, save=False)
        attachment.save()
    if milestone is not None:
        if milestone.item_id != item.pk:
            raise ValidationError(_("节点不属于该事项。"))
        milestone.done_at = timezone.now()
        milestone.save(update_fields=["done_at"])
    if completion:
        item.status = SupervisionStatus.SUBMITTED
        save_audited(item, by, _("申请办结"), update_fields=["status"])
    return event


@transaction.atomic
def item_review(*, item: SupervisionItem, by: User, approve: bool, comment: str = "") -> None:
    """督查室审核办结：同意则办结（停止计时），否则退回牵头单位重办。"""
    item = _locked(item)
    if not is_supervision_office(by):
        raise PermissionDenied
    if item.status != SupervisionStatus.SUBMITTED:
        raise ValidationError(_("该事项未申请办结。"))
    if approve:
        item.status = SupervisionStatus.CLOSED
        item.closed_at = timezone.now()
        save_audited(item, by, _("审核办结"), update_fields=["status", "closed_at"])
        if item.clock_id:
            clock_finish(clock=item.clock)
        _event(item, SupervisionEvent.Action.CLOSE, by, comment)
    else:
        if not (comment or "").strip():
            raise ValidationError(_("退回须说明理由。"))
        item.status = SupervisionStatus.OPEN
        save_audited(item, by, _("退回重办"), update_fields=["status"])
        _event(item, SupervisionEvent.Action.RETURN, by, comment.strip())
        for user in unit_staff([item.lead_unit_id]):
            notify_user(
                user=user,
                subject=_("督办事项被退回：%(title)s") % {"title": item.title},
                body=comment.strip(),
                link=_link(item),
            )


# --- reminders (催办) ----------------------------------------------------------------------------
def reminder_offsets() -> tuple[int, ...]:
    return tuple(getattr(settings, "OA_SUPERVISION_REMINDERS", DEFAULT_OFFSETS))


def reminder_points(
    due_date: datetime.date, offsets: Iterable[int], overrides=None
) -> list[tuple[int, datetime.date]]:
    """(offset, day) for each point: `offset` working days from the due date (a due date that
    is not a working day counts from itself). Pure: the holiday calendar comes in."""
    return sorted(
        ((o, add_working_days(due_date, o, overrides=overrides)) for o in offsets),
        key=lambda p: p[1],
    )


def _targets(item: SupervisionItem):
    yield "", item.title, item.due_date
    for m in item.milestones.all():
        if m.done_at is None:
            yield f"m{m.pk}", f"{item.title}·{m.title}", m.due_date


def _remind(item, target, label, due, offset, today) -> None:
    escalate = offset > 0
    if offset < 0:
        body = _("“%(t)s”将于%(due)s到期，请抓紧办理并反馈。")
    elif offset == 0:
        body = _("“%(t)s”今日（%(due)s）到期，请及时办结并反馈。")
    else:
        body = _("“%(t)s”已超过期限%(due)s，请立即办理并说明原因。")
    body = body % {"t": label, "due": due.strftime("%Y-%m-%d")}
    subject = _("催办：%(t)s") % {"t": label}
    key = f"oa.sv.remind:{item.pk}:{target}:{due.isoformat()}:{offset}"
    for user in unit_staff([item.lead_unit_id]):
        notify_user(
            user=user,
            subject=subject,
            body=body,
            link=_link(item),
            sms=True,
            dedupe_key=f"{key}:{user.pk}",
        )
    _event(item, SupervisionEvent.Action.REMIND, None, body, unit=item.lead_unit)
    if escalate:
        heads = {
            p.user
            for p in Post.objects.active()
            .filter(unit=item.lead_unit_id, role__code__in=ESCALATE_ROLES)
            .select_related("user")
        }
        for user in heads:
            notify_user(
                user=user,
                subject=_("督办超期：%(t)s") % {"t": label},
                body=body,
                link=_link(item),
                sms=True,
                dedupe_key=f"{key}:head:{user.pk}",
            )
        _event(item, SupervisionEvent.Action.ESCALATE, None, body, unit=item.lead_unit)


def reminders_scan(*, today: datetime.date | None = None, limit: int = 500) -> int:
    """扫描督办事项，按节点到期前后的提醒点催办（每个提醒点只发一次，超期升级至单位负责人）。

    Only the latest point that has come is sent: an item created after some points passed does
    not receive them all at once. Returns the number of points sent."""
    today = today or timezone.localdate()
    overrides = calendar_overrides()
    offsets = reminder_offsets()
    sent = 0
    with transaction.atomic():
        items = list(
            SupervisionItem.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=SupervisionStatus.OPEN)
            .order_by("due_date", "pk")[:limit]
        )
        for item in items:
            for target, label, due in _targets(item):
                came = [p for p in reminder_points(due, offsets, overrides) if p[1] <= today]
                if not came:
                    continue
                offset, fire_on = came[-1]
                try:
                    with transaction.atomic():
                        SupervisionReminder.objects.create(
                            item=item,
                            target=target,
                            due_date=due,
                            offset=offset,
                            fire_on=fire_on,
                            escalated=offset > 0,
                        )
                        _remind(item, target, label, due, offset, today)
                except IntegrityError:
                    continue  # this point was sent already
                sent += 1
    return sent
