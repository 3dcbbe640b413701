"""Staff login and password change forms (Django's auth forms with the project's rules)."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..constants import UserKind

CITIZEN_REFUSED = _(
    "该账号为公众用户账号，不能登录工作人员后台。请到门户网站使用手机短信验证码登录。"
)


class StaffAuthenticationForm(AuthenticationForm):
    """Password login for civil servants. Citizen accounts are refused with their own message.

    `authenticate()` receives the request, so django-axes counts every failure (including a
    citizen account tried here) and locks the user name + address after the limit.
    """

    error_messages = {
        "invalid_login": _("用户名或密码错误，请重新输入。注意区分大小写。"),
        "inactive": _("该账号已停用，请联系本单位系统管理员。"),
        "citizen": CITIZEN_REFUSED,
    }

    username = forms.CharField(
        label=_("用户名"),
        max_length=64,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        ),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean(self):
        try:
            return super().clean()
        except ValidationError as exc:
            # The staff backend refuses citizens like a wrong password; say why instead, so a
            # member of the public knows where to go. The failure is already counted by axes.
            if exc.code == "invalid_login" and self._is_citizen(self.cleaned_data.get("username")):
                raise ValidationError(self.error_messages["citizen"], code="citizen") from exc
            raise

    @staticmethod
    def _is_citizen(username: str | None) -> bool:
        if not username:
            return False
        return get_user_model().objects.filter(username=username, kind=UserKind.CITIZEN).exists()

    def confirm_login_allowed(self, user):
        # Another backend in the list (ModelBackend, which holds SMS-login sessions) could accept
        # a citizen who somehow has a password. Refuse it here and report it as a failed login,
        # so that axes counts it and the login log records it like any other failure.
        if user.kind != UserKind.STAFF:
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.get_username()},
                request=self.request,
            )
            raise ValidationError(self.error_messages["citizen"], code="citizen")
        super().confirm_login_allowed(user)


class StaffPasswordChangeForm(PasswordChangeForm):
    """Change one's own password. Django's validators apply the policy (settings)."""

    error_messages = {
        "password_mismatch": _("两次输入的新密码不一致。"),
        "password_incorrect": _("原密码不正确，请重新输入。"),
    }

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["old_password"].label = _("原密码")
        self.fields["new_password1"].label = _("新密码")
        self.fields["new_password2"].label = _("确认新密码")
        self.fields["new_password2"].help_text = _("请再次输入新密码。")
