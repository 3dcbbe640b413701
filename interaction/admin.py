"""Django admin of the interaction platform.

Configuration (time limits per kind, the 信访 limits, the office, categories, routing rules) is
edited here by the system administrator. Cases and their events are read only: every change goes
through the services, which check rights and write the event log.
"""

from django.contrib import admin

from .models import (
    Case,
    CaseEvent,
    Category,
    KindPolicy,
    KnowledgeEntry,
    Office,
    PetitionPolicy,
    RoutingRule,
)


@admin.register(KindPolicy)
class KindPolicyAdmin(admin.ModelAdmin):
    list_display = ("kind", "limit_days")
    list_editable = ("limit_days",)

    def has_add_permission(self, request):
        return False  # one row per kind, created by the migration

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PetitionPolicy)
class PetitionPolicyAdmin(admin.ModelAdmin):
    list_display = ("accept_days", "handle_days", "max_extension_days")

    def has_add_permission(self, request):
        return not PetitionPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("unit",)

    def has_add_permission(self, request):
        return not Office.objects.exists()


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "sort_order", "is_active")
    list_filter = ("is_active",)


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("category", "township", "department", "is_active")
    list_select_related = ("category__parent", "township", "department")


@admin.register(KnowledgeEntry)
class KnowledgeEntryAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "department", "status", "valid_until")
    list_filter = ("status",)
    readonly_fields = ("search_text",)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("number", "kind", "channel", "title", "status", "department", "received_at")
    list_filter = ("kind", "channel", "status")
    list_select_related = ("department",)
    search_fields = ("number", "title")
    exclude = ("query_code_hash",)


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ("case", "action", "from_status", "to_status", "actor", "at")
    list_select_related = ("case", "actor")
