"""Back office of the interaction platform: the office's triage list, a department's list, the
review list, staff entry of letters/calls/visits, and the case page with its actions.

Rights are decided by interaction.selectors.access and checked again by every service; another
department's case is not found (404), an action the reader may not take is refused (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from platform_core.decorators import office_user_passes
from platform_core.dynforms.files import FILE_KINDS

from ..constants import CaseStatus, ReplyStatus
from ..forms.office import (
    AssignForm,
    ExtendForm,
    FollowUpForm,
    ListFilterForm,
    RegisterForm,
    ReplyForm,
    ReturnForm,
    ReviewForm,
)
from ..selectors import access
from ..selectors import cases as selectors
from ..selectors.duplicates import duplicates_for
from ..selectors.knowledge import suggestions_for
from ..selectors.stats import statistics
from ..services import cases as case_services
from ..services import replies as reply_services

staff_required = office_user_passes(access.is_interaction_staff)
stats_required = office_user_passes(lambda u: access.is_office_staff(u) or access.is_supervisor(u))
office_required = office_user_passes(access.is_office_staff)
reviewer_required = office_user_passes(access.is_office_reviewer)


def _page(request, qs):
    return Paginator(qs, 30).get_page(request.GET.get("page"))


def _list(request, title: str, qs, *, tab: str, form=None):
    return render(
        request,
        "interaction/office/list.html",
        {
            "title": title,
            "page": _page(request, qs),
            "tab": tab,
            "form": form,
            "is_office": access.is_office_staff(request.user),
            "is_reviewer": access.is_office_reviewer(request.user),
        },
    )


@staff_required
def office_home(request):
    if access.is_office_staff(request.user):
        return redirect("interaction:triage_list")
    return redirect("interaction:department_list")


@office_required
def triage_list(request):
    """待分办: new and returned cases, earliest triage deadline first."""
    return _list(request, _("待分办来件"), selectors.triage_cases(request.user), tab="triage")


@staff_required
def department_list(request):
    """本单位办理: the cases assigned to the reader's department(s)."""
    qs = selectors.department_cases(request.user)
    return _list(request, _("本单位待办理来件"), qs, tab="department")


@reviewer_required
def review_list(request):
    qs = selectors.all_cases(request.user, status=CaseStatus.REVIEW)
    return _list(request, _("待审核答复"), qs, tab="review")


@staff_required
def all_list(request):
    form = ListFilterForm(request.GET or None)
    status = q = ""
    if form.is_valid():
        status, q = form.cleaned_data["status"], form.cleaned_data["q"].strip()
    qs = selectors.all_cases(request.user, status=status, q=q)
    return _list(request, _("全部来件"), qs, tab="all", form=form)


@office_required
def register(request):
    """登记来信、来电、来访。"""
    form = RegisterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case, code = case_services.case_register(
                by=request.user,
                channel=data["channel"],
                is_petition=data["is_petition"],
                kind=data["kind"],
                category=data["category"],
                title=data["title"],
                content=data["content"],
                township=data["township"],
                address=data["address"],
                name=data["name"],
                mobile=data["mobile"],
                allow_public=data["allow_public"],
                uploads=data["attachments"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("已登记，编号%(number)s，查询码%(code)s（已短信告知来件人）。")
                % {"number": case.number, "code": code},
            )
            return redirect("interaction:case_detail", number=case.number)
    status = 400 if form.errors else 200
    return render(request, "interaction/office/register.html", {"form": form}, status=status)


def _case_or_404(user, number: str):
    case = selectors.case_for(user, number)
    if case is None:
        raise Http404
    return case


@staff_required
def case_detail(request, number: str, forms: dict | None = None, status: int = 200):
    case = _case_or_404(request.user, number)
    user = request.user
    is_office = access.is_office_staff(user)
    may_handle = access.may_handle(user, case)
    replies = list(case.replies.all())
    current = next(
        (r for r in reversed(replies) if r.round == case.round and r.status != "approved"), None
    )
    forms = forms or {}
    can_assign = is_office and case.status in (CaseStatus.SUBMITTED, CaseStatus.RETURNED)
    can_handle = may_handle and case.status == CaseStatus.ASSIGNED
    can_review = access.is_office_reviewer(user) and case.status == CaseStatus.REVIEW
    context = {
        "case": case,
        "replies": replies,
        "current_reply": current,
        "assignments": list(case.assignments.all()),
        "events": list(case.events.all()),
        "can_assign": can_assign,
        "can_handle": can_handle,
        "can_review": can_review,
        "can_follow_up": (is_office or may_handle)
        and case.status in (CaseStatus.REPLIED, CaseStatus.CLOSED),
        "can_extend": case.is_petition
        and access.is_office_reviewer(user)
        and case.status in (CaseStatus.SUBMITTED, CaseStatus.ASSIGNED, CaseStatus.REVIEW),
        "can_publish": is_office and case.allow_public,
        "can_feature": is_office
        and (case.featured_at is not None or (case.is_public and case.replied_at is not None)),
        "suggested": selectors.suggest_department(case) if can_assign else None,
        "assign_form": forms.get("assign")
        or AssignForm(
            initial={"department": getattr(selectors.suggest_department(case), "pk", None)}
            if can_assign
            else None
        ),
        "return_form": forms.get("return") or ReturnForm(),
        "reply_form": forms.get("reply")
        or ReplyForm(initial={"body": current.body if current else ""}),
        "review_form": forms.get("review")
        or ReviewForm(initial={"public": case.allow_public and case.staff_public}),
        "follow_up_form": forms.get("follow_up") or FollowUpForm(),
        "extend_form": forms.get("extend") or ExtendForm(),
        "knowledge": suggestions_for(case) if can_handle else [],
        "duplicates": duplicates_for(case) if can_assign else [],
        "children": list(case.children.all().only("number", "title", "name")),
        "reply_sent_back": current is not None and current.status == ReplyStatus.SENT_BACK,
    }
    return render(request, "interaction/office/case_detail.html", context, status=status)


def _act(request, number: str, key: str, form_class, action):
    """Run `action(case, data)` for a valid form; errors come back on the case page."""
    case = _case_or_404(request.user, number)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            message = action(case, form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, message)
            return redirect("interaction:case_detail", number=case.number)
    return case_detail(request, number, forms={key: form}, status=400)


@require_POST
@staff_required
def case_assign(request, number: str):
    def action(case, data):
        case_services.case_assign(
            case=case, by=request.user, department=data["department"], note=data["note"]
        )
        return _("已交办%(unit)s。") % {"unit": data["department"].name}

    return _act(request, number, "assign", AssignForm, action)


@require_POST
@staff_required
def case_return(request, number: str):
    def action(case, data):
        case_services.case_return(case=case, by=request.user, reason=data["reason"])
        return _("已退回政民互动办公室。")

    return _act(request, number, "return", ReturnForm, action)


@require_POST
@staff_required
def case_reply(request, number: str):
    submit = request.POST.get("submit") == "1"

    def action(case, data):
        reply_services.reply_save(case=case, by=request.user, body=data["body"], submit=submit)
        return _("答复已提交审核。") if submit else _("答复草稿已保存。")

    return _act(request, number, "reply", ReplyForm, action)


@require_POST
@staff_required
def case_review(request, number: str):
    def action(case, data):
        if data["decision"] == "approve":
            reply_services.reply_approve(
                case=case,
                by=request.user,
                comment=data["comment"],
                public=data["public"] if case.allow_public else False,
            )
            return _("答复已审核发布，并已短信告知来件人。")
        reply_services.reply_send_back(case=case, by=request.user, comment=data["comment"])
        return _("答复已退回承办单位修改。")

    return _act(request, number, "review", ReviewForm, action)


@require_POST
@staff_required
def case_follow_up(request, number: str):
    def action(case, data):
        case_services.follow_up_record(
            case=case, by=request.user, method=data["method"], note=data["note"]
        )
        return _("回访已记录。")

    return _act(request, number, "follow_up", FollowUpForm, action)


@require_POST
@staff_required
def case_extend(request, number: str):
    def action(case, data):
        case_services.case_extend(
            case=case, by=request.user, days=data["days"], reason=data["reason"]
        )
        return _("已延期%(n)d个工作日。") % {"n": data["days"]}

    return _act(request, number, "extend", ExtendForm, action)


@require_POST
@office_required
def case_merge(request, number: str):
    """并案: merge this case into another open case (the parent)."""
    case = _case_or_404(request.user, number)
    into = selectors.case_for(request.user, (request.POST.get("into") or "").strip())
    if into is None:
        raise Http404
    try:
        case_services.case_merge(case=case, into=into, by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("interaction:case_detail", number=case.number)
    messages.success(request, _("已并入来件%(number)s。") % {"number": into.number})
    return redirect("interaction:case_detail", number=into.number)


@require_POST
@staff_required
def case_public(request, number: str):
    case = _case_or_404(request.user, number)
    try:
        case_services.case_set_public(
            case=case, by=request.user, public=request.POST.get("public") == "1"
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("公开设置已保存。"))
    return redirect("interaction:case_detail", number=case.number)


@require_POST
@staff_required
def case_feature(request, number: str):
    """重点关注: the office picks (or drops) a public replied case for the portal's channel."""
    case = _case_or_404(request.user, number)
    featured = request.POST.get("featured") == "1"
    try:
        case_services.case_feature(case=case, by=request.user, featured=featured)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("已设为重点关注。") if featured else _("已取消重点关注。"))
    return redirect("interaction:case_detail", number=case.number)


@staff_required
def attachment(request, number: str, pk: int):
    """A case's attachment, for those who may read the case (never served from /media/)."""
    case = _case_or_404(request.user, number)
    item = get_object_or_404(case.attachments, pk=pk)
    content_type = FILE_KINDS.get(item.kind, ("", (), "application/octet-stream"))[2]
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)
    response["Content-Type"] = content_type
    return response


STAT_TABLES = (
    ("department", _("按承办单位")),
    ("category", _("按问题分类")),
    ("kind", _("按来件类型")),
    ("channel", _("按来件渠道")),
    ("status", _("按办理状态")),
    ("month", _("按月份")),
)
# The columns of StatRow.cells() (selectors/stats.py says what each counts).
STAT_HEADERS = (
    "来件数",
    "已答复",
    "未答复",
    "按期答复",
    "超期答复",
    "超期未答复",
    "按期率",
    "评议数",
    "满意及基本满意",
    "满意率",
)

STAT_CHARTED = ("按期答复", "超期答复", "未答复")


@stats_required
def stats(request):
    """办理统计: six tables; ?format=xlsx exports them to Excel (one sheet each)."""
    data = statistics()
    tables = [(str(title), data[key]) for key, title in STAT_TABLES]
    if request.GET.get("format") == "xlsx":
        return _stats_xlsx(tables)
    # Each table is also a chart (static/office/js/charts.js draws it from the table): cases
    # answered on time, answered late and not yet answered, which add up to 来件数.
    charts = {"department": "hbar", "category": "hbar", "month": "line"}
    shown = [
        (str(title), data[key][:-1], data[key][-1:], charts.get(key, "bar"))
        for key, title in STAT_TABLES
    ]
    return render(
        request,
        "interaction/office/stats.html",
        {
            "tables": shown,
            "headers": [(h, h in STAT_CHARTED) for h in STAT_HEADERS],
            "tab": "stats",
            "is_office": access.is_office_staff(request.user),
            "is_reviewer": access.is_office_reviewer(request.user),
        },
    )


def _stats_xlsx(tables):
    import io

    from django.http import HttpResponse
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in tables:
        sheet = book.create_sheet(title=title[:31])
        sheet.append(["", *STAT_HEADERS])
        for r in rows:
            sheet.append([r.label, *r.cells()])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="interaction-stats.xlsx"'
    return response
