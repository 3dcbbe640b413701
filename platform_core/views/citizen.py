"""Citizen accounts on the portal: SMS-code login, real-name registration, the "我的" page.

Everything works without JavaScript: the "获取验证码" button is a second submit button of the
login form that posts to the code endpoint (formaction) and comes back with a message.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from ..citizen_links import citizen_links
from ..constants import UserKind
from ..decorators import citizen_login_required
from ..forms.citizen import CitizenRegisterForm, MobileForm, SmsLoginForm
from ..http import client_ip, safe_local_url
from ..models import CitizenProfile
from ..selectors.notifications import unread_count
from ..services.citizen_auth import (
    SmsCodeError,
    citizen_for_mobile,
    citizen_register,
    sms_code_consume,
    sms_code_issue,
)

# The mobile typed before asking for a code, so the form comes back filled in.
LOGIN_MOBILE_KEY = "citizen_login_mobile"
# A mobile proven by SMS code that has no account yet: registration may use it for 10 minutes.
VERIFIED_MOBILE_KEY = "citizen_verified_mobile"
VERIFIED_MOBILE_SECONDS = 10 * 60


def _next_url(request) -> str:
    """A local `next` address from the form or the query string, or "" (no open redirect)."""
    return safe_local_url(request, request.POST.get("next") or request.GET.get("next"))


def _with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def mask_middle(value: str, head: int, tail: int) -> str:
    """4301**********1232: enough to recognise one's own number, not enough to copy it."""
    if len(value) <= head + tail:
        return value
    return value[:head] + "*" * (len(value) - head - tail) + value[-tail:]


def _log_in(request, user) -> None:
    # The login audit receivers record how the person proved who they are.
    request.login_method = "sms"
    login(request, user, backend="platform_core.auth_backends.CitizenSessionBackend")


def _verified_mobile(request) -> str | None:
    data = request.session.get(VERIFIED_MOBILE_KEY)
    if not isinstance(data, dict):
        return None
    if time.time() - float(data.get("at", 0)) > VERIFIED_MOBILE_SECONDS:
        request.session.pop(VERIFIED_MOBILE_KEY, None)
        return None
    return data.get("mobile") or None


@require_POST
@ratelimit(key="ip", rate="5/m", method="POST", block=True)
def citizen_sms_code(request):
    """获取验证码: send a code to the typed mobile, then back to the login form with a message."""
    next_url = _next_url(request)
    form = MobileForm(request.POST)
    if form.is_valid():
        mobile = form.cleaned_data["mobile"]
        request.session[LOGIN_MOBILE_KEY] = mobile
        try:
            sms_code_issue(mobile=mobile, ip=client_ip(request))
        except SmsCodeError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(
                request,
                _("验证码已发送至%(mobile)s，请在收到后填写。")
                % {"mobile": mask_middle(mobile, 3, 4)},
            )
    else:
        messages.error(request, form.errors["mobile"][0])
    return redirect(_with_next("platform_core:citizen_login", next_url))


@ratelimit(key="ip", rate="10/m", method="POST", block=True)
def citizen_login(request):
    """公众用户登录: mobile + SMS code; an unknown mobile goes on to registration."""
    next_url = _next_url(request)
    user = request.user
    if user.is_authenticated and user.kind == UserKind.CITIZEN:
        return redirect(next_url or "platform_core:citizen_home")
    if request.method == "POST":
        form = SmsLoginForm(request.POST)
        if form.is_valid():
            mobile = form.cleaned_data["mobile"]
            try:
                sms_code_consume(mobile=mobile, code=form.cleaned_data["code"])
            except SmsCodeError as exc:
                form.add_error("code", exc.messages[0])
            else:
                citizen = citizen_for_mobile(mobile)
                if citizen is None:
                    request.session[VERIFIED_MOBILE_KEY] = {"mobile": mobile, "at": time.time()}
                    messages.info(request, _("手机号验证成功。首次使用，请完成实名注册。"))
                    return redirect(_with_next("platform_core:citizen_register", next_url))
                if not citizen.is_active:
                    form.add_error(None, _("该账号已停用，如有疑问请联系网站管理员。"))
                else:
                    request.session.pop(LOGIN_MOBILE_KEY, None)
                    _log_in(request, citizen)
                    return redirect(next_url or "platform_core:citizen_home")
    else:
        form = SmsLoginForm(initial={"mobile": request.session.get(LOGIN_MOBILE_KEY, "")})
    return render(request, "platform_core/citizen/login.html", {"form": form, "next": next_url})


def citizen_register_view(request):
    """公众用户注册: real name for a mobile verified by SMS code in the last 10 minutes."""
    next_url = _next_url(request)
    mobile = _verified_mobile(request)
    if mobile is None:
        messages.info(request, _("请先通过短信验证码验证手机号，再进行注册。"))
        return redirect(_with_next("platform_core:citizen_login", next_url))
    if request.method == "POST":
        form = CitizenRegisterForm(request.POST)
        if form.is_valid():
            try:
                user = citizen_register(mobile=mobile, **form.cleaned_data)
            except ValidationError as exc:
                errors = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
                for field, field_errors in errors.items():
                    form.add_error(field if field in form.fields else None, field_errors)
            else:
                request.session.pop(VERIFIED_MOBILE_KEY, None)
                request.session.pop(LOGIN_MOBILE_KEY, None)
                _log_in(request, user)
                messages.success(request, _("注册成功，欢迎使用。"))
                return redirect(next_url or "platform_core:citizen_home")
    else:
        form = CitizenRegisterForm()
    return render(
        request,
        "platform_core/citizen/register.html",
        {"form": form, "mobile": mask_middle(mobile, 3, 4), "next": next_url},
    )


@require_POST
def citizen_logout(request):
    """退出登录. POST only: a link or an image elsewhere cannot log a person out."""
    logout(request)
    messages.success(request, _("您已安全退出。"))
    return redirect("portal:home")


@citizen_login_required
def citizen_home(request):
    """我的: the account's identity (numbers masked) and links to the person's own pages."""
    user = request.user
    profile = CitizenProfile.objects.filter(user=user).first()
    identity = ""
    if profile is not None:
        if profile.id_number:
            identity = mask_middle(profile.id_number, 4, 4)
        elif profile.uscc:
            identity = mask_middle(profile.uscc, 4, 4)
    return render(
        request,
        "platform_core/citizen/home.html",
        {
            "profile": profile,
            "identity": identity,
            "mobile": mask_middle(user.mobile, 3, 4),
            "unread": unread_count(user),
            "own_pages": citizen_links(),
        },
    )
