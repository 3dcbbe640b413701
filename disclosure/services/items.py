"""Every write on catalogue items: entry, attachments, the privacy check, review, publishing,
withdrawal, validity and policy ↔ interpretation links. One function per action, in one
transaction, with an `ItemEvent` (who, when, what, from which status to which) and the model's
simple-history row. Public pages are re-published after commit through the platform's hook
(`platform_core.publishing.request_publish`), which the portal fills.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.models import CaseClock, FormVersion, OrgUnit, Subsystem, User
from platform_core.publishing import request_publish
from platform_core.richtext.sanitize import clean_html
from platform_core.services.clock import clock_finish, clock_start
from platform_core.services.supervision import clock_watch

from ..constants import (
    CLOCK_LIMIT_DAYS,
    CLOCK_PROCESS,
    STATUS_EDITABLE,
    Genre,
    ItemAction,
    ItemStatus,
    Validity,
)
from ..models import Attachment, Column, Item, ItemEvent, PrivacyFinding
from ..selectors.access import column_usable_q, may_enter, may_review
from . import review
from .numbers import index_number_assign
from .privacy import ExtractionError, attachment_segments, body_segments, scan_segments
from .search import item_index

ATTACHMENT_TYPES = ("pdf", "docx", "xlsx", "doc", "xls", "ofd", "zip", "jpg", "png")
ATTACHMENT_MAX_BYTES = 30 * 1024 * 1024
EDITABLE_FIELDS = (
    "title",
    "document_number",
    "subject",
    "genre",
    "summary",
    "body",
    "formed_on",
    "changed_on",
)
PUBLISH_KIND = "disclosure.item"


class PrivacyBlocked(ValidationError):
    """Publishing (or submitting) refused while privacy findings are open."""


def _event(item: Item, by: User, action: str, *, from_status="", to_status="", comment=""):
    return ItemEvent.objects.create(
        item=item,
        actor=by,
        action=action,
        from_status=from_status,
        to_status=to_status or (item.status if from_status else ""),
        comment=comment,
    )


def _locked(item: Item) -> Item:
    return Item.objects.select_for_update().select_related("unit", "column").get(pk=item.pk)


def _require_enter(by: User, unit: OrgUnit) -> None:
    if not may_enter(by, unit):
        raise PermissionDenied


def _history(item: Item, by: User) -> None:
    item._history_user = by


# --- the 20-working-day clock (条例 第二十六条) ------------------------------------------------


def _clock_start_for(item: Item) -> CaseClock:
    start = item.changed_on or item.formed_on
    clock = clock_start(
        process=CLOCK_PROCESS,
        limit_days=CLOCK_LIMIT_DAYS,
        start_date=start,
        subject=item.title,
    )
    clock_watch(
        clock=clock,
        subsystem=Subsystem.DISCLOSURE,
        unit=item.unit,
        title=_("主动公开时限：%(title)s") % {"title": item.title[:150]},
        link=f"/office/disclosure/items/{item.pk}/",
    )
    return clock


def _restart_clock(item: Item) -> None:
    """The information was formed or changed on another day: count 20 working days anew."""
    if item.clock_id:
        old = item.clock
        if old.start_date == (item.changed_on or item.formed_on) and not old.finished_on:
            return
        if not old.finished_on:
            clock_finish(clock=old)
    item.clock = _clock_start_for(item)


# --- entry ----------------------------------------------------------------------------------


def _check_dates(formed_on: datetime.date | None, changed_on: datetime.date | None) -> None:
    today = timezone.localdate()
    if formed_on is None:
        raise ValidationError({"formed_on": _("请填写成文日期。")})
    if formed_on > today:
        raise ValidationError({"formed_on": _("成文日期不能晚于今天。")})
    if changed_on and (changed_on < formed_on or changed_on > today):
        raise ValidationError({"changed_on": _("变更日期应在成文日期与今天之间。")})


@transaction.atomic
def item_create(*, by: User, column: Column, unit: OrgUnit, **fields) -> Item:
    """录入公开信息（草稿），并开始计算20个工作日的公开时限。"""
    _require_enter(by, unit)
    if not Column.objects.filter(column_usable_q(by), pk=column.pk, is_active=True).exists():
        raise PermissionDenied
    return item_build(by=by, column=column, unit=unit, **fields)


def item_build(
    *,
    by: User,
    column: Column,
    unit: OrgUnit,
    title: str,
    formed_on: datetime.date,
    document_number: str = "",
    subject: str = "02",
    genre: str = Genre.OTHER,
    summary: str = "",
    body: str = "",
    changed_on: datetime.date | None = None,
    extra: dict | None = None,
    form_version: FormVersion | None = None,
    source_ref: str | None = None,
    source_url: str = "",
) -> Item:
    """Create a draft item (rights checked by the caller), with its clock under supervision."""
    _check_dates(formed_on, changed_on)
    item = Item(
        column=column,
        unit=unit,
        title=(title or "").strip(),
        document_number=document_number.strip(),
        subject=subject,
        genre=genre,
        summary=summary.strip(),
        body=clean_html(body),
        formed_on=formed_on,
        changed_on=changed_on,
        extra=extra or {},
        form_version=form_version,
        source_ref=source_ref,
        source_url=source_url,
        created_by=by,
    )
    item.full_clean(exclude=["clock", "review_process", "search_vector"])
    item.clock = _clock_start_for(item)
    _history(item, by)
    item.save()
    _event(item, by, ItemAction.CREATE, to_status=item.status)
    return item


@transaction.atomic
def item_update(*, item: Item, by: User, **fields) -> Item:
    """修改草稿或被退回的信息。"""
    item = _locked(item)
    _require_enter(by, item.unit)
    if item.status not in STATUS_EDITABLE:
        raise ValidationError(_("只有草稿或被退回的信息可以修改。"))
    unknown = set(fields) - {*EDITABLE_FIELDS, "extra", "form_version", "column"}
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    moved = "column" in fields and fields["column"].pk != item.column_id
    if moved and not Column.objects.filter(column_usable_q(by), pk=fields["column"].pk).exists():
        raise PermissionDenied
    for name, value in fields.items():
        if name == "body":
            value = clean_html(value)
        setattr(item, name, value)
    _check_dates(item.formed_on, item.changed_on)
    item.full_clean(exclude=["clock", "review_process", "search_vector"])
    _restart_clock(item)
    item.updated_at = timezone.now()
    _history(item, by)
    item.save()
    _event(item, by, ItemAction.UPDATE, from_status=item.status)
    return item


@transaction.atomic
def attachment_add(*, item: Item, by: User, upload) -> Attachment:
    """上传附件（PDF、DOCX、XLSX 等），并提取其文字供隐私检查。"""
    item = _locked(item)
    _require_enter(by, item.unit)
    if item.status not in STATUS_EDITABLE:
        raise ValidationError(_("只有草稿或被退回的信息可以修改附件。"))
    name = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:200]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError(
            _("不支持的附件类型；可上传：%(types)s。") % {"types": "、".join(ATTACHMENT_TYPES)}
        )
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(_("附件不能超过 30 MB。"))
    data = upload.read()
    try:
        segments = attachment_segments(data, name, extension)
    except ExtractionError as exc:
        raise ValidationError(
            _("无法读取附件《%(name)s》的文字（文件损坏或已加密），请转换后重新上传。")
            % {"name": name}
        ) from exc
    upload.seek(0)
    attachment = Attachment(
        item=item,
        original_name=name,
        size=upload.size,
        text="\n".join(f"[{s.location}] {s.text}" for s in segments),
    )
    attachment.file.save(name, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    _event(item, by, ItemAction.ATTACH, comment=name)
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, by: User) -> None:
    item = _locked(attachment.item)
    _require_enter(by, item.unit)
    if item.status not in STATUS_EDITABLE:
        raise ValidationError(_("只有草稿或被退回的信息可以修改附件。"))
    name = attachment.original_name
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
    _event(item, by, ItemAction.DETACH, comment=name)


# --- privacy check --------------------------------------------------------------------------


def privacy_scan(item: Item, by: User | None = None) -> list[PrivacyFinding]:
    """Scan body and attachments; keep the findings still present (with their overrides),
    drop the ones that were redacted, add new ones. Returns the open (blocking) findings."""
    from .privacy import Segment

    segments = body_segments(item.body)
    for attachment in item.attachments.all():
        for line in attachment.text.split("\n"):
            if line.startswith("[") and "] " in line:
                location, text = line[1:].split("] ", 1)
                segments.append(Segment(location, text))
            elif segments and line:
                segments[-1] = Segment(segments[-1].location, segments[-1].text + "\n" + line)
    hits = {hit.fingerprint: hit for hit in scan_segments(segments)}
    existing = {f.fingerprint: f for f in item.findings.all()}
    gone = [f.pk for fp, f in existing.items() if fp not in hits]
    if gone:
        PrivacyFinding.objects.filter(pk__in=gone).delete()
    attachments = {a.original_name: a for a in item.attachments.all()}
    new = []
    for fp, hit in hits.items():
        if fp in existing:
            continue
        attachment = next((a for n, a in attachments.items() if f"《{n}》" in hit.location), None)
        new.append(
            PrivacyFinding(
                item=item,
                attachment=attachment,
                kind=hit.kind,
                location=hit.location[:200],
                excerpt=hit.excerpt[:300],
                fingerprint=fp,
            )
        )
    PrivacyFinding.objects.bulk_create(new)
    if by is not None:
        open_count = sum(1 for fp in hits if fp not in existing or existing[fp].is_open)
        _event(
            item,
            by,
            ItemAction.SCAN,
            comment=_("发现%(n)d处个人信息，其中%(open)d处待处理。")
            % {"n": len(hits), "open": open_count},
        )
    return list(item.findings.filter(overridden_at__isnull=True))


@transaction.atomic
def privacy_check(*, item: Item, by: User) -> list[PrivacyFinding]:
    """隐私检查：扫描正文和附件，返回尚未处理的发现。"""
    item = _locked(item)
    if not (may_enter(by, item.unit) or may_review(by, item.unit)):
        raise PermissionDenied
    return privacy_scan(item, by)


@transaction.atomic
def finding_override(*, finding: PrivacyFinding, by: User, reason: str) -> PrivacyFinding:
    """审核人放行一处隐私发现（须填写理由，如：公示依法须公开的信息）。"""
    item = _locked(finding.item)
    if not may_review(by, item.unit):
        raise PermissionDenied
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError({"reason": _("请填写放行理由（不少于4个字）。")})
    finding = PrivacyFinding.objects.select_for_update().get(pk=finding.pk)
    if finding.overridden_at:
        raise ValidationError(_("该发现已放行。"))
    finding.overridden_by, finding.overridden_at = by, timezone.now()
    finding.override_reason = reason[:500]
    finding.save(update_fields=["overridden_by", "overridden_at", "override_reason"])
    _event(
        item,
        by,
        ItemAction.OVERRIDE,
        comment=_("%(kind)s（%(where)s）：%(reason)s")
        % {"kind": finding.get_kind_display(), "where": finding.location, "reason": reason},
    )
    return finding


def _require_clean(item: Item) -> None:
    blocking = privacy_scan(item)
    if blocking:
        raise PrivacyBlocked(
            _("隐私检查发现%(n)d处个人信息尚未处理：请遮盖后重新上传，或由审核人填写理由放行。")
            % {"n": len(blocking)}
        )


# --- review and publishing ------------------------------------------------------------------


def item_submit(*, item: Item, by: User) -> Item:
    """送审：通过隐私检查后进入审核流程（保密审查、签发）。

    The privacy check commits its findings before the submission is refused, so that the
    officer sees where the personal data is."""
    with transaction.atomic():
        locked = _locked(item)
        _require_enter(by, locked.unit)
        if locked.status not in STATUS_EDITABLE:
            raise ValidationError(_("该信息已在审核中或已公开。"))
        blocking = privacy_scan(locked, by)
    if blocking:
        raise PrivacyBlocked(
            _("隐私检查发现%(n)d处个人信息尚未处理：请遮盖后重新上传，或由审核人填写理由放行。")
            % {"n": len(blocking)}
        )
    with transaction.atomic():
        item = _locked(item)
        if item.status not in STATUS_EDITABLE:
            raise ValidationError(_("该信息已在审核中或已公开。"))
        _require_clean(item)
        before = item.status
        item.review_process = review.submit(item, by)
        item.status = ItemStatus.IN_REVIEW
        _history(item, by)
        item.save(update_fields=["review_process", "status"])
        _event(item, by, ItemAction.SUBMIT, from_status=before)
        return item


@transaction.atomic
def item_approve(*, item: Item, by: User, comment: str = "") -> Item:
    """审核通过当前步骤（保密审查或签发）；最后一步通过后发布。"""
    item = _locked(item)
    if not may_review(by, item.unit):
        raise PermissionDenied
    if item.status != ItemStatus.IN_REVIEW:
        raise ValidationError(_("该信息不在审核中。"))
    step = review.current_step_name(item)
    process = review.approve(item, by, comment)
    _event(item, by, ItemAction.APPROVE, comment=f"{step}：{comment or _('同意')}")
    if review.case_ended(process):
        _publish(item, by)
    return item


@transaction.atomic
def item_send_back(*, item: Item, by: User, comment: str) -> Item:
    """退回录入人修改，须填写意见。"""
    item = _locked(item)
    if not may_review(by, item.unit):
        raise PermissionDenied
    if item.status != ItemStatus.IN_REVIEW:
        raise ValidationError(_("该信息不在审核中。"))
    if not (comment or "").strip():
        raise ValidationError({"comment": _("退回须填写意见。")})
    review.send_back(item, by, comment)
    item.status = ItemStatus.RETURNED
    _history(item, by)
    item.save(update_fields=["status"])
    _event(item, by, ItemAction.RETURN, from_status=ItemStatus.IN_REVIEW, comment=comment)
    return item


def _publish(item: Item, by: User) -> Item:
    return item_publish_locked(item, by)


def item_publish_locked(item: Item, by: User) -> Item:
    """Publish the locked `item`: privacy check, 索引号, clock stopped, pages re-published."""
    _require_clean(item)
    before = item.status
    now = timezone.now()
    index_number_assign(item, timezone.localtime(now).year)
    item.status = ItemStatus.PUBLISHED
    item.published_at = item.published_at or now
    item.updated_at = now
    _history(item, by)
    item.save()
    if item.clock_id and not item.clock.finished_on:
        clock_finish(clock=item.clock)
    item_index(item)
    _event(item, by, ItemAction.PUBLISH, from_status=before, comment=item.index_number)
    request_publish(PUBLISH_KIND, item.pk)
    # An annual report published through its catalogue item: its January deadline is met.
    from .reports import report_item_published

    report_item_published(item)
    return item


def sync(item: Item, by: User | None = None) -> Item:
    """The review case moved on the generic task pages: follow it (ended → published, back at
    the entry step → returned). Called from the item's pages."""
    process = item.review_process
    if item.status != ItemStatus.IN_REVIEW or process is None:
        return item
    if review.case_ended(process) or review.case_returned(process):
        with transaction.atomic():
            locked = _locked(item)
            process.refresh_from_db()
            if locked.status != ItemStatus.IN_REVIEW:
                return locked
            actor = by or locked.created_by
            if review.case_ended(process):
                try:
                    with transaction.atomic():
                        return _publish(locked, actor)
                except ValidationError:
                    return locked
            locked.status = ItemStatus.RETURNED
            locked.save(update_fields=["status"])
            _event(locked, actor, ItemAction.RETURN, from_status=ItemStatus.IN_REVIEW)
            return locked
    return item


@transaction.atomic
def item_withdraw(*, item: Item, by: User, reason: str) -> Item:
    """撤回已公开的信息（索引号保留，不再使用）。"""
    item = _locked(item)
    if not may_review(by, item.unit):
        raise PermissionDenied
    if item.status != ItemStatus.PUBLISHED:
        raise ValidationError(_("只有已公开的信息可以撤回。"))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写撤回理由。")})
    item.status = ItemStatus.WITHDRAWN
    item.updated_at = timezone.now()
    _history(item, by)
    item.save(update_fields=["status", "updated_at"])
    _event(item, by, ItemAction.WITHDRAW, from_status=ItemStatus.PUBLISHED, comment=reason)
    request_publish(PUBLISH_KIND, item.pk)
    return item


@transaction.atomic
def item_set_validity(
    *,
    item: Item,
    by: User,
    validity: str,
    on: datetime.date | None = None,
    replaced_by: Item | None = None,
    note: str = "",
) -> Item:
    """标注有效性：已修改、已废止、已失效（日期、替代文件），页面重新发布并醒目提示。"""
    item = _locked(item)
    if not may_enter(by, item.unit) and not may_review(by, item.unit):
        raise PermissionDenied
    if item.status != ItemStatus.PUBLISHED:
        raise ValidationError(_("只有已公开的信息可以标注有效性。"))
    if validity not in Validity.values:
        raise ValidationError({"validity": _("请选择有效性。")})
    if replaced_by is not None and (
        replaced_by.pk == item.pk or replaced_by.status != ItemStatus.PUBLISHED
    ):
        raise ValidationError({"replaced_by": _("替代文件须是另一份已公开的信息。")})
    if validity != Validity.VALID and on is None:
        on = timezone.localdate()
    before = item.get_validity_display()
    item.validity = validity
    item.validity_date = on if validity != Validity.VALID else None
    item.replaced_by = replaced_by if validity != Validity.VALID else None
    item.validity_note = note.strip()[:300]
    item.updated_at = timezone.now()
    _history(item, by)
    item.save(
        update_fields=["validity", "validity_date", "replaced_by", "validity_note", "updated_at"]
    )
    _event(
        item,
        by,
        ItemAction.VALIDITY,
        comment=f"{before} → {item.get_validity_display()} {item.validity_date or ''} {note}",
    )
    request_publish(PUBLISH_KIND, item.pk)
    return item


@transaction.atomic
def interpretation_link(*, interpretation: Item, policy: Item, by: User) -> None:
    """关联政策解读：解读与所解读的政策文件互相链接。"""
    interpretation = _locked(interpretation)
    if not may_enter(by, interpretation.unit) and not may_review(by, interpretation.unit):
        raise PermissionDenied
    if policy.pk == interpretation.pk:
        raise ValidationError(_("不能关联自身。"))
    if policy.genre == Genre.INTERPRETATION:
        raise ValidationError(_("被解读的应是政策文件，而不是另一篇解读。"))
    interpretation.interprets.add(policy)
    _event(
        interpretation, by, ItemAction.LINK, comment=f"{policy.index_number or ''} {policy.title}"
    )
    for pk in (interpretation.pk, policy.pk):
        if Item.objects.filter(pk=pk, status=ItemStatus.PUBLISHED).exists():
            request_publish(PUBLISH_KIND, pk)
