from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from platform_core.admin import register_history_admins
from portal.models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(SimpleHistoryAdmin):
    """The site's identity: one row, edited in place, never deleted (its history is kept)."""

    list_display = ("site_name", "government_name", "site_code", "icp_number")
    fieldsets = (
        (None, {"fields": ("government_name", "site_name", "site_code", "host_unit")}),
        (
            _("备案"),
            {"fields": ("icp_number", "police_record_number", "police_record_url")},
        ),
        (_("联系方式"), {"fields": ("address", "postcode", "phone", "email", "error_report_url")}),
    )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


register_history_admins("portal")
