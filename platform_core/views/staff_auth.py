"""Staff login, logout and password change: Django's auth views with the project's forms."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _

from ..decorators import office_login_required
from ..forms.staff_auth import StaffAuthenticationForm, StaffPasswordChangeForm


class StaffLoginView(auth_views.LoginView):
    """工作人员登录. Redirects to a safe `next` or the back-office home (LOGIN_REDIRECT_URL).

    A locked-out user name/address is turned into the 429 lockout page by AxesMiddleware.
    """

    template_name = "platform_core/auth/login.html"
    authentication_form = StaffAuthenticationForm

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
