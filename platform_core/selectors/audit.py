"""Reads of the audit browser: the login log and the change history of every audited model.

The change history lives in one simple-history table per model. The browser shows them as one
feed, newest first, built so that a page costs a fixed number of queries whatever its length:
- one UNION ALL over the history tables (filters applied in each branch) picks the page's rows
  by (date, id), plus one COUNT for the pager;
- then, per model kind present on the page, one query loads those rows and the record before
  each of them (for the field diff);
- per related model referenced by a foreign key on the page, one query resolves the labels;
- per many-to-many field tracked (role permissions), one query loads both sides of the diff.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import CharField, ForeignKey, Model, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords
from simple_history.utils import get_m2m_reverse_field_name

from ..models import LoginEvent

LABEL_FIELDS = ("name", "title", "username", "code", "subject")
CREATED_SUMMARY_MAX = 8
# Bookkeeping of the org tree (materialised path) says nothing a reader needs.
# Tree bookkeeping, hashes and search columns: nothing a reader of the history can use.
HIDDEN_FIELDS = {
    "depth", "numchild", "sha256", "code_hash", "query_code_hash", "token_hash", "fingerprint",
    "search_text", "search_vector",
}  # fmt: skip


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _date_filter(field_name: str, date_from, date_to) -> Q:
    q = Q()
    if date_from:
        q &= Q(**{f"{field_name}__gte": _day_start(date_from)})
    if date_to:
        q &= Q(**{f"{field_name}__lt": _day_start(date_to + datetime.timedelta(days=1))})
    return q


def _matching_users(text: str) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(Q(username__icontains=text) | Q(name__icontains=text))
        .values("pk")
    )


# --- Login log -----------------------------------------------------------------------------------


def login_events(
    *, user: str = "", kind: str = "", date_from=None, date_to=None
) -> QuerySet[LoginEvent]:
    """Login events, newest first; `user` matches the typed name or the account's name."""
    qs = LoginEvent.objects.select_related("user").order_by("-created_at", "-id")
    if user:
        qs = qs.filter(Q(username__icontains=user) | Q(user__name__icontains=user))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.filter(_date_filter("created_at", date_from, date_to))


# --- Change history ------------------------------------------------------------------------------


def is_change_history(model: type[Model]) -> bool:
    """A simple-history table of a model's changes (not the history of a many-to-many table,
    which is read with its owner's)."""
    return (
        model.__name__.startswith("Historical")
        and hasattr(model, "instance_type")
        and any(f.name == "history_date" for f in model._meta.concrete_fields)
    )


def history_models() -> dict[str, type[Model]]:
    """Every simple-history model of the project, keyed by the tracked model's label.

    Only tables that exist are listed: one app's pending migration must not take the whole audit
    browser down (one catalogue query per page).
    """
    existing = set(connection.introspection.table_names())
    found = {
        model.instance_type._meta.label_lower: model
        for model in apps.get_models()
        if model._meta.db_table in existing and is_change_history(model)
    }
    return dict(sorted(found.items()))


def _kind_label(model: type[Model]) -> str:
    own = str(model._meta.verbose_name)
    # `register(..., verbose_name=...)` names the history itself; otherwise use the model's name.
    if not own.startswith("historical") and own != model.__name__:
        return own
    return str(model.instance_type._meta.verbose_name)


def history_kinds(registry: dict | None = None) -> list[tuple[str, str]]:
    registry = history_models() if registry is None else registry
    return sorted(((key, _kind_label(m)) for key, m in registry.items()), key=lambda x: x[1])


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class ChangeEntry:
    kind_label: str
    record: Model
    object_label: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def when(self):
        return self.record.history_date

    @property
    def who(self):
        return self.record.history_user

    @property
    def reason(self) -> str:
        return self.record.history_change_reason or ""


def _prev_subquery(model):
    pk_name = model.instance_type._meta.pk.attname
    return (
        model.objects.filter(**{pk_name: OuterRef(pk_name)}, history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )


class ChangeFeed:
    """A lazy, sliceable list of ChangeEntry for django.core.paginator.Paginator."""

    def __init__(
        self, *, model: str = "", user: str = "", date_from=None, date_to=None, registry=None
    ):
        registry = history_models() if registry is None else registry
        if model:
            # An unknown kind lists nothing (the filter form refuses it before it gets here).
            registry = {model: registry[model]} if model in registry else {}
        self.models = registry
        self.user = user
        self.date_from = date_from
        self.date_to = date_to
        self._count = None

    def _branch(self, key: str, model) -> QuerySet:
        qs = model.objects.filter(_date_filter("history_date", self.date_from, self.date_to))
        if self.user:
            qs = qs.filter(history_user_id__in=_matching_users(self.user))
        return (
            qs.annotate(kind_key=Value(key, output_field=CharField()))
            .values("history_id", "history_date", "kind_key")
            .order_by()
        )

    def _union(self) -> QuerySet | None:
        branches = [self._branch(key, model) for key, model in self.models.items()]
        if not branches:
            return None
        if len(branches) == 1:
            return branches[0]
        return branches[0].union(*branches[1:], all=True)

    def count(self) -> int:
        if self._count is None:
            union = self._union()
            self._count = union.count() if union is not None else 0
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        union = self._union()
        if union is None:
            return []
        rows = list(union.order_by("-history_date", "-history_id", "kind_key")[index])
        return self._entries(rows)

    # -- building the page -------------------------------------------------------------------

    def _entries(self, rows: list[dict]) -> list[ChangeEntry]:
        ids_by_kind: dict[str, list[int]] = defaultdict(list)
        for row in rows:
            ids_by_kind[row["kind_key"]].append(row["history_id"])
        loaded: dict[tuple[str, int], tuple[Model, Model | None]] = {}
        m2m_values: dict[tuple[type, int], dict[str, set]] = {}
        for key, ids in ids_by_kind.items():
            model = self.models[key]
            pairs = self._load_with_previous(model, ids)
            for hid, pair in pairs.items():
                loaded[(key, hid)] = pair
            m2m_values.update(self._load_m2m(model, pairs))
        fk_labels = self._fk_labels(loaded.values(), m2m_values)
        # Every page row is loaded: history tables are append-only (rows are never deleted).
        entries = []
        for row in rows:
            record, prev = loaded[(row["kind_key"], row["history_id"])]
            entries.append(self._entry(row["kind_key"], record, prev, fk_labels, m2m_values))
        return entries

    @staticmethod
    def _load_with_previous(model, ids: list[int]) -> dict[int, tuple[Model, Model | None]]:
        """The page's records and the record before each, in one query."""
        prev_ids = (
            model.objects.filter(history_id__in=ids)
            .annotate(prev_id=Subquery(_prev_subquery(model)))
            .values("prev_id")
        )
        records = list(
            model.objects.filter(Q(history_id__in=ids) | Q(history_id__in=prev_ids))
            .select_related("history_user")
            .order_by("history_id")
        )
        pk_name = model.instance_type._meta.pk.attname
        by_object: dict = defaultdict(list)
        for record in records:
            by_object[getattr(record, pk_name)].append(record)
        wanted = set(ids)
        pairs = {}
        for history in by_object.values():
            # Sorted by history_id: the fetched record just before a page row is its previous
            # version, because that version was fetched for it.
            for i, record in enumerate(history):
                if record.history_id in wanted:
                    pairs[record.history_id] = (record, history[i - 1] if i else None)
        return pairs

    @staticmethod
    def _load_m2m(model, pairs) -> dict:
        fields = getattr(model, "_history_m2m_fields", None) or []
        if not fields or not pairs:
            return {}
        history_ids = {r.history_id for pair in pairs.values() for r in pair if r is not None}
        values: dict[tuple[type, int], dict[str, set]] = defaultdict(dict)
        for m2m_field in fields:
            through = HistoricalRecords.m2m_models[m2m_field]
            target = through._meta.get_field(get_m2m_reverse_field_name(m2m_field))
            for hid in history_ids:
                values[(model, hid)][m2m_field.name] = set()
            for hid, target_id in through.objects.filter(history_id__in=history_ids).values_list(
                "history_id", target.attname
            ):
                values[(model, hid)][m2m_field.name].add(target_id)
        return values

    def _fk_labels(self, pairs, m2m_values) -> dict[type, dict]:
        """Labels of every object a foreign key on the page points to: one query per model."""
        wanted: dict[type, set] = defaultdict(set)
        for record, prev in pairs:
            for f in record._meta.concrete_fields:
                if isinstance(f, ForeignKey) and f.name != "history_user":
                    for r in (record, prev):
                        value = getattr(r, f.attname) if r is not None else None
                        if value is not None:
                            wanted[f.related_model].add(value)
        for (model, _hid), fields in m2m_values.items():
            for m2m_field in model._history_m2m_fields:
                wanted[m2m_field.related_model].update(fields.get(m2m_field.name, set()))
        labels = {}
        for related, ids in wanted.items():
            # select_related() follows non-null foreign keys, so __str__ needs no more queries.
            objects = related._default_manager.select_related().filter(pk__in=ids)
            labels[related] = {obj.pk: str(obj) for obj in objects}
        return labels

    def _entry(self, key, record, prev, fk_labels, m2m_values) -> ChangeEntry:
        model = self.models[key]
        action = {"+": _("新建"), "~": _("修改"), "-": _("删除")}.get(record.history_type, "")
        changes: list[FieldChange] = []
        m2m_names = [f.name for f in getattr(model, "_history_m2m_fields", None) or []]
        if record.history_type == "~" and prev is not None:
            delta = record.diff_against(prev, excluded_fields=[*m2m_names, *HIDDEN_FIELDS])
            for change in delta.changes:
                f = model._meta.get_field(change.field)
                changes.append(
                    FieldChange(
                        str(f.verbose_name),
                        _display(f, change.old, fk_labels),
                        _display(f, change.new, fk_labels),
                    )
                )
        elif record.history_type == "+":
            pk_name = model.instance_type._meta.pk.name
            for hf in model._meta.concrete_fields:
                if hf.name == pk_name or hf.name.startswith("history_") or hf.name in HIDDEN_FIELDS:
                    continue
                if len(changes) >= CREATED_SUMMARY_MAX:
                    break
                value = getattr(record, hf.attname, None)
                if value in (None, "", False):
                    continue
                changes.append(
                    FieldChange(str(hf.verbose_name), "", _display(hf, value, fk_labels))
                )
        for name in m2m_names:
            m2m_field = model.instance_type._meta.get_field(name)
            new = m2m_values.get((model, record.history_id), {}).get(name, set())
            old = m2m_values.get((model, prev.history_id), {}).get(name, set()) if prev else set()
            if new != old:
                names = fk_labels.get(m2m_field.related_model, {})
                changes.append(
                    FieldChange(
                        str(m2m_field.verbose_name),
                        "；".join(sorted(names.get(pk, str(pk)) for pk in old - new)),
                        "；".join(sorted(names.get(pk, str(pk)) for pk in new - old)),
                    )
                )
        return ChangeEntry(_kind_label(model), record, _object_label(record), action, changes)


def _object_label(record) -> str:
    for name in LABEL_FIELDS:
        value = getattr(record, name, None)
        if isinstance(value, str) and value:
            return value
    pk_name = record.instance_type._meta.pk.attname
    return f"#{getattr(record, pk_name)}"


# "app.Model.field" → {stored value: label}, for fields that store codes without choices (a JSON
# list of legal grounds, say). Apps register theirs in AppConfig.ready().
VALUE_LABELS: dict[str, dict] = {}


def register_value_labels(field: str, labels: dict) -> None:
    VALUE_LABELS[field] = labels


def _display(model_field, value, fk_labels) -> str:
    if value is None or value == "" or value == []:
        return _("（空）")
    model = getattr(model_field.model, "instance_type", model_field.model)
    labels = VALUE_LABELS.get(f"{model._meta.label}.{model_field.name}")
    if labels is not None:
        values = value if isinstance(value, list) else [value]
        return "、".join(str(labels.get(v, v)) for v in values)
    if isinstance(model_field, ForeignKey):
        return fk_labels.get(model_field.related_model, {}).get(value, f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "Y-m-d H:i:s")
    if isinstance(value, datetime.date):
        return date_format(value, "Y-m-d")
    return str(value)
