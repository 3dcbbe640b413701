"""Items of the catalogue (公开信息), their attachments, index-number counters and history."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platform_core.models import CaseClock, FormVersion, OrgUnit, RouteProcess
from platform_core.selectors import codes

from ..constants import GENRE_TABLE, SUBJECT_TABLE, Genre, ItemAction, ItemStatus, Subject, Validity
from .catalogue import Column


class Item(models.Model):
    """One piece of government information in the catalogue (a policy, a budget, a notice...)."""

    column = models.ForeignKey(
        Column, on_delete=models.PROTECT, related_name="items", verbose_name=_("栏目")
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("发布机构")
    )
    title = models.CharField(_("标题"), max_length=300)
    document_number = models.CharField(_("发文字号"), max_length=100, blank=True)
    # Codes of the code tables (数据字典) SUBJECT_TABLE and GENRE_TABLE, which administrators
    # may extend: no fixed choices here; forms offer the tables' active entries.
    subject = models.CharField(_("主题分类"), max_length=2, default=Subject.GENERAL)
    genre = models.CharField(_("体裁"), max_length=16, default=Genre.OTHER)
    summary = models.CharField(_("摘要"), max_length=500, blank=True)
    body = models.TextField(_("正文"), blank=True)
    # The column's information body: values of its dynamic form, with the version they follow.
    extra = models.JSONField(_("信息体内容"), default=dict, blank=True)
    form_version = models.ForeignKey(
        FormVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("信息体版本"),
    )
    formed_on = models.DateField(
        _("成文日期"), help_text=_("信息形成或变更的日期：自该日起20个工作日内应予公开。")
    )
    changed_on = models.DateField(_("变更日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.DRAFT
    )
    published_at = models.DateTimeField(_("发布日期"), null=True, blank=True)
    # 索引号 <unit code>/<year>-<serial>, given once, at the first publication.
    index_number = models.CharField(_("索引号"), max_length=64, null=True, blank=True, unique=True)
    index_year = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("索引号年度")
    )
    index_serial = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("索引号顺序号")
    )
    validity = models.CharField(
        _("有效性"), max_length=16, choices=Validity.choices, default=Validity.VALID
    )
    validity_date = models.DateField(_("有效性变更日期"), null=True, blank=True)
    validity_note = models.CharField(_("有效性说明"), max_length=300, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("替代文件"),
    )
    # 政策解读: an interpretation names the policies it explains (and they list it).
    interprets = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="interpretations",
        verbose_name=_("解读的政策"),
    )
    # Disclosed from another app (OA's 公文): idempotent by this reference, linked both ways.
    source_ref = models.CharField(_("来源"), max_length=100, null=True, blank=True, unique=True)
    source_url = models.CharField(_("来源链接"), max_length=300, blank=True)
    clock = models.OneToOneField(
        CaseClock,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办理时限"),
    )
    review_process = models.ForeignKey(
        RouteProcess,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核流程"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("录入人"),
    )
    created_at = models.DateTimeField(_("录入时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)
    search_text = models.TextField(blank=True, editable=False, verbose_name=_("检索文本"))
    # GIN index on PostgreSQL only (migration 0002), as for the portal's articles.
    search_vector = SearchVectorField(null=True, editable=False, verbose_name=_("全文索引"))

    history = HistoricalRecords(excluded_fields=["search_text", "search_vector"])

    class Meta:
        verbose_name = _("公开信息")
        verbose_name_plural = _("公开信息")
        ordering = ["-published_at", "-id"]
        constraints = [
            # Gapless per unit and year is the service's counter; unique is the database's.
            models.UniqueConstraint(
                fields=["unit", "index_year", "index_serial"],
                condition=Q(index_serial__isnull=False),
                name="disclosure_index_serial_per_unit_year",
            ),
            models.CheckConstraint(
                name="disclosure_index_parts_together",
                condition=(
                    Q(index_number__isnull=True)
                    & Q(index_year__isnull=True)
                    & Q(index_serial__isnull=True)
                )
                | (
                    Q(index_number__isnull=False)
                    & Q(index_year__isnull=False)
                    & Q(index_serial__gte=1)
                ),
            ),
            models.CheckConstraint(
                name="disclosure_published_has_index",
                condition=~Q(status="published")
                | (Q(index_number__isnull=False) & Q(published_at__isnull=False)),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="disc_item_latest"),
            models.Index(fields=["subject", "status", "-published_at"], name="disc_item_subject"),
            models.Index(fields=["genre", "status", "-published_at"], name="disc_item_genre"),
            models.Index(fields=["unit", "status", "-published_at"], name="disc_item_unit"),
            models.Index(fields=["column", "status", "-published_at"], name="disc_item_column"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def subject_name(self) -> str:
        return codes.label(SUBJECT_TABLE, self.subject)

    @property
    def genre_name(self) -> str:
        return codes.label(GENRE_TABLE, self.genre)

    @property
    def owner_unit(self) -> OrgUnit:
        return self.unit

    @property
    def url(self) -> str:
        """The item's published page."""
        return f"/xxgk/nr/{self.pk}.html"

    @property
    def is_in_force(self) -> bool:
        return self.validity == "valid"


def _attachment_path(instance: "Attachment", filename: str) -> str:
    import uuid

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"disclosure/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{suffix}"


class Attachment(models.Model):
    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("公开信息")
    )
    file = models.FileField(_("文件"), upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"), default=0)
    text = models.TextField(_("提取的文本"), blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("上传时间"))

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return self.original_name.rsplit(".", 1)[-1].lower() if "." in self.original_name else ""


class IndexCounter(models.Model):
    """The last 索引号 serial given by a unit in a year; locked (SELECT … FOR UPDATE) by every
    publication, so serials are gapless even with several publishers at once."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("单位")
    )
    year = models.PositiveSmallIntegerField(
        verbose_name=_("年度"),
    )
    last = models.PositiveIntegerField(default=0, verbose_name=_("已用顺序号"))

    class Meta:
        verbose_name = _("索引号计数")
        verbose_name_plural = _("索引号计数")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="disclosure_counter_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last}"


class ItemEvent(models.Model):
    """Append-only history of an item: who did what, when, from which status to which."""

    append_only = True  # PostgreSQL refuses UPDATE/DELETE (platform_core.db)

    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="events", verbose_name=_("公开信息")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("操作人"),
    )
    action = models.CharField(_("操作"), max_length=16, choices=ItemAction.choices)
    from_status = models.CharField(_("原状态"), max_length=16, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, blank=True)
    comment = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("公开信息操作记录")
        verbose_name_plural = _("公开信息操作记录")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["item", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.from_status}→{self.to_status}"
