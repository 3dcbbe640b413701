"""Dynamic forms ("one item, one form"): definitions, versions, fields, submissions, files.

A form definition owns numbered versions. Only the one draft version is edited; publishing freezes
it (services refuse any change to a published version), and a submission points at the version it
was filled in with, so its data can always be shown with the labels and fields it was entered under.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .org import OrgUnit


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class FormDefinition(models.Model):
    """A form (e.g. the application form of one licensing item)."""

    code = models.SlugField(_("表单代码"), max_length=64, unique=True)
    name = models.CharField(_("表单名称"), max_length=128)
    description = models.TextField(_("说明"), blank=True)
    owner_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="form_definitions",
        verbose_name=_("所属单位"),
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("创建人"),
    )

    class Meta:
        verbose_name = _("表单")
        verbose_name_plural = _("表单")
        ordering = ["code"]
        permissions = [("design_form", _("可设计表单"))]

    def __str__(self) -> str:
        return self.name


class FormVersion(models.Model):
    form = models.ForeignKey(
        FormDefinition, on_delete=models.CASCADE, related_name="versions", verbose_name=_("表单")
    )
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(
        _("状态"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发布人"),
    )

    class Meta:
        verbose_name = _("表单版本")
        verbose_name_plural = _("表单版本")
        ordering = ["form_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="unique_form_version_number"),
            # At most one draft per form: the builder always edits "the" draft.
            models.UniqueConstraint(
                fields=["form"], condition=Q(status="draft"), name="one_draft_per_form"
            ),
            models.CheckConstraint(
                name="form_published_version_has_time",
                condition=Q(status="draft") | Q(published_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


class FormField(models.Model):
    """One field of a version. Columns of a repeating table are fields whose `parent` is the table.

    Type-specific settings (length, range, options, file types, rows) live in `options`, checked by
    the field type registry in `platform_core.dynforms.types` whenever they are written.
    """

    version = models.ForeignKey(
        FormVersion, on_delete=models.CASCADE, related_name="fields", verbose_name=_("版本")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="columns",
        verbose_name=_("所属表格"),
    )
    key = models.SlugField(_("字段标识"), max_length=64)
    label = models.CharField(_("名称"), max_length=128)
    field_type = models.CharField(_("类型"), max_length=32)
    required = models.BooleanField(_("必填"), default=False)
    help_text = models.CharField(_("填写说明"), max_length=500, blank=True)
    default = models.CharField(_("默认值"), max_length=500, blank=True)
    options = models.JSONField(_("设置"), default=dict, blank=True)
    condition_field = models.SlugField(_("显示条件字段"), max_length=64, blank=True)
    condition_value = models.CharField(_("显示条件取值"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("表单字段")
        verbose_name_plural = _("表单字段")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key"],
                condition=Q(parent__isnull=True),
                name="unique_field_key_per_version",
            ),
            models.UniqueConstraint(
                fields=["parent", "key"],
                condition=Q(parent__isnull=False),
                name="unique_column_key_per_table",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}（{self.key}）"


class FormSubmission(models.Model):
    """Data entered on one version of a form."""

    version = models.ForeignKey(
        FormVersion, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("版本")
    )
    data = models.JSONField(_("填报内容"), default=dict)
    owner_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="form_submissions",
        verbose_name=_("受理单位"),
    )
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="form_submissions",
        verbose_name=_("提交人"),
    )
    # Held by something not yet submitted (an online application's draft): a retry replaces it
    # in place, and once nothing refers to it for a day it is deleted with its files
    # (submissions_orphaned_delete). A submitted record is never a draft.
    draft = models.BooleanField(_("草稿"), default=False)

    class Meta:
        verbose_name = _("表单填报")
        verbose_name_plural = _("表单填报")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.version} #{self.pk}"


def _upload_to(instance: "SubmissionFile", filename: str) -> str:
    # The name on disk never comes from the user: a random UUID and the extension of the sniffed
    # type. The original name is kept in `original_name` for display and download only.
    now = timezone.localtime()
    return f"forms/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{instance.kind}"


class SubmissionFile(models.Model):
    """A file uploaded with a submission. Never served from MEDIA_URL: only through a view."""

    submission = models.ForeignKey(
        FormSubmission, on_delete=models.CASCADE, related_name="files", verbose_name=_("填报")
    )
    field_key = models.SlugField(_("字段标识"), max_length=64)
    file = models.FileField(_("文件"), upload_to=_upload_to, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=255)
    kind = models.CharField(_("文件类型"), max_length=16)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("填报附件")
        verbose_name_plural = _("填报附件")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name
