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
        from .office_blocks import OfficeBlock, register_office_block
        from .selectors import (  # noqa: F401  (cache invalidation receivers)
            calendar,
            codes,
            search,
        )
        from .selectors.office import inbox_by_type
        from .services.codes import code_tables_sync
        from .services.roles import roles_sync

        # The office home's 待办分类 block; apps add theirs (office_blocks.py lists the slots).
        register_office_block(
            OfficeBlock(
                key="platform.inbox",
                title=_("待办分类"),
                template="platform_core/office/blocks/inbox.html",
                context=inbox_by_type,
            )
        )

        # Reference data and database guarantees that every environment needs after migrate.
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="egov_after_migrate")
        self._after = (roles_sync, install_append_only_triggers, code_tables_sync)


def _after_migrate(sender, using="default", **kwargs):
    from django.apps import apps as installed
    from django.contrib.auth.management import create_permissions

    roles_sync, install_append_only_triggers, code_tables_sync = sender._after
    # This app's post_migrate runs before the later apps' permissions are created: create them
    # all first, or a fresh database's roles miss the portal's and approval's permissions.
    for app_config in installed.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    roles_sync(using=using)
    install_append_only_triggers(using=using)
    code_tables_sync(using=using)  # the code tables apps declared (数据字典), missing entries
