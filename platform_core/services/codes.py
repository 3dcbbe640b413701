"""Code tables (数据字典): the registry of the tables apps use, and filling in their entries."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

REGISTRY: dict[str, CodeTableSpec] = {}


@dataclass(frozen=True)
class CodeTableSpec:
    code: str
    name: str
    entries: tuple[tuple[str, str], ...]  # the entries a new database starts with
    description: str = ""


def code_table_register(code: str, name: str, entries, description: str = "") -> None:
    """Declare a code table (called from an AppConfig.ready()). Its entries are created by
    `code_tables_sync` when missing; administrators may rename, reorder, disable and add."""
    REGISTRY[code] = CodeTableSpec(
        code, str(name), tuple((str(c), str(n)) for c, n in entries), str(description)
    )


def code_tables_sync(*, using: str = "default") -> int:
    """Create the registered tables and their missing entries (idempotent; never overwrites an
    administrator's change). Runs after every `migrate`. Returns the number of entries created."""
    from ..models import CodeEntry, CodeTable
    from ..selectors.codes import cache_clear

    created = 0
    with transaction.atomic(using=using):
        for spec in REGISTRY.values():
            table, _new = CodeTable.objects.using(using).get_or_create(
                code=spec.code, defaults={"name": spec.name, "description": spec.description}
            )
            known = set(table.entries.values_list("code", flat=True))
            missing = [
                CodeEntry(table=table, code=code, name=name, sort_order=(index + 1) * 10)
                for index, (code, name) in enumerate(spec.entries)
                if code not in known
            ]
            if missing:
                CodeEntry.objects.using(using).bulk_create(missing)
                created += len(missing)
                cache_clear(spec.code)
    return created


# --- Upkeep by the system administrator (back office: /office/org/codes/) ---------------------
#
# An entry's code is stored in other apps' records, so it never changes and an entry is never
# deleted: it is retired (停用) and keeps its name for old records. Every write checks the actor's
# permission itself, names the actor on the history row and clears the selector's cache once the
# transaction has committed (a read in between must not cache the old list again).


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("您没有执行此操作的权限。"))


def _clear_after_commit(table_code: str) -> None:
    from ..selectors.codes import cache_clear

    cache_clear(table_code)
    transaction.on_commit(lambda: cache_clear(table_code))


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写名称。")})
    return name


def code_entry_duplicate_error(table, code: str) -> str | None:
    """The message for a code the table already has (also shown by the form), or None."""
    from ..models import CodeEntry

    if CodeEntry.objects.filter(table=table, code=code.strip()).exists():
        return _("“%(table)s”中已有代码“%(code)s”，请换一个代码。") % {
            "table": table.name,
            "code": code.strip(),
        }
    return None


@transaction.atomic
def code_entry_create(*, table, code: str, name: str, sort_order: int, by):
    """字典条目新增：代码在本字典内唯一，名称必填。"""
    from .. import permissions
    from ..models import CodeEntry, CodeTable

    _require(permissions.can(by, "platform_core.add_codeentry"))
    table = CodeTable.objects.select_for_update().get(pk=table.pk)
    code = (code or "").strip()
    errors = {}
    if not code:
        errors["code"] = [_("请填写代码。")]
    elif duplicate := code_entry_duplicate_error(table, code):
        errors["code"] = [duplicate]
    try:
        name = _check_name(name)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    entry = CodeEntry(table=table, code=code, name=name, sort_order=sort_order)
    entry.full_clean()
    entry._history_user = by
    entry.save()
    _clear_after_commit(table.code)
    return entry


@transaction.atomic
def code_entry_update(*, entry, name: str, sort_order: int, by):
    """字典条目修改：名称与排序（代码已被业务记录引用，不能修改）。"""
    from .. import permissions
    from ..models import CodeEntry

    _require(permissions.can(by, "platform_core.change_codeentry"))
    entry = CodeEntry.objects.select_for_update().select_related("table").get(pk=entry.pk)
    entry.name = _check_name(name)
    entry.sort_order = sort_order
    entry.full_clean()
    entry._history_user = by
    entry.save()
    _clear_after_commit(entry.table.code)
    return entry


@transaction.atomic
def code_entry_set_active(*, entry, active: bool, by):
    """停用或重新启用字典条目（条目从不删除：已使用的记录仍显示其名称）。"""
    from .. import permissions
    from ..models import CodeEntry

    _require(permissions.can(by, "platform_core.change_codeentry"))
    entry = CodeEntry.objects.select_for_update().select_related("table").get(pk=entry.pk)
    if entry.is_active != active:
        entry.is_active = active
        entry._history_user = by
        entry.save()
        _clear_after_commit(entry.table.code)
    return entry
