"""Knowledge base writes: entries are drafted (by hand or from a good reply), reviewed by the
interaction office before they go live, and indexed for Chinese search (jieba words in a
tsvector, as the portal and disclosure do)."""

from __future__ import annotations

import datetime

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from platform_core.models import OrgUnit, User
from platform_core.richtext.sanitize import clean_html, html_to_text

from ..constants import CaseStatus, EntryStatus, ReplyStatus
from ..models import Case, Category, KnowledgeEntry
from ..selectors.access import is_interaction_staff, is_office_reviewer, may_handle
from ..wordseg import segment


def entry_index(entry: KnowledgeEntry) -> None:
    # Title and keywords count twice: a question that matches them is the likelier answer.
    head = " ".join([entry.title, entry.keywords.replace(",", " ").replace("，", " ")])
    text = " ".join(segment(f"{head} {head} {html_to_text(entry.answer)}"))
    KnowledgeEntry.objects.filter(pk=entry.pk).update(search_text=text)
    if connection.vendor == "postgresql":
        KnowledgeEntry.objects.filter(pk=entry.pk).update(
            search_vector=SearchVector(F("search_text"), config="simple")
        )
    entry.search_text = text


@transaction.atomic
def entry_create(
    *,
    by: User | None,
    title: str,
    answer: str,
    category: Category,
    department: OrgUnit,
    keywords: str = "",
    valid_until: datetime.date | None = None,
    live: bool = False,
    public: bool = True,
    source_case: Case | None = None,
) -> KnowledgeEntry:
    """新增知识条目（待审核；`live` 仅供导入已审核的条目）。"""
    if by is not None and not is_interaction_staff(by):
        raise PermissionDenied
    entry = KnowledgeEntry(
        title=(title or "").strip(),
        answer=clean_html(answer or ""),
        category=category,
        department=department,
        keywords=(keywords or "").strip(),
        valid_until=valid_until,
        status=EntryStatus.LIVE if live else EntryStatus.DRAFT,
        public=public,
        source_case=source_case,
        created_by=by,
    )
    if len(entry.title) < 4:
        raise ValidationError({"title": _("问题不能少于4个字。")})
    if len(html_to_text(entry.answer)) < 10:
        raise ValidationError({"answer": _("标准答复不能少于10个字。")})
    entry.save()
    entry_index(entry)
    return entry


@transaction.atomic
def entry_from_reply(*, case: Case, by: User) -> KnowledgeEntry:
    """一键转为知识条目: a published reply becomes a draft entry, reviewed before it goes live."""
    if not (is_office_reviewer(by) or may_handle(by, case)):
        raise PermissionDenied
    if case.status not in (CaseStatus.REPLIED, CaseStatus.CLOSED):
        raise ValidationError(_("答复发布后才能转为知识条目。"))
    reply = case.replies.filter(status=ReplyStatus.APPROVED).order_by("-round").first()
    return entry_create(
        by=by,
        title=case.title,
        answer=reply.body,
        category=case.category,
        department=reply.department,
        # A reply written for one citizen is offered to the public only if its case is public.
        public=case.is_public,
        source_case=case,
    )


@transaction.atomic
def entry_approve(*, entry: KnowledgeEntry, by: User) -> KnowledgeEntry:
    """审核知识条目上线。"""
    if not is_office_reviewer(by):
        raise PermissionDenied
    entry = KnowledgeEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != EntryStatus.DRAFT:
        raise ValidationError(_("只有待审核的条目可以审核上线。"))
    entry.status, entry.reviewed_by = EntryStatus.LIVE, by
    entry.save(update_fields=["status", "reviewed_by"])
    return entry
