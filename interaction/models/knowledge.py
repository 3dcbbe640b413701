"""Knowledge base (知识库): standard answers, policies and explanations for the handlers."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platform_core.models import OrgUnit

from ..constants import EntryStatus
from .config import Category


class KnowledgeEntry(models.Model):
    title = models.CharField(_("问题"), max_length=200)
    answer = models.TextField(_("标准答复"))
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, verbose_name=_("问题分类"), related_name="+"
    )
    keywords = models.CharField(_("关键词"), max_length=200, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    department = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("责任单位")
    )
    status = models.CharField(
        _("状态"), max_length=8, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    # An internal line to take (内部口径) helps the handler but is never suggested to the public.
    public = models.BooleanField(
        _("向公众公开"),
        default=True,
        help_text=_("公开的条目在群众写信时作为参考答复显示；取消勾选则仅供内部答复参考。"),
    )
    source_case = models.ForeignKey(
        "interaction.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("来源来件"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("创建时间"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    # jieba words of title, keywords and answer; tsvector ('simple') on PostgreSQL.
    search_text = models.TextField(blank=True, editable=False, verbose_name=_("检索文本"))
    search_vector = SearchVectorField(null=True, editable=False, verbose_name=_("全文索引"))

    class Meta:
        verbose_name = _("知识库条目")
        verbose_name_plural = _("知识库条目")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title
