"""Article attachments and images, and the access and search statistics of the public site.

Imported at the end of `portal/models/articles.py`, so the models belong to the portal app.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.constants import KINDS

# Published file paths ("files/portal/attachments/2026/11/<hex>.pdf"): what publishing accepts.
SAFE_FILE_NAME = re.compile(r"^portal/(?:[A-Za-z0-9_-]+/)*[A-Za-z0-9_-]+\.[a-z0-9]{2,5}$")


def published_file_url(name: str) -> str:
    """The public URL of an uploaded file copied under the published site ("" if unsafe)."""
    return f"/files/{name}" if name and SAFE_FILE_NAME.match(name) else ""


class AttachmentKind(models.TextChoices):
    IMAGE = "image", _("图片")
    DOCUMENT = "document", _("文件")


class ArticleAttachment(models.Model):
    """An image or a document attached to an article (附件), stored under a generated name."""

    article = models.ForeignKey(
        "portal.Article",
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("稿件"),
    )
    title = models.CharField(_("标题"), max_length=200)
    kind = models.CharField(_("类别"), max_length=16, choices=AttachmentKind.choices)
    file_type = models.CharField(_("文件格式"), max_length=16)  # a key of constants.KINDS
    file = models.FileField(_("文件"), upload_to="portal/attachments/%Y/%m/", max_length=200)
    thumbnail = models.FileField(
        _("缩略图"), upload_to="portal/attachments/%Y/%m/", max_length=200, blank=True
    )
    original_name = models.CharField(_("原文件名"), max_length=255)
    alt = models.CharField(
        _("图片说明（替代文本）"),
        max_length=200,
        blank=True,
        help_text=_("供读屏软件朗读，说明图片内容。图片必须填写。"),
    )
    width = models.PositiveIntegerField(_("宽度"), null=True, blank=True)
    height = models.PositiveIntegerField(_("高度"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256 摘要"), max_length=64)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("稿件附件")
        verbose_name_plural = _("稿件附件")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="image") | ~Q(alt=""), name="portal_attachment_image_alt"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_image(self) -> bool:
        return self.kind == AttachmentKind.IMAGE

    @property
    def url(self) -> str:
        return published_file_url(self.file.name)

    @property
    def thumbnail_url(self) -> str:
        return published_file_url(self.thumbnail.name) if self.thumbnail else ""

    @property
    def type_label(self) -> str:
        return KINDS.get(self.file_type, (self.file_type.upper(), ()))[0]

    def published_paths(self) -> list[str]:
        return [f"files/{f.name}" for f in (self.file, self.thumbnail) if f and f.name]


class PageView(models.Model):
    """Views of one published page on one day (from the beacon, flushed from Redis)."""

    day = models.DateField(_("日期"))
    path = models.CharField(_("页面路径"), max_length=255)
    article = models.ForeignKey(
        "portal.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("稿件"),
    )
    channel = models.ForeignKey(
        "portal.Channel",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("栏目"),
    )
    count = models.PositiveBigIntegerField(_("访问量"), default=0)

    class Meta:
        verbose_name = _("页面访问量")
        verbose_name_plural = _("页面访问量")
        constraints = [
            models.UniqueConstraint(fields=["day", "path"], name="portal_pageview_day_path")
        ]
        indexes = [
            models.Index(fields=["article", "day"], name="portal_pv_article_day"),
            models.Index(fields=["channel", "day"], name="portal_pv_channel_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.path} {self.count}"


class SearchTerm(models.Model):
    """How often a search term was asked on one day, and how often it found nothing."""

    day = models.DateField(_("日期"))
    term = models.CharField(_("检索词"), max_length=50)
    count = models.PositiveBigIntegerField(_("检索次数"), default=0)
    zero_count = models.PositiveBigIntegerField(_("无结果次数"), default=0)
    last_results = models.PositiveIntegerField(_("最近结果数"), default=0)

    class Meta:
        verbose_name = _("检索词统计")
        verbose_name_plural = _("检索词统计")
        constraints = [
            models.UniqueConstraint(fields=["day", "term"], name="portal_searchterm_day_term")
        ]
        indexes = [models.Index(fields=["day"], name="portal_search_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.term} {self.count}"


class StatsFlush(models.Model):
    """One batch of counters moved from Redis to the database (so a batch is added only once)."""

    batch = models.CharField(_("批次"), max_length=64, unique=True)
    kind = models.CharField(_("类别"), max_length=16)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    flushed_at = models.DateTimeField(_("写入时间"), default=timezone.now)

    class Meta:
        verbose_name = _("统计写入批次")
        verbose_name_plural = _("统计写入批次")

    def __str__(self) -> str:
        return self.batch
