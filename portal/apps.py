from importlib import import_module

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


# Hooks the platform calls without knowing the portal (registered in ready() below). They import
# their modules when called: load_demo and generate_data need them, a web request does not.
def _demo_site_settings(stdout=None):
    from portal.demo import load_site_settings

    load_site_settings(stdout)


def _demo_articles(stdout=None):
    from portal.demo import load_portal_demo

    load_portal_demo()


def _demo_investment(stdout=None):
    from portal.investment.demo import load_investment_demo

    load_investment_demo()  # 招商引资 structured content, 办事大厅 link


def _demo_publish(stdout=None):
    from portal.demo import publish_demo

    publish_demo(stdout)


def _generate_articles(context) -> int:
    from portal.generate import generate_articles

    return generate_articles(context)


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = _("门户网站")

    def ready(self) -> None:
        from platform_core.demo_data import register_demo_loader
        from platform_core.generate_data import register_generator
        from platform_core.models import Subsystem
        from platform_core.subjects import register_subject_link
        from portal.services.review import case_subject

        # Page sources of the publishing engine, registered in this order (each module registers
        # its source when imported): the portal's own pages (home, column lists, articles,
        # sitemap), its attachment and cover files, the 招商引资 channel.
        for module in (
            "portal.publishing.sources",
            "portal.publishing.media",
            "portal.investment.publishing",
            "portal.publishing.disclosure",
            "portal.publishing.interaction",  # interaction (政民互动)
            "portal.publishing.duty",  # oa: 今日值班电话
            "portal.publishing.hall",  # approval: 网上办事大厅 (home, departments, events, guides)
        ):
            import_module(module)
        # A disclosure change (published, withdrawn, 有效性) re-publishes its pages: disclosure
        # asks through the platform's hook, without importing the portal.
        from platform_core.publishing import register_publish_handler
        from portal.publishing.disclosure import on_publish_request

        register_publish_handler("portal", on_publish_request)

        # Whatever publishing ends, cached search result pages are out of date.
        from portal.publishing.engine import site_published
        from portal.services import search_cache

        site_published.connect(search_cache.bump, dispatch_uid="portal_search_cache_bump")
        # So are they when the header or footer they hold changes (settings, navigation).
        from portal.context_processors import chrome_changed

        chrome_changed.connect(search_cache.bump, dispatch_uid="portal_search_cache_chrome")

        # The generic task and case pages link a review case to its article.
        register_subject_link(Subsystem.PORTAL, case_subject)
        # manage.py load_demo: site settings first; the site is published after all content.
        register_demo_loader("portal-site-settings", _demo_site_settings, order=5)
        register_demo_loader("portal-articles", _demo_articles, order=20)
        register_demo_loader("portal-investment", _demo_investment, order=21)
        register_demo_loader("portal-publish", _demo_publish, order=90)
        # manage.py generate_data: the columns and published articles, before the cases.
        register_generator("articles", _generate_articles, order=10)
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
        # --- interaction (政民互动) ---
        # Public submissions are checked against the portal's sensitive-word list: interaction
        # asks through its own hook, without importing the portal. Misspellings (words with a
        # suggestion) are for editors, not a reason to refuse a citizen.
        from interaction.checks import register_text_checker
        from portal.services.checks import sensitive_hits

        register_text_checker(
            "portal", lambda text: [w.word for w in sensitive_hits(text) if not w.suggestion]
        )
        # Open311 submissions (interaction/api) name a calling system registered for the REST API
        # with the "open311:submit" scope (approval's API client register).
        from approval.api.authentication import client_name_for_token
        from interaction.checks import register_api_key_lookup

        register_api_key_lookup(lambda key: client_name_for_token(key, "open311:submit"))
        # A published reply re-renders the home block and /zmhd/ (portal/publishing/interaction).
        from portal.publishing.interaction import on_publish_request as interaction_publish

        register_publish_handler("portal-interaction", interaction_publish)
        # A public duty roster (oa) re-renders the home page's 今日值班电话.
        from portal.publishing.duty import on_publish_request as duty_publish

        register_publish_handler("portal-duty", duty_publish)
        # The service hall's pages are published files: an item version published or retired
        # re-renders the pages that show it, and the hall's old dynamic addresses redirect to
        # the files (platform_core.publishing.published_url).
        from platform_core.publishing import register_published_url
        from portal.publishing import hall

        register_publish_handler("portal-hall", hall.on_publish_request)
        register_published_url("approval.hall", hall.published_hall_url)
        register_published_url("approval.department", hall.published_department_url)
        register_published_url("approval.event", hall.published_event_url)
        register_published_url("approval.item", hall.published_guide_url)
        register_published_url("approval.guide_pdf", hall.published_guide_pdf_url)
