from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _after_migrate(sender, using="default", **kwargs):
    from .services.cases import policies_ensure

    policies_ensure(using=using)


def _demo(stdout=None):
    from .demo import load_interaction_demo

    load_interaction_demo(stdout)


def _generate(context) -> int:
    from .generate import generate_cases

    return generate_cases(context)


class InteractionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "interaction"
    verbose_name = _("政民互动")

    def ready(self) -> None:
        from platform_core.demo_data import register_demo_loader
        from platform_core.generate_data import register_generator
        from platform_core.inbox_sources import register_work_source

        from .selectors.work import HandleWork, ReviewWork, TriageWork

        # Triage, handling and review: in the inbox of whoever must do them, with the deadline.
        register_work_source(TriageWork())
        register_work_source(HandleWork())
        register_work_source(ReviewWork())
        # 意见征集: comments to moderate, and the adoption report due after closing.
        from .selectors.solicitations import AdoptionReportWork, OpinionModerationWork

        register_work_source(OpinionModerationWork())
        register_work_source(AdoptionReportWork())
        # manage.py load_demo: after the approval and disclosure data, before the portal's
        # publishing (90), so that the home page shows the latest replies.
        register_demo_loader("interaction", _demo, order=40)
        # manage.py generate_data: 政民互动 cases (100,000 at the large scale).
        register_generator("interaction_cases", _generate, order=30)
        # The default time limits come back after a flush (tests) as after a migrate.
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="interaction_policies")
