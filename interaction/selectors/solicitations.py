"""意见征集 reads: the public list and page, the department's pages, inbox work, the home block."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platform_core.inbox_sources import WorkItem
from platform_core.models import User
from platform_core.selectors.calendar import add_working_days

from ..constants import (
    OPINION_MODERATION_DAYS,
    REPORT_DAYS,
    Adoption,
    OpinionStatus,
    SolicitationStatus,
)
from ..models import Opinion, Solicitation
from .access import REVIEW_ROLES, _business_posts, handler_departments, is_supervisor

PUBLIC_STATUSES = (SolicitationStatus.PUBLISHED, SolicitationStatus.REPORTED)


def _counted(qs: QuerySet[Solicitation]) -> QuerySet[Solicitation]:
    return qs.annotate(
        shown_count=Count("opinions", filter=Q(opinions__status=OpinionStatus.SHOWN)),
        received_count=Count("opinions"),
    )


def public_solicitations() -> QuerySet[Solicitation]:
    """Published drafts, newest first, with their comment counts (one query)."""
    today = timezone.localdate()
    return _counted(
        Solicitation.objects.filter(status__in=PUBLIC_STATUSES, opens_on__lte=today)
        .select_related("department")
        .order_by("-opens_on", "-pk")
    )


def open_solicitations(limit: int = 8) -> list[dict]:
    """The home page's 意见征集 tab: drafts open for comment now (one query)."""
    today = timezone.localdate()
    rows = (
        Solicitation.objects.filter(
            status=SolicitationStatus.PUBLISHED, opens_on__lte=today, closes_on__gte=today
        )
        .select_related("department")
        .order_by("closes_on", "pk")[:limit]
    )
    return [
        {
            "title": s.title,
            "url": reverse("interaction:solicitation", args=[s.pk]),
            "date": s.closes_on,
            "department": s.department.name,
        }
        for s in rows
    ]


@dataclass
class AdoptionCounts:
    received: int
    shown: int
    adopted: int
    partly: int
    not_adopted: int


def adoption_counts(solicitation: Solicitation) -> AdoptionCounts:
    row = Opinion.objects.filter(solicitation=solicitation).aggregate(
        received=Count("pk"),
        shown=Count("pk", filter=Q(status=OpinionStatus.SHOWN)),
        adopted=Count("pk", filter=Q(adoption=Adoption.ADOPTED)),
        partly=Count("pk", filter=Q(adoption=Adoption.PARTLY)),
        not_adopted=Count("pk", filter=Q(adoption=Adoption.NOT_ADOPTED)),
    )
    return AdoptionCounts(**row)


def public_solicitation(pk: int) -> Solicitation | None:
    """A published draft with its articles and the comments shown (three queries)."""
    return (
        Solicitation.objects.filter(status__in=PUBLIC_STATUSES, pk=pk)
        .select_related("department")
        .prefetch_related(
            "articles",
            Prefetch(
                "opinions",
                queryset=Opinion.objects.filter(status=OpinionStatus.SHOWN).select_related(
                    "article"
                ),
                to_attr="shown_opinions",
            ),
        )
        .first()
    )


# --- the department's side ------------------------------------------------------------------


def may_manage(user: User, solicitation: Solicitation) -> bool:
    """Draft, moderate and report: the department's case-handling staff."""
    return any(d.pk == solicitation.department_id for d in handler_departments(user))


def may_publish(user: User, solicitation: Solicitation) -> bool:
    """Publish: a section head or leader of the department."""
    department = solicitation.department
    return any(
        p.role.code in REVIEW_ROLES and p.unit.path.startswith(department.path)
        for p in _business_posts(user)
    )


def solicitations_for(user: User) -> QuerySet[Solicitation]:
    """The solicitations of the user's departments (a supervisor reads every one)."""
    qs = Solicitation.objects.all()
    if not is_supervisor(user):
        qs = qs.filter(department__in=handler_departments(user))
    return _counted(qs.select_related("department").order_by("-created_at", "-pk")).annotate(
        pending_count=Count("opinions", filter=Q(opinions__status=OpinionStatus.PENDING))
    )


def solicitation_for(user: User, pk: int) -> Solicitation | None:
    s = (
        Solicitation.objects.select_related("department", "comment_clock", "report_clock")
        .filter(pk=pk)
        .first()
    )
    if s is None or not (may_manage(user, s) or is_supervisor(user)):
        return None
    return s


def opinions_of(solicitation: Solicitation) -> QuerySet[Opinion]:
    return solicitation.opinions.select_related("article", "moderated_by").order_by(
        "created_at", "pk"
    )


# --- inbox work -----------------------------------------------------------------------------

SUBSYSTEM = gettext_lazy("政民互动")


def _pending(user: User) -> QuerySet[Opinion]:
    return Opinion.objects.filter(
        status=OpinionStatus.PENDING, solicitation__department__in=handler_departments(user)
    )


class OpinionModerationWork:
    key = "interaction.opinions"
    label = gettext_lazy("待审核征集意见")

    def pending(self, user: User) -> QuerySet:
        return _pending(user)

    def items(self, user: User, limit: int) -> list[WorkItem]:
        rows = (
            _pending(user)
            .select_related("solicitation__comment_clock")
            .only(
                "created_at",
                "name",
                "solicitation__title",
                "solicitation__comment_clock__due_date",
            )
            .order_by("created_at", "pk")[:limit]
        )
        return [
            WorkItem(
                action=_("审核意见"),
                title=f"{o.solicitation.title}：{o.name}",
                link=reverse("interaction:solicitation_office", args=[o.solicitation_id]),
                subsystem=str(SUBSYSTEM),
                due_date=_moderation_due(o),
                received_at=o.created_at,
            )
            for o in rows
        ]


def _moderation_due(opinion: Opinion):
    """A comment is moderated within OPINION_MODERATION_DAYS working days of its arrival, and at
    the latest by the comment clock's due date (the supervised deadline)."""
    target = add_working_days(timezone.localdate(opinion.created_at), OPINION_MODERATION_DAYS)
    clock = opinion.solicitation.comment_clock
    if clock is not None and clock.due_date is not None:
        return min(target, clock.due_date)
    return target


def _to_report(user: User) -> QuerySet[Solicitation]:
    return Solicitation.objects.filter(
        status=SolicitationStatus.PUBLISHED,
        closes_on__lt=timezone.localdate(),
        department__in=handler_departments(user),
    )


class AdoptionReportWork:
    key = "interaction.adoption_reports"
    label = gettext_lazy("待公布意见采纳情况")

    def pending(self, user: User) -> QuerySet:
        return _to_report(user)

    def items(self, user: User, limit: int) -> list[WorkItem]:
        rows = (
            _to_report(user)
            .select_related("report_clock")
            .only("title", "closes_on", "published_at", "report_clock__due_date")
        )
        return [
            WorkItem(
                action=_("公布采纳情况"),
                title=s.title,
                link=reverse("interaction:solicitation_office", args=[s.pk]),
                subsystem=str(SUBSYSTEM),
                # The report clock's due date; a draft published before the clocks existed
                # gets its clocks from the daily solicitations_settle, the same date meanwhile.
                due_date=s.report_clock.due_date
                if s.report_clock_id
                else add_working_days(s.closes_on, REPORT_DAYS),
                received_at=s.published_at,
            )
            for s in rows.order_by("closes_on", "pk")[:limit]
        ]
