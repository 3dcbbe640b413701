from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


# Hooks the platform calls without knowing this app; they import their modules when called.
def _demo(stdout=None):
    from approval.demo.loader import load_demo_approval

    load_demo_approval(stdout)


def _generate_cases(context) -> int:
    from approval.generate import generate_cases

    return generate_cases(context)


class ApprovalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "approval"
    verbose_name = _("网上行政审批及监察")

    def ready(self) -> None:
        from approval.selectors.applications import case_subject, item_topic
        from approval.selectors.notices import notice_document
        from approval.selectors.report_figures import admin_fee_total, licensing_decision_count
        from approval.selectors.work import (
            AcceptanceWork,
            DecisionWork,
            DeliveryWork,
            ItemReviewWork,
        )
        from platform_core.citizen_links import CitizenLink, register_citizen_link
        from platform_core.consultation_topics import register_topic_resolver
        from platform_core.demo_data import register_demo_loader
        from platform_core.generate_data import register_generator
        from platform_core.inbox_sources import register_work_source
        from platform_core.models import Subsystem
        from platform_core.report_figures import register_figure
        from platform_core.subjects import register_subject_link
        from platform_core.verification import register_document_resolver

        # A citizen's 我的 page leads to their applications (补正 is asked for there).
        register_citizen_link(CitizenLink("approval.mine", _("我的办件"), "approval:my_list", 10))
        # The generic task and case pages link a licensing case to its application.
        register_subject_link(Subsystem.APPROVAL, case_subject)
        # The public document check (/service/verify/<number>/) finds notices by number.
        register_document_resolver("approval", notice_document)
        # The guide's 咨询 button opens the 政民互动 consultation form about the item.
        register_topic_resolver("service_item", item_topic)
        # manage.py load_demo (licensing items, cases) and generate_data (items, applications).
        register_demo_loader("approval", _demo, order=10)
        register_generator("cases", _generate_cases, order=20)
        # Acceptance, decision, delivery: in the inbox of whoever must do them, with the deadline.
        register_work_source(AcceptanceWork())
        register_work_source(DecisionWork())
        register_work_source(DeliveryWork())
        # Item drafts submitted for publication wait for their department's leader.
        register_work_source(ItemReviewWork())
        # The disclosure annual report counts the year's licensing decisions and fees from here.
        register_figure("licensing", licensing_decision_count, source=_("网上行政审批"))
        register_figure("admin_fees", admin_fee_total, source=_("网上行政审批"))
