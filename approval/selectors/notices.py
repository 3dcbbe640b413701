"""Notices (通知书, 决定书) as issued documents for the platform's public verification page."""

from __future__ import annotations

from approval.models import Notice
from platform_core.verification import IssuedDocument


def notice_document(number: str) -> IssuedDocument | None:
    notice = (
        Notice.objects.select_related("department", "application__item")
        .filter(number=number)
        .first()
    )
    if notice is None:
        return None
    return IssuedDocument(
        number=notice.number,
        kind=notice.get_kind_display(),
        holder=notice.holder,
        subject=notice.application.item.name,
        issuer=notice.department.official_name,
        issued_on=notice.issued_on,
        valid_until=notice.valid_until,
    )
