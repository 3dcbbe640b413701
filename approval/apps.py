from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "approval"
    verbose_name = _("网上行政审批及监察")

    def ready(self) -> None:
        from approval.selectors.applications import case_subject
        from approval.selectors.notices import notice_document
        from platform_core.models import Subsystem
        from platform_core.subjects import register_subject_link
        from platform_core.verification import register_document_resolver

        # The generic task and case pages link a licensing case to its application.
        register_subject_link(Subsystem.APPROVAL, case_subject)
        # The public document check (/service/verify/<number>/) finds notices by number.
        register_document_resolver("approval", notice_document)
