from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = _("门户网站")

    def ready(self) -> None:
        from platform_core.models import Subsystem
        from platform_core.subjects import register_subject_link
        from portal.investment import publishing as publishing_investment  # noqa: F401 - registers the 招商引资 page source
        from portal.services.review import case_subject

        # The generic task and case pages link a review case to its article.
        register_subject_link(Subsystem.PORTAL, case_subject)
        from portal.context_processors import navigation_invalidate, site_settings_invalidate
        from portal.models import Channel, SiteSettings

        # Cache invalidation only: whoever saves the settings (admin, load_demo), the footer
        # shows the change on the next page.
        post_save.connect(
            lambda **kwargs: site_settings_invalidate(),
            sender=SiteSettings,
            weak=False,
            dispatch_uid="portal_site_settings_invalidate",
        )
        post_save.connect(
            lambda **kwargs: navigation_invalidate(),
            sender=Channel,
            weak=False,
            dispatch_uid="portal_navigation_invalidate",
        )
