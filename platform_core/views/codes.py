"""Back-office pages of the code tables (数据字典), under the organisation's configuration: the
system administrator adds entries, renames and reorders them, and retires those no longer offered.
An entry is never deleted (records keep its code). Permission checks: the decorator here and the
service again (the service is the authority)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import permissions
from ..decorators import office_permission_required
from ..forms import add_service_errors
from ..forms.codes import CodeEntryForm
from ..models import CodeEntry, CodeTable
from ..selectors import codes as selectors
from ..services import codes as services


@office_permission_required("platform_core.view_codetable")
def code_tables(request):
    """数据字典：全部字典及其条目数。"""
    return render(
        request,
        "platform_core/org/code_tables.html",
        {"tables": selectors.code_tables_overview()},
    )


@office_permission_required("platform_core.view_codeentry")
def code_table_detail(request, pk: int):
    """一个字典的全部条目（启用与停用）。"""
    table = get_object_or_404(CodeTable, pk=pk)
    user = request.user
    return render(
        request,
        "platform_core/org/code_table.html",
        {
            "table": table,
            "entries": selectors.code_table_entries(table),
            "can_add": permissions.can(user, "platform_core.add_codeentry"),
            "can_change": permissions.can(user, "platform_core.change_codeentry"),
        },
    )


@office_permission_required("platform_core.add_codeentry")
@require_http_methods(["GET", "POST"])
def code_entry_create(request, pk: int):
    table = get_object_or_404(CodeTable, pk=pk)
    last = table.entries.order_by("-sort_order").values_list("sort_order", flat=True).first()
    form = CodeEntryForm(initial={"sort_order": (last or 0) + 10}, table=table)
    if request.method == "POST":
        form = CodeEntryForm(request.POST, table=table)
        if form.is_valid():
            try:
                entry = services.code_entry_create(
                    table=table, **form.cleaned_data, by=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已新增条目“%(entry)s”。") % {"entry": entry})
                return redirect("platform_core:code_table_detail", pk=table.pk)
    return render(
        request,
        "platform_core/org/code_entry_form.html",
        {"table": table, "form": form, "entry": None},
    )


@office_permission_required("platform_core.change_codeentry")
@require_http_methods(["GET", "POST"])
def code_entry_edit(request, pk: int):
    entry = get_object_or_404(CodeEntry.objects.select_related("table"), pk=pk)
    form = CodeEntryForm(
        initial={"name": entry.name, "sort_order": entry.sort_order}, for_edit=True
    )
    if request.method == "POST":
        form = CodeEntryForm(request.POST, for_edit=True)
        if form.is_valid():
            try:
                entry = services.code_entry_update(
                    entry=entry, **form.cleaned_data, by=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已保存条目“%(entry)s”。") % {"entry": entry})
                return redirect("platform_core:code_table_detail", pk=entry.table_id)
    return render(
        request,
        "platform_core/org/code_entry_form.html",
        {"table": entry.table, "form": form, "entry": entry},
    )


@office_permission_required("platform_core.change_codeentry")
@require_POST
def code_entry_set_active(request, pk: int, active: bool):
    entry = get_object_or_404(CodeEntry, pk=pk)
    entry = services.code_entry_set_active(entry=entry, active=active, by=request.user)
    if active:
        messages.success(request, _("已重新启用条目“%(entry)s”。") % {"entry": entry})
    else:
        messages.success(
            request,
            _("已停用条目“%(entry)s”：不再供选择，已使用的记录仍显示其名称。") % {"entry": entry},
        )
    return redirect("platform_core:code_table_detail", pk=entry.table_id)
