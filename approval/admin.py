from django.contrib import admin

from .models import Application, ApplicationEvent, LicensingItem, Notice, RequiredMaterial


class MaterialInline(admin.TabularInline):
    model = RequiredMaterial
    extra = 0


@admin.register(LicensingItem)
class LicensingItemAdmin(admin.ModelAdmin):
    list_display = ("code", "version", "name", "department", "status", "promised_days")
    list_filter = ("status", "kind")
    search_fields = ("code", "name")
    inlines = [MaterialInline]

    def has_change_permission(self, request, obj=None):
        # A published version is read-only everywhere, the admin included.
        if obj is not None and not obj.is_draft:
            return False
        return super().has_change_permission(request, obj)


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
