"""意见征集 writes: drafting, publishing (split into articles), comments, moderation, adoption and
the adoption report. Every change is kept by django-simple-history (Solicitation, Opinion).

Deadlines run on the platform's case clock under e-supervision (yellow and red cards for the
department), both started when the draft is published:
- the comment clock: every comment moderated within OPINION_MODERATION_DAYS working days of the
  closing date; it stops once the period has closed and no comment awaits moderation;
- the report clock: counted from the closing date, the adoption report (采纳情况) is due
  REPORT_DAYS working days later; it stops when the report is published.
The unified inbox shows both tasks by these clocks (selectors/solicitations.py).
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.models import CaseClock, OrgUnit, Subsystem, User
from platform_core.publishing import request_publish
from platform_core.richtext.sanitize import clean_html, html_to_text
from platform_core.selectors.calendar import working_days_between
from platform_core.services.clock import clock_finish, clock_start
from platform_core.services.supervision import clock_watch

from ..checks import sensitive_words
from ..constants import (
    COMMENT_CLOCK,
    OPINION_MODERATION_DAYS,
    REPORT_CLOCK,
    REPORT_DAYS,
    SOLICITATION_MIN_DAYS,
    Adoption,
    OpinionStatus,
    SolicitationStatus,
)
from ..models import Opinion, Solicitation, SolicitationArticle
from ..selectors.access import handler_departments
from ..selectors.solicitations import may_manage, may_publish

PUBLISH_KIND = "interaction.solicitation"
OPINION_MIN, OPINION_MAX = 5, 2000
ARTICLE_START = re.compile(r"^\s*(第[一二三四五六七八九十百零〇两\d]+条)\s*")


def split_articles(text: str) -> list[tuple[str, str]]:
    """The draft as (heading, text): by 第X条 when it has them, else by paragraph."""
    lines = [line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n")]
    if any(ARTICLE_START.match(line) for line in lines):
        articles: list[list[str]] = []
        preamble: list[str] = []
        for line in lines:
            match = ARTICLE_START.match(line)
            if match:
                articles.append([match.group(1), line[match.end() :].strip()])
            elif articles:
                articles[-1][1] = (articles[-1][1] + "\n" + line.strip()).strip()
            elif line.strip():
                preamble.append(line.strip())
        out = [(h, t) for h, t in articles]
        if preamble:
            out.insert(0, (_("总述"), "\n".join(preamble)))
        return out
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", "\n".join(lines)) if p.strip()]
    return [(_("第%(n)d段") % {"n": n}, p) for n, p in enumerate(paragraphs, start=1)]


def _check_dates(opens_on, closes_on, short_reason: str) -> None:
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("截止日期不能早于开始日期。")})
    days = (closes_on - opens_on).days + 1
    if days < SOLICITATION_MIN_DAYS and not (short_reason or "").strip():
        raise ValidationError(
            {
                "short_reason": _("征集期为%(days)d日，少于%(min)d日，请说明理由（如情况紧急）。")
                % {"days": days, "min": SOLICITATION_MIN_DAYS}
            }
        )


@transaction.atomic
def solicitation_save(
    *,
    by: User,
    solicitation: Solicitation | None = None,
    title: str,
    department: OrgUnit,
    explanation: str,
    draft_text: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    short_reason: str = "",
) -> Solicitation:
    """起草或修改征求意见稿（发布前）。"""
    if not handler_departments(by).filter(pk=department.pk).exists():
        raise PermissionDenied
    if solicitation is None:
        solicitation = Solicitation(created_by=by)
    else:
        solicitation = Solicitation.objects.select_for_update().get(pk=solicitation.pk)
        if not may_manage(by, solicitation):
            raise PermissionDenied
        if solicitation.status != SolicitationStatus.DRAFT:
            raise ValidationError(_("已发布的征求意见稿不能修改。"))
    title = (title or "").strip()
    if len(title) < 5:
        raise ValidationError({"title": _("标题不能少于5个字。")})
    explanation = clean_html(explanation or "")
    if len(html_to_text(explanation)) < 10:
        raise ValidationError({"explanation": _("起草说明不能少于10个字。")})
    if not split_articles(draft_text):
        raise ValidationError({"draft_text": _("请填写征求意见稿正文。")})
    _check_dates(opens_on, closes_on, short_reason)
    solicitation.title, solicitation.department = title, department
    solicitation.explanation, solicitation.draft_text = explanation, draft_text.strip()
    solicitation.opens_on, solicitation.closes_on = opens_on, closes_on
    solicitation.short_reason = (short_reason or "").strip()
    solicitation.save()
    return solicitation


# --- the case clocks -----------------------------------------------------------------------


def _start_clocks(solicitation: Solicitation, start: datetime.date) -> None:
    """Start and watch both clocks (the caller holds the row lock and saves the two fields).

    The comment clock counts from `start` (publication) to OPINION_MODERATION_DAYS working days
    after the closing date; the report clock counts from the closing date (it stands still until
    then) to REPORT_DAYS working days after it. A closing date on a rest day counts from there:
    the first working day after it is the first day counted."""
    closes_on = solicitation.closes_on
    link = reverse("interaction:solicitation_office", args=[solicitation.pk])
    title = solicitation.title[:100]

    def supervised(process: str, days: int, start_date, subject: str, watch_title: str):
        clock = clock_start(
            process=process, limit_days=days, start_date=start_date, subject=subject
        )
        clock_watch(
            clock=clock,
            subsystem=Subsystem.INTERACTION,
            unit=solicitation.department,
            title=watch_title % {"title": title},
            link=link,
        )
        return clock

    until_closing = max(working_days_between(start, closes_on), 0)
    solicitation.comment_clock = supervised(
        COMMENT_CLOCK,
        until_closing + OPINION_MODERATION_DAYS,
        start,
        f"意见征集 {title}",
        _("意见征集审核意见时限：%(title)s"),
    )
    solicitation.report_clock = supervised(
        REPORT_CLOCK,
        REPORT_DAYS,
        max(closes_on, start),
        f"采纳情况 {title}",
        _("意见征集采纳情况公布时限：%(title)s"),
    )


def _finish(clock_id: int | None, on: datetime.date) -> bool:
    if clock_id is not None:
        clock = CaseClock.objects.filter(pk=clock_id, finished_on__isnull=True).first()
        if clock is not None:
            clock_finish(clock=clock, on=on)
            return True
    return False


def _settle_comments(solicitation: Solicitation, today: datetime.date) -> bool:
    """Stop the comment clock once the period has closed and no comment awaits moderation: on
    the closing date, or on the day the last comment was moderated if that was later."""
    if not solicitation.comment_clock_id or solicitation.closes_on >= today:
        return False
    opinions = solicitation.opinions
    if opinions.filter(status=OpinionStatus.PENDING).exists():
        return False
    last = opinions.aggregate(last=Max("moderated_at"))["last"]
    done = max(solicitation.closes_on, timezone.localdate(last) if last else solicitation.closes_on)
    return _finish(solicitation.comment_clock_id, min(done, today))


def solicitations_settle(*, today: datetime.date | None = None) -> int:
    """Daily (interaction.tasks.solicitations_settle): stop the comment clocks of drafts whose
    period has closed with every comment moderated, and start the clocks of drafts published
    before the clocks existed. Safe to run twice; returns how many drafts it gave clocks plus
    how many comment clocks it stopped."""
    today = today or timezone.localdate()
    changed = 0
    for pk in Solicitation.objects.filter(
        status=SolicitationStatus.PUBLISHED, comment_clock__isnull=True
    ).values_list("pk", flat=True):
        with transaction.atomic():
            s = Solicitation.objects.select_for_update().get(pk=pk)
            if s.comment_clock_id is None and s.status == SolicitationStatus.PUBLISHED:
                _start_clocks(s, timezone.localdate(s.published_at) if s.published_at else today)
                s.save(update_fields=["comment_clock", "report_clock"])
                changed += 1
    for s in Solicitation.objects.filter(
        status=SolicitationStatus.PUBLISHED,
        closes_on__lt=today,
        comment_clock__finished_on__isnull=True,
    ).exclude(opinions__status=OpinionStatus.PENDING):
        with transaction.atomic():
            changed += _settle_comments(s, today)
    return changed


@transaction.atomic
def solicitation_publish(
    *, by: User, solicitation: Solicitation, today: datetime.date | None = None
) -> Solicitation:
    """发布：科室负责人或单位领导；正文逐条拆分，公众可对全文或某一条提意见。"""
    today = today or timezone.localdate()
    solicitation = Solicitation.objects.select_for_update().get(pk=solicitation.pk)
    if not may_publish(by, solicitation):
        raise PermissionDenied
    if solicitation.status != SolicitationStatus.DRAFT:
        raise ValidationError(_("该征求意见稿已发布。"))
    if solicitation.closes_on < today:
        raise ValidationError({"closes_on": _("截止日期已过，请修改日期后再发布。")})
    _check_dates(solicitation.opens_on, solicitation.closes_on, solicitation.short_reason)
    SolicitationArticle.objects.bulk_create(
        SolicitationArticle(solicitation=solicitation, position=n, heading=h, text=t)
        for n, (h, t) in enumerate(split_articles(solicitation.draft_text), start=1)
    )
    solicitation.status = SolicitationStatus.PUBLISHED
    solicitation.published_at, solicitation.published_by = timezone.now(), by
    _start_clocks(solicitation, today)
    solicitation.save(
        update_fields=["status", "published_at", "published_by", "comment_clock", "report_clock"]
    )
    request_publish(PUBLISH_KIND, solicitation.pk)  # the home page's 意见征集 tab
    return solicitation


@transaction.atomic
def opinion_submit(
    *, solicitation: Solicitation, citizen: User, body: str, article: SolicitationArticle | None
) -> Opinion:
    """公众提交意见（已登录并经短信验证的公众用户；审核后公开）。"""
    if not citizen.is_authenticated or citizen.is_office_user:
        raise PermissionDenied
    solicitation = Solicitation.objects.get(pk=solicitation.pk)
    if not solicitation.is_open():
        raise ValidationError(_("该征求意见稿不在征集期内，不能提交意见。"))
    if article is not None and article.solicitation_id != solicitation.pk:
        raise ValidationError({"article": _("请选择本征求意见稿的条目。")})
    body = (body or "").strip()
    if not OPINION_MIN <= len(body) <= OPINION_MAX:
        raise ValidationError(
            {
                "body": _("意见应为%(min)d至%(max)d个字，现为%(n)d个字。")
                % {"min": OPINION_MIN, "max": OPINION_MAX, "n": len(body)}
            }
        )
    words = sensitive_words(body)
    if words:
        raise ValidationError(
            {
                "body": _("含有不宜发布的词语“%(words)s”，请修改后再提交。")
                % {"words": "”“".join(words)}
            }
        )
    return Opinion.objects.create(
        solicitation=solicitation,
        article=article,
        citizen=citizen,
        name=citizen.name or citizen.username,
        body=body,
    )


def _locked_opinion(by: User, opinion: Opinion) -> Opinion:
    opinion = Opinion.objects.select_for_update().select_related("solicitation").get(pk=opinion.pk)
    if not may_manage(by, opinion.solicitation):
        raise PermissionDenied
    return opinion


@transaction.atomic
def opinion_moderate(
    *, by: User, opinion: Opinion, show: bool, reason: str = "", today: datetime.date | None = None
) -> Opinion:
    """审核意见：公开，或说明理由不予公开（均留痕）。The last one after closing stops the
    comment clock."""
    opinion = _locked_opinion(by, opinion)
    if opinion.status != OpinionStatus.PENDING:
        raise ValidationError(_("该意见已审核。"))
    if not show and not (reason or "").strip():
        raise ValidationError({"reason": _("不予公开请说明理由。")})
    opinion.status = OpinionStatus.SHOWN if show else OpinionStatus.REJECTED
    opinion.reject_reason = "" if show else reason.strip()[:200]
    opinion.moderated_by, opinion.moderated_at = by, timezone.now()
    opinion.save(update_fields=["status", "reject_reason", "moderated_by", "moderated_at"])
    _settle_comments(opinion.solicitation, today or timezone.localdate())
    return opinion


@transaction.atomic
def opinion_adopt(*, by: User, opinion: Opinion, adoption: str, note: str) -> Opinion:
    """采纳情况：采纳、部分采纳或不予采纳，并说明理由。"""
    opinion = _locked_opinion(by, opinion)
    if opinion.solicitation.status == SolicitationStatus.REPORTED:
        raise ValidationError(_("采纳情况已公布，不能再修改。"))
    if adoption not in (Adoption.ADOPTED, Adoption.PARTLY, Adoption.NOT_ADOPTED):
        raise ValidationError({"adoption": _("请选择采纳情况。")})
    if adoption != Adoption.ADOPTED and not (note or "").strip():
        raise ValidationError({"note": _("部分采纳或不予采纳的，请说明理由。")})
    opinion.adoption, opinion.adoption_note = adoption, (note or "").strip()[:500]
    opinion.save(update_fields=["adoption", "adoption_note"])
    return opinion


@transaction.atomic
def report_publish(
    *, by: User, solicitation: Solicitation, report: str, today: datetime.date | None = None
) -> Solicitation:
    """公布意见采纳情况：征集期结束后；每条公开的意见都须有采纳结论。Stops the report clock."""
    today = today or timezone.localdate()
    solicitation = Solicitation.objects.select_for_update().get(pk=solicitation.pk)
    if not may_publish(by, solicitation):
        raise PermissionDenied
    if solicitation.status != SolicitationStatus.PUBLISHED:
        raise ValidationError(_("只有已发布且未公布采纳情况的征集可以公布采纳情况。"))
    if solicitation.closes_on >= today:
        raise ValidationError(_("征集期结束后才能公布采纳情况。"))
    opinions = solicitation.opinions
    if opinions.filter(status=OpinionStatus.PENDING).exists():
        raise ValidationError(_("还有待审核的意见，请先审核。"))
    if opinions.filter(status=OpinionStatus.SHOWN, adoption=Adoption.UNDECIDED).exists():
        raise ValidationError(_("还有公开的意见没有采纳结论，请逐条处理后再公布。"))
    report = clean_html(report or "")
    if len(html_to_text(report)) < 10:
        raise ValidationError({"report": _("采纳情况说明不能少于10个字。")})
    solicitation.report, solicitation.reported_at = report, timezone.now()
    solicitation.status = SolicitationStatus.REPORTED
    solicitation.save(update_fields=["report", "reported_at", "status"])
    _settle_comments(solicitation, today)
    _finish(solicitation.report_clock_id, today)
    request_publish(PUBLISH_KIND, solicitation.pk)
    return solicitation
