from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _demo(stdout=None):
    from oa.demo import load_demo_oa

    load_demo_oa(stdout)


def _demo_files(stdout=None):
    from oa.demo_files import load_demo_files

    load_demo_files(stdout)


class OaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "oa"
    verbose_name = _("协同办公")

    def ready(self) -> None:
        from oa.constants import FILE_KIND_LABELS
        from oa.selectors.work import ReceiptWork
        from platform_core.selectors.audit import register_value_labels

        # The change history names a file's type (PDF、Word 文档…), not its code.
        register_value_labels("oa.FileEntry.kind", FILE_KIND_LABELS)
        from platform_core.demo_data import register_demo_loader
        from platform_core.inbox_sources import register_work_source

        # 收文签收: in the inbox of the recipient unit's staff, with its deadline.
        register_work_source(ReceiptWork())
        # manage.py load_demo: issuing organs and documents in every state.
        register_demo_loader("oa", _demo, order=40)
        # Cabinets, folders and files; laws, periodicals, library documents, bulletins.
        register_demo_loader("oa-files", _demo_files, order=41)
