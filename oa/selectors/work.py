"""收文签收 work for the unified inbox (platform_core.inbox_sources): a document sent to a unit
waits for any staff member of that unit to sign for it, by its receipt clock's due date.

`count` and `items` are one query each whatever the numbers: the units come in as a subquery.
"""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platform_core.inbox_sources import WorkItem
from platform_core.models import User

from ..models import Dispatch
from .access import own_units


def _pending(user: User) -> QuerySet[Dispatch]:
    return Dispatch.objects.filter(received_at__isnull=True, unit__in=own_units(user))


class ReceiptWork:
    key = "oa.receipt"
    label = gettext_lazy("待签收收文")

    def count(self, user: User) -> int:
        return _pending(user).count()

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
