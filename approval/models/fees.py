"""Fees an item may charge, fees actually charged on a case, and life/business events of items.

Imported by `approval/models/__init__.py`, so Django registers these models with the app.

`ItemFee` and `ItemEvent` are children of one item version, like `RequiredMaterial`: they are
copied into a new version and frozen with it once published. `FeeCharge` is append-only audit data:
each row is written together with an ApplicationEvent of kind "fee" (queued to the provincial
export) and checked against the item's listed fees by e-supervision.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Audience(models.TextChoices):
    PERSON = "person", _("个人办事")
    BUSINESS = "business", _("法人办事")


class LifeEvent(models.TextChoices):
    """主题分类：个人生命周期和企业（法人）经营周期事件. Values appear in URLs (?event=kaiban)."""

    # 个人办事
    BIRTH = "chusheng", _("出生")
    SCHOOL = "shangxue", _("上学")
    EMPLOYMENT = "jiuye", _("就业")
    MARRIAGE = "hunyu", _("婚育")
    HOUSING = "zhufang", _("住房")
    MEDICAL = "yiliao", _("医疗")
    TRAVEL = "chuxing", _("出行")
    RETIREMENT = "tuixiu", _("退休")
    # 法人办事
    START_BUSINESS = "kaiban", _("开办企业")
    INVESTMENT = "touzi", _("投资项目")
    OPERATING_LICENCE = "jingying", _("经营许可")
    CONSTRUCTION = "jianshe", _("工程建设")
    CHANGE_CLOSE = "biangeng", _("变更注销")


PERSON_EVENTS = (
    LifeEvent.BIRTH,
    LifeEvent.SCHOOL,
    LifeEvent.EMPLOYMENT,
    LifeEvent.MARRIAGE,
    LifeEvent.HOUSING,
    LifeEvent.MEDICAL,
    LifeEvent.TRAVEL,
    LifeEvent.RETIREMENT,
)
BUSINESS_EVENTS = (
    LifeEvent.START_BUSINESS,
    LifeEvent.INVESTMENT,
    LifeEvent.OPERATING_LICENCE,
    LifeEvent.CONSTRUCTION,
    LifeEvent.CHANGE_CLOSE,
)


class ItemEvent(models.Model):
    """One life or business event an item version belongs to (an item may have several)."""

    item = models.ForeignKey(
        "approval.LicensingItem",
        on_delete=models.CASCADE,
        related_name="life_events",
        verbose_name=_("事项"),
    )
    event = models.CharField(_("办事主题"), max_length=16, choices=LifeEvent.choices)
    history = HistoricalRecords(
        verbose_name=_("办事主题修改历史"), verbose_name_plural=_("办事主题修改历史")
    )

    class Meta:
        verbose_name = _("办事主题")
        verbose_name_plural = _("办事主题")
        ordering = ["item_id", "event"]
        constraints = [
            models.UniqueConstraint(fields=["item", "event"], name="unique_item_event"),
        ]
        indexes = [models.Index(fields=["event", "item"])]

    def __str__(self) -> str:
        return self.get_event_display()


class ItemFee(models.Model):
    """A fee the item version lists in its guide (收费项目): what may be charged and why."""

    item = models.ForeignKey(
        "approval.LicensingItem",
        on_delete=models.CASCADE,
        related_name="fee_items",
        verbose_name=_("事项"),
    )
    name = models.CharField(_("收费项目"), max_length=200)
    standard = models.CharField(_("收费标准"), max_length=500, blank=True)
    # The most that may be charged for this fee on one case; empty: the standard is by quantity.
    amount = models.DecimalField(
        _("收费上限（元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    basis = models.CharField(_("收费依据"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    history = HistoricalRecords(
        verbose_name=_("收费项目修改历史"), verbose_name_plural=_("收费项目修改历史")
    )

    class Meta:
        verbose_name = _("收费项目")
        verbose_name_plural = _("收费项目")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                name="item_fee_amount_positive", condition=Q(amount__isnull=True) | Q(amount__gt=0)
            )
        ]

    def __str__(self) -> str:
        return self.name


class FeeCharge(models.Model):
    """A fee charged on one application (收费登记), recorded by staff. Append-only."""

    append_only = True

    application = models.ForeignKey(
        "approval.Application",
        on_delete=models.PROTECT,
        related_name="fee_charges",
        verbose_name=_("申请"),
    )
    name = models.CharField(_("收费项目"), max_length=200)
    amount = models.DecimalField(_("金额（元）"), max_digits=10, decimal_places=2)
    basis = models.CharField(_("收费依据"), max_length=500, blank=True)
    item_fee = models.ForeignKey(
        ItemFee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("对应收费项目"),
    )
    # False: the item version lists no such fee (or a lower amount): e-supervision shows a red card.
    listed = models.BooleanField(_("属事项公布的收费"), default=False)
    event = models.OneToOneField(
        "approval.ApplicationEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fee_charge",
        verbose_name=_("申请记录"),
    )
    charged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("收费人"),
    )
    charged_at = models.DateTimeField(_("收费时间"), default=timezone.now)

    class Meta:
        verbose_name = _("收费记录")
        verbose_name_plural = _("收费记录")
        ordering = ["charged_at", "id"]
        constraints = [
            models.CheckConstraint(name="fee_charge_amount_positive", condition=Q(amount__gt=0))
        ]
        indexes = [models.Index(fields=["application", "charged_at"])]

    def __str__(self) -> str:
        return f"{self.name} {self.amount}元"
