"""收文签收 work for the unified inbox (platform_core.inbox_sources): a document sent to a unit
waits for any staff member of that unit to sign for it, by its receipt clock's due date.

`count` and `items` are one query each whatever the numbers: the units come in as a subquery.
"""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platform_core.inbox_sources import WorkItem
from platform_core.models import User

from ..models import Dispatch, IncomingDocument, IncomingStatus, OutgoingDocument
from .access import own_unit_ids
from .meetings import open_action_items, pending_replies


def _pending(user: User) -> QuerySet[Dispatch]:
    return Dispatch.objects.filter(received_at__isnull=True, unit__in=own_unit_ids(user))


class ReceiptWork:
    key = "oa.receipt"
    label = gettext_lazy("待签收收文")
    doc_type = gettext_lazy("收文")

    def pending(self, user: User) -> QuerySet:
        return _pending(user)

    def items(self, user: User, limit: int) -> list[WorkItem]:
        rows = (
            _pending(user)
            .select_related("document", "document__issuer", "clock", "unit")
            .order_by(F("clock__due_date").asc(nulls_last=True), "pk")[:limit]
        )
        return [
            WorkItem(
                action=_("签收"),
                title=f"{d.document.title}（{d.document.number}，{d.unit.name}）",
                link=reverse("oa:receipts"),
                subsystem=_("公文"),
                due_date=d.clock.due_date if d.clock_id else None,
                received_at=d.sent_at,
            )
            for d in rows
        ]


class MeetingReplyWork:
    """会议回执: each invited unit's (or person's) reply, by the notice's reply deadline."""

    key = "oa.meeting_reply"
    label = gettext_lazy("待回执会议")
    doc_type = gettext_lazy("会议通知")

    def pending(self, user: User) -> QuerySet:
        return pending_replies(user)

    def items(self, user: User, limit: int) -> list[WorkItem]:
        rows = (
            pending_replies(user)
            .select_related("meeting", "unit", "clock")
            .order_by(F("clock__due_date").asc(nulls_last=True), "meeting__reply_deadline", "pk")[
                :limit
            ]
        )
        return [
            WorkItem(
                action=_("会议回执"),
                title=f"{i.meeting.title}（{i.unit.name if i.unit_id else _('本人')}）",
                link=reverse("oa:meeting_detail", args=[i.meeting_id]),
                subsystem=_("会议"),
                # On the case clock (e-supervision); notices sent before it existed: the date.
                due_date=i.clock.due_date
                if i.clock_id
                else timezone.localtime(i.meeting.reply_deadline).date(),
                received_at=i.meeting.sent_at,
            )
            for i in rows
        ]


class ActionItemWork:
    """会议议定事项: an action item of the minutes, in its owner unit's inbox until done."""

    key = "oa.action_item"
    label = gettext_lazy("会议议定事项")

    def pending(self, user: User) -> QuerySet:
        return open_action_items(user)

    def items(self, user: User, limit: int) -> list[WorkItem]:
        rows = (
            open_action_items(user)
            .select_related("meeting", "clock")
            .order_by(F("clock__due_date").asc(nulls_last=True), "due_date", "pk")[:limit]
        )
        return [
            WorkItem(
                action=_("办理议定事项"),
                title=f"{a.title}（{a.meeting.title}）",
                link=reverse("oa:meeting_detail", args=[a.meeting_id]),
                subsystem=_("会议"),
                due_date=a.clock.due_date if a.clock_id else a.due_date,
                received_at=a.created_at,
            )
            for a in rows
        ]


# --- 收文 and 传阅 (oa.selectors.incoming) ---------------------------------------------------


class IncomingWork:
    """收文 work: 拟办 (receiving unit), 批示 (the leader), 办结 (receiving unit, once every
    handling unit has concluded). Deadline: none for these steps; the handling units' are on
    the case clock."""

    key = "oa.incoming"
    label = gettext_lazy("收文办理")
    doc_type = gettext_lazy("收文")

    def pending(self, user: User) -> QuerySet:
        from .incoming import pending_conclusions, pending_instructions, pending_proposals

        return IncomingDocument.objects.filter(
            Q(pk__in=pending_proposals(user).values("pk"))
            | Q(pk__in=pending_instructions(user).values("pk"))
            | Q(pk__in=pending_conclusions(user).values("pk"))
        )

    def items(self, user: User, limit: int) -> list[WorkItem]:
        actions = {
            IncomingStatus.REGISTERED: _("拟办"),
            IncomingStatus.PROPOSED: _("批示"),
            IncomingStatus.HANDLING: _("办结"),
        }
        rows = self.pending(user).order_by("received_on", "pk")[:limit]
        return [
            WorkItem(
                action=actions.get(d.status, _("办理")),
                title=f"{d.title}（{d.sender}{'，' + d.number if d.number else ''}）",
                link=reverse("oa:incoming_detail", args=[d.pk]),
                subsystem=_("收文"),
                due_date=None,
                received_at=d.created_at,
            )
            for d in rows
        ]


class HandlingWork:
    """承办: a handling unit's work, by its case clock's due date."""

    key = "oa.handling"
    label = gettext_lazy("收文承办")
    doc_type = gettext_lazy("收文")

    def pending(self, user: User) -> QuerySet:
        from .incoming import pending_handlings

        return pending_handlings(user)

    def items(self, user: User, limit: int) -> list[WorkItem]:
        rows = (
            self.pending(user)
            .select_related("document", "clock", "unit")
            .order_by(F("clock__due_date").asc(nulls_last=True), "pk")[:limit]
        )
        return [
            WorkItem(
                action=_("承办"),
                title=f"{h.document.title}（{h.unit.name}）",
                link=reverse("oa:incoming_detail", args=[h.document_id]),
                subsystem=_("收文"),
                due_date=h.clock.due_date if h.clock_id else None,
                received_at=h.document.instructed_at,
            )
            for h in rows
        ]


class CirculationWork:
    """传阅: a document waiting for this person to read it."""

    key = "oa.circulation"
    label = gettext_lazy("待阅传阅件")
    doc_type = gettext_lazy("传阅")

    def pending(self, user: User) -> QuerySet:
        from .incoming import pending_reads

        return pending_reads(user)

    def items(self, user: User, limit: int) -> list[WorkItem]:
        rows = (
            self.pending(user)
            .select_related("circulation__document", "circulation__sender")
            .order_by("sent_at", "pk")[:limit]
        )
        return [
            WorkItem(
                action=_("阅文"),
                title=f"{r.circulation.document.title}（{r.circulation.sender.name}传阅）",
                link=reverse("oa:incoming_detail", args=[r.circulation.document_id]),
                subsystem=_("传阅"),
                due_date=None,
                received_at=r.sent_at,
            )
            for r in rows
        ]


def outgoing_tasks(tasks: QuerySet) -> QuerySet:
    """The reader's open route tasks (核稿, 会签, 签发) that belong to an outgoing document."""
    return tasks.filter(process__in=OutgoingDocument.objects.values("process"))


class _SupervisionSource:
    """A 督办 source of the inbox: open items of `pending(user)`, by their due date."""

    doc_type = gettext_lazy("督办")
    action = gettext_lazy("办理督办事项")

    def pending(self, user: User) -> QuerySet:
        raise NotImplementedError

    def items(self, user: User, limit: int) -> list[WorkItem]:
        rows = self.pending(user).order_by("due_date", "pk")[:limit]
        return [
            WorkItem(
                action=str(self.action),
                title=s.title,
                link=reverse("oa:supervision_detail", args=[s.pk]),
                subsystem=_("督办"),
                due_date=s.due_date,
                received_at=s.created_at,
            )
            for s in rows
        ]


class SupervisionWork(_SupervisionSource):
    """督办事项: open items in the lead unit's inbox."""

    key = "oa.supervision"
    label = gettext_lazy("督办事项")

    def pending(self, user: User) -> QuerySet:
        from .supervision import handler_pending

        return handler_pending(user)


class SupervisionReviewWork(_SupervisionSource):
    """督办办结审核: items whose closure was applied for, in the supervision office's inbox."""

    key = "oa.supervision_review"
    label = gettext_lazy("待审核督办")
    action = gettext_lazy("审核办结")

    def pending(self, user: User) -> QuerySet:
        from .supervision import review_pending

        return review_pending(user)
