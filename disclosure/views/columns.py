"""Back office: the catalogue's columns (defined with no code: name, information body, review
route) and clearing an e-supervision card."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from platform_core.forms import add_service_errors
from platform_core.services.supervision import clock_card_clear

from ..forms.items import ClearCardForm, ColumnForm
from ..models import Column
from ..selectors import access
from ..selectors.items import cards_for, column_tree, columns_visible_to
from ..services import columns as services
from .common import disclosure_staff_required


@disclosure_staff_required
def column_list(request):
    tree = column_tree(columns_visible_to(request.user))
    for _depth, column in tree:  # a column links to its form only for who may edit it
        column.editable = access.may_enter(request.user, column.unit)
    return render(
        request,
        "disclosure/office/columns.html",
        {"tree": tree, "can_add": access.is_officer(request.user)},
    )


def _form(request, column: Column | None):
    units = access.entry_units(request.user).order_by("path")
    parents = columns_visible_to(request.user)
    if column is not None:
        parents = parents.exclude(pk=column.pk)
    return ColumnForm(
        request.POST or None, instance=column, units=units, parents=parents.order_by()
    )


def _fields(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("unit", None)
    data.pop("parent", None)
    return data


@disclosure_staff_required
def column_new(request):
    """新建栏目."""
    if not access.is_officer(request.user):
        raise PermissionDenied
    form = _form(request, None)
    if request.method == "POST" and form.is_valid():
        try:
            column = services.column_create(
                by=request.user,
                unit=form.cleaned_data["unit"],
                parent=form.cleaned_data["parent"],
                **_fields(form),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("栏目“%(name)s”已建立。") % {"name": column.name})
            return redirect("disclosure:columns")
    return render(request, "disclosure/office/column_form.html", {"form": form, "column": None})


@disclosure_staff_required
def column_edit(request, pk: int):
    column = columns_visible_to(request.user).filter(pk=pk).first()
    if column is None:
        raise Http404
    if not access.may_enter(request.user, column.unit):
        raise PermissionDenied
    form = _form(request, column)
    form.fields["unit"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.column_update(
                column=column, by=request.user, parent=form.cleaned_data["parent"], **_fields(form)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("栏目已保存。"))
            return redirect("disclosure:columns")
    return render(request, "disclosure/office/column_form.html", {"form": form, "column": column})


@require_POST
@disclosure_staff_required
def card_clear(request, pk: int):
    card = cards_for(request.user).filter(pk=pk).first()
    if card is None:
        raise Http404
    form = ClearCardForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写处理说明。"))
    else:
        try:
            clock_card_clear(
                card=card, by=request.user, explanation=form.cleaned_data["explanation"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("亮牌已处理。"))
    return redirect("disclosure:dashboard")
