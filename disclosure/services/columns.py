"""Columns of the catalogue (栏目): defined in the back office, a tree per unit, each naming its
information body (a dynamic form of the platform) and review route (a fixed route)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from platform_core.models import FormDefinition, OrgUnit, ProcessDefinition, User

from ..constants import ColumnKind
from ..models import Column
from ..selectors.access import may_enter

FIELDS = ("name", "slug", "kind", "sort_order", "description", "body_form", "route", "is_active")


def _check_parent(column: Column) -> None:
    parent = column.parent
    seen = set()
    while parent is not None:
        if parent.pk == column.pk or parent.pk in seen:
            raise ValidationError({"parent": _("上级栏目不能是本栏目或其下级。")})
        if parent.unit_id != column.unit_id and not column.unit.path.startswith(parent.unit.path):
            raise ValidationError({"parent": _("上级栏目须属于本单位或上级单位。")})
        seen.add(parent.pk)
        parent = parent.parent


@transaction.atomic
def column_create(
    *,
    by: User,
    unit: OrgUnit,
    name: str,
    slug: str,
    parent: Column | None = None,
    kind: str = ColumnKind.CATALOGUE,
    sort_order: int = 100,
    description: str = "",
    body_form: FormDefinition | None = None,
    route: ProcessDefinition | None = None,
    is_active: bool = True,
) -> Column:
    """新建公开栏目，指定其信息体（动态表单）和审核流程。"""
    if not may_enter(by, unit):
        raise PermissionDenied
    column = Column(
        unit=unit,
        parent=parent,
        name=(name or "").strip(),
        slug=(slug or "").strip(),
        kind=kind,
        sort_order=sort_order,
        description=description,
        body_form=body_form,
        route=route,
        is_active=is_active,
        created_by=by,
    )
    column.full_clean()
    _check_parent(column)
    column._history_user = by
    column.save()
    return column


@transaction.atomic
def column_update(*, column: Column, by: User, parent: Column | None = None, **fields) -> Column:
    """修改公开栏目。"""
    column = Column.objects.select_for_update().get(pk=column.pk)
    if not may_enter(by, column.unit):
        raise PermissionDenied
    for name, value in fields.items():
        if name not in FIELDS:
            raise ValueError(name)
        setattr(column, name, value)
    column.parent = parent
    column.full_clean()
    _check_parent(column)
    column._history_user = by
    column.save()
    return column
