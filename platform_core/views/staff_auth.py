"""Staff login, logout and password change: Django's auth views with the project's forms."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from ..decorators import office_login_required
from ..forms.staff_auth import StaffAuthenticationForm, StaffPasswordChangeForm
from .common import error_response

STAFF_LOGIN_FAILURE_GROUP = "platform_core.staff_login_failures"


def _ip_failures(request, *, count: bool) -> dict | None:
    """django-ratelimit's usage of the client's address in failed staff logins (settings.
    STAFF_LOGIN_IP_FAILURE_RATE): its failures so far (`count`) and the `limit` of the window.
    With count=True this failure is added. None when rate limits are switched off."""
    return get_usage(
        request,
        group=STAFF_LOGIN_FAILURE_GROUP,
        key="ip",
        rate=settings.STAFF_LOGIN_IP_FAILURE_RATE,
        method=ALL,
        increment=count,
    )


class StaffLoginView(auth_views.LoginView):
    """工作人员登录. Redirects to a safe `next` or the back-office home (LOGIN_REDIRECT_URL).

    A locked-out user name/address is turned into the 429 lockout page by AxesMiddleware.
    """

    template_name = "platform_core/auth/login.html"
    authentication_form = StaffAuthenticationForm

    def post(self, request, *args, **kwargs):
        # Per address, whatever the user name: django-axes locks one user name at one address;
        # this stops one address from trying many user names (credential stuffing).
        usage = _ip_failures(request, count=False)
        if usage and usage["count"] >= usage["limit"]:
            minutes = max(1, -(-usage["time_left"] // 60))
            response = error_response(
                request,
                429,
                _("登录失败次数过多"),
                _("本机登录失败次数过多，请%(minutes)d分钟后再试。") % {"minutes": minutes},
            )
            response["Retry-After"] = str(max(1, usage["time_left"]))
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        # A wrong or missing user name or password counts; a refusal of an account django-axes
        # has locked does not (that user name is stopped already, and the count would outlast
        # the lock, so the right password after the cool-off would be refused here).
        if not getattr(self.request, "axes_locked_out", False):
            _ip_failures(self.request, count=True)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["failure_limit"] = settings.AXES_FAILURE_LIMIT
        context["cooloff_minutes"] = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        return context


class StaffLogoutView(auth_views.LogoutView):
    """退出登录 (POST only, as Django's LogoutView requires)."""

    next_page = reverse_lazy("platform_core:staff_login")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("您已安全退出。"))
        return response


@method_decorator(office_login_required, name="dispatch")
class StaffPasswordChangeView(auth_views.PasswordChangeView):
    """修改密码. Django's view keeps the session valid after the change."""

    template_name = "platform_core/auth/password_change.html"
    form_class = StaffPasswordChangeForm
    success_url = reverse_lazy("platform_core:office_home")
    title = _("修改密码")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["expired"] = self.request.GET.get("expired") == "1"
        context["password_history_count"] = settings.PASSWORD_HISTORY_COUNT
        context["password_max_age_days"] = settings.STAFF_PASSWORD_MAX_AGE_DAYS
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("密码已修改。"))
        return response
