"""Reads for the back-office shell: who is logged in, where they work, what waits for them.

Everything the top bar, the side navigation and the office home show is computed here in a fixed
number of queries (posts, root unit, unread count, to-do count, permissions), whatever the number
of posts, notifications or tasks, and memoised on the user object for the rest of the request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from ..constants import RoleCode
from ..permissions import SECURITY_ADMIN_ROLES, user_posts
from .inbox import request_counts, todo_count

if TYPE_CHECKING:
    from ..models import Post, User


@dataclass(frozen=True)
class Subsystem:
    code: str
    label: str
    url_name: str  # the subsystem's back-office entry page, once its app serves one
    description: str
    # Holders of any of these roles see the subsystem ...
    roles: frozenset[str] = frozenset()
    # ... and so does anyone holding a permission of this app (roles defined later by admins).
    app_label: str = ""
    everyone: bool = False
    # ... or anyone holding this one permission.
    perm: str = ""

    @property
    def url(self) -> str:
        """The entry page, or "" while the subsystem's app does not serve one yet."""
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return ""


_CASE_HANDLERS = frozenset(
    {
        RoleCode.WINDOW_CLERK,
        RoleCode.REVIEW_CLERK,
        RoleCode.SECTION_HEAD,
        RoleCode.LEADER,
        RoleCode.SUPERVISOR,
    }
)

# The six subsystems of the brief. The paths are served by the apps that own them.
SUBSYSTEMS: tuple[Subsystem, ...] = (
    Subsystem(
        "portal",
        _("门户网站"),
        "portal:office_home",
        _("栏目、稿件审核与网站发布"),
        # Not by module permissions: the system administrator's admin rights on channels and
        # the word list are configuration, not the editors' back office.
        roles=frozenset({RoleCode.WEB_EDITOR, RoleCode.LEADER}),
    ),
    Subsystem(
        "site",
        _("网站定义"),
        "portal:site_channels",
        _("栏目、可发布单位、网站设置、敏感词库与信息统计"),
        perm="portal.change_channel",
    ),
    Subsystem(
        "disclosure",
        _("信息公开"),
        "disclosure:office_home",
        _("主动公开、依申请公开与年度报告"),
        roles=frozenset({RoleCode.DISCLOSURE_OFFICER, RoleCode.SECTION_HEAD, RoleCode.LEADER}),
        app_label="disclosure",
    ),
    Subsystem(
        "oa",
        _("协同办公"),
        "oa:office_home",
        _("公文、督办、通知、日程与文件"),
        everyone=True,
    ),
    Subsystem(
        "interaction",
        _("政民互动"),
        "interaction:office_home",
        _("投诉、建议、咨询与意见征集"),
        roles=_CASE_HANDLERS,
        app_label="interaction",
    ),
    Subsystem(
        "approval",
        _("行政审批"),
        "approval:office_home",
        _("事项受理、审查、决定与电子监察"),
        roles=_CASE_HANDLERS,
        app_label="approval",
    ),
    Subsystem(
        "items",
        _("事项管理"),
        "approval:items",
        _("审批事项与办事指南的起草、修改、复制、停用与导入导出"),
        perm="approval.manage_item",
    ),
    Subsystem(
        "platform",
        _("应用支撑平台"),
        "platform_core:org_tree",
        _("组织机构、人员、角色与审计"),
        roles=frozenset({RoleCode.SYSTEM_ADMIN, RoleCode.SECURITY_ADMIN}),
    ),
    Subsystem(
        "forms",
        _("表单设计"),
        "platform_core:dynform_list",
        _("一事一表：动态表单的设计、预览与发布"),
        perm="platform_core.design_form",
    ),
    Subsystem(
        "routes",
        _("流程设计"),
        "platform_core:route_list",
        _("固定流程的定义、版本、流程图与 BPMN/XPDL 交换"),
        perm="platform_core.design_process",
    ),
    Subsystem(
        "sso",
        _("统一身份认证"),
        "platform_core:oidc_client_list",
        _("登记使用本平台账号登录的其他政务系统"),
        perm="platform_core.manage_oidcclient",
    ),
    Subsystem(
        "mail_quotas",
        _("邮箱空间管理"),
        "oa:mail_quotas",
        _("公务邮箱的空间上限与各人已用空间"),
        # The system administrator, or a unit administrator granted it for their units.
        perm="oa.change_mailquota",
    ),
    Subsystem(
        "audit",
        _("安全审计"),
        "platform_core:audit_logins",
        _("登录日志与数据变更记录"),
        roles=frozenset({RoleCode.AUDIT_ADMIN}),
    ),
)


@dataclass
class OfficeShell:
    posts: list[Post]
    root_unit_name: str
    unread_count: int
    todo_count: int
    subsystems: list[Subsystem] = field(default_factory=list)

    @property
    def units(self) -> list:
        seen, units = set(), []
        for post in self.posts:
            if post.unit_id not in seen:
                seen.add(post.unit_id)
                units.append(post.unit)
        return units

    @property
    def roles(self) -> list:
        seen, roles = set(), []
        for post in self.posts:
            if post.role_id not in seen:
                seen.add(post.role_id)
                roles.append(post.role)
        return roles


def subsystems_for(user: User, posts: list[Post]) -> list[Subsystem]:
    """The subsystems this person may open, in the fixed order of `SUBSYSTEMS`."""
    if user.is_superuser:
        return list(SUBSYSTEMS)
    role_codes = {post.role.code for post in posts}
    # 三员分立: a system, security or audit administrator holds configuration permissions of the
    # business apps for Django admin; that does not open the business subsystems to them.
    admin_only = bool(role_codes) and role_codes <= SECURITY_ADMIN_ROLES
    visible = []
    for sub in SUBSYSTEMS:
        # has_module_perms reads the permission cache that Django fills once per request.
        if (
            # 协同办公 is every civil servant's, not the three administrators' (is_oa_staff).
            (sub.everyone and not admin_only)
            or role_codes & sub.roles
            or (sub.perm and user.has_perm(sub.perm))
            or (not admin_only and sub.app_label and user.has_module_perms(sub.app_label))
        ):
            visible.append(sub)
    return visible


ROOT_NAME_KEY = "platform_core:root_unit_name"


def root_unit_name() -> str:
    """The county's name for the top bar; cached (signals.py forgets it when a top-level
    unit is saved or deleted)."""
    from django.core.cache import cache

    from ..models import OrgUnit

    name = cache.get(ROOT_NAME_KEY)
    if name is None:
        root = OrgUnit.objects.get_root_nodes().only("name").first()
        name = root.name if root is not None else ""
        cache.set(ROOT_NAME_KEY, name, 3600)
    return name


def office_shell(user: User) -> OfficeShell | None:
    """The shell data for a staff user, or None for anyone who may not use the back office."""
    if not (user.is_authenticated and user.is_office_user):
        return None
    cached = getattr(user, "_egov_office_shell", None)
    if cached is not None:
        return cached
    posts = user_posts(user)
    shell = OfficeShell(
        posts=posts,
        root_unit_name=root_unit_name(),
        unread_count=request_counts(user)["unread"],
        todo_count=todo_count(user),
        subsystems=subsystems_for(user, posts),
    )
    user._egov_office_shell = shell
    return shell


def inbox_by_type(user: User) -> dict | None:
    """待办分类: route tasks by subsystem (one query) and each work source's count (already
    counted for the top bar's badge in this request)."""
    from django.db.models import Count

    from ..inbox_sources import work_counts, work_sources
    from ..models import Subsystem as SubsystemChoice
    from ..models import TaskInfo
    from .inbox import request_viewer

    labels = dict(SubsystemChoice.choices)
    rows = (
        TaskInfo.objects.filter(request_viewer(user).todo_q())
        .values("subsystem")
        .annotate(n=Count("pk"))
        .order_by("subsystem")
    )
    kinds = [
        {"label": labels.get(r["subsystem"], r["subsystem"]), "count": r["n"], "link": ""}
        for r in rows
    ]
    counts = work_counts(user)
    for source in work_sources():
        if counts.get(source.key):
            kinds.append({"label": str(source.label), "count": counts[source.key], "link": ""})
    return {"kinds": kinds}
