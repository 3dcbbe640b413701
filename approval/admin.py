"""Django admin of the licensing subsystem.

Audit data (applications and their events, notices, decisions, ratings, cards, fee records, the
provincial outbox) is read only here: every change goes through the services, which check rights
and write the event log. Rules and API clients are configuration; rules are normally changed on
the supervision page (which records who changed them).
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from approval.models import (
    ApiClient,
    Application,
    ApplicationEvent,
    Decision,
    ExportEvent,
    FeeCharge,
    ItemEvent,
    ItemFee,
    LicensingItem,
    Notice,
    Rating,
    RequiredMaterial,
    SupervisionCard,
    SupervisionRule,
    WindowGrant,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """List and view only: no add, change or delete from the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MaterialInline(admin.TabularInline):
    model = RequiredMaterial
    extra = 0


class ItemFeeInline(admin.TabularInline):
    model = ItemFee
    extra = 0


class ItemEventInline(admin.TabularInline):
    model = ItemEvent
    extra = 0


@admin.register(LicensingItem)
class LicensingItemAdmin(admin.ModelAdmin):
    list_display = ("code", "version", "name", "department", "status", "promised_days")
    list_filter = ("status", "kind")
    search_fields = ("code", "name")
    inlines = [MaterialInline, ItemFeeInline, ItemEventInline]

    def has_change_permission(self, request, obj=None):
        # A published version is read-only everywhere, the admin included.
        if obj is not None and not obj.is_draft:
            return False
        return super().has_change_permission(request, obj)


@admin.register(WindowGrant)
class WindowGrantAdmin(SimpleHistoryAdmin):
    """综合窗口授权: which window unit accepts for which department (the system administrator)."""

    list_display = ("window", "department", "granted_by", "granted_at", "note")
    list_select_related = ("window", "department", "granted_by")
    search_fields = ("window__name", "department__name")
    raw_id_fields = ("window", "department")
    readonly_fields = ("granted_by", "granted_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)


class EventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "actor", "from_status", "to_status", "reason", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("number", "item", "applicant_name", "channel", "status", "deemed_accepted")
    list_filter = ("status", "channel", "deemed_accepted")
    search_fields = ("number", "applicant_name")
    inlines = [EventInline]
    exclude = ("query_code_hash", "draft_data")

    def has_change_permission(self, request, obj=None):
        return False  # status changes go through the services only


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "holder", "department", "issued_on")
    search_fields = ("number", "holder")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = (
        "application",
        "outcome",
        "decided_by",
        "decided_at",
        "delivered_on",
        "concluded_on",
    )
    list_filter = ("outcome", "delivery_method")
    search_fields = ("application__number", "notice__number")
    list_select_related = ("application", "decided_by")
    date_hierarchy = "decided_at"


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ("application", "score", "created_at", "follow_up")
    list_filter = ("score",)
    search_fields = ("application__number", "comment")
    list_select_related = ("application",)
    date_hierarchy = "created_at"


@admin.register(SupervisionRule)
class SupervisionRuleAdmin(admin.ModelAdmin):
    list_display = ("kind", "color", "active", "threshold_percent", "threshold_days", "updated_at")
    list_filter = ("color", "active")
    readonly_fields = ("kind", "color", "updated_by", "updated_at")

    def has_add_permission(self, request, obj=None):
        return False  # one row per rule kind, created by approval.services.supervision.rules_ensure

    def has_delete_permission(self, request, obj=None):
        return False  # cards point at their rule

    def save_model(self, request, obj, form, change):
        from django.utils import timezone

        obj.updated_by = request.user
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(SupervisionCard)
class SupervisionCardAdmin(ReadOnlyAdmin):
    list_display = ("application", "color", "rule", "department", "fired_at", "cleared_at")
    list_filter = ("color", "rule__kind", "department")
    search_fields = ("application__number", "reason")
    list_select_related = ("application", "rule", "department")
    date_hierarchy = "fired_at"


@admin.register(FeeCharge)
class FeeChargeAdmin(ReadOnlyAdmin):
    list_display = ("application", "name", "amount", "listed", "charged_by", "charged_at")
    list_filter = ("listed",)
    search_fields = ("application__number", "name")
    list_select_related = ("application", "charged_by")
    date_hierarchy = "charged_at"


@admin.register(ExportEvent)
class ExportEventAdmin(ReadOnlyAdmin):
    list_display = ("application", "seq", "status", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("status",)
    search_fields = ("application__number",)
    list_select_related = ("application",)


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """Switch a system on or off and set its scopes; tokens are issued by the management command
    and only their hash is stored, so the hash is never editable here."""

    list_display = ("name", "token_prefix", "active", "scopes", "created_at", "last_used_at")
    list_filter = ("active",)
    search_fields = ("name", "token_prefix")
    readonly_fields = ("token_prefix", "token_hash", "created_at", "last_used_at")

    def has_add_permission(self, request, obj=None):
        return False
