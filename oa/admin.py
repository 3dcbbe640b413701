from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from oa.models import MeetingRoom
from platform_core.admin import register_history_admins


@admin.register(MeetingRoom)
class MeetingRoomAdmin(SimpleHistoryAdmin):
    """会议室: configuration the system administrator keeps; bookings happen in the back office
    (a room is retired by unticking 启用, never deleted: its bookings keep their history)."""

    list_display = ("name", "location", "capacity", "has_video", "is_active")
    list_filter = ("is_active", "has_video")
    search_fields = ("name", "location")

    def has_delete_permission(self, request, obj=None):
        return False


register_history_admins("oa")
