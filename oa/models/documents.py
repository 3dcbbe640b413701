"""Outgoing documents (发文): the issuer, the document, its body versions, attachments, events."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platform_core.models import CaseClock, OrgUnit, RouteProcess

from ..constants import DocAction, DocKind, DocStatus, Openness, Secrecy, Urgency


class Issuer(models.Model):
    """发文机关: a unit that issues documents under a 机关代字 and a red header (发文机关标志)."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("发文单位")
    )
    prefix = models.CharField(_("机关代字"), max_length=16, help_text=_("如：蓝政发"))
    header = models.CharField(
        _("发文机关标志"), max_length=64, help_text=_("如：蓝山县人民政府文件")
    )
    signature = models.CharField(_("发文机关署名"), max_length=64)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("发文机关")
        verbose_name_plural = _("发文机关")
        constraints = [
            models.UniqueConstraint(fields=["prefix"], name="oa_issuer_prefix_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}（{self.signature}）"


class OutgoingDocument(models.Model):
    """One outgoing document from drafting (拟稿) to dispatch (分发)."""

    issuer = models.ForeignKey(
        Issuer, on_delete=models.PROTECT, related_name="documents", verbose_name=_("发文机关")
    )
    # The drafting unit: who sees and edits the draft (department isolation).
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("拟稿单位")
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("拟稿人"),
    )
    kind = models.CharField(_("文种"), max_length=16, choices=DocKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    main_to = models.CharField(_("主送机关"), max_length=300, blank=True)
    copy_to = models.CharField(_("抄送机关"), max_length=300, blank=True)
    secrecy = models.CharField(
        _("密级"), max_length=16, choices=Secrecy.choices, default=Secrecy.NONE, blank=True
    )
    urgency = models.CharField(
        _("紧急程度"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL, blank=True
    )
    openness = models.CharField(
        _("公开属性"), max_length=16, choices=Openness.choices, default=Openness.PROACTIVE
    )
    body = models.TextField(_("正文"), blank=True)
    note = models.CharField(_("附注"), max_length=200, blank=True)
    copies = models.PositiveSmallIntegerField(_("印制份数"), default=1)
    print_count = models.PositiveIntegerField(_("打印次数"), default=0)
    status = models.CharField(
        _("状态"), max_length=16, choices=DocStatus.choices, default=DocStatus.DRAFT
    )
    countersign_units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="+", verbose_name=_("会签单位")
    )
    recipient_units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="+", verbose_name=_("分发单位")
    )
    # 发文字号 <prefix>〔<year>〕<serial>号, given at sign-off; gapless per issuer and year.
    number = models.CharField(_("发文字号"), max_length=64, null=True, blank=True, unique=True)
    number_year = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("文号年度")
    )
    number_serial = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("文号顺序号"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签发人"),
    )
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    formed_on = models.DateField(_("成文日期"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("分发时间"), null=True, blank=True)
    process = models.ForeignKey(
        RouteProcess,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("流程实例"),
    )
    clock = models.OneToOneField(
        CaseClock,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办理时限"),
    )
    # Where 主动公开 put it in the disclosure catalogue (disclosure.services.documents).
    disclosure_item_id = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("公开信息编号")
    )
    disclosure_index = models.CharField(_("索引号"), max_length=64, blank=True)
    disclosure_url = models.CharField(_("公开链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("创建时间"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("修改时间"))

    class Meta:
        verbose_name = _("发文")
        verbose_name_plural = _("发文")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status", "-updated_at"], name="oa_doc_unit_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "number_year", "number_serial"],
                condition=Q(number_serial__isnull=False),
                name="oa_doc_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True)
                | Q(number_year__isnull=False, number_serial__isnull=False),
                name="oa_doc_number_parts",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def source_ref(self) -> str:
        return f"oa.outgoing:{self.pk}"


class BodyVersion(models.Model):
    """One save of the body (痕迹保留): who, when, and the change against the previous version.

    Only the change is stored (`delta`, see services/revisions.py), with the SHA-256 of the text
    it produces, so the whole history rebuilds the current body exactly and proves it.
    """

    document = models.ForeignKey(
        OutgoingDocument, on_delete=models.CASCADE, related_name="versions", verbose_name=_("公文")
    )
    number = models.PositiveIntegerField(_("版本"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("修改人"),
    )
    created_at = models.DateTimeField(_("保存时间"), default=timezone.now)
    delta = models.JSONField(default=list, verbose_name=_("修改内容"))
    sha256 = models.CharField(max_length=64, verbose_name=_("SHA-256 摘要"))
    note = models.CharField(_("说明"), max_length=100, blank=True)
    # Written by accepting or rejecting a change: not itself a change to decide on.
    is_decision = models.BooleanField(_("修订处理"), default=False)
    # A new base text (imported from Word): the text it brings is not a change to decide on.
    is_base = models.BooleanField(_("底稿"), default=False)

    class Meta:
        verbose_name = _("正文版本")
        verbose_name_plural = _("正文版本")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="oa_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}#{self.number}"


class RevisionDecision(models.Model):
    """A reviewer's decision on one change of the body: accepted, or rejected (undone by a new
    version, `version`, so the history still rebuilds the body)."""

    document = models.ForeignKey(
        OutgoingDocument, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("公文")
    )
    change_id = models.CharField(max_length=40, verbose_name=_("修订标识"))
    accepted = models.BooleanField(_("接受"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("处理人"),
    )
    at = models.DateTimeField(_("处理时间"), default=timezone.now)
    version = models.ForeignKey(
        BodyVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("正文版本"),
    )

    class Meta:
        verbose_name = _("修订处理")
        verbose_name_plural = _("修订处理")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "change_id"], name="oa_revision_decision_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.change_id} {'accept' if self.accepted else 'reject'}"


def attachment_path(instance, filename: str) -> str:
    return f"oa/outgoing/{instance.document_id}/{filename}"


class DocumentAttachment(models.Model):
    document = models.ForeignKey(
        OutgoingDocument,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("公文"),
    )
    file = models.FileField(upload_to=attachment_path, max_length=300, verbose_name=_("文件"))
    original_name = models.CharField(_("附件名称"), max_length=200)
    size = models.PositiveIntegerField(default=0, verbose_name=_("文件大小"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )
    uploaded_at = models.DateTimeField(default=timezone.now, verbose_name=_("上传时间"))

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["document", "pk"]

    def __str__(self) -> str:
        return self.original_name


class DocumentEvent(models.Model):
    """Every state change of a document (who, when, what, from which state to which)."""

    document = models.ForeignKey(
        OutgoingDocument, on_delete=models.CASCADE, related_name="events", verbose_name=_("公文")
    )
    action = models.CharField(_("操作"), max_length=16, choices=DocAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    from_status = models.CharField(max_length=16, blank=True, verbose_name=_("原状态"))
    to_status = models.CharField(max_length=16, blank=True, verbose_name=_("新状态"))
    comment = models.CharField(_("意见"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("发文记录")
        verbose_name_plural = _("发文记录")
        ordering = ["document", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class NumberCounter(models.Model):
    """The last 发文字号 serial given per issuer and year (raised under a row lock)."""

    issuer = models.ForeignKey(
        Issuer, on_delete=models.CASCADE, related_name="+", verbose_name=_("发文机关")
    )
    year = models.PositiveSmallIntegerField(
        verbose_name=_("年度"),
    )
    last = models.PositiveIntegerField(default=0, verbose_name=_("已用顺序号"))

    class Meta:
        verbose_name = _("文号计数")
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year"], name="oa_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id}/{self.year}: {self.last}"


class VoidedNumber(models.Model):
    """A 发文字号 taken back (the document was voided after sign-off): recorded, never reused."""

    issuer = models.ForeignKey(
        Issuer, on_delete=models.PROTECT, related_name="+", verbose_name=_("发文机关")
    )
    year = models.PositiveSmallIntegerField(
        verbose_name=_("年度"),
    )
    serial = models.PositiveIntegerField(
        verbose_name=_("顺序号"),
    )
    number = models.CharField(_("发文字号"), max_length=64)
    document = models.ForeignKey(
        OutgoingDocument, on_delete=models.PROTECT, related_name="+", verbose_name=_("公文")
    )
    reason = models.CharField(_("作废理由"), max_length=300)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("作废人"),
    )
    voided_at = models.DateTimeField(default=timezone.now, verbose_name=_("作废时间"))

    class Meta:
        verbose_name = _("作废文号")
        verbose_name_plural = _("作废文号")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "serial"], name="oa_voided_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Dispatch(models.Model):
    """分发: the document in one recipient unit's 收文 queue, until someone signs for it (签收)."""

    document = models.ForeignKey(
        OutgoingDocument,
        on_delete=models.CASCADE,
        related_name="dispatches",
        verbose_name=_("公文"),
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("收文单位")
    )
    sent_at = models.DateTimeField(_("分发时间"), default=timezone.now)
    clock = models.OneToOneField(
        CaseClock,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办理时限"),
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签收人"),
    )
    received_at = models.DateTimeField(_("签收时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("分发")
        verbose_name_plural = _("分发")
        ordering = ["document", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "unit"], name="oa_dispatch_unique"),
        ]
        indexes = [
            models.Index(fields=["unit", "received_at"], name="oa_dispatch_unit_open"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.unit_id}"
