"""Back office of disclosure on request: the list, staff registration of letter, fax and
in-person requests, and the request page with every action (confirm, 补正, third-party
consultation, extension and its approval, fee, files, reply). Each action is a plain form post
with its CSRF token; the services check rights and rules and record the event."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from platform_core.forms import add_service_errors

from ..constants import RequestStatus
from ..forms.requests import (
    AnswerForm,
    ClarifyForm,
    ConsultedForm,
    ConsultForm,
    ExtendForm,
    ExtensionDecideForm,
    FeeForm,
    FilePostForm,
    FilterForm,
    RegisterForm,
    ReplyForm,
)
from ..selectors.requests import (
    handling_units,
    may_approve_extension,
    may_handle,
    request_detail,
    requests_list,
)
from ..services import requests as services
from .common import disclosure_staff_required, file_response, letter_response

PAGE_SIZE = 20


def _request_or_404(user, pk: int):
    row = request_detail(user, pk)
    if row is None:
        raise Http404
    return row


@disclosure_staff_required
def request_list(request):
    """依申请公开: the requests of the user's units."""
    form = FilterForm(request.GET or None)
    filters = {"status": "", "channel": "", "q": ""}
    if form.is_valid():
        filters = {k: (form.cleaned_data[k] or "").strip() for k in filters}
    page = Paginator(requests_list(request.user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "disclosure/office/requests.html",
        {
            "page": page,
            "form": form,
            "today": timezone.localdate(),
            "can_register": handling_units(request.user).exists(),
        },
    )


@disclosure_staff_required
def request_new(request):
    """登记信函、传真、当面提交的申请。"""
    units = handling_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = RegisterForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        channel = data.pop("channel")
        received_on = data.pop("received_on")
        try:
            row, code = services.request_register(
                by=request.user, unit=unit, channel=channel, received_on=received_on, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("已登记，申请编号 %(number)s，查询码 %(code)s（查询码只显示一次）。")
                % {"number": row.number, "code": code},
            )
            return redirect("disclosure:request_detail", row.pk)
    return render(request, "disclosure/office/request_form.html", {"form": form})


@disclosure_staff_required
def request_page(request, pk: int):
    row = _request_or_404(request.user, pk)
    handler = may_handle(request.user, row.unit)
    consultation = next((c for c in row.consultations.all() if c.answered_on is None), None)
    try:
        clarification = row.clarification
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist: none asked
        clarification = None
    context = {
        "r": row,
        "handler": handler,
        "approver": may_approve_extension(request.user, row.unit),
        "clarification": clarification,
        "consultation": consultation,
        "today": timezone.localdate(),
        "events": list(row.events.all()),
        "forms": {
            "clarify": ClarifyForm(auto_id="id_clarify_%s"),
            "answer": AnswerForm(auto_id="id_answer_%s"),
            "consult": ConsultForm(auto_id="id_consult_%s"),
            "consulted": ConsultedForm(auto_id="id_consulted_%s"),
            "extend": ExtendForm(auto_id="id_extend_%s"),
            "decide": ExtensionDecideForm(auto_id="id_decide_%s"),
            "fee": FeeForm(auto_id="id_fee_%s"),
            "file": FilePostForm(auto_id="id_file_%s"),
            "reply": ReplyForm(auto_id="id_reply_%s"),
        },
    }
    if row.status == RequestStatus.PROCESSING and row.received_on and clarification is None:
        context["clarify_last_day"] = services.clarification_last_day(row)
    return render(request, "disclosure/office/request_detail.html", context)


def _call(action: str, row, user, post, files):
    """Run one action; returns the service's result or raises ValidationError."""
    if action == "confirm":
        return services.request_confirm(request=row, by=user)
    if action == "clarify":
        form = ClarifyForm(post)
        _valid(form)
        return services.clarification_request(
            request=row,
            by=user,
            items=form.item_list(),
            answer_days=form.cleaned_data["answer_days"],
        )
    if action == "answer":
        form = AnswerForm(post)
        _valid(form)
        return services.clarification_answer(
            request=row, by=user, answer=form.cleaned_data["answer"]
        )
    if action == "consult":
        form = ConsultForm(post)
        _valid(form)
        return services.consultation_start(request=row, by=user, **form.cleaned_data)
    if action == "consulted":
        form = ConsultedForm(post)
        _valid(form)
        data = form.cleaned_data
        return services.consultation_record(
            request=row, by=user, outcome=data["outcome"], note=data["note"], on=data["on"]
        )
    if action == "extend":
        form = ExtendForm(post)
        _valid(form)
        return services.extension_ask(request=row, by=user, **form.cleaned_data)
    if action == "decide":
        form = ExtensionDecideForm(post)
        _valid(form)
        return services.extension_decide(request=row, by=user, **form.cleaned_data)
    if action == "fee":
        form = FeeForm(post)
        _valid(form)
        return services.fee_notice_issue(
            request=row,
            by=user,
            mode=form.cleaned_data["mode"],
            pages=form.cleaned_data["pages"] or 0,
        )
    if action == "paid":
        return services.fee_paid(request=row, by=user)
    if action == "file":
        form = FilePostForm(post, files)
        _valid(form)
        return services.reply_file_add(
            request=row,
            by=user,
            upload=form.cleaned_data["file"],
            pages=form.cleaned_data["pages"] or 0,
        )
    if action == "reply":
        form = ReplyForm(post)
        _valid(form)
        return services.request_reply(request=row, by=user, **form.cleaned_data)
    raise Http404


def _valid(form) -> None:
    if not form.is_valid():
        raise ValidationError(
            [
                f"{form.fields[k].label}：{' '.join(v)}" if k in form.fields else " ".join(v)
                for k, v in form.errors.items()
            ]
        )


DONE = {  # gettext_noop: translated when shown
    "confirm": "已确认收到申请，答复时限开始计算。",
    "clarify": "已告知申请人补正。",
    "answer": "已登记补正内容，答复时限重新计算。",
    "consult": "已发函征求第三方意见。",
    "consulted": "已登记第三方意见。",
    "extend": "已报负责人审批延期。",
    "decide": "已审批延期申请。",
    "fee": "已出具收费通知。",
    "paid": "已确认缴费，恢复计时。",
    "file": "已上传文件。",
    "reply": "已答复申请人。",
}


@disclosure_staff_required
@require_POST
def request_action(request, pk: int, action: str):
    if action not in DONE:
        raise Http404
    row = _request_or_404(request.user, pk)
    try:
        _call(action, row, request.user, request.POST, request.FILES)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _(DONE[action]))
    return redirect("disclosure:request_detail", row.pk)


@disclosure_staff_required
def request_letter_pdf(request, pk: int, letter_pk: int):
    row = _request_or_404(request.user, pk)
    letter = get_object_or_404(row.letters.all(), pk=letter_pk)
    return letter_response(request, letter)


@disclosure_staff_required
def request_file(request, pk: int, file_pk: int):
    row = _request_or_404(request.user, pk)
    stored = get_object_or_404(row.files.all(), pk=file_pk)
    return file_response(stored)
