"""Builds a real Django form class (and one formset per repeating table) from field specs.

The server decides: the same class renders the page, validates the POST and yields the JSON stored
in FormSubmission.data. A field whose display condition is not met is neither required nor kept,
whatever the browser sent for it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.formsets import INITIAL_FORM_COUNT
from django.forms.utils import ErrorDict, ErrorList
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from .files import FILE_KINDS
from .types import (
    FieldSpec,
    condition_tokens,
    form_value,
    initial_value,
    make_field,
    to_json,
)

MORE_ROWS = "dynforms_more"  # submit button name: "add a row to table <key>" without JavaScript


# BoundField.widget_type of the widgets made of several inputs.
GROUPED_WIDGETS = frozenset({"radioselect", "checkboxselectmultiple", "daterange", "region"})


def table_prefix(key: str) -> str:
    return f"t_{key}"


class RowForm(forms.Form):
    use_required_attribute = False


def _form_fields(specs: list[FieldSpec]) -> dict[str, forms.Field]:
    out = {}
    for spec in specs:
        field = make_field(spec)
        field.initial = initial_value(spec)
        out[spec.key] = field
    return out


def build_row_form(table: FieldSpec) -> type[RowForm]:
    return type(f"Row_{table.key}", (RowForm,), _form_fields(table.columns))


class TableFormSet(forms.BaseFormSet):
    """Rows shown from a saved table go back as typed rows (INITIAL_FORMS 0), so a row the
    person empties is dropped like an empty typed row instead of failing as required."""

    @cached_property
    def management_form(self):
        form = super().management_form
        if not self.is_bound:
            form.initial = {**form.initial, INITIAL_FORM_COUNT: 0}
        return form


def build_formset(table: FieldSpec):
    max_rows = int(table.options.get("max_rows") or 20)
    min_rows = int(table.options.get("min_rows") or 0)
    # Row counts are checked in DynamicForm.clean() with a message naming the table; the formset
    # only caps how many rows are built from a (possibly forged) TOTAL_FORMS.
    return forms.formset_factory(
        build_row_form(table),
        formset=TableFormSet,
        extra=1 if max_rows > min_rows else 0,
        min_num=min_rows,
        max_num=max_rows,
        absolute_max=max_rows,
        can_delete=True,
    )


@dataclass
class Item:
    """One entry of the page, in order: a field, or a repeating table with its formset."""

    spec: FieldSpec
    field: Any = None  # BoundField
    formset: Any = None
    condition_label: str = ""
    condition_value_label: str = ""
    table_errors: list | None = None
    file_types: str = ""
    grouped: bool = False  # several inputs: a <fieldset> with a <legend> instead of a <label>


class DynamicForm(forms.Form):
    specs: list[FieldSpec] = []
    formset_classes: dict[str, Any] = {}
    use_required_attribute = False  # the server decides; hidden fields must not block the browser

    def __init__(self, data=None, files=None, **kwargs):
        self.more_rows_for = ""
        if data is not None:
            self.more_rows_for = str(data.get(MORE_ROWS, ""))
            if self.more_rows_for in self.formset_classes:
                data = self._with_extra_row(data, self.more_rows_for)
            else:
                self.more_rows_for = ""
        super().__init__(data, files, **kwargs)
        self.hidden_keys: set[str] = set()
        self.table_errors: dict[str, list[str]] = {}
        # An unbound form shows the rows of its initial value (a saved table opened again).
        self.formsets = {
            key: cls(data, files, prefix=table_prefix(key))
            if self.is_bound
            else cls(prefix=table_prefix(key), initial=self.initial.get(key) or None)
            for key, cls in self.formset_classes.items()
        }
        if self.more_rows_for:
            # Only a row was added: show the page again as typed, without any error messages.
            self._errors = ErrorDict()
            for formset in self.formsets.values():
                formset._errors, formset._non_form_errors = [], ErrorList()
                for row in formset.forms:
                    row._errors = ErrorDict()

    @classmethod
    def stored_initial(cls, stored: dict | None) -> dict:
        """`initial` for this form from stored data (FormSubmission.data): every field type,
        tables, date ranges and regions included, comes back as it was saved; a field saved
        empty stays empty (its default is for a new form). Files are not shown again."""
        stored = stored or {}
        return {
            spec.key: form_value(spec, stored[spec.key])
            for spec in cls.specs
            if spec.key in stored and spec.type != "file"
        }

    @staticmethod
    def _with_extra_row(data, key: str):
        data = data.copy()
        name = f"{table_prefix(key)}-TOTAL_FORMS"
        with contextlib.suppress(ValueError):  # a forged count: the formset reports it
            data[name] = str(int(data.get(name, "0")) + 1)
        return data

    # --- validation -------------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        specs = {spec.key: spec for spec in self.specs}
        for spec in self.specs:
            if not spec.condition_field:
                continue
            controller = spec.condition_field
            shown = (
                controller in specs
                and controller not in self.hidden_keys
                and spec.condition_value in condition_tokens(cleaned.get(controller))
            )
            if not shown:
                self.hidden_keys.add(spec.key)
        for key in self.hidden_keys:
            cleaned.pop(key, None)
            self._errors.pop(key, None)
        for spec in self.specs:
            if spec.type == "table" and spec.key not in self.hidden_keys:
                cleaned[spec.key] = self._clean_table(spec)
        return cleaned

    def _clean_table(self, spec: FieldSpec) -> list[dict]:
        formset = self.formsets[spec.key]
        errors = self.table_errors.setdefault(spec.key, [])
        if not formset.is_valid():
            errors.extend(formset.non_form_errors())
            if any(row.errors for row in formset.forms):
                errors.append(_("请检查表格中标出的错误。"))
        rows = [
            row.cleaned_data
            for row in formset.forms
            if row.has_changed()
            and not row.errors
            and not row.cleaned_data.get("DELETE")
            and row.cleaned_data
        ]
        min_rows = int(spec.options.get("min_rows") or 0)
        max_rows = int(spec.options.get("max_rows") or 20)
        if spec.required and not rows and min_rows == 0:
            min_rows = 1
        if len(rows) < min_rows:
            errors.append(_("至少填写 %(n)s 行。") % {"n": min_rows})
        if len(rows) > max_rows:
            errors.append(_("最多填写 %(n)s 行。") % {"n": max_rows})
        if errors:
            self.add_error(None, _("“%(label)s”填写有误。") % {"label": spec.label})
        return [{k: v for k, v in row.items() if k != "DELETE"} for row in rows]

    # --- results ----------------------------------------------------------------------------

    def data_json(self) -> dict:
        """The cleaned data as stored: JSON values, file fields left to the service."""
        out: dict[str, Any] = {}
        for spec in self.specs:
            if spec.key not in self.cleaned_data or spec.type == "file":
                continue
            value = self.cleaned_data[spec.key]
            if spec.type == "table":
                out[spec.key] = [
                    {col.key: to_json(col, row.get(col.key)) for col in spec.columns}
                    for row in value
                ]
            else:
                out[spec.key] = to_json(spec, value)
        return out

    def uploads(self) -> dict:
        """field key -> uploaded file (sniffed and checked), for the visible file fields."""
        return {
            spec.key: self.cleaned_data[spec.key]
            for spec in self.specs
            if spec.type == "file" and self.cleaned_data.get(spec.key)
        }

    def items(self) -> list[Item]:
        labels = {spec.key: spec for spec in self.specs}
        out = []
        for spec in self.specs:
            item = Item(spec=spec)
            if spec.type == "table":
                item.formset = self.formsets[spec.key]
                item.table_errors = self.table_errors.get(spec.key, [])
            else:
                item.field = self[spec.key]
                item.grouped = item.field.widget_type in GROUPED_WIDGETS
            if spec.type == "file":
                item.file_types = "、".join(
                    str(FILE_KINDS[kind][0]) for kind in spec.options.get("allowed_types", [])
                )
            controller = labels.get(spec.condition_field)
            if controller is not None:
                item.condition_label = controller.label
                item.condition_value_label = _condition_value_label(controller, spec)
            out.append(item)
        return out


def _condition_value_label(controller: FieldSpec, spec: FieldSpec) -> str:
    if controller.type == "yesno":
        return _("是") if spec.condition_value == "yes" else _("否")
    return controller.choice_labels().get(spec.condition_value, spec.condition_value)


def build_form_class(specs: list[FieldSpec]) -> type[DynamicForm]:
    attrs: dict[str, Any] = {
        "specs": specs,
        "formset_classes": {s.key: build_formset(s) for s in specs if s.type == "table"},
        **_form_fields([s for s in specs if s.type != "table"]),
    }
    return type("GeneratedForm", (DynamicForm,), attrs)
