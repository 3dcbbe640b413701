"""Disclosing a document another app already holds (no re-entry): OA calls this when a 公文 is
marked 主动公开 in its flow.

`document_disclose` is idempotent by `source_ref` (the caller's stable reference, e.g.
"oa.outgoing:123"): calling it again returns the same item and creates nothing. The item keeps the
reference and a link back to the source; the caller gets the item's id, 索引号 and public URL to
store on its side, so each side links to the other.

The document was reviewed and signed off in the caller's own flow, so it is published at once,
unless the privacy check finds personal data: then it waits as a draft for the unit's disclosure
officer (redact or override), and `blocked` says so.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from platform_core.models import OrgUnit, User
from platform_core.permissions import unit_in_business_scope

from ..constants import ColumnKind, Genre, ItemStatus
from ..models import Attachment, Column, Item
from . import items as item_services
from .privacy import ExtractionError, attachment_segments

POLICY_COLUMN_SLUG = "zcwj"


@dataclass(frozen=True)
class Disclosed:
    item_id: int
    status: str
    index_number: str
    url: str
    created: bool
    blocked: int  # open privacy findings (0 when published)


def _result(item: Item, created: bool) -> Disclosed:
    blocked = item.findings.filter(overridden_at__isnull=True).count()
    return Disclosed(
        item_id=item.pk,
        status=item.status,
        index_number=item.index_number or "",
        url=item.url if item.status == ItemStatus.PUBLISHED else "",
        created=created,
        blocked=blocked,
    )


def default_column(unit: OrgUnit) -> Column | None:
    """The 政策文件 column nearest the unit (its own, else the county platform's)."""
    ancestors = [unit.path[:i] for i in range(OrgUnit.steplen, len(unit.path) + 1, OrgUnit.steplen)]
    columns = Column.objects.filter(
        unit__path__in=ancestors, is_active=True, kind=ColumnKind.CATALOGUE
    ).select_related("unit")
    ranked = sorted(columns, key=lambda c: (c.slug != POLICY_COLUMN_SLUG, -len(c.unit.path), c.pk))
    return ranked[0] if ranked else None


def document_disclose(
    *,
    source_ref: str,
    by: User,
    unit: OrgUnit,
    title: str,
    formed_on: datetime.date,
    document_number: str = "",
    body: str = "",
    source_url: str = "",
    subject: str = "02",
    genre: str = Genre.NOTICE,
    column: Column | None = None,
    files: list[tuple[str, bytes]] | None = None,
) -> Disclosed:
    """主动公开另一子系统已有的文件（如协同办公中标为主动公开的公文），无需重复录入。"""
    source_ref = (source_ref or "").strip()
    if not source_ref:
        raise ValidationError(_("缺少来源编号。"))
    existing = Item.objects.filter(source_ref=source_ref).first()
    if existing is not None:
        return _result(existing, created=False)
    if not (by.is_authenticated and by.is_office_user and unit_in_business_scope(by, unit)):
        raise PermissionDenied
    column = column or default_column(unit)
    if column is None:
        raise ValidationError(_("没有可用的公开栏目，请先建立信息公开目录。"))
    try:
        with transaction.atomic():
            item = item_services.item_build(
                by=by,
                column=column,
                unit=unit,
                title=title,
                formed_on=formed_on,
                document_number=document_number,
                body=body,
                subject=subject,
                genre=genre,
                source_ref=source_ref,
                source_url=source_url,
            )
            for name, data in files or []:
                extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
                try:
                    segments = attachment_segments(data, name, extension)
                except ExtractionError:
                    segments = []
                attachment = Attachment(
                    item=item,
                    original_name=name[:200],
                    size=len(data),
                    text="\n".join(f"[{s.location}] {s.text}" for s in segments),
                )
                attachment.file.save(name, SimpleUploadedFile(name, data), save=False)
                attachment.save()
            item = Item.objects.select_for_update().get(pk=item.pk)
            if not item_services.privacy_scan(item):
                item_services.item_publish_locked(item, by)
    except IntegrityError:
        # The same reference disclosed at the same moment by another call: return that one.
        item = Item.objects.filter(source_ref=source_ref).first()
        if item is None:
            raise
        return _result(item, created=False)
    return _result(item, created=True)
