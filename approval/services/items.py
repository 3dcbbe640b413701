"""Writes of the licensing item catalogue: drafts, materials, publishing, new versions.

A published version never changes: only the one draft of an item is edited, and publishing it
retires the version published before. Applications keep pointing at the version they were made
under (行政许可法 第三十条: what the guide promised when the person applied is what binds).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from approval.constants import ItemStatus
from approval.models import (
    ItemEvent,
    ItemFee,
    ItemReview,
    LicensingItem,
    LifeEvent,
    RequiredMaterial,
    ReviewStatus,
)
from platform_core.models import FormDefinition, OrgUnit, ProcessVersion, User
from platform_core.models.routes import VersionStatus as RouteStatus
from platform_core.publishing import request_publish
from platform_core.selectors.dynforms import latest_published

# What the portal's publishing hook is told (platform_core.publishing.request_publish).
PUBLISH_KIND = "approval.item"

# Fields copied from one version to the next (everything but identity and publication data).
ITEM_FIELDS = (
    "name",
    "kind",
    "department",
    "legal_basis",
    "conditions",
    "keywords",
    "fees",
    "fee_basis",
    "statutory_days",
    "promised_days",
    "visits",
    "special_procedures",
    "place",
    "hours",
    "phone",
    "faq",
    "form_code",
    "route_code",
)
MATERIAL_FIELDS = ("name", "form", "count", "may_defer", "note", "position")
FEE_FIELDS = ("name", "standard", "amount", "basis", "position")

# The guide may not go public while any of these is empty (the brief's list; 行政许可法 第三十条).
REQUIRED_FOR_PUBLISH = {
    "name": gettext_lazy("事项名称"),
    "legal_basis": gettext_lazy("设定依据"),
    "conditions": gettext_lazy("申请条件"),
    "place": gettext_lazy("办理地点"),
    "hours": gettext_lazy("办理时间"),
    "phone": gettext_lazy("咨询电话"),
    "route_code": gettext_lazy("办理流程"),
}


def _require_draft(item: LicensingItem) -> LicensingItem:
    item = LicensingItem.objects.select_for_update().get(pk=item.pk)
    if item.status != ItemStatus.DRAFT:
        raise ValidationError(_("已发布的事项版本只读；请先创建新版本草稿。"))
    # The leader approves what they read: a draft waiting for review is frozen.
    if ItemReview.objects.filter(item=item, status=ReviewStatus.PENDING).exists():
        raise ValidationError(_("该草稿正在发布审核中，不能修改；如需修改请先撤回送审。"))
    return item


def _check_limits(item: LicensingItem) -> None:
    if item.promised_days > item.statutory_days:
        raise ValidationError({"promised_days": _("承诺时限不能长于法定时限。")})


@transaction.atomic
def item_create(*, code: str, name: str, department: OrgUnit, by: User, **fields) -> LicensingItem:
    """新建审批事项：建立第 1 版草稿。"""
    code = (code or "").strip()
    if not code:
        raise ValidationError({"code": _("请填写事项编码。")})
    if LicensingItem.objects.filter(code=code).exists():
        raise ValidationError({"code": _("事项编码“%(code)s”已被使用。") % {"code": code}})
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"unknown item fields: {sorted(unknown)}")
    item = LicensingItem(code=code, name=name, department=department, version=1, **fields)
    _check_limits(item)
    item.full_clean()
    item._history_user = by
    item.save()
    return item


@transaction.atomic
def item_update(*, item: LicensingItem, by: User, **fields) -> LicensingItem:
    """修改事项草稿。"""
    item = _require_draft(item)
    for name, value in fields.items():
        if name not in ITEM_FIELDS:
            raise TypeError(f"unknown item field: {name}")
        setattr(item, name, value)
    _check_limits(item)
    item.full_clean()
    item._history_user = by
    item.save()
    return item


@transaction.atomic
def material_add(
    *, item: LicensingItem, name: str, by: User | None = None, **fields
) -> RequiredMaterial:
    """为事项草稿添加申请材料。"""
    item = _require_draft(item)
    if not (name or "").strip():
        raise ValidationError({"name": _("请填写材料名称。")})
    position = (item.materials.aggregate(m=Max("position"))["m"] or 0) + 1
    material = RequiredMaterial(item=item, name=name.strip(), position=position)
    for key, value in fields.items():
        if key not in MATERIAL_FIELDS:
            raise TypeError(f"unknown material field: {key}")
        setattr(material, key, value)
    material.full_clean()
    material._history_user = by
    material.save()
    return material


@transaction.atomic
def material_remove(*, material: RequiredMaterial, by: User | None = None) -> None:
    """删除事项草稿中的一项申请材料。"""
    _require_draft(material.item)
    material._history_user = by
    material.delete()


@transaction.atomic
def fee_add(*, item: LicensingItem, name: str, by: User | None = None, **fields) -> ItemFee:
    """为事项草稿添加收费项目（名称、标准、上限金额、依据）。"""
    item = _require_draft(item)
    if not (name or "").strip():
        raise ValidationError({"name": _("请填写收费项目名称。")})
    position = (item.fee_items.aggregate(m=Max("position"))["m"] or 0) + 1
    fee = ItemFee(item=item, name=name.strip(), position=position)
    for key, value in fields.items():
        if key not in FEE_FIELDS:
            raise TypeError(f"unknown fee field: {key}")
        setattr(fee, key, value)
    fee.full_clean()
    fee._history_user = by
    fee.save()
    return fee


@transaction.atomic
def fee_remove(*, fee: ItemFee, by: User | None = None) -> None:
    """删除事项草稿中的一个收费项目。"""
    _require_draft(fee.item)
    fee._history_user = by
    fee.delete()


@transaction.atomic
def item_events_set(*, item: LicensingItem, events: list[str], by: User | None = None) -> list[str]:
    """设置事项草稿所属的办事主题（个人生命周期 / 企业经营周期事件）。"""
    item = _require_draft(item)
    unknown = set(events) - set(LifeEvent.values)
    if unknown:
        raise ValidationError(
            {"events": _("未知的办事主题：%(e)s。") % {"e": "、".join(sorted(unknown))}}
        )
    wanted = set(events)
    # Row by row (a handful at most) so that the audit history records each removal.
    for gone in item.life_events.exclude(event__in=wanted):
        gone._history_user = by
        gone.delete()
    have = set(item.life_events.values_list("event", flat=True))
    bulk_create_with_history(
        [ItemEvent(item=item, event=e) for e in sorted(wanted - have)], ItemEvent, default_user=by
    )
    return sorted(wanted)


def publish_problems(item: LicensingItem) -> list[str]:
    """Why this draft cannot be published yet (empty list: it can)."""
    problems = [
        _("“%(label)s”不能为空。") % {"label": label}
        for field, label in REQUIRED_FOR_PUBLISH.items()
        if not str(getattr(item, field) or "").strip()
    ]
    if not item.materials.exists():
        problems.append(_("“申请材料”不能为空。"))
    if item.form_code:
        form = FormDefinition.objects.filter(code=item.form_code).first()
        if form is None or latest_published(form) is None:
            problems.append(_("申请表单“%(code)s”不存在或尚未发布。") % {"code": item.form_code})
    if (
        item.route_code
        and not ProcessVersion.objects.filter(
            definition__code=item.route_code, status=RouteStatus.PUBLISHED
        ).exists()
    ):
        problems.append(_("办理流程“%(code)s”不存在或尚未发布。") % {"code": item.route_code})
    return problems


@transaction.atomic
def item_publish(*, item: LicensingItem, by: User) -> LicensingItem:
    """发布事项（办事指南）：必填内容齐全方可发布；原发布版本停用，进行中的申请不受影响。"""
    item = _require_draft(item)
    problems = publish_problems(item)
    if problems:
        raise ValidationError(problems)
    # One row at most; saved one by one so that the audit history records the retirement.
    for previous in LicensingItem.objects.filter(code=item.code, status=ItemStatus.PUBLISHED):
        previous.status = ItemStatus.RETIRED
        previous._history_user = by
        previous.save(update_fields=["status"])
    item.status = ItemStatus.PUBLISHED
    item.published_at = timezone.now()
    item.published_by = by
    item._history_user = by
    item.save(update_fields=["status", "published_at", "published_by"])
    # The portal re-publishes the hall pages this version (and the one it replaced) is on.
    request_publish(PUBLISH_KIND, item.pk)
    return item


@transaction.atomic
def item_retire(*, item: LicensingItem, by: User) -> LicensingItem:
    """停用事项：已发布版本停止受理新申请（办事大厅不再显示）；进行中的申请照常办结。

    Applications point at their own version row, which stays as it is apart from its status:
    what they were promised (materials, time limits, form, route) does not change.
    """
    published = (
        LicensingItem.objects.select_for_update()
        .filter(code=item.code, status=ItemStatus.PUBLISHED)
        .first()
    )
    if published is None:
        raise ValidationError(_("该事项没有已发布的版本，无需停用。"))
    published.status = ItemStatus.RETIRED
    published._history_user = by
    published.save(update_fields=["status"])
    request_publish(PUBLISH_KIND, published.pk)  # its guide leaves the published hall
    return published


@transaction.atomic
def item_new_version(*, item: LicensingItem, by: User) -> LicensingItem:
    """新建版本：复制当前最新版本（含申请材料、收费项目、办事主题）为下一版本号的草稿。"""
    latest = (
        LicensingItem.objects.select_for_update()
        .filter(code=item.code)
        .order_by("-version")
        .first()
    )
    if latest.status == ItemStatus.DRAFT:
        return latest
    return _copy_into(latest, code=latest.code, version=latest.version + 1, by=by)


def _copy_into(source: LicensingItem, *, code: str, version: int, by: User) -> LicensingItem:
    """A draft `code` / `version` with the content of `source` (materials, fees, events)."""
    draft = LicensingItem(
        code=code, version=version, **{name: getattr(source, name) for name in ITEM_FIELDS}
    )
    draft._history_user = by
    draft.save()
    bulk_create_with_history(
        [
            RequiredMaterial(item=draft, **{name: getattr(m, name) for name in MATERIAL_FIELDS})
            for m in source.materials.all()
        ],
        RequiredMaterial,
        default_user=by,
    )
    bulk_create_with_history(
        [
            ItemFee(item=draft, **{name: getattr(f, name) for name in FEE_FIELDS})
            for f in source.fee_items.all()
        ],
        ItemFee,
        default_user=by,
    )
    bulk_create_with_history(
        [ItemEvent(item=draft, event=e.event) for e in source.life_events.all()],
        ItemEvent,
        default_user=by,
    )
    return draft


@transaction.atomic
def item_copy(*, item: LicensingItem, code: str, by: User, name: str = "") -> LicensingItem:
    """复制事项：以某一版本的全部内容（含申请材料、收费项目、办事主题）建立新事项的第 1 版草稿。"""
    code = (code or "").strip()
    if not code:
        raise ValidationError({"code": _("请填写新事项的编码。")})
    if LicensingItem.objects.filter(code=code).exists():
        raise ValidationError({"code": _("事项编码“%(code)s”已被使用。") % {"code": code}})
    draft = _copy_into(item, code=code, version=1, by=by)
    if name.strip():
        draft.name = name.strip()
        draft._history_user = by
        draft.save(update_fields=["name"])
    draft.full_clean()
    return draft


def _children_set(item, model, manager, allowed: tuple[str, ...], rows: list[dict], by) -> None:
    """Make the draft's materials (or fees) what `rows` say, in order, keeping the rows that
    stay (by id) so that the audit history shows edits as edits, not as delete and add."""
    existing = {obj.pk: obj for obj in manager.all()}
    keep = {int(r["id"]) for r in rows if r.get("id")}
    unknown = keep - set(existing)
    if unknown:
        raise ValidationError(_("要修改的条目不属于该事项。"))
    for pk, obj in existing.items():
        if pk not in keep:
            obj._history_user = by
            obj.delete()
    for position, row in enumerate(rows, start=1):
        values = {k: v for k, v in row.items() if k in allowed and k != "position"}
        if not str(values.get("name") or "").strip():
            raise ValidationError({"name": _("请填写名称。")})
        values["name"] = values["name"].strip()
        obj = existing.get(int(row["id"])) if row.get("id") else model(item=item)
        changed = obj.pk is None or obj.position != position
        for key, value in values.items():
            if getattr(obj, key) != value:
                setattr(obj, key, value)
                changed = True
        if changed:
            obj.position = position
            obj.full_clean()
            obj._history_user = by
            obj.save()


@transaction.atomic
def item_draft_save(
    *,
    item: LicensingItem,
    by: User,
    fields: dict,
    materials: list[dict],
    fees: list[dict],
    events: list[str],
) -> LicensingItem:
    """保存事项草稿：指南各项内容、申请材料、收费项目和办事主题一并保存。"""
    item = item_update(item=item, by=by, **fields)
    _children_set(item, RequiredMaterial, item.materials, MATERIAL_FIELDS, materials, by)
    _children_set(item, ItemFee, item.fee_items, FEE_FIELDS, fees, by)
    item_events_set(item=item, events=events, by=by)
    return item
