from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PlatformCoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "platform_core"
    verbose_name = _("应用支撑平台")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (login audit receivers)
        from .db import install_append_only_triggers
        from .selectors import calendar, codes  # noqa: F401  (cache invalidation receivers)
        from .services.codes import code_tables_sync
        from .services.roles import roles_sync

        # Reference data and database guarantees that every environment needs after migrate.
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="egov_after_migrate")
        self._after = (roles_sync, install_append_only_triggers, code_tables_sync)


def _after_migrate(sender, using="default", **kwargs):
    roles_sync, install_append_only_triggers, code_tables_sync = sender._after
    roles_sync(using=using)
    install_append_only_triggers(using=using)
    code_tables_sync(using=using)  # the code tables apps declared (数据字典), missing entries
