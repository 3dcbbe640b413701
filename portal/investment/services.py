"""Writes of the investment-promotion channel (招商引资): projects, foreign-trade warnings and
investors' online consultations.

- Projects and warnings are managed by the web editors who may write to the 招商引资 channel
  (`access.can_edit_channel`), for their own units; superusers may do all of it. Every change is
  recorded by django-simple-history, and the pages it touches are re-published after commit.
- An online consultation comes from an anonymous investor. It is stored with a reference number
  and becomes a free-routed workflow case of the investment office, so it lands in a handler's
  unified inbox (待办). The case is started in the handler's own name, because the engine starts
  cases only for staff within their scope (as approval's follow-up of a bad rating does).
"""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.constants import RoleCode
from platform_core.models import OrgUnit, Post, Subsystem, User
from platform_core.services.workflow import case_comment, case_start
from portal.investment.models import (
    INVESTMENT_CHANNEL_PATH,
    InvestmentConsultation,
    InvestmentProject,
    Sector,
    TradeWarning,
)
from portal.models import Channel
from portal.selectors import access

PROJECT_FIELDS = {
    "name", "sector", "amount", "location", "contact_person", "contact_phone", "status",
    "summary", "is_public",
}  # fmt: skip
WARNING_FIELDS = {"title", "market", "product", "level", "issued_on", "body", "is_public"}
# Who answers an investor first, in this order of preference, within the investment office.
HANDLER_ROLES = (RoleCode.SECTION_HEAD, RoleCode.LEADER, RoleCode.WEB_EDITOR)
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")


# --- who may manage ---------------------------------------------------------------------------


def investment_channel() -> Channel | None:
    return Channel.objects.filter(url_path=INVESTMENT_CHANNEL_PATH).first()


def can_manage(user: User) -> bool:
    """May the user manage projects and warnings at all (an editor of the 招商引资 channel)?"""
    if not (user and user.is_authenticated and user.is_office_user):
        return False
    if user.is_superuser:
        return True
    channel = investment_channel()
    return channel is not None and access.can_edit_channel(user, channel)


def _units_of(user: User) -> list[OrgUnit]:
    return access.editor_units(user)


def can_edit(user: User, obj: InvestmentProject | TradeWarning) -> bool:
    if not can_manage(user):
        return False
    if user.is_superuser:
        return True
    return any(obj.owner_unit.path.startswith(u.path) for u in _units_of(user))


def _scope(qs: QuerySet, user: User) -> QuerySet:
    if not can_manage(user):
        return qs.none()
    if user.is_superuser:
        return qs
    q = Q(pk__in=[])
    for unit in _units_of(user):
        q |= Q(owner_unit__path__startswith=unit.path)
    return qs.filter(q)


def projects_visible_to(user: User) -> QuerySet[InvestmentProject]:
    return _scope(InvestmentProject.objects.select_related("owner_unit"), user)


def warnings_visible_to(user: User) -> QuerySet[TradeWarning]:
    return _scope(TradeWarning.objects.select_related("owner_unit"), user)


def _owner_unit(by: User) -> OrgUnit:
    units = _units_of(by)
    if units:
        return units[0]
    channel = investment_channel()
    unit = channel.editor_units.order_by("path").first() if channel else None
    return unit or OrgUnit.objects.get_root_nodes().first()


# --- projects and warnings --------------------------------------------------------------------


def _strip(fields: dict, allowed: set[str]) -> dict:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


def _save(obj, by: User) -> None:
    obj.full_clean()
    obj._history_user = by
    obj.save()
    _publish_later(type(obj).__name__, obj.pk)


def _publish_later(kind: str, pk: int) -> None:
    from portal.investment.publishing import publish_investment_pages

    transaction.on_commit(lambda: publish_investment_pages.delay(kind, pk))


def _check_phone(value: str, field: str) -> None:
    if value and not PHONE_RE.match(value.replace(" ", "")):
        raise ValidationError({field: _("请填写正确的手机号码或固定电话（如0746-1234567）。")})


@transaction.atomic
def project_create(*, by: User, **fields) -> InvestmentProject:
    """新增招商项目。"""
    if not can_manage(by):
        raise PermissionDenied
    fields = _strip(fields, PROJECT_FIELDS)
    _check_phone(fields.get("contact_phone", ""), "contact_phone")
    project = InvestmentProject(owner_unit=_owner_unit(by), created_by=by, **fields)
    _save(project, by)
    return project


@transaction.atomic
def project_update(*, project: InvestmentProject, by: User, **fields) -> InvestmentProject:
    """修改招商项目（含状态变化：在谈→签约→在建→投产）。"""
    project = InvestmentProject.objects.select_for_update().get(pk=project.pk)
    if not can_edit(by, project):
        raise PermissionDenied
    fields = _strip(fields, PROJECT_FIELDS)
    _check_phone(fields.get("contact_phone", ""), "contact_phone")
    for key, value in fields.items():
        setattr(project, key, value)
    _save(project, by)
    return project


@transaction.atomic
def warning_create(*, by: User, **fields) -> TradeWarning:
    """发布外贸预警。"""
    if not can_manage(by):
        raise PermissionDenied
    fields = _strip(fields, WARNING_FIELDS)
    warning = TradeWarning(owner_unit=_owner_unit(by), created_by=by, **fields)
    _save(warning, by)
    return warning


@transaction.atomic
def warning_update(*, warning: TradeWarning, by: User, **fields) -> TradeWarning:
    """修改外贸预警。"""
    warning = TradeWarning.objects.select_for_update().get(pk=warning.pk)
    if not can_edit(by, warning):
        raise PermissionDenied
    fields = _strip(fields, WARNING_FIELDS)
    for key, value in fields.items():
        setattr(warning, key, value)
    _save(warning, by)
    return warning


# --- online consultation ----------------------------------------------------------------------


def consultation_unit() -> OrgUnit | None:
    """The investment office: settings.PORTAL_INVESTMENT_UNIT (a unit code) when set, otherwise
    the first unit that may write to the 招商引资 channel."""
    code = settings.PORTAL_INVESTMENT_UNIT
    if code:
        return OrgUnit.objects.filter(code=code).first()
    channel = investment_channel()
    if channel is None:
        return None
    return channel.editor_units.order_by("path").first()


def consultation_handler(unit: OrgUnit) -> User | None:
    """Who answers first: a section head of the office (or below), else a leader, else a web
    editor. One person: a free step with several people would need every one of them to finish;
    the handler transfers (转办) or adds a co-handler (加签) when someone else should answer."""
    posts = (
        Post.objects.active()
        .filter(unit__path__startswith=unit.path, user__is_active=True)
        .select_related("user", "role")
        .order_by("unit__path", "id")
    )
    by_role = {}
    for post in posts:
        by_role.setdefault(post.role.code, post.user)
    for code in HANDLER_ROLES:
        if code in by_role:
            return by_role[code]
    return None


@transaction.atomic
def consultation_submit(
    *,
    name: str,
    phone: str,
    sector: str,
    content: str,
    company: str = "",
    email: str = "",
) -> InvestmentConsultation:
    """在线咨询：投资者提交咨询，生成咨询编号并转招商部门办理（进入其待办）。"""
    values = {
        "name": (name or "").strip(),
        "company": (company or "").strip(),
        "phone": (phone or "").replace(" ", "").strip(),
        "email": (email or "").strip(),
        "sector": sector,
        "content": (content or "").strip(),
    }
    errors = {}
    if not values["name"]:
        errors["name"] = _("请填写姓名。")
    if not PHONE_RE.match(values["phone"]):
        errors["phone"] = _("请填写正确的手机号码或固定电话（如0746-1234567）。")
    if sector not in Sector.values:
        errors["sector"] = _("请选择意向产业。")
    if len(values["content"]) < 5:
        errors["content"] = _("请填写咨询内容（至少5个字）。")
    if errors:
        raise ValidationError(errors)
    unit = consultation_unit()
    handler = consultation_handler(unit) if unit is not None else None
    if handler is None:
        raise ValidationError(_("在线咨询暂未开通，请拨打招商热线咨询。"))
    consultation = InvestmentConsultation(
        reference=uuid.uuid4().hex[:20], handling_unit=unit, **values
    )
    consultation.full_clean(exclude=["reference"])
    consultation.save()
    consultation.reference = f"ZS{timezone.localdate():%Y%m%d}{consultation.pk:06d}"
    sector_label = Sector(sector).label
    consultation.process = case_start(
        title=_("投资咨询：%(who)s（%(sector)s，%(ref)s）")
        % {
            "who": values["company"] or values["name"],
            "sector": sector_label,
            "ref": consultation.reference,
        },
        subsystem=Subsystem.PORTAL,
        owner_unit=unit,
        by=handler,
        handlers=[handler],
        data={
            "consultation": consultation.reference,
            "咨询编号": consultation.reference,
            "姓名": values["name"],
            "单位名称": values["company"],
            "联系电话": values["phone"],
            "电子邮箱": values["email"],
            "意向产业": str(sector_label),
            "咨询内容": values["content"],
        },
    )
    consultation.save(update_fields=["reference", "process"])
    # The task page shows the case's history: the investor's words travel with the case there.
    case_comment(
        process=consultation.process, user=handler, comment=_consultation_text(consultation)
    )
    return consultation


def _consultation_text(c: InvestmentConsultation) -> str:
    return _(
        "【在线咨询 %(ref)s】姓名：%(name)s；单位：%(company)s；电话：%(phone)s；邮箱：%(email)s；"
        "意向产业：%(sector)s。咨询内容：%(content)s"
    ) % {
        "ref": c.reference,
        "name": c.name,
        "company": c.company or "—",
        "phone": c.phone,
        "email": c.email or "—",
        "sector": c.get_sector_display(),
        "content": c.content,
    }
