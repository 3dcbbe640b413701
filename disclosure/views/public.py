"""The citizen's side of disclosure on request (/ysqgk/): apply online (a logged-in natural or
legal person), my requests (answer a clarification, withdraw, download the letters and files,
rate the service), and the lookup by number and query code for requests staff registered.
Every form posts with CSRF; posts are rate-limited like the portal's other public forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from platform_core.decorators import citizen_login_required
from platform_core.forms import add_service_errors

from ..forms.requests import AnswerForm, LookupForm, OnlineForm, RateForm
from ..models import DisclosureRequest
from ..selectors.requests import applicant_request, requests_of_applicant
from ..services import requests as services
from .common import file_response, letter_response

LOOKUP_SESSION_KEY = "disclosure_lookups"


@citizen_login_required
@ratelimit(key="user", rate="10/m", method="POST", block=True)
@require_http_methods(["GET", "POST"])
def apply(request):
    """网上申请政府信息公开。"""
    profile = getattr(request.user, "citizen_profile", None)
    form = OnlineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        try:
            row = services.request_submit_online(by=request.user, unit=unit, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("申请已提交，编号 %(number)s。本机关确认收到之日为收到申请之日。")
                % {"number": row.number},
            )
            return redirect("disclosure:my_request", row.number)
    return render(
        request, "disclosure/public/apply.html", {"form": form, "profile": profile}, status=200
    )


@citizen_login_required
def my_requests(request):
    rows = requests_of_applicant(request.user).order_by("-submitted_at", "-pk")
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(request, "disclosure/public/my_list.html", {"page": page})


def _mine(request, number: str) -> DisclosureRequest:
    row = applicant_request(request.user, number)
    if row is None:
        raise Http404
    return row


def _context(row: DisclosureRequest) -> dict:
    try:
        clarification = row.clarification
    except Exception:  # noqa: BLE001 - none asked
        clarification = None
    return {"r": row, "clarification": clarification, "today": timezone.localdate()}


@citizen_login_required
def my_request(request, number: str):
    row = _mine(request, number)
    context = _context(row)
    context.update(answer_form=AnswerForm(), rate_form=RateForm(), mine=True)
    return render(request, "disclosure/public/detail.html", context)


@citizen_login_required
@ratelimit(key="user", rate="10/m", method="POST", block=True)
@require_POST
def my_answer(request, number: str):
    row = _mine(request, number)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.clarification_answer(
                request=row, by=request.user, answer=form.cleaned_data["answer"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("补正已提交，答复期限自今日起重新计算。"))
            return redirect("disclosure:my_request", row.number)
    context = _context(row)
    context.update(answer_form=form, rate_form=RateForm(), mine=True)
    return render(request, "disclosure/public/detail.html", context, status=400)


@citizen_login_required
@ratelimit(key="user", rate="10/m", method="POST", block=True)
@require_POST
def my_rate(request, number: str):
    row = _mine(request, number)
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            services.request_rate(request=row, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("感谢您的评价。"))
            return redirect("disclosure:my_request", row.number)
    context = _context(row)
    context.update(answer_form=AnswerForm(), rate_form=form, mine=True)
    return render(request, "disclosure/public/detail.html", context, status=400)


@citizen_login_required
@require_POST
def my_withdraw(request, number: str):
    row = _mine(request, number)
    try:
        services.request_withdraw(request=row, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("申请已撤回。"))
    return redirect("disclosure:my_request", row.number)


@citizen_login_required
def my_letter(request, number: str, letter_pk: int):
    row = _mine(request, number)
    letter = get_object_or_404(row.letters.exclude(kind="consultation"), pk=letter_pk)
    return letter_response(request, letter)


@citizen_login_required
def my_file(request, number: str, file_pk: int):
    row = _mine(request, number)
    if row.status != "replied":
        raise Http404
    return file_response(get_object_or_404(row.files.all(), pk=file_pk))


# --- lookup by number and query code (staff-registered requests) ------------------------------


def _looked_up(request, number: str) -> DisclosureRequest:
    """A request whose code this browser session gave correctly."""
    if number not in request.session.get(LOOKUP_SESSION_KEY, []):
        raise PermissionDenied
    return get_object_or_404(
        DisclosureRequest.objects.select_related("unit", "clock"), number=number
    )


@ratelimit(key="ip", rate="10/m", method="POST", block=True)
@require_http_methods(["GET", "POST"])
def lookup(request):
    """查询办理进度：申请编号 + 查询码。"""
    form = LookupForm(request.POST or None)
    row, status, retry_after = None, 200, None
    if request.method == "POST":
        if form.is_valid():
            try:
                row = services.request_lookup(
                    number=form.cleaned_data["number"], code=form.cleaned_data["code"]
                )
            except services.LookupRefused:
                form.add_error(None, _("申请编号或查询码不正确。"))
            except services.LookupLocked as locked:
                form.add_error(
                    None,
                    _("该申请的查询码连续输错次数过多，查询已暂停至%(time)s，请稍后再试。")
                    % {"time": timezone.localtime(locked.until).strftime("%H:%M")},
                )
                status = 429
                retry_after = max(1, int((locked.until - timezone.now()).total_seconds()))
        if form.errors and status == 200:
            status = 400
    context = {"form": form}
    if row is not None:
        seen = request.session.get(LOOKUP_SESSION_KEY, [])
        if row.number not in seen:
            request.session[LOOKUP_SESSION_KEY] = [*seen, row.number][-20:]
        context.update(_context(row))
    response = render(request, "disclosure/public/lookup.html", context, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def lookup_letter(request, number: str, letter_pk: int):
    row = _looked_up(request, number)
    letter = get_object_or_404(row.letters.exclude(kind="consultation"), pk=letter_pk)
    return letter_response(request, letter)


def lookup_file(request, number: str, file_pk: int):
    row = _looked_up(request, number)
    if row.status != "replied":
        raise Http404
    return file_response(get_object_or_404(row.files.all(), pk=file_pk))
