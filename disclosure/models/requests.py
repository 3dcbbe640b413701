"""Disclosure on request (依申请公开): the request case, its clarification, third-party
consultations, fee notice, letters, reply files and append-only history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platform_core.models import CaseClock, OrgUnit

from ..constants import (
    ApplicantType,
    ConsultationOutcome,
    DeliveryMethod,
    FeeMode,
    InfoForm,
    LegalSubtype,
    LetterKind,
    ReplyOutcome,
    RequestAction,
    RequestChannel,
    RequestStatus,
)


class RequestCounter(models.Model):
    """The last running number of a unit's requests in a year (locked while numbering)."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("单位")
    )
    year = models.PositiveSmallIntegerField(
        verbose_name=_("年度"),
    )
    last = models.PositiveIntegerField(default=0, verbose_name=_("已用顺序号"))

    class Meta:
        verbose_name = _("申请编号计数")
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="disclosure_reqcounter_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last}"


class DisclosureRequest(models.Model):
    """政府信息公开申请: one case, whatever the channel it came by."""

    number = models.CharField(_("申请编号"), max_length=48, unique=True)
    query_code_hash = models.CharField(_("查询码"), max_length=128, blank=True)
    lookup_failures = models.PositiveSmallIntegerField(default=0, verbose_name=_("查询失败次数"))
    lookup_locked_until = models.DateTimeField(null=True, blank=True, verbose_name=_("查询锁定至"))
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("受理机关")
    )
    channel = models.CharField(_("申请方式"), max_length=16, choices=RequestChannel.choices)
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosure_requests",
        verbose_name=_("申请人账号"),
    )
    applicant_type = models.CharField(_("申请人类型"), max_length=16, choices=ApplicantType.choices)
    legal_subtype = models.CharField(
        _("法人或其他组织类型"), max_length=16, choices=LegalSubtype.choices, blank=True
    )
    applicant_name = models.CharField(_("姓名/名称"), max_length=128)
    id_number = models.CharField(_("身份证件号码"), max_length=18, blank=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=64, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=64, blank=True)
    mobile = models.CharField(_("联系电话"), max_length=20)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    description = models.TextField(_("所需政府信息的名称、文号或者便于查询的其他特征性描述"))
    form_wanted = models.CharField(_("信息提供形式"), max_length=16, choices=InfoForm.choices)
    delivery_method = models.CharField(
        _("获取信息方式"), max_length=16, choices=DeliveryMethod.choices
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    # 条例 第三十一条: the day the agency is deemed to have received the request.
    received_on = models.DateField(_("收到申请日期"), null=True, blank=True)
    confirm_due = models.DateField(_("确认期限"), null=True, blank=True)
    clock = models.ForeignKey(
        CaseClock,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办理时限"),
    )
    # Extension (第三十三条第二款): asked by the officer, approved by the office head.
    extension_days_asked = models.PositiveSmallIntegerField(_("申请延长工作日"), default=0)
    extension_reason = models.CharField(_("延期理由"), max_length=500, blank=True)
    extension_asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("延期申请人"),
    )
    extended_days = models.PositiveSmallIntegerField(_("已延长工作日"), default=0)
    # The reply (第三十六条).
    outcome = models.CharField(
        _("答复类型"), max_length=16, choices=ReplyOutcome.choices, blank=True
    )
    grounds = models.JSONField(_("理由"), default=list, blank=True)
    reply_text = models.TextField(_("答复内容"), blank=True)
    public_location = models.CharField(_("获取途径"), max_length=300, blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("答复人"),
    )
    closed_reason = models.CharField(_("终止原因"), max_length=200, blank=True)
    # The day the case ended without a reply (withdrawn, deemed withdrawn or abandoned).
    closed_on = models.DateField(_("终止日期"), null=True, blank=True)
    # Citizen's rating of the service.
    rating = models.PositiveSmallIntegerField(_("评价"), null=True, blank=True)
    rating_comment = models.CharField(_("评价意见"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )

    history = HistoricalRecords(excluded_fields=["lookup_failures", "lookup_locked_until"])

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="disclosure_request_legal_subtype",
                condition=Q(applicant_type="natural", legal_subtype="")
                | (Q(applicant_type="legal") & ~Q(legal_subtype="")),
            ),
            models.CheckConstraint(
                name="disclosure_request_replied_has_outcome",
                condition=~Q(status="replied") | (~Q(outcome="") & Q(replied_on__isnull=False)),
            ),
            models.CheckConstraint(
                name="disclosure_request_extension_max",
                condition=Q(extended_days__lte=20) & Q(extension_days_asked__lte=20),
            ),
            models.CheckConstraint(
                name="disclosure_request_rating_range",
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "-submitted_at"], name="disc_req_unit_status"),
            models.Index(fields=["applicant_user", "-submitted_at"], name="disc_req_applicant"),
            models.Index(fields=["unit", "received_on"], name="disc_req_unit_received"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def owner_unit(self) -> OrgUnit:
        return self.unit

    @property
    def applicant_key(self) -> str:
        """Who the applicant is, for the monthly count of fees: account, else ID, else name."""
        if self.applicant_user_id:
            return f"user:{self.applicant_user_id}"
        return f"id:{self.uscc or self.id_number or self.applicant_name}"


class Clarification(models.Model):
    """补正 (第三十条): once per request, within 7 working days of receipt, listing everything."""

    request = models.OneToOneField(
        DisclosureRequest,
        on_delete=models.CASCADE,
        related_name="clarification",
        verbose_name=_("申请"),
    )
    items = models.JSONField(_("需要补正的事项"), default=list)
    sent_on = models.DateField(_("告知日期"))
    answer_due = models.DateField(_("补正期限"))
    answered_on = models.DateField(_("补正日期"), null=True, blank=True)
    answer = models.TextField(_("补正内容"), blank=True)
    lapsed = models.BooleanField(_("逾期未补正"), default=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("发送人"),
    )

    class Meta:
        verbose_name = _("补正告知")
        verbose_name_plural = _("补正告知")
        constraints = [
            models.CheckConstraint(
                name="disclosure_clarification_due_after_sent",
                condition=Q(answer_due__gte=models.F("sent_on")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id} 补正 {self.sent_on}"


class Consultation(models.Model):
    """征求第三方意见 (第三十二条): 15 working days, not counted on the reply clock."""

    request = models.ForeignKey(
        DisclosureRequest,
        on_delete=models.CASCADE,
        related_name="consultations",
        verbose_name=_("申请"),
    )
    third_party = models.CharField(_("第三方"), max_length=128)
    contact = models.CharField(_("联系方式"), max_length=200, blank=True)
    matter = models.TextField(_("征求意见的内容"))
    sent_on = models.DateField(_("发函日期"))
    due_on = models.DateField(_("答复期限"))
    outcome = models.CharField(
        _("第三方意见"), max_length=16, choices=ConsultationOutcome.choices, blank=True
    )
    outcome_note = models.TextField(_("意见说明"), blank=True)
    answered_on = models.DateField(_("收到意见日期"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("发送人"),
    )

    class Meta:
        verbose_name = _("征求第三方意见")
        verbose_name_plural = _("征求第三方意见")
        ordering = ["sent_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(answered_on__isnull=True),
                name="disclosure_one_open_consultation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.third_party} {self.sent_on}"


class FeeNotice(models.Model):
    """信息处理费 (国办函〔2020〕109号): a notice, a payment period that pauses the clock."""

    request = models.OneToOneField(
        DisclosureRequest, on_delete=models.CASCADE, related_name="fee", verbose_name=_("申请")
    )
    mode = models.CharField(_("计收方式"), max_length=16, choices=FeeMode.choices)
    quantity = models.PositiveIntegerField(_("件数/页数"))
    amount = models.PositiveIntegerField(_("金额（元）"))
    basis = models.CharField(_("计算说明"), max_length=300)
    notice_on = models.DateField(_("通知日期"))
    pay_due = models.DateField(_("缴费期限"))
    paid_on = models.DateField(_("缴费日期"), null=True, blank=True)
    lapsed = models.BooleanField(_("逾期未缴纳"), default=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("出具人"),
    )

    class Meta:
        verbose_name = _("信息处理费")
        verbose_name_plural = _("信息处理费")
        constraints = [
            models.CheckConstraint(name="disclosure_fee_positive", condition=Q(amount__gt=0))
        ]

    def __str__(self) -> str:
        return f"{self.amount} 元"


class RequestLetter(models.Model):
    """A letter issued on a request (its PDF is rendered from these fields, with seal and QR)."""

    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.CASCADE, related_name="letters", verbose_name=_("申请")
    )
    kind = models.CharField(_("文书类型"), max_length=16, choices=LetterKind.choices)
    number = models.CharField(_("文书编号"), max_length=64, unique=True)
    issued_on = models.DateField(_("出具日期"))
    body = models.JSONField(default=dict, blank=True, verbose_name=_("正文"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("出具人"),
    )

    class Meta:
        verbose_name = _("申请文书")
        verbose_name_plural = _("申请文书")
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return self.number


def _reply_file_path(instance: "ReplyFile", filename: str) -> str:
    import uuid

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"disclosure/requests/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{suffix}"


class ReplyFile(models.Model):
    """A file given to the applicant with the reply (never published; streamed after a check)."""

    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.CASCADE, related_name="files", verbose_name=_("申请")
    )
    file = models.FileField(_("文件"), upload_to=_reply_file_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(default=0, verbose_name=_("文件大小"))
    pages = models.PositiveIntegerField(_("页数"), default=0)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("创建时间"))

    class Meta:
        verbose_name = _("答复附件")
        verbose_name_plural = verbose_name
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class RequestEvent(models.Model):
    """Append-only history of a request: who did what, when, from which status to which."""

    append_only = True  # PostgreSQL refuses UPDATE/DELETE (platform_core.db)

    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.PROTECT, related_name="events", verbose_name=_("申请")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    action = models.CharField(_("操作"), max_length=24, choices=RequestAction.choices)
    from_status = models.CharField(_("原状态"), max_length=16, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, blank=True)
    comment = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("申请办理记录")
        verbose_name_plural = _("申请办理记录")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["request", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.from_status}→{self.to_status}"
