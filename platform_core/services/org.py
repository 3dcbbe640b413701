"""Writes for the organisation: units, staff accounts, posts, unit grants, the holiday calendar.

Every function checks the actor's permission itself (a view is not the only caller: management
commands and other apps call these too) and names the actor on the history row
(`instance._history_user = by`), so the audit log says who did what even outside a request.

Separation of the three security roles (三员分立) follows from the permissions each role holds
(see `roles.py`): units, people and the calendar need the system administrator's permissions; posts
and unit grants need `platform_core.assign_post`, which only the security administrator holds.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.models import UserObjectPermission

from .. import permissions
from ..constants import RoleCode, UserKind
from ..models import CalendarDay, OrgUnit, Post, Role, User

UNIT_FIELDS = frozenset(
    {"name", "short_name", "code", "uscc", "kind", "sort_order", "phone", "address", "is_active"}
)
STAFF_FIELDS = frozenset({"name", "mobile", "email", "is_active"})
# Fields treebeard maintains itself; full_clean() must not judge them.
_TREE_FIELDS = ["path", "depth", "numchild"]
# 三员分立: one person never holds two of these roles at the same time.
SECURITY_ROLES = frozenset({RoleCode.SYSTEM_ADMIN, RoleCode.SECURITY_ADMIN, RoleCode.AUDIT_ADMIN})
ACT_IN_UNIT = "platform_core.act_in_unit"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("您没有执行此操作的权限。"))


def _unknown_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")


# --- Units ----------------------------------------------------------------------------------------


@transaction.atomic
def unit_create(*, parent: OrgUnit | None, by: User, **fields: Any) -> OrgUnit:
    """新增组织机构：在上级单位之下建立单位（无上级时为根单位，须全局管理权限）。"""
    _unknown_fields(fields, UNIT_FIELDS)
    if parent is None:
        _require(
            permissions.can(by, "platform_core.add_orgunit") and permissions.has_global_scope(by)
        )
    else:
        _require(permissions.can(by, "platform_core.add_orgunit", parent))
    unit = OrgUnit(**fields)
    unit.full_clean(exclude=_TREE_FIELDS)
    unit._history_user = by
    if parent is None:
        return OrgUnit.objects.add_root(instance=unit)
    return OrgUnit.objects.add_child(parent, instance=unit)


def _resort(unit: OrgUnit) -> None:
    # The tree is kept sorted by (sort_order, code) in the path itself, so that reading it in path
    # order is reading it in display order; a changed sort key needs the node moved to its place.
    parent = OrgUnit.objects.get_parent(unit)
    if parent is None:
        OrgUnit.objects.move(unit, unit, "sorted-sibling")
    else:
        OrgUnit.objects.move(unit, parent, "sorted-child")


@transaction.atomic
def unit_update(*, unit: OrgUnit, by: User, **fields: Any) -> OrgUnit:
    """修改组织机构信息（名称、代码、排序、联系方式、启用状态等）。"""
    _unknown_fields(fields, UNIT_FIELDS)
    _require(permissions.can(by, "platform_core.change_orgunit", unit))
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    resort = any(
        key in fields and fields[key] != getattr(unit, key) for key in ("sort_order", "code")
    )
    for key, value in fields.items():
        setattr(unit, key, value)
    unit.full_clean(exclude=_TREE_FIELDS)
    unit._history_user = by
    unit.save()
    if resort:
        _resort(unit)
        unit.refresh_from_db()
    return unit


@transaction.atomic
def unit_move(*, unit: OrgUnit, new_parent: OrgUnit, by: User) -> OrgUnit:
    """调整组织机构隶属关系：把单位连同其下级单位移到新的上级单位之下。"""
    _require(permissions.can(by, "platform_core.change_orgunit", unit))
    _require(permissions.can(by, "platform_core.change_orgunit", new_parent))
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    new_parent = OrgUnit.objects.get(pk=new_parent.pk)
    if new_parent.pk == unit.pk or new_parent.is_descendant_of(unit):
        raise ValidationError({"parent": _("不能把单位移到它自己或它的下级单位之下。")})
    current_parent = OrgUnit.objects.get_parent(unit)
    if current_parent is not None and current_parent.pk == new_parent.pk:
        return unit
    OrgUnit.objects.move(unit, new_parent, "sorted-child")
    # treebeard rewrites paths with raw UPDATEs; save once so the history shows the move and who.
    unit.refresh_from_db()
    unit._history_user = by
    unit._change_reason = _("调整上级单位为：%(name)s") % {"name": new_parent.name}
    unit.save()
    return unit


# --- Staff ----------------------------------------------------------------------------------------


@transaction.atomic
def staff_create(
    *, by: User, username: str, name: str, mobile: str, email: str, password: str
) -> User:
    """新增工作人员账号（初始密码须符合密码策略，首次登录须修改）。"""
    _require(permissions.can(by, "platform_core.add_user"))
    person = User(
        username=username.strip(),
        name=name.strip(),
        mobile=mobile.strip(),
        email=email.strip(),
        kind=UserKind.STAFF,
    )
    try:
        password_validation.validate_password(password, person)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    person.set_password(password)
    person.full_clean()
    person._history_user = by
    person.save()
    # The administrator knows this password: the person must replace it at first login
    # (the account policy middleware treats an unknown change date as expired).
    User.objects.filter(pk=person.pk).update(password_changed_at=None)
    person.password_changed_at = None
    return person


def _require_staff(person: User) -> None:
    if person.kind != UserKind.STAFF:
        raise ValidationError(_("只能对工作人员账号执行此操作。"))


@transaction.atomic
def staff_update(*, person: User, by: User, **fields: Any) -> User:
    """修改工作人员信息（姓名、手机号码、电子邮箱、启用状态）。"""
    _unknown_fields(fields, STAFF_FIELDS)
    _require(permissions.can_on_person(by, "platform_core.change_user", person))
    _require_staff(person)
    if fields.get("is_active") is False and person.pk == by.pk:
        raise ValidationError(_("不能停用自己的账号。"))
    person = User.objects.select_for_update().get(pk=person.pk)
    for key, value in fields.items():
        setattr(person, key, value.strip() if isinstance(value, str) else value)
    person.full_clean(exclude=["password"])
    person._history_user = by
    person.save()
    return person


def staff_deactivate(*, person: User, by: User) -> User:
    """停用工作人员账号（人员信息和历史记录保留，从不删除）。"""
    return staff_update(person=person, by=by, is_active=False)


def staff_activate(*, person: User, by: User) -> User:
    """重新启用工作人员账号。"""
    return staff_update(person=person, by=by, is_active=True)


# --- Posts ----------------------------------------------------------------------------------------


@transaction.atomic
def post_assign(
    *,
    user: User,
    unit: OrgUnit,
    role: Role,
    by: User,
    title: str = "",
    is_primary: bool = True,
) -> Post:
    """任命岗位：让工作人员在某单位担任某角色（可兼职，多个岗位）。"""
    _require(permissions.can(by, "platform_core.assign_post", unit))
    # Nobody grants themselves rights: a second security administrator must do it.
    _require(user.pk != by.pk)
    _require_staff(user)
    if not user.is_active:
        raise ValidationError(_("该账号已停用，不能任命岗位。"))
    if role.code in SECURITY_ROLES:
        held = (
            permissions.active_posts(user)
            .filter(role__code__in=SECURITY_ROLES)
            .exclude(role=role)
            .exists()
        )
        if held:
            raise ValidationError(
                {"role": _("系统管理员、安全管理员、审计管理员须由不同人员担任（三员分立）。")}
            )
    post = Post(user=user, unit=unit, role=role, title=title.strip(), is_primary=is_primary)
    post.full_clean()
    post._history_user = by
    post.save()
    permissions.clear_scope_cache(user)
    return post


@transaction.atomic
def post_end(*, post: Post, by: User, end_date: datetime.date | None = None) -> Post:
    """免去岗位：记录离任日期（当天仍有效），岗位记录保留。"""
    _require(permissions.can(by, "platform_core.assign_post", post))
    _require(post.user_id != by.pk)
    post = Post.objects.select_for_update().select_related("user").get(pk=post.pk)
    if post.end_date is not None:
        raise ValidationError(_("该岗位已于 %(date)s 免去。") % {"date": post.end_date})
    post.end_date = end_date or timezone.localdate()
    if post.end_date < post.start_date:
        raise ValidationError({"end_date": _("离任日期不能早于任职日期。")})
    post.full_clean()
    post._history_user = by
    post.save()
    permissions.clear_scope_cache(post.user)
    return post


# --- Unit grants (guardian object permission act_in_unit) -----------------------------------------


def _grant_fields(user: User, unit: OrgUnit) -> dict[str, Any]:
    """The guardian row that grants `user` act_in_unit on `unit`, as field values."""
    app_label, codename = ACT_IN_UNIT.split(".")
    return {
        "user": user,
        "permission": Permission.objects.get(content_type__app_label=app_label, codename=codename),
        "content_type": ContentType.objects.get_for_model(OrgUnit),
        "object_pk": str(unit.pk),
    }


@transaction.atomic
def unit_grant(*, user: User, unit: OrgUnit, by: User) -> UserObjectPermission:
    """授予工作人员办理某单位（及其下级单位）事务的权限。"""
    _require(permissions.can(by, "platform_core.assign_post", unit))
    _require(user.pk != by.pk)
    _require_staff(user)
    fields = _grant_fields(user, unit)
    existing = UserObjectPermission.objects.filter(**fields).first()
    if existing is not None:
        return existing
    # Created here rather than by guardian's assign_perm() so that the history row names the actor.
    grant = UserObjectPermission(**fields)
    grant._history_user = by
    grant.save()
    permissions.clear_scope_cache(user)
    return grant


@transaction.atomic
def unit_revoke(*, user: User, unit: OrgUnit, by: User) -> bool:
    """收回工作人员办理某单位事务的权限。返回是否确有收回。"""
    _require(permissions.can(by, "platform_core.assign_post", unit))
    _require(user.pk != by.pk)
    grant = UserObjectPermission.objects.filter(**_grant_fields(user, unit)).first()
    if grant is None:
        return False
    grant._history_user = by
    grant.delete()
    permissions.clear_scope_cache(user)
    return True


# --- Holiday calendar -----------------------------------------------------------------------------


@transaction.atomic
def calendar_day_set(
    *, date: datetime.date, is_working_day: bool, name: str, by: User
) -> CalendarDay:
    """设置节假日或调休上班日（同一日期已有设置时予以修改）。"""
    day = CalendarDay.objects.select_for_update().filter(date=date).first()
    if day is None:
        _require(permissions.can(by, "platform_core.add_calendarday"))
        day = CalendarDay(date=date)
    else:
        _require(permissions.can(by, "platform_core.change_calendarday"))
    day.is_working_day = is_working_day
    day.name = name.strip()
    day.full_clean()
    day._history_user = by
    day.save()
    return day


@transaction.atomic
def calendar_day_delete(*, day: CalendarDay, by: User) -> None:
    """删除节假日或调休设置（恢复为国家日历）。"""
    _require(permissions.can(by, "platform_core.delete_calendarday"))
    day._history_user = by
    day.delete()
