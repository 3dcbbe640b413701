"""分发 (dispatch) of a signed document to the recipient units' 收文 queues, 签收 (receipt),
the print count, and 主动公开 through the disclosure app's service (no re-entry, idempotent).

Each dispatch is work in the unified inbox of the recipient unit's staff (selectors/work.py)
with a case clock of RECEIPT_DAYS working days, watched by e-supervision.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.services.documents import Disclosed, document_disclose
from platform_core.models import Subsystem, User
from platform_core.richtext.sanitize import clean_html
from platform_core.services.clock import clock_finish, clock_start
from platform_core.services.supervision import clock_watch

from ..constants import DocAction, DocStatus, Openness
from ..models import Dispatch, OutgoingDocument
from ..selectors.access import in_drafting_unit, own_units
from .common import event, locked
from .incoming import incoming_from_dispatch

RECEIPT_DAYS = 2
CLOCK_PROCESS = "oa.receipt"


def may_dispatch(user: User, document: OutgoingDocument) -> bool:
    """The drafting unit's staff send it out (the office that drafted it keeps the register)."""
    return in_drafting_unit(user, document)


@transaction.atomic
def document_dispatch(*, document: OutgoingDocument, by: User) -> list[Dispatch]:
    """分发：把已签发的公文送到各收文单位的收文待办；主动公开的同时公开。"""
    document = locked(document)
    if document.status != DocStatus.SIGNED:
        raise ValidationError(_("只有已签发的公文可以分发。"))
    if not may_dispatch(by, document):
        raise PermissionDenied
    units = list(document.recipient_units.order_by("path"))
    if not units:
        raise ValidationError(_("请先选择分发单位。"))
    created = []
    for unit in units:
        dispatch, new = Dispatch.objects.get_or_create(document=document, unit=unit)
        if new:
            dispatch.clock = clock_start(
                process=CLOCK_PROCESS, limit_days=RECEIPT_DAYS, subject=document.title
            )
            dispatch.save(update_fields=["clock"])
            clock_watch(
                clock=dispatch.clock,
                subsystem=Subsystem.OA,
                unit=unit,
                title=_("收文签收：%(title)s") % {"title": document.title},
                link="/office/oa/receipts/",
            )
            created.append(dispatch)
    before = document.status
    document.status = DocStatus.DISPATCHED
    document.dispatched_at = timezone.now()
    document.save(update_fields=["status", "dispatched_at", "updated_at"])
    event(
        document,
        by,
        DocAction.DISPATCH,
        from_status=before,
        comment="、".join(u.name for u in units)[:500],
    )
    if document.openness == Openness.PROACTIVE:
        document_publish(document=document, by=by)
    return created


def document_publish(*, document: OutgoingDocument, by: User) -> Disclosed:
    """主动公开：通过信息公开平台的服务公开（按来源编号幂等，重复调用不重复公开）。"""
    if document.openness != Openness.PROACTIVE or not document.number:
        raise ValidationError(_("只有已签发、公开属性为主动公开的公文可以公开。"))
    # Published in the issuer's name, on the authority of the leader who signed it off (the
    # clerk who dispatches may not act for the issuing organ in the disclosure catalogue).
    result = document_disclose(
        source_ref=document.source_ref,
        by=document.signed_by or by,
        unit=document.issuer.unit,
        title=document.title,
        formed_on=document.formed_on,
        document_number=document.number,
        body=clean_html(document.body),
        source_url=f"/office/oa/documents/{document.pk}/",
    )
    if document.disclosure_item_id != result.item_id or document.disclosure_url != result.url:
        OutgoingDocument.objects.filter(pk=document.pk).update(
            disclosure_item_id=result.item_id,
            disclosure_index=result.index_number,
            disclosure_url=result.url,
        )
        document.disclosure_item_id = result.item_id
        document.disclosure_index, document.disclosure_url = result.index_number, result.url
        if result.created:
            event(document, by, DocAction.DISCLOSE, comment=result.index_number)
    return result


@transaction.atomic
def receipt_sign(*, dispatch: Dispatch, by: User) -> Dispatch:
    """签收：收文单位的工作人员签收来文。"""
    dispatch = Dispatch.objects.select_for_update().select_related("document").get(pk=dispatch.pk)
    if not own_units(by).filter(unit=dispatch.unit_id).exists():
        raise PermissionDenied
    if dispatch.received_at is not None:
        raise ValidationError(_("该来文已由%(name)s签收。") % {"name": dispatch.received_by.name})
    dispatch.received_by, dispatch.received_at = by, timezone.now()
    dispatch.save(update_fields=["received_by", "received_at"])
    if dispatch.clock_id:
        clock_finish(clock=dispatch.clock)
    event(dispatch.document, by, DocAction.RECEIPT, comment=dispatch.unit.name)
    # Signed for: the document enters the unit's 收文 register, ready for 拟办.
    incoming_from_dispatch(dispatch=dispatch, by=by)
    return dispatch


@transaction.atomic
def print_record(*, document: OutgoingDocument, by: User) -> OutgoingDocument:
    """Count a print (the PDF was produced for printing)."""
    OutgoingDocument.objects.filter(pk=document.pk).update(print_count=F("print_count") + 1)
    event(document, by, DocAction.PRINT)
    document.refresh_from_db(fields=["print_count"])
    return document
