"""Public side of the interaction platform on the portal: submit, look up, rate, read.

A logged-in citizen submits with the account's name and mobile; anyone else proves a mobile by
SMS code on the same form ("获取验证码" is a second submit button that keeps what was typed).
Every refusal comes back as a Chinese message on the form; nothing is written until everything
has passed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from platform_core.constants import UserKind
from platform_core.forms import add_service_errors
from platform_core.http import client_ip
from platform_core.richtext.sanitize import html_to_text
from platform_core.services.citizen_auth import SmsCodeError, sms_code_consume, sms_code_issue
from platform_core.views.common import RATELIMIT_RETRY_AFTER_SECONDS

from ..constants import Source
from ..forms.public import CaseForm, LookupForm, RatingForm
from ..selectors import knowledge as knowledge_selectors
from ..selectors import public as selectors
from ..services import cases as case_services

SUBMITTED_KEY = "interaction_submitted"  # number and query code, shown once after submitting
LOOKUP_KEY = "interaction_lookup"  # numbers proven by query code in this session


def _citizen(request):
    user = request.user
    if user.is_authenticated and getattr(user, "kind", "") == UserKind.CITIZEN:
        return user
    return None


def _form_page(request, form, status=200):
    return render(
        request,
        "interaction/public/submit.html",
        {"form": form, "citizen": _citizen(request)},
        status=status,
    )


# Public submission: a person fills a form in minutes; a script posting faster is refused (429).
@ratelimit(key="ip", rate="5/m", method="POST", block=True)
@require_http_methods(["GET", "POST"])
def submit(request):
    """我要写信: the public form."""
    citizen = _citizen(request)
    if request.method != "POST":
        initial = {"kind": request.GET.get("kind", ""), "item": request.GET.get("item", "")}
        return _form_page(request, CaseForm(citizen=citizen, initial=initial))
    form = CaseForm(request.POST, request.FILES, citizen=citizen)
    form.is_valid()
    data = form.cleaned_data
    topic = form.topic() if data.get("item") else None
    # Content and files before the SMS code, so that a refused text does not use up the code;
    # every problem of the text is reported at once.
    problems = case_services.check_text(
        title=data.get("title", ""),
        content=data.get("content", ""),
        address=data.get("address", ""),
    )
    for field, message in problems.items():
        if field in data:
            form.add_error(field, message)
    if data.get("attachments"):
        try:
            case_services.check_uploads(data["attachments"])
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form.errors:
        return _form_page(request, form, status=400)
    if citizen is None:
        try:
            sms_code_consume(mobile=data["mobile"], code=data["code"])
        except SmsCodeError as exc:
            form.add_error("code", exc.messages[0])
            return _form_page(request, form, status=400)
        name, mobile = data["name"], data["mobile"]
    else:
        name, mobile = citizen.name or citizen.username, citizen.mobile
    try:
        case, code = case_services.case_submit(
            kind=data["kind"],
            category=data["category"],
            title=data["title"],
            content=data["content"],
            township=data["township"],
            address=data["address"],
            name=name,
            mobile=mobile,
            allow_public=data["allow_public"],
            citizen=citizen,
            uploads=data["attachments"],
            **(
                {
                    "source": Source.SERVICE_ITEM,
                    "source_ref": data["item"],
                    "source_title": topic.title,
                    "source_url": topic.url,
                }
                if topic
                else {}
            ),
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _form_page(request, form, status=400)
    request.session[SUBMITTED_KEY] = {"number": case.number, "code": code}
    _remember(request, case.number)
    return redirect("interaction:submitted")


@require_POST
@ratelimit(key="ip", rate="5/m", method="POST", block=True)
def sms_code(request):
    """获取验证码 from the submission form: send the code, show the form again as typed."""
    citizen = _citizen(request)
    mobile = (request.POST.get("mobile") or "").strip()
    try:
        sms_code_issue(mobile=mobile, ip=client_ip(request))
    except SmsCodeError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("验证码已发送至%(mobile)s，请填写后提交。附件请重新选择。") % {"mobile": mobile},
        )
    # The form comes back as typed (unbound: no errors yet); only files must be chosen again.
    form = CaseForm(initial=request.POST.dict(), citizen=citizen)
    return _form_page(request, form)


def submitted(request):
    data = request.session.pop(SUBMITTED_KEY, None)
    if not data:
        return redirect("interaction:lookup")
    return render(request, "interaction/public/submitted.html", data)


def _remember(request, number: str) -> None:
    numbers = list(request.session.get(LOOKUP_KEY, []))[-9:]
    if number not in numbers:
        numbers.append(number)
    request.session[LOOKUP_KEY] = numbers


def _may_read(request, case) -> bool:
    citizen = _citizen(request)
    if citizen is not None and case.citizen_id == citizen.pk:
        return True
    return case.number in request.session.get(LOOKUP_KEY, [])


@ratelimit(key="ip", rate="10/m", method="POST", block=True)
@require_http_methods(["GET", "POST"])
def lookup(request):
    """来件查询: number + query code (a guess is refused like a wrong code, 10 a minute)."""
    form = LookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = selectors.case_for_lookup(form.cleaned_data["number"])
        if case is None or not case_services.query_code_matches(
            case, form.cleaned_data["query_code"]
        ):
            form.add_error(None, _("编号或查询码不正确，请核对后重新输入。"))
        else:
            _remember(request, case.number)
            return redirect("interaction:my_case", number=case.number)
    status = 400 if form.errors else 200
    return render(request, "interaction/public/lookup.html", {"form": form}, status=status)


def _case_page(request, case, rating_form=None, status=200):
    return render(
        request,
        "interaction/public/my_case.html",
        {
            "case": case,
            "replies": list(case.replies.all()),
            "ratings": list(case.ratings.all()),
            "rating_form": rating_form or RatingForm(),
            "may_rate": case.status == "replied"
            and not any(r.round == case.round for r in case.ratings.all()),
            "rating_deadline": case_services.rating_deadline(case),
        },
        status=status,
    )


def my_case(request, number: str):
    case = selectors.case_for_lookup(number)
    if case is None or not _may_read(request, case):
        raise Http404
    return _case_page(request, case)


@require_POST
@ratelimit(key="ip", rate="10/m", method="POST", block=True)
def rate(request, number: str):
    """评议: by the submitter (logged in, or proven by query code in this session)."""
    case = selectors.case_for_lookup(number)
    if case is None or not _may_read(request, case):
        raise Http404
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            case_services.case_rate(
                case=case, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("感谢您的评议。"))
            return redirect("interaction:my_case", number=case.number)
    return _case_page(request, case, form, status=400)


def case_list(request):
    """政民互动 public list: replied cases that may be shown, newest reply first."""
    page = Paginator(selectors.public_cases(), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "interaction/public/list.html",
        {"page": page, "mask": selectors.mask_name},
    )


def case_page(request, number: str):
    case = selectors.public_case(number)
    if case is None:
        raise Http404
    return render(request, "interaction/public/case.html", {"case": case})


# Suggestions while typing: at most one request per pause in typing (the script waits 0.6 s),
# so a person stays far below 30 a minute; a script hammering jieba and the index is refused.
SUGGEST_MIN_CHARS = 4
SUGGEST_TITLE_CHARS, SUGGEST_CONTENT_CHARS = 100, 1000
SUMMARY_CHARS = 80


@require_GET
@ratelimit(key="ip", rate="30/m", method="GET", block=False)
def knowledge_suggest(request):
    """写信时的参考答复: live, valid, public knowledge entries that match what is being typed."""
    if getattr(request, "limited", False):
        response = JsonResponse({"detail": _("您的操作过于频繁，请稍后再试。")}, status=429)
        response["Retry-After"] = str(RATELIMIT_RETRY_AFTER_SECONDS)
        return response
    title = (request.GET.get("title") or "").strip()[:SUGGEST_TITLE_CHARS]
    content = (request.GET.get("content") or "").strip()[:SUGGEST_CONTENT_CHARS]
    entries = []
    if len(title) + len(content) >= SUGGEST_MIN_CHARS:
        entries = knowledge_selectors.suggestions_for_text(title, content, public=True)
    response = JsonResponse(
        {
            "entries": [
                {
                    "title": entry.title,
                    "url": reverse("interaction:public_knowledge", args=[entry.pk]),
                    "summary": html_to_text(entry.answer)[:SUMMARY_CHARS],
                    "department": entry.department.name,
                }
                for entry in entries
            ]
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "no-store"
    return response


def knowledge_page(request, pk: int):
    """A public knowledge entry (常见问题解答), linked from the suggestions on the form."""
    entry = knowledge_selectors.public_entry(pk)
    if entry is None:
        raise Http404
    return render(request, "interaction/public/knowledge.html", {"entry": entry})
