"""Django admin of the support platform (system administrators with `is_staff` only).

Audit data (login log, every simple-history table) is read-only here: no add, change or delete,
matching the PostgreSQL triggers that refuse UPDATE and DELETE on those tables.
"""

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .constants import OutboxStatus, UserKind
from .models import (
    CalendarDay,
    CitizenProfile,
    ClockPolicy,
    CodeEntry,
    CodeTable,
    FallbackCounter,
    LoginEvent,
    Notification,
    OidcSigningKey,
    OrgUnit,
    Post,
    Role,
    SearchSynonym,
    User,
)
from .selectors.audit import is_change_history

CITIZEN_NOT_STAFF = _("公众用户不能设为“可进入系统管理后台”或超级管理员，只有工作人员账号可以。")
CITIZEN_NO_PASSWORD = _("公众用户使用手机短信验证码登录，不能设置密码。")


class ReadOnlyAdminMixin:
    """Audit records: visible to those with the view permission, never added, edited, deleted."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Accounts -----------------------------------------------------------------------------------


def _refuse_staff_citizen(form: forms.ModelForm, cleaned: dict) -> None:
    kind = cleaned.get("kind", getattr(form.instance, "kind", None))
    if kind != UserKind.CITIZEN:
        return
    # The database refuses it too (check constraint `citizen_never_staff`); say so in the form
    # instead of failing with an IntegrityError.
    for name in ("is_staff", "is_superuser"):
        if cleaned.get(name):
            form.add_error(name, ValidationError(CITIZEN_NOT_STAFF, code="citizen_staff"))


class StaffUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        _refuse_staff_citizen(self, cleaned)
        return cleaned


class StaffUserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "name", "kind", "mobile", "email")

    def clean(self):
        cleaned = super().clean()
        # SetUnusablePasswordMixin replaces "usable_password" with "set_usable_password".
        wants_password = cleaned.get("set_usable_password", True)
        if cleaned.get("kind") == UserKind.CITIZEN and wants_password and cleaned.get("password1"):
            self.add_error("password1", ValidationError(CITIZEN_NO_PASSWORD, code="citizen_pw"))
        return cleaned


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    form = StaffUserChangeForm
    add_form = StaffUserCreationForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("name", "kind", "mobile", "email")}),
        (
            _("权限"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("时间"), {"fields": ("date_joined", "last_login", "password_changed_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "name",
                    "kind",
                    "mobile",
                    "email",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ("date_joined", "last_login", "password_changed_at")
    list_display = ("username", "name", "kind", "mobile", "is_active", "is_staff", "last_login")
    list_filter = ("kind", "is_active", "is_staff", "is_superuser")
    search_fields = ("username", "name", "mobile", "email")
    ordering = ("username",)
    filter_horizontal = ("groups", "user_permissions")


@admin.register(CitizenProfile)
class CitizenProfileAdmin(SimpleHistoryAdmin):
    list_display = ("name", "person_type", "user", "created_at")
    list_filter = ("person_type",)
    search_fields = ("name", "user__username", "user__mobile")
    list_select_related = ("user",)
    raw_id_fields = ("user",)


# --- Organisation -------------------------------------------------------------------------------


@admin.register(OrgUnit)
class OrgUnitAdmin(TreeAdmin, SimpleHistoryAdmin):
    # treebeard's form adds "position" and "relative to" fields that move the node in the tree.
    form = movenodeform_factory(OrgUnit)
    list_display = ("name", "code", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "code")


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "global_scope")
    list_filter = ("global_scope",)
    filter_horizontal = ("permissions",)

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "permissions":
            # Permission.__str__ reads its content type: load them in the same query.
            qs = kwargs.get("queryset", db_field.remote_field.model.objects)
            kwargs["queryset"] = qs.select_related("content_type")
        return super().formfield_for_manytomany(db_field, request=request, **kwargs)


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    list_display = ("user", "unit", "role", "title", "is_primary", "start_date", "end_date")
    list_filter = ("role", "is_primary")
    search_fields = ("user__username", "user__name", "unit__name", "title")
    list_select_related = ("user", "unit", "role")
    raw_id_fields = ("user", "unit")


@admin.register(CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    list_display = ("date", "is_working_day", "name")
    list_filter = ("is_working_day",)
    date_hierarchy = "date"
    search_fields = ("name",)


@admin.register(SearchSynonym)
class SearchSynonymAdmin(SimpleHistoryAdmin):
    """同义词: what citizens type, matched with what the guides and pages say."""

    list_display = ("term", "synonyms", "note")
    search_fields = ("term", "synonyms")


# --- Code tables (数据字典) -----------------------------------------------------------------------


class CodeEntryInline(admin.TabularInline):
    model = CodeEntry
    extra = 1
    fields = ("code", "name", "sort_order", "is_active")
    ordering = ("sort_order", "code")

    def has_delete_permission(self, request, obj=None):
        return False  # records keep their codes: disable an entry instead


@admin.register(CodeTable)
class CodeTableAdmin(SimpleHistoryAdmin):
    """Administrators extend the lists: add entries, rename, reorder, disable (never delete)."""

    list_display = ("name", "code")
    search_fields = ("name", "code", "entries__name")
    inlines = [CodeEntryInline]

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj else ()

    def has_delete_permission(self, request, obj=None):
        return False


# --- Single sign-on (统一身份认证) -------------------------------------------------------------


@admin.register(OidcSigningKey)
class OidcSigningKeyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The signing keys, read only (rotate with `manage.py rotate_oidc_key`); no private key."""

    list_display = ("kid", "is_current", "created_at", "retired_at")
    fields = ("kid", "is_current", "created_at", "retired_at")


# --- Notifications ------------------------------------------------------------------------------


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "subject",
        "channel",
        "recipient",
        "address",
        "status",
        "attempts",
        "created_at",
    )
    list_filter = ("channel", "status", "created_at")
    search_fields = ("subject", "address", "recipient__username", "recipient__name")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"
    actions = ["resend"]

    @admin.action(description=_("重新发送"), permissions=["resend"])
    def resend(self, request, queryset):
        # Imported here: the notification service belongs to another module and pulls in the
        # SMS/e-mail backends, which the admin should not load at start-up.
        from .services.notifications import notification_resend

        done = skipped = 0
        for notification in queryset.exclude(status=OutboxStatus.SENT):
            try:
                notification_resend(notification=notification)
            except ValidationError:
                skipped += 1
            else:
                done += 1
        skipped += queryset.filter(status=OutboxStatus.SENT).count()
        if done:
            msg = ngettext("已重新发送 %(n)d 条消息。", "已重新发送 %(n)d 条消息。", done)
            self.message_user(request, msg % {"n": done}, messages.SUCCESS)
        if skipped:
            msg = ngettext(
                "%(n)d 条消息已发送或不可重发，已跳过。",
                "%(n)d 条消息已发送或不可重发，已跳过。",
                skipped,
            )
            self.message_user(request, msg % {"n": skipped}, messages.WARNING)

    def has_resend_permission(self, request) -> bool:
        return request.user.has_perm("platform_core.resend_notification")


# --- Audit (read-only) --------------------------------------------------------------------------


@admin.register(LoginEvent)
class LoginEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "kind", "username", "user", "user_kind", "method", "ip_address")
    list_filter = ("kind", "user_kind", "method", "created_at")
    search_fields = ("username", "user__name", "ip_address")
    list_select_related = ("user",)
    date_hierarchy = "created_at"


@admin.register(FallbackCounter)
class FallbackCounterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Rate-limit counters kept in PostgreSQL while Redis was unreachable (ADR 0005)."""

    list_display = ("key", "value", "expires_at")
    date_hierarchy = "expires_at"


class HistoricalRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("history_date", "history_type", "history_user", "__str__")
    list_filter = ("history_type", "history_date")
    list_select_related = ("history_user",)
    date_hierarchy = "history_date"


def register_history_admins(app_label: str, site: admin.AdminSite = admin.site) -> None:
    """Read-only admin pages for every history table of one app (its models' audit trail)."""
    for model in apps.get_app_config(app_label).get_models():
        if is_change_history(model) and not site.is_registered(model):
            site.register(model, HistoricalRecordAdmin)


register_history_admins("platform_core")

# Secrets (password hashes, SMS code hashes) are never browsable.
NOT_IN_ADMIN = {"PasswordHistory", "SmsCode"}


@admin.register(ClockPolicy)
class ClockPolicyAdmin(admin.ModelAdmin):
    """Configuration, not records: administrators set each process's "due soon" thresholds."""

    list_display = ("process", "name", "due_soon_days", "due_soon_ratio")
    search_fields = ("process", "name")


class InspectOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Models whose writes belong to their own services and back-office pages (process and form
    definitions, deadline clocks): the admin shows them but cannot bypass those rules."""


def register_remaining(app_label: str, site: admin.AdminSite = admin.site) -> None:
    for model in apps.get_app_config(app_label).get_models():
        if model.__name__ in NOT_IN_ADMIN or model.__name__.startswith("Historical"):
            continue
        if not site.is_registered(model):
            site.register(model, InspectOnlyAdmin)


register_remaining("platform_core")
