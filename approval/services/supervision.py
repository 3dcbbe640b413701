"""E-supervision (电子监察): the rules engine, card clearing and rule configuration.

The data is the case itself (its events, status and clock), never a separate entry. A periodic
task (`approval.tasks.supervision_scan`) evaluates the active rules on every open case; each rule
fires at most once per case (a unique constraint backs this up when two scans overlap), and the
handler and the unit heads are told at once.

A case is "running" while its clock runs (started at receipt, finished at conclusion or refusal),
whatever its status: the clock rules need no list of statuses that grows with the workflow.

"Fee charged that the item does not list" (FEE_NOT_LISTED) is not scanned: it is judged when the
fee is recorded (`approval.services.fees.fee_record` calls `fee_card_fire`), so the card fires at
once. Like every rule it fires once per case; later unlisted fees on the same case are still
recorded (and exported) but add no second card.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approval.constants import AppStatus
from approval.models import Application, ApplicationEvent
from approval.models.supervision import (
    RULE_COLORS,
    CardColor,
    RuleKind,
    SupervisionCard,
    SupervisionRule,
)
from platform_core.constants import RoleCode
from platform_core.models import Post, User
from platform_core.permissions import user_posts
from platform_core.selectors.clock import clock_state
from platform_core.services.notifications import notify_user

DEFAULT_THRESHOLDS = {
    RuleKind.TIME_USED: {"threshold_percent": 80},
    RuleKind.DAYS_LEFT: {"threshold_days": 1},
}
HEAD_ROLES = (RoleCode.SECTION_HEAD, RoleCode.LEADER)
# Event kinds by value (EventKind of approval/constants.py): a decision (准予/不予许可) must come
# after acceptance and after the review route finished (审查完成).
DECISION_EVENTS = ("grant", "refuse")
ACCEPT_EVENTS = ("accept", "accept_deferred", "deemed_accept")
REVIEW_EVENTS = ("review_done",)
# Decided cases are looked at for this long; a skipped step shows up at the next scan anyway.
DECISION_LOOKBACK_DAYS = 30


# --- Who may do what ------------------------------------------------------------------------


def _has_role(user: User, codes: Iterable[str]) -> bool:
    if not (user.is_authenticated and user.is_office_user):
        return False
    return user.is_superuser or any(p.role.code in codes for p in user_posts(user))


def is_supervisor(user: User) -> bool:
    return _has_role(user, (RoleCode.SUPERVISOR,))


def may_view_dashboard(user: User) -> bool:
    return _has_role(user, (RoleCode.SUPERVISOR, RoleCode.LEADER))


def may_manage_export(user: User) -> bool:
    return _has_role(user, (RoleCode.SUPERVISOR, RoleCode.SYSTEM_ADMIN))


# --- Rules ----------------------------------------------------------------------------------


def rules_ensure() -> list[SupervisionRule]:
    """Every rule kind as a row (created with its default on first use), in display order."""
    existing = {r.kind: r for r in SupervisionRule.objects.all()}
    for kind in RuleKind:
        if kind not in existing:
            rule, _created = SupervisionRule.objects.get_or_create(
                kind=kind, defaults={"color": RULE_COLORS[kind], **DEFAULT_THRESHOLDS.get(kind, {})}
            )
            existing[kind] = rule
    return [existing[k] for k in RuleKind]


@transaction.atomic
def rule_update(
    *,
    rule: SupervisionRule,
    by: User,
    active: bool,
    threshold_percent: int | None = None,
    threshold_days: int | None = None,
) -> SupervisionRule:
    """修改监察规则：启用或停用规则，调整亮牌阈值。"""
    if not is_supervisor(by):
        raise PermissionDenied
    rule = SupervisionRule.objects.select_for_update().get(pk=rule.pk)
    rule.active = active
    if rule.kind == RuleKind.TIME_USED:
        if threshold_percent is None or not 1 <= threshold_percent <= 100:
            raise ValidationError(_("用时比例应为1至100之间的整数。"))
        rule.threshold_percent = threshold_percent
    if rule.kind == RuleKind.DAYS_LEFT:
        if threshold_days is None or not 0 <= threshold_days <= 30:
            raise ValidationError(_("剩余工作日应为0至30之间的整数。"))
        rule.threshold_days = threshold_days
    rule.updated_by = by
    rule.updated_at = timezone.now()
    rule.full_clean()
    rule.save()
    return rule


# --- Evaluation -------------------------------------------------------------------------------


def _clock_reason(rule: SupervisionRule, application: Application, state) -> str | None:
    if state is None or application.clock.finished_on or state.due_date is None:
        return None  # no clock, concluded, or paused: nothing to judge
    if rule.kind == RuleKind.OVERDUE and state.status == "overdue":
        return _("已超过承诺时限%(d)s个工作日，至今未办结（到期日%(due)s）。") % {
            "d": -state.remaining,
            "due": state.due_date,
        }
    if state.status == "overdue":
        return None  # a red card says it; a late yellow one would only add noise
    if rule.kind == RuleKind.TIME_USED and state.limit:
        percent = 100 * state.used / state.limit
        if percent >= (rule.threshold_percent or 80):
            return _("已用承诺时限%(u)s/%(l)s个工作日（%(p)d%%）。") % {
                "u": state.used,
                "l": state.limit,
                "p": percent,
            }
    if rule.kind == RuleKind.DAYS_LEFT and state.remaining <= (rule.threshold_days or 0):
        return _("距承诺时限仅剩%(r)s个工作日（到期日%(due)s）。") % {
            "r": state.remaining,
            "due": state.due_date,
        }
    return None


def evaluate(
    rule: SupervisionRule, application: Application, *, state, today: datetime.date
) -> str | None:
    """Why `rule` fires on `application` now, or None. Pure apart from the objects given."""
    if rule.kind == RuleKind.DEEMED_ACCEPT:
        if application.deemed_accepted:
            return _("收件后5个工作日内未作出受理决定，已依法视为受理。")
        if (
            application.status == AppStatus.SUBMITTED
            and application.accept_due
            and application.accept_due < today
        ):
            return _("受理期限%(due)s已过，仍未作出受理决定。") % {"due": application.accept_due}
        return None
    if rule.kind == RuleKind.DECISION_SKIPPED_STEP:
        return _skipped_step(application)
    if rule.kind == RuleKind.FEE_NOT_LISTED:
        return None  # judged when a fee is recorded (fee_card_fire), not by the scan
    if rule.kind == RuleKind.REJECT_NO_REASON:
        if application.status == AppStatus.REJECTED and not application.reject_reason.strip():
            return _("不予受理决定未说明理由。")
        return None
    return _clock_reason(rule, application, state)


def _skipped_step(application: Application) -> str | None:
    """A decision event with no acceptance or no finished review before it."""
    seen: set[str] = set()
    for event in application.events.all():  # prefetched, in time order
        if event.kind in DECISION_EVENTS:
            missing = []
            if not seen & set(ACCEPT_EVENTS):
                missing.append(_("受理"))
            if not seen & set(REVIEW_EVENTS):
                missing.append(_("审查"))
            if missing:
                return _("作出%(d)s前缺少必经环节：%(m)s。") % {
                    "d": event.get_kind_display(),
                    "m": "、".join(missing),
                }
        seen.add(event.kind)
    return None


def scan_candidates(today: datetime.date):
    """Cases a rule could fire on: waiting for acceptance, running, refused without reason, or
    decided recently."""
    since = today - datetime.timedelta(days=DECISION_LOOKBACK_DAYS)
    return (
        Application.objects.filter(
            Q(clock__isnull=False, clock__finished_on__isnull=True)
            | Q(status=AppStatus.SUBMITTED)
            | Q(deemed_accepted=True)
            | Q(status=AppStatus.REJECTED, reject_reason="")
            | Q(events__kind__in=DECISION_EVENTS, events__created_at__date__gte=since)
        )
        .distinct()
        .select_related("item", "department", "clock")
        .prefetch_related(
            "clock__pauses",
            "clock__extensions",
            "cards",
            Prefetch("events", queryset=ApplicationEvent.objects.order_by("created_at", "id")),
        )
        .order_by("id")
    )


def handler_of(application: Application) -> User | None:
    """The person who last acted on the case (the clerk or reviewer handling it)."""
    event = (
        application.events.filter(actor__isnull=False)
        .select_related("actor")
        .order_by("-created_at", "-id")
        .first()
    )
    return event.actor if event else application.created_by


def unit_heads(application: Application) -> list[User]:
    """Section heads and leaders holding a post in the handling department or below."""
    posts = (
        Post.objects.active()
        .filter(role__code__in=HEAD_ROLES, unit__path__startswith=application.department.path)
        .select_related("user")
    )
    return [p.user for p in posts if p.user.is_active]


def _notify(card: SupervisionCard) -> None:
    application = card.application
    people = {u.pk: u for u in [handler_of(application), *unit_heads(application)] if u}
    subject = _("电子监察%(color)s：%(number)s") % {
        "color": card.get_color_display(),
        "number": application.number,
    }
    body = _("%(item)s（%(number)s %(name)s）：%(rule)s。%(reason)s") % {
        "item": application.item.name,
        "number": application.number,
        "name": application.applicant_name,
        "rule": card.rule.get_kind_display(),
        "reason": card.reason,
    }
    link = reverse("approval:office_detail", args=[application.number])
    for user in people.values():
        notify_user(
            user=user,
            subject=subject,
            body=body,
            link=link,
            sms=card.color == CardColor.RED,
            dedupe_key=f"supervision-card:{card.pk}:{user.pk}",
        )


def card_fire(*, application: Application, rule: SupervisionRule, reason: str) -> SupervisionCard:
    """亮牌：对案件按规则出示黄牌或红牌，并通知经办人和单位负责人。Idempotent."""
    try:
        with transaction.atomic():
            card = SupervisionCard.objects.create(
                application=application,
                rule=rule,
                color=rule.color,
                department=application.department,
                reason=reason[:500],
            )
            _notify(card)
    except IntegrityError:
        # Another scan fired the same card in the meantime: the first one stands.
        return SupervisionCard.objects.get(application=application, rule=rule)
    return card


def fee_card_fire(*, application: Application, reason: str) -> SupervisionCard | None:
    """收费监察：登记了事项未公布的收费时立即亮红牌（规则停用时不亮牌）。"""
    rule, _created = SupervisionRule.objects.get_or_create(
        kind=RuleKind.FEE_NOT_LISTED, defaults={"color": RULE_COLORS[RuleKind.FEE_NOT_LISTED]}
    )
    if not rule.active:
        return None
    return card_fire(application=application, rule=rule, reason=reason)


def supervision_scan(*, today: datetime.date | None = None) -> list[SupervisionCard]:
    """电子监察扫描：对在办案件逐条规则检查，新亮出的牌返回。Safe to run twice."""
    today = today or timezone.localdate()
    rules = [r for r in rules_ensure() if r.active]
    fired = []
    for application in scan_candidates(today):
        has = {c.rule_id for c in application.cards.all()}
        todo = [r for r in rules if r.pk not in has]
        if not todo:
            continue
        state = clock_state(application.clock, today=today) if application.clock_id else None
        for rule in todo:
            reason = evaluate(rule, application, state=state, today=today)
            if reason:
                fired.append(card_fire(application=application, rule=rule, reason=reason))
    return fired


@transaction.atomic
def card_clear(*, card: SupervisionCard, by: User, explanation: str) -> SupervisionCard:
    """消牌：督查员核实后填写处理说明，解除黄牌或红牌。"""
    if not is_supervisor(by):
        raise PermissionDenied
    explanation = (explanation or "").strip()
    if not explanation:
        raise ValidationError(_("请填写处理说明。"))
    card = SupervisionCard.objects.select_for_update().get(pk=card.pk)
    if card.cleared_at is not None:
        raise ValidationError(_("该亮牌已于%(at)s处理。") % {"at": card.cleared_at})
    card.cleared_by = by
    card.cleared_at = timezone.now()
    card.explanation = explanation[:2000]
    card.save(update_fields=["cleared_by", "cleared_at", "explanation"])
    return card
