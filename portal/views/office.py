"""Back-office pages of the portal: articles of the editor's units, editing under a lock,
submission, the review queue, withdrawal and revisions with a diff.

Views parse input and call services; who may do what is decided in `access.py` and the services.
Every action is a plain form post, so the pages work without JavaScript.
"""

from __future__ import annotations

import difflib

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from platform_core.decorators import office_user_passes
from platform_core.forms import add_service_errors
from portal.constants import ArticleStatus, PageTemplate
from portal.forms.articles import ArticleForm, ReviewForm, WithdrawForm
from portal.models import Article
from portal.selectors import access
from portal.services import articles as services
from portal.services import review
from portal.services.checks import article_problems


def _article_or_404(user, pk: int) -> Article:
    article = access.articles_visible_to(user).filter(pk=pk).first()
    if article is None:
        raise Http404
    return article


_portal_user_required = office_user_passes(lambda u: access.is_editor(u) or access.is_reviewer(u))


@_portal_user_required
def office_home(request):
    """稿件管理: the articles of the units the user writes for or reviews."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # Demo mode runs no Celery beat: catch up scheduled publishing when the list is opened.
        from portal.tasks import run_schedule

        run_schedule()
    qs = access.articles_visible_to(request.user).order_by("-updated_at", "-pk")
    status = request.GET.get("status", "")
    if status in ArticleStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/office/home.html",
        {
            "page": page,
            "status": status,
            "statuses": ArticleStatus.choices,
            "can_write": access.channels_editable_by(request.user).exists(),
            "queue_count": access.review_queue(request.user).count(),
        },
    )


@_portal_user_required
def review_queue(request):
    """待审稿件 (a case finished on the generic task page is reconciled first)."""
    moved = access.review_queue(request.user).filter(review_process__isnull=False)
    for article in moved.filter(review.may_have_moved())[:50]:
        services.review_sync(article=article)
    page = Paginator(access.review_queue(request.user).order_by("updated_at"), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/office/review_queue.html", {"page": page})


def _policies(user, exclude_pk=None):
    qs = Article.objects.filter(
        status=ArticleStatus.PUBLISHED, channel__page_template=PageTemplate.POLICY
    ).order_by("-publish_date")
    return qs.exclude(pk=exclude_pk) if exclude_pk else qs


@_portal_user_required
def article_new(request):
    """新建稿件."""
    channels = access.channels_editable_by(request.user)
    if not channels.exists():
        raise PermissionDenied
    form = ArticleForm(
        request.POST or None,
        request.FILES or None,
        channels=channels,
        policies=_policies(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        interprets = data.pop("interprets")
        try:
            article = services.article_create(by=request.user, interprets=interprets, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("稿件已保存为草稿。"))
            return redirect("portal:article_detail", pk=article.pk)
    return render(request, "portal/office/form.html", {"form": form, "article": None})


@_portal_user_required
def article_edit(request, pk: int):
    """修改稿件 (takes the edit lock; a second editor is refused while it holds)."""
    article = _article_or_404(request.user, pk)
    if not access.can_edit_article(request.user, article):
        raise PermissionDenied
    if article.status not in services.EDITABLE_STATUSES:
        messages.error(request, _("只有草稿或已撤稿的稿件可以修改；已发布的稿件请先撤稿。"))
        return redirect("portal:article_detail", pk=pk)
    try:
        article = services.article_lock(article=article, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("portal:article_detail", pk=pk)
    form = ArticleForm(
        request.POST or None,
        request.FILES or None,
        instance=article,
        channels=access.channels_editable_by(request.user),
        policies=_policies(request.user, exclude_pk=article.pk),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        interprets = data.pop("interprets")
        try:
            services.article_update(article=article, by=request.user, interprets=interprets, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("稿件已保存。"))
            return redirect("portal:article_detail", pk=pk)
    return render(request, "portal/office/form.html", {"form": form, "article": article})


@_portal_user_required
def article_detail(request, pk: int):
    """稿件详情: content, checks, actions, the review case and history."""
    article = _article_or_404(request.user, pk)
    if article.status == ArticleStatus.IN_REVIEW and article.review_process_id:
        article = services.review_sync(article=article)
    user = request.user
    can_review = (
        access.can_review_article(user, article) and article.status == ArticleStatus.IN_REVIEW
    )
    return render(
        request,
        "portal/office/detail.html",
        {
            "article": article,
            "problems": article_problems(article)
            if article.status in services.EDITABLE_STATUSES
            else [],
            "can_edit": access.can_edit_article(user, article),
            "can_review": can_review,
            "review_task": review.open_review_task(article, user) if can_review else None,
            "can_withdraw": article.status in services.LIVE_STATUSES
            and (
                access.can_edit_article(user, article) or access.can_review_article(user, article)
            ),
            "review_form": ReviewForm(),
            "withdraw_form": WithdrawForm(),
            "history": article.history.select_related("history_user")[:30],
        },
    )


@require_POST
@_portal_user_required
def article_submit(request, pk: int):
    article = _article_or_404(request.user, pk)
    try:
        services.article_submit(article=article, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已送审，等待本单位负责人审核。"))
    return redirect("portal:article_detail", pk=pk)


@require_POST
@_portal_user_required
def article_review(request, pk: int):
    article = _article_or_404(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect("portal:article_detail", pk=pk)
    decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
    try:
        if decision == "approve":
            article = services.article_approve(article=article, by=request.user, comment=comment)
        else:
            article = services.article_reject(article=article, by=request.user, comment=comment)
        messages.success(request, _outcome_message(article))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("portal:article_detail", pk=pk)


def _outcome_message(article: Article) -> str:
    if article.status == ArticleStatus.PUBLISHED:
        return _("审核通过，稿件已发布。")
    if article.status == ArticleStatus.SCHEDULED:
        return _("审核通过，稿件将于 %(when)s 定时发布。") % {
            "when": timezone.localtime(article.publish_date).strftime("%Y-%m-%d %H:%M")
        }
    return _("稿件已退回。")


@require_POST
@_portal_user_required
def article_withdraw(request, pk: int):
    article = _article_or_404(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        for e in form.errors.get("reason", []):
            messages.error(request, e)
        return redirect("portal:article_detail", pk=pk)
    try:
        services.article_withdraw(
            article=article, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("稿件已撤下，网站页面已删除。"))
    return redirect("portal:article_detail", pk=pk)


DIFF_FIELDS = [
    ("title", _("标题")), ("subtitle", _("副标题")), ("summary", _("摘要")), ("body", _("正文")),
    ("source", _("来源")), ("document_number", _("文号")), ("validity", _("有效性")),
    ("tags", _("标签")), ("status", _("状态")), ("channel_id", _("栏目")),
]  # fmt: skip


def diff_segments(old: str, new: str) -> list[tuple[str, str]]:
    """Character-level diff (Chinese has no word boundaries): [(op, text)], op in =, -, +."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    segments = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("=", old[a1:a2]))
        else:
            if a2 > a1:
                segments.append(("-", old[a1:a2]))
            if b2 > b1:
                segments.append(("+", new[b1:b2]))
    return segments


@_portal_user_required
def article_revisions(request, pk: int):
    """修订记录: every saved version, and what changed between one and the one before."""
    article = _article_or_404(request.user, pk)
    records = list(article.history.select_related("history_user").order_by("-history_id")[:100])
    chosen = request.GET.get("v", "")
    current = next(
        (r for r in records if str(r.history_id) == chosen), records[0] if records else None
    )
    changes = []
    if current is not None:
        index = records.index(current)
        previous = records[index + 1] if index + 1 < len(records) else None
        for name, label in DIFF_FIELDS:
            old = str(getattr(previous, name, "") or "") if previous else ""
            new = str(getattr(current, name, "") or "")
            if old != new:
                changes.append({"label": label, "segments": diff_segments(old, new)})
    return render(
        request,
        "portal/office/revisions.html",
        {"article": article, "records": records, "current": current, "changes": changes},
    )
