"""Password policy beyond Django's built-in validators (length ≥ 8 is Django's MinimumLength)."""

import re

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

_CLASSES = [
    re.compile(r"[a-z]"),
    re.compile(r"[A-Z]"),
    re.compile(r"\d"),
    re.compile(r"[^a-zA-Z\d]"),
]


class CharacterClassValidator:
    """At least three of: lower-case letters, upper-case letters, digits, other characters."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if sum(1 for pattern in _CLASSES if pattern.search(password)) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _("密码须包含大写字母、小写字母、数字、特殊字符中的至少三类。")


class PasswordHistoryValidator:
    """Refuses any of the user's last N passwords, and records each new one."""

    def __init__(self, count: int | None = None):
        self.count = count or settings.PASSWORD_HISTORY_COUNT

    def _recent(self, user):
        return list(user.password_history.all()[: self.count])

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        previous = [row.password for row in self._recent(user)]
        if user.password and user.has_usable_password():
            previous.append(user.password)
        if any(check_password(password, encoded) for encoded in previous):
            raise ValidationError(
                _("新密码不能与最近 %(count)d 次使用过的密码相同。") % {"count": self.count},
                code="password_reused",
            )

    def password_changed(self, password, user=None):
        # Called by Django after set_password() + save() through validate_password callers.
        if user is None or user.pk is None:
            return
        from .models import PasswordHistory, User

        PasswordHistory.objects.create(user=user, password=user.password)
        User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now())
        user.password_changed_at = timezone.now()
        stale = user.password_history.all()[self.count :].values_list("pk", flat=True)
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self):
        return _("不能使用最近 %(count)d 次使用过的密码。") % {"count": self.count}
