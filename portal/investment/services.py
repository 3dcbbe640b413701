"""Writes of the investment-promotion channel (招商引资): projects, foreign-trade warnings and
investors' online consultations.

- Projects and warnings are managed by the web editors who may write to the 招商引资 channel
  (`access.can_edit_channel`), for their own units; superusers may do all of it. Every change is
  recorded by django-simple-history, and the pages it touches are re-published after commit.
- An online consultation comes from an anonymous investor and becomes a 咨询 case of 政民互动
  (one consultation for the whole portal): case number and query code, triage and assignment,
  reply, publication and rating there. Consultations stored here before (InvestmentConsultation)
  were moved over by migration portal 0008 and keep the number of the case they became.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from interaction.constants import Kind, Source
from interaction.models import Case
from interaction.services import cases as interaction_cases
from platform_core.models import OrgUnit, User
from portal.investment.models import (
    INVESTMENT_CHANNEL_PATH,
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
# Where a consultation about investment links back to: the published 招商引资 channel.
INVESTMENT_URL = f"/{INVESTMENT_CHANNEL_PATH}"
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

# The category the 招商引资 consultations are filed under in 政民互动 (created when missing).
INVESTMENT_CATEGORY = "招商引资"


def consultation_submit(
    *,
    name: str,
    phone: str,
    sector: str,
    content: str,
    company: str = "",
    email: str = "",
    allow_public: bool = False,
) -> tuple[Case, str]:
    """在线咨询：投资者提交咨询，成为政民互动的一件咨询来件（统一编号、查询码、答复、公开、评议）。

    Return the case and its query code. One consultation for the whole portal: the interaction
    office triages it and assigns it (usually to the investment office); the reply is published
    like every other case when the investor allowed it. Company and e-mail reach the handler in
    the case's log, never the public page."""
    values = {
        "name": (name or "").strip(),
        "company": (company or "").strip(),
        "phone": (phone or "").replace(" ", "").strip(),
        "email": (email or "").strip(),
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
    sector_label = str(Sector(sector).label)
    try:
        return interaction_cases.case_submit(
            kind=Kind.CONSULTATION,
            category=interaction_cases.consultation_category(INVESTMENT_CATEGORY),
            title=_("投资咨询（%(sector)s）") % {"sector": sector_label},
            content=values["content"],
            name=values["name"],
            mobile=values["phone"],
            allow_public=allow_public,
            source=Source.INVESTMENT,
            source_title=_("招商引资·%(sector)s") % {"sector": sector_label},
            source_url=INVESTMENT_URL,
            staff_note=_("单位：%(company)s；电子邮箱：%(email)s；意向产业：%(sector)s")
            % {
                "company": values["company"] or "—",
                "email": values["email"] or "—",
                "sector": sector_label,
            },
        )
    except ValidationError as exc:
        # The interaction checks name their own fields: map them onto this form's.
        if hasattr(exc, "error_dict"):
            renamed = {"mobile": "phone", "title": "content"}
            raise ValidationError(
                {renamed.get(k, k): v for k, v in exc.error_dict.items()}
            ) from exc
        raise
