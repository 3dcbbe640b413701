from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "oa"
    verbose_name = _("协同办公")
