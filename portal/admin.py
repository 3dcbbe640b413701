from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from platform_core.admin import register_history_admins
from portal.models import Article, Channel, SensitiveWord, SiteSettings


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


@admin.register(Channel)
class ChannelAdmin(TreeAdmin):
    """The site's channel tree (栏目): configuration an administrator maintains; moving a channel
    goes through treebeard's form so the tree stays consistent."""

    form = movenodeform_factory(
        Channel,
        fields=[
            "name", "slug", "list_template", "page_template", "sort_order", "in_navigation",
            "home_block", "description", "link_url", "editor_units",
        ],
    )  # fmt: skip
    list_display = ("name", "url_path", "in_navigation", "home_block", "sort_order")
    search_fields = ("name", "slug", "url_path")
    filter_horizontal = ("editor_units",)


@admin.register(SensitiveWord)
class SensitiveWordAdmin(admin.ModelAdmin):
    """The words checked before publishing (and common misspellings with their correction)."""

    list_display = ("word", "suggestion", "is_active")
    list_filter = ("is_active",)
    search_fields = ("word", "suggestion")


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    """Articles are written, reviewed and published in the back office (/office/portal/), where
    the review route applies: here an administrator finds one and reads its history only."""

    list_display = ("title", "channel", "status", "publish_date", "updated_at")
    list_filter = ("status", "channel")
    search_fields = ("title", "document_number")
    date_hierarchy = "publish_date"
    list_select_related = ("channel",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


register_history_admins("portal")
