"""Staff pickers: a county's staff in one select is hundreds of names, so the choices are grouped
by unit (an ``<optgroup>`` per unit, in the tree's order, a section labelled with its department:
县教育局 / 办公室) and the select carries ``data-picker``, which ``office/js/picker.js`` turns into
a search box filtering by name or unit as one types (the templates that show a picker include
templates/includes/picker_js.html; the other office pages load no script).

A person is listed under the unit of their primary post (the first active post); staff without
an active post come last under 其他人员. Building the choices takes three queries whatever the
number of people: the people, their posts with the units, and the units' departments.
"""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ..models import OrgUnit, Post

PICKER_ATTRS = {"data-picker": "", "data-picker-placeholder": _("输入姓名或单位筛选")}


def staff_groups(users) -> list[tuple[str, list]]:
    """[(unit label, [user, ...]), ...] in the tree's order; the users in their given order."""
    holders = users.values("pk") if isinstance(users, QuerySet) else [u.pk for u in users]
    users = list(users)
    posts = (
        Post.objects.active()
        .filter(user__in=holders)
        .order_by("user_id", "-is_primary", "id")
        .values_list("user_id", "unit__path", "unit__depth", "unit__name")
    )
    unit_of: dict[int, tuple[str, int, str]] = {}
    for user_id, path, depth, name in posts:
        unit_of.setdefault(user_id, (path, depth, name))
    step = OrgUnit.steplen
    parents = {path[:-step] for path, depth, _name in unit_of.values() if depth > 2}
    parent_names = dict(OrgUnit.objects.filter(path__in=parents).values_list("path", "name"))
    groups: dict[str, list] = {}
    labels: dict[str, str] = {}
    others: list = []
    for user in users:
        unit = unit_of.get(user.pk)
        if unit is None:
            others.append(user)
            continue
        path, depth, name = unit
        parent = parent_names.get(path[:-step], "") if depth > 2 else ""
        labels[path] = f"{parent} / {name}" if parent else name
        groups.setdefault(path, []).append(user)
    result = [(labels[path], groups[path]) for path in sorted(groups)]
    if others:
        result.append((str(_("其他人员")), others))
    return result


class _GroupedStaffIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for label, users in staff_groups(self.queryset):
            yield (label, [self.choice(user) for user in users])


class _PickerMixin:
    iterator = _GroupedStaffIterator

    def label_from_instance(self, obj) -> str:
        return obj.name

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.Select):  # SelectMultiple is a Select too
            attrs.update(PICKER_ATTRS)
        return attrs


class StaffPicker(_PickerMixin, forms.ModelChoiceField):
    """One person, grouped by unit and searchable."""


class StaffMultiPicker(_PickerMixin, forms.ModelMultipleChoiceField):
    """Several people, grouped by unit and searchable."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.SelectMultiple(attrs={"size": 10}))
        super().__init__(*args, **kwargs)
