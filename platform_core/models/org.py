"""The organisation tree, roles and posts (a person may hold posts in several units: 兼职)."""

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

from ..constants import RoleCode, UnitKind
from ..validators import validate_uscc


class OrgUnit(MP_Node):
    """A unit: the government, its departments and townships, and their sections.

    Materialised path (django-treebeard): "everything under this department" is one indexed
    prefix query, which is what every visibility check asks.
    """

    # treebeard's tree columns, with labels (they show in the change history).
    path = models.CharField(_("树路径"), max_length=255, unique=True)
    depth = models.PositiveIntegerField(_("层级"))
    numchild = models.PositiveIntegerField(_("下级数"), default=0)
    name = models.CharField(_("名称"), max_length=128)
    short_name = models.CharField(_("简称"), max_length=32, blank=True)
    code = models.SlugField(_("单位代码"), max_length=32, unique=True)
    uscc = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc]
    )
    kind = models.CharField(_("类型"), max_length=16, choices=UnitKind.choices)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    phone = models.CharField(_("办公电话"), max_length=32, blank=True)
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    node_order_by = ["sort_order", "code"]
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("组织机构")
        verbose_name_plural = _("组织机构")
        constraints = [
            models.UniqueConstraint(fields=["uscc"], condition=~Q(uscc=""), name="unique_unit_uscc")
        ]
        permissions = [("act_in_unit", _("可办理该单位事务"))]

    def __str__(self) -> str:
        return self.name

    @property
    def official_name(self) -> str:
        """The name a document is issued under. In the county everyone says 县行政审批服务局;
        a notice or licence names 蓝山县行政审批服务局, the county taken from GOVERNMENT_NAME.
        A township is 蓝山县城关镇人民政府; a section adds its department's name (one query)."""
        county = settings.GOVERNMENT_NAME.removesuffix("人民政府")
        if self.kind == UnitKind.GOVERNMENT or not county:
            return self.name
        if self.kind == UnitKind.SECTION:
            parent = OrgUnit.objects.get_parent(self)
            return f"{parent.official_name}{self.name}" if parent else self.name
        name = self.name
        if name.startswith(county):
            pass
        elif name.startswith("县"):
            name = county + name[1:]
        else:
            name = county + name
        if self.kind == UnitKind.TOWNSHIP and name.endswith("街道"):
            name += "办事处"
        elif self.kind == UnitKind.TOWNSHIP and not name.endswith("人民政府"):
            name += "人民政府"
        return name

    @property
    def owner_unit(self) -> "OrgUnit":
        return self


class Role(models.Model):
    """A role: what its holders may do (Django permissions). Which objects: see `permissions.py`."""

    code = models.CharField(_("角色代码"), max_length=32, unique=True, choices=RoleCode.choices)
    name = models.CharField(_("角色名称"), max_length=64)
    description = models.TextField(_("说明"), blank=True)
    permissions = models.ManyToManyField(Permission, verbose_name=_("权限"), blank=True)
    global_scope = models.BooleanField(
        _("全局范围"),
        default=False,
        help_text=_("勾选后，持有者的权限不限于所在单位（用于系统、安全、审计管理员和督查员）。"),
    )

    history = HistoricalRecords(m2m_fields=[permissions])

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class PostQuerySet(models.QuerySet):
    def active(self, on=None):
        """Posts held on `on` (default today): started, and not ended before that day."""
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )


class Post(models.Model):
    """A person holding a role in a unit. Several posts per person are allowed (兼职)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="posts",
        verbose_name=_("人员"),
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="posts", verbose_name=_("单位")
    )
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="posts", verbose_name=_("角色")
    )
    title = models.CharField(_("职务"), max_length=64, blank=True)
    is_primary = models.BooleanField(_("主岗"), default=True)
    start_date = models.DateField(_("任职日期"), default=timezone.localdate)
    end_date = models.DateField(_("离任日期"), null=True, blank=True)

    history = HistoricalRecords()
    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        ordering = ["user_id", "-is_primary", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=Q(end_date__isnull=True),
                name="unique_active_post",
            ),
            models.CheckConstraint(
                name="post_end_after_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
            ),
        ]
        permissions = [("assign_post", _("可分配岗位和角色"))]

    def __str__(self) -> str:
        return f"{self.unit} · {self.role}"

    @property
    def owner_unit(self) -> OrgUnit:
        return self.unit
