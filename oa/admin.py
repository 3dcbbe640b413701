"""Django admin of the OA app: configuration only. The system administrator sets the quota of a
department or personal cabinet and keeps the list of periodicals (刊物); files, folders and
grants change only through the services (which check rights and record who did it)."""

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from oa.models import Cabinet, MeetingRoom, Periodical
from platform_core.admin import register_history_admins


@admin.register(Cabinet)
class CabinetAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "quota", "used")
    list_filter = ("kind",)
    search_fields = ("name",)
    fields = ("name", "kind", "unit", "owner", "quota_bytes", "used_bytes")
    readonly_fields = ("kind", "unit", "owner", "used_bytes")

    @admin.display(description=_("容量"))
    def quota(self, obj):
        return filesizeformat(obj.quota_bytes)

    @admin.display(description=_("已用"))
    def used(self, obj):
        return filesizeformat(obj.used_bytes)

    def has_add_permission(self, request):
        return False  # created on first use (department and personal cabinets)


@admin.register(MeetingRoom)
class MeetingRoomAdmin(SimpleHistoryAdmin):
    """会议室: configuration the system administrator keeps; bookings happen in the back office
    (a room is retired by unticking 启用, never deleted: its bookings keep their history)."""

    list_display = ("name", "location", "capacity", "has_video", "is_active")
    list_filter = ("is_active", "has_video")
    search_fields = ("name", "location")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Periodical)
class PeriodicalAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "publisher")
    list_filter = ("kind",)

    def has_delete_permission(self, request, obj=None):
        return False


register_history_admins("oa")
