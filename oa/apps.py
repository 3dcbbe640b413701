from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _demo(stdout=None):
    from oa.demo import load_demo_oa

    load_demo_oa(stdout)


def _demo_mail(stdout=None):
    from oa.demo import load_demo_mail

    load_demo_mail(stdout)


def _contact_on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from oa.services.contacts import contact_refresh

    contact_refresh(instance)


class OaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "oa"
    verbose_name = _("协同办公")

    def ready(self) -> None:
        from oa.selectors.work import ReceiptWork
        from platform_core.demo_data import register_demo_loader
        from platform_core.inbox_sources import register_work_source

        # 收文签收: in the inbox of the recipient unit's staff, with its deadline.
        register_work_source(ReceiptWork())
        # manage.py load_demo: issuing organs and documents in every state.
        register_demo_loader("oa", _demo, order=40)
        register_demo_loader("oa-mail", _demo_mail, order=41)
        # 公共通讯录: the pinyin of a staff member's name is computed whenever they are saved.
        from django.db.models.signals import post_save

        from platform_core.models import User

        post_save.connect(_contact_on_save, sender=User, dispatch_uid="oa_contact_pinyin")
