"""Public resources (公共资源): the document library, the periodicals library (简报, 信息专报 and
their issues), the electronic bulletin board and the laws-and-regulations library.

Every staff member reads them; editing needs the permission `oa.edit_resource` (given by a role).
Each entry may carry documents (`ResourceFile`): an uploaded attachment, or a file of the file
centre linked by its current version (the same content-addressed blob, stored once).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .files import Blob, FileEntry


class _Entry(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("录入人"),
    )
    created_at = models.DateTimeField(_("录入时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("修改时间"), default=timezone.now)

    class Meta:
        abstract = True


class LibraryDocument(_Entry):
    """文档库: reference documents of the county (规划、制度汇编、工作手册……)."""

    title = models.CharField(_("标题"), max_length=200)
    category = models.CharField(_("类别"), max_length=50, blank=True)
    source = models.CharField(_("来源单位"), max_length=100, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    summary = models.TextField(_("内容摘要"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("文档")
        verbose_name_plural = _("文档库")
        ordering = ["-published_on", "-pk"]
        permissions = [("edit_resource", _("编辑公共资源"))]

    def __str__(self) -> str:
        return self.title


class PeriodicalKind(models.TextChoices):
    BRIEF = "brief", _("简报")
    SPECIAL = "special", _("信息专报")


class Periodical(models.Model):
    """刊物: a 简报 or 信息专报 series, e.g.《蓝山政务信息》."""

    name = models.CharField(_("刊物名称"), max_length=100, unique=True)
    kind = models.CharField(_("刊物类型"), max_length=16, choices=PeriodicalKind.choices)
    publisher = models.CharField(_("编印单位"), max_length=100)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("刊物")
        verbose_name_plural = _("刊物")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PeriodicalIssue(_Entry):
    """One issue (期) of a periodical: 2026年第12期（总第156期）."""

    periodical = models.ForeignKey(
        Periodical, on_delete=models.PROTECT, related_name="issues", verbose_name=_("刊物")
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    number = models.PositiveSmallIntegerField(_("期号"))
    total_number = models.PositiveIntegerField(_("总期号"), null=True, blank=True)
    title = models.CharField(_("本期标题"), max_length=200)
    published_on = models.DateField(_("印发日期"))
    body = models.TextField(_("正文"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("刊物期次")
        verbose_name_plural = _("刊物库")
        ordering = ["-published_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["periodical", "year", "number"], name="oa_issue_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.periodical}{self.issue_label}"

    @property
    def issue_label(self) -> str:
        label = f"{self.year}年第{self.number}期"
        if self.total_number:
            label += f"（总第{self.total_number}期）"
        return label


class BulletinPost(_Entry):
    """电子公告牌: short notices for all staff, optionally pinned and with an end date."""

    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    pinned = models.BooleanField(_("置顶"), default=False)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("公告")
        verbose_name_plural = _("电子公告牌")
        ordering = ["-pinned", "-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class LawLevel(models.TextChoices):
    LAW = "law", _("法律")
    ADMIN_REGULATION = "admin_regulation", _("行政法规")
    LOCAL_REGULATION = "local_regulation", _("地方性法规")
    DEPARTMENT_RULE = "department_rule", _("部门规章")
    NORMATIVE = "normative", _("规范性文件")


class Validity(models.TextChoices):
    VALID = "valid", _("现行有效")
    AMENDED = "amended", _("已修改")
    REPEALED = "repealed", _("已废止")


class Law(_Entry):
    """法律法规库."""

    title = models.CharField(_("名称"), max_length=200)
    level = models.CharField(_("效力级别"), max_length=32, choices=LawLevel.choices)
    issuing_body = models.CharField(_("制定机关"), max_length=100)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    promulgated_on = models.DateField(_("公布日期"))
    effective_on = models.DateField(_("施行日期"))
    validity = models.CharField(
        _("时效性"), max_length=16, choices=Validity.choices, default=Validity.VALID
    )
    body = models.TextField(_("正文"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("法律法规")
        verbose_name_plural = _("法律法规库")
        ordering = ["-promulgated_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class ResourceFile(models.Model):
    """A document of a library entry: an uploaded attachment or a linked file-centre file."""

    document = models.ForeignKey(
        LibraryDocument,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("文档"),
    )
    issue = models.ForeignKey(
        PeriodicalIssue,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("刊物期次"),
    )
    post = models.ForeignKey(
        BulletinPost,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("公告"),
    )
    law = models.ForeignKey(
        Law,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("法律法规"),
    )
    blob = models.ForeignKey(
        Blob, on_delete=models.PROTECT, related_name="resource_files", verbose_name=_("内容")
    )
    name = models.CharField(_("文件名"), max_length=200)
    source_entry = models.ForeignKey(
        FileEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("来自文件中心"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("添加人"),
    )
    added_at = models.DateTimeField(_("添加时间"), default=timezone.now)

    class Meta:
        verbose_name = _("资源附件")
        verbose_name_plural = _("资源附件")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(document__isnull=False, issue=None, post=None, law=None)
                    | Q(document=None, issue__isnull=False, post=None, law=None)
                    | Q(document=None, issue=None, post__isnull=False, law=None)
                    | Q(document=None, issue=None, post=None, law__isnull=False)
                ),
                name="oa_resource_file_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.name
