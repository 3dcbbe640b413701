"""意见征集 writes: drafting, publishing (split into articles), comments, moderation, adoption and
the adoption report. Every change is kept by django-simple-history (Solicitation, Opinion)."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.models import OrgUnit, User
from platform_core.publishing import request_publish
from platform_core.richtext.sanitize import clean_html, html_to_text

from ..checks import sensitive_words
from ..constants import (
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


@transaction.atomic
def solicitation_publish(*, by: User, solicitation: Solicitation) -> Solicitation:
    """发布：科室负责人或单位领导；正文逐条拆分，公众可对全文或某一条提意见。"""
    solicitation = Solicitation.objects.select_for_update().get(pk=solicitation.pk)
    if not may_publish(by, solicitation):
        raise PermissionDenied
    if solicitation.status != SolicitationStatus.DRAFT:
        raise ValidationError(_("该征求意见稿已发布。"))
    if solicitation.closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("截止日期已过，请修改日期后再发布。")})
    _check_dates(solicitation.opens_on, solicitation.closes_on, solicitation.short_reason)
    SolicitationArticle.objects.bulk_create(
        SolicitationArticle(solicitation=solicitation, position=n, heading=h, text=t)
        for n, (h, t) in enumerate(split_articles(solicitation.draft_text), start=1)
    )
    solicitation.status = SolicitationStatus.PUBLISHED
    solicitation.published_at, solicitation.published_by = timezone.now(), by
    solicitation.save(update_fields=["status", "published_at", "published_by"])
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
def opinion_moderate(*, by: User, opinion: Opinion, show: bool, reason: str = "") -> Opinion:
    """审核意见：公开，或说明理由不予公开（均留痕）。"""
    opinion = _locked_opinion(by, opinion)
    if opinion.status != OpinionStatus.PENDING:
        raise ValidationError(_("该意见已审核。"))
    if not show and not (reason or "").strip():
        raise ValidationError({"reason": _("不予公开请说明理由。")})
    opinion.status = OpinionStatus.SHOWN if show else OpinionStatus.REJECTED
    opinion.reject_reason = "" if show else reason.strip()[:200]
    opinion.moderated_by, opinion.moderated_at = by, timezone.now()
    opinion.save(update_fields=["status", "reject_reason", "moderated_by", "moderated_at"])
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
def report_publish(*, by: User, solicitation: Solicitation, report: str) -> Solicitation:
    """公布意见采纳情况：征集期结束后；每条公开的意见都须有采纳结论。"""
    solicitation = Solicitation.objects.select_for_update().get(pk=solicitation.pk)
    if not may_publish(by, solicitation):
        raise PermissionDenied
    if solicitation.status != SolicitationStatus.PUBLISHED:
        raise ValidationError(_("只有已发布且未公布采纳情况的征集可以公布采纳情况。"))
    if solicitation.closes_on >= timezone.localdate():
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
    request_publish(PUBLISH_KIND, solicitation.pk)
    return solicitation
