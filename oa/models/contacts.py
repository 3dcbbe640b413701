"""The public address book (公共通讯录): what the org tree does not hold about a person.

People, units, posts and mobile numbers come from platform_core; the office phone, the room,
who may see the mobile and the pinyin of the name (for search) are kept here, one row a person,
written whenever the person is saved (see `services.contacts.contact_refresh`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..constants import MobileScope


class StaffContact(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="oa_contact",
        verbose_name=_("人员"),
    )
    office_phone = models.CharField(_("办公电话"), max_length=32, blank=True)
    room = models.CharField(_("办公室"), max_length=32, blank=True)
    mobile_scope = models.CharField(
        _("手机号码可见范围"),
        max_length=8,
        choices=MobileScope.choices,
        default=MobileScope.COUNTY,
    )
    # Precomputed on save: "zhoumin" and "zm" for 周敏 (lower case, no spaces).
    name_pinyin = models.CharField(_("姓名全拼"), max_length=200, blank=True)
    name_initials = models.CharField(_("姓名首字母"), max_length=64, blank=True)

    history = HistoricalRecords(excluded_fields=["name_pinyin", "name_initials"])

    class Meta:
        verbose_name = _("通讯录信息")
        verbose_name_plural = _("通讯录信息")
        indexes = [
            # Prefix search (LIKE 'zm%') on the precomputed pinyin.
            models.Index(
                fields=["name_initials"],
                opclasses=["varchar_pattern_ops"],
                name="oa_contact_initials",
            ),
            models.Index(
                fields=["name_pinyin"], opclasses=["varchar_pattern_ops"], name="oa_contact_pinyin"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)
