"""File centre (文件中心): department and personal cabinets, folders, files and their versions.

- The bytes of a version live in a content-addressed `Blob` (one stored object per distinct
  SHA-256, however many versions, cabinets or library entries refer to it), in the storage named
  by settings.OA_FILES_STORAGE (see docs/files-storage.md).
- A department cabinet (部门文件柜) belongs to one unit and is shared by `CabinetGrant` rows (a
  unit, a role, a role within a unit, or a person; read / write / manage) on the whole cabinet, a
  folder or one file. A personal cabinet (个人文件柜) belongs to one person and has no grants.
- Deleting puts a folder or file in the recycle bin (`deleted_at`); everything under a deleted
  folder is `in_trash` too, so every listing filters one column.
- The quota is per cabinet: the unit's department cabinet (per unit) and the personal cabinet
  (per person). `used_bytes` counts every version of every file, in the bin or not, until purged.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platform_core.models import OrgUnit, Role


class Blob(models.Model):
    """文件内容: one stored object per distinct content (SHA-256)."""

    sha256 = models.CharField(_("内容摘要"), max_length=64, unique=True)
    size = models.BigIntegerField(_("大小（字节）"))
    kind = models.CharField(_("文件类型"), max_length=16)
    storage_name = models.CharField(_("存储位置"), max_length=300)
    # Text of PDF, Word (docx) and plain-text files, extracted once when the content arrives.
    text = models.TextField(_("提取的文字"), blank=True)
    created_at = models.DateTimeField(_("存入时间"), default=timezone.now)

    class Meta:
        verbose_name = _("文件内容")
        verbose_name_plural = _("文件内容")

    def __str__(self) -> str:
        return self.sha256[:12]


class CabinetKind(models.TextChoices):
    DEPARTMENT = "department", _("部门文件柜")
    PERSONAL = "personal", _("个人文件柜")


class Level(models.IntegerChoices):
    READ = 1, _("只读")
    WRITE = 2, _("读写")
    MANAGE = 3, _("管理")


class Cabinet(models.Model):
    kind = models.CharField(_("类型"), max_length=16, choices=CabinetKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所属单位"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所有人"),
    )
    quota_bytes = models.BigIntegerField(_("容量（字节）"))
    used_bytes = models.BigIntegerField(_("已用（字节）"), default=0)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    history = HistoricalRecords(excluded_fields=["used_bytes"])

    class Meta:
        verbose_name = _("文件柜")
        verbose_name_plural = _("文件柜")
        ordering = ["kind", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(kind="department"),
                name="oa_cabinet_one_per_unit",
            ),
            models.UniqueConstraint(
                fields=["owner"],
                condition=Q(kind="personal"),
                name="oa_cabinet_one_per_person",
            ),
            models.CheckConstraint(
                condition=(Q(kind="department", unit__isnull=False, owner__isnull=True))
                | Q(kind="personal", owner__isnull=False, unit__isnull=True),
                name="oa_cabinet_kind_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_personal(self) -> bool:
        return self.kind == CabinetKind.PERSONAL

    @property
    def free_bytes(self) -> int:
        return max(self.quota_bytes - self.used_bytes, 0)

    @property
    def used_percent(self) -> int:
        if self.quota_bytes <= 0:
            return 100
        return min(100, round(self.used_bytes * 100 / self.quota_bytes))


class Folder(models.Model):
    cabinet = models.ForeignKey(
        Cabinet, on_delete=models.CASCADE, related_name="folders", verbose_name=_("文件柜")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级文件夹"),
    )
    name = models.CharField(_("名称"), max_length=100)
    # Ids from the top folder down to this one: "/5/9/" (a subtree is a prefix match).
    path = models.CharField(_("路径"), max_length=400, db_index=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("删除人"),
    )
    in_trash = models.BooleanField(_("在回收站中"), default=False)

    history = HistoricalRecords(excluded_fields=["path"])

    class Meta:
        verbose_name = _("文件夹")
        verbose_name_plural = _("文件夹")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def ancestor_ids(self) -> list[int]:
        """This folder's id and those of the folders above it."""
        return [int(part) for part in self.path.strip("/").split("/") if part]


class FileEntry(models.Model):
    """文件: a named file in a cabinet (or one of its folders) with its versions."""

    cabinet = models.ForeignKey(
        Cabinet, on_delete=models.CASCADE, related_name="files", verbose_name=_("文件柜")
    )
    folder = models.ForeignKey(
        Folder,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("文件夹"),
    )
    name = models.CharField(_("文件名"), max_length=200)
    current = models.ForeignKey(
        "FileVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("当前版本"),
    )
    size = models.BigIntegerField(_("大小（字节）"), default=0)
    kind = models.CharField(_("文件类型"), max_length=16, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)
    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("删除人"),
    )
    in_trash = models.BooleanField(_("在回收站中"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("文件")
        verbose_name_plural = _("文件")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["cabinet", "folder", "in_trash"])]

    def __str__(self) -> str:
        return self.name


class FileVersion(models.Model):
    entry = models.ForeignKey(
        FileEntry, on_delete=models.CASCADE, related_name="versions", verbose_name=_("文件")
    )
    number = models.PositiveIntegerField(_("版本号"))
    blob = models.ForeignKey(
        Blob, on_delete=models.PROTECT, related_name="versions", verbose_name=_("内容")
    )
    name = models.CharField(_("上传时文件名"), max_length=200)
    size = models.BigIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    note = models.CharField(_("版本说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("文件版本")
        verbose_name_plural = _("文件版本")
        ordering = ["entry", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "number"], name="oa_file_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（第{self.number}版）"


class CabinetGrant(models.Model):
    """共享授权: who may read, write or manage a department cabinet, one of its folders or one
    file. The grantee is a person, or a unit, a role, or a role within a unit."""

    cabinet = models.ForeignKey(
        Cabinet, on_delete=models.CASCADE, related_name="grants", verbose_name=_("文件柜")
    )
    folder = models.ForeignKey(
        Folder,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("文件夹"),
    )
    entry = models.ForeignKey(
        FileEntry,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("文件"),
    )
    level = models.PositiveSmallIntegerField(_("权限"), choices=Level.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("人员"),
    )
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("单位"),
    )
    role = models.ForeignKey(
        Role,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("角色"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("授权人"),
    )
    created_at = models.DateTimeField(_("授权时间"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("共享授权")
        verbose_name_plural = _("共享授权")
        ordering = ["cabinet", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(user__isnull=False, unit__isnull=True, role__isnull=True)
                    | Q(user__isnull=True) & (Q(unit__isnull=False) | Q(role__isnull=False))
                ),
                name="oa_grant_one_grantee",
            ),
            models.CheckConstraint(
                condition=~Q(folder__isnull=False, entry__isnull=False),
                name="oa_grant_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grantee_label}：{self.get_level_display()}"

    @property
    def grantee_label(self) -> str:
        if self.user_id:
            return str(self.user)
        if self.unit_id and self.role_id:
            return f"{self.unit}·{self.role}"
        return str(self.unit or self.role)
