"""通知公告: list, draft, review, read tracking, reminders and the comment board."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms.tools import CommentForm, NoticeForm
from ..models import NoticeComment
from ..models.notices import NoticeStatus
from ..selectors import notices as selectors
from ..selectors.access import drafting_units
from ..services import notices as services
from .common import oa_staff_required

PAGE_SIZE = 20
TABS = ("inbox", "unread", "mine", "review")


def _notice_or_404(user, pk: int):
    notice = selectors.notice_visible(user, pk)
    if notice is None:
        raise Http404
    return notice


def _error(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


@oa_staff_required
def notice_list(request):
    tab = request.GET.get("tab", "inbox")
    if tab not in TABS:
        tab = "inbox"
    if tab == "mine":
        rows = selectors.my_notices(request.user)
    elif tab == "review":
        rows = selectors.notices_to_review(request.user).order_by("-pk")
    else:
        rows = selectors.notices_for(request.user).order_by("-is_pinned", "-published_at", "-pk")
        if tab == "unread":
            rows = rows.filter(is_read=False)
    query = (request.GET.get("q") or "").strip()[:50]
    if query:
        rows = rows.filter(title__icontains=query)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "oa/office/notices.html", {"page": page, "tab": tab, "q": query})


def _save(request, form, notice=None):
    data = form.cleaned_data
    return services.notice_save(
        by=request.user,
        notice=notice,
        unit=data.get("unit"),
        title=data["title"],
        body=data["body"],
        scope=data["scope"],
        units=list(data["scope_units"]),
        people=list(data["scope_people"]),
        expires_on=data["expires_on"],
        is_pinned=data["is_pinned"],
        comments_open=data["comments_open"],
    )


@oa_staff_required
def notice_new(request):
    units = drafting_units(request.user)
    form = NoticeForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            notice = _save(request, form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存草稿。"))
            return redirect("oa:notice_detail", notice.pk)
    return render(request, "oa/office/notice_form.html", {"form": form})


@oa_staff_required
def notice_edit(request, pk: int):
    notice = _notice_or_404(request.user, pk)
    if notice.author_id != request.user.pk or notice.status not in (
        NoticeStatus.DRAFT,
        NoticeStatus.WITHDRAWN,
    ):
        raise Http404
    initial = {
        "title": notice.title,
        "body": notice.body,
        "scope": notice.scope,
        "scope_units": list(notice.scope_units.all()),
        "scope_people": list(notice.scope_people.all()),
        "expires_on": notice.expires_on,
        "is_pinned": notice.is_pinned,
        "comments_open": notice.comments_open,
    }
    form = NoticeForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, form, notice)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("oa:notice_detail", notice.pk)
    return render(request, "oa/office/notice_form.html", {"form": form, "notice": notice})


@oa_staff_required
def notice_detail(request, pk: int):
    notice = _notice_or_404(request.user, pk)
    if notice.status == NoticeStatus.PENDING:  # reviewed on the generic task page?
        services.notice_sync(notice)
        notice = _notice_or_404(request.user, pk)
    services.notice_mark_read(notice=notice, by=request.user)
    moderator = selectors.may_moderate(request.user, notice)
    context = {
        "notice": notice,
        "moderator": moderator,
        "may_review": services.may_review(request.user, notice),
        "comments": selectors.comments_shown(request.user, notice),
        "comment_form": CommentForm(),
    }
    if moderator and notice.status == NoticeStatus.PUBLISHED:
        context["read_rows"] = list(selectors.read_rows(notice))
        context["unread_rows"] = list(selectors.unread_people(notice)[:500])
    return render(request, "oa/office/notice_detail.html", context)


@require_POST
@oa_staff_required
def notice_submit(request, pk: int):
    notice = _notice_or_404(request.user, pk)
    try:
        services.notice_submit(notice=notice, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已送审核。"))
    return redirect("oa:notice_detail", pk)


@require_POST
@oa_staff_required
def notice_review(request, pk: int):
    notice = _notice_or_404(request.user, pk)
    try:
        services.notice_review(
            notice=notice,
            by=request.user,
            approve=request.POST.get("decision") == "approve",
            comment=request.POST.get("comment", "")[:500],
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已审核。"))
    return redirect("oa:notice_detail", pk)


@require_POST
@oa_staff_required
def notice_withdraw(request, pk: int):
    notice = _notice_or_404(request.user, pk)
    try:
        services.notice_withdraw(notice=notice, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已撤回。"))
    return redirect("oa:notice_detail", pk)


@require_POST
@oa_staff_required
def notice_remind(request, pk: int):
    notice = _notice_or_404(request.user, pk)
    try:
        count = services.notice_remind(
            notice=notice, by=request.user, sms=request.POST.get("sms") == "on"
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已提醒 %(n)s 位未读人员。") % {"n": count})
    return redirect("oa:notice_detail", pk)


@require_POST
@oa_staff_required
def comment_add(request, pk: int):
    notice = _notice_or_404(request.user, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写留言内容（不超过1000字）。"))
        return redirect("oa:notice_detail", pk)
    try:
        comment = services.comment_add(
            notice=notice, by=request.user, body=form.cleaned_data["body"]
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        if comment.status == "approved":
            messages.success(request, _("留言已发表。"))
        else:
            messages.success(request, _("留言已提交，审核通过后显示。"))
    return redirect("oa:notice_detail", pk)


@require_POST
@oa_staff_required
def comment_moderate(request, pk: int, comment_pk: int):
    notice = _notice_or_404(request.user, pk)
    comment = NoticeComment.objects.filter(pk=comment_pk, notice=notice).first()
    if comment is None or not selectors.may_moderate(request.user, notice):
        raise Http404
    services.comment_moderate(
        comment=comment, by=request.user, approve=request.POST.get("decision") == "approve"
    )
    messages.success(request, _("已审核留言。"))
    return redirect("oa:notice_detail", pk)
