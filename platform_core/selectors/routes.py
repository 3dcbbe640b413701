"""Reads for fixed routes: definitions, versions, and a version as a `RouteSpec`."""

from __future__ import annotations

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from ..models import ProcessDefinition, ProcessVersion, StepDefinition, Transition, VersionStatus
from ..routes.conditions import choose_next_step
from ..routes.spec import RouteSpec, StepSpec, TransitionSpec


def definitions_list() -> QuerySet[ProcessDefinition]:
    """Every definition with its published and draft version numbers (one query)."""
    return (
        ProcessDefinition.objects.select_related("owner_unit")
        .annotate(
            published_number=Max("versions__number", filter=Q(versions__status="published")),
            draft_number=Max("versions__number", filter=Q(versions__status="draft")),
            version_count=Count("versions"),
        )
        .order_by("code")
    )


def definition_by_code(code: str) -> ProcessDefinition | None:
    return ProcessDefinition.objects.select_related("owner_unit").filter(code=code).first()


def definition_versions(definition: ProcessDefinition) -> QuerySet[ProcessVersion]:
    return definition.versions.select_related("created_by", "published_by").order_by("-number")


def version_get(definition: ProcessDefinition, number: int) -> ProcessVersion | None:
    return (
        ProcessVersion.objects.select_related("definition")
        .filter(definition=definition, number=number)
        .first()
    )


def version_published(definition: ProcessDefinition) -> ProcessVersion | None:
    """The version new cases start on."""
    return definition.versions.filter(status=VersionStatus.PUBLISHED).first()


def version_for_new_case(code: str) -> ProcessVersion | None:
    """For the engine: the published version of route `code` (a running case keeps its own)."""
    return (
        ProcessVersion.objects.select_related("definition")
        .filter(definition__code=code, status=VersionStatus.PUBLISHED)
        .first()
    )


def version_steps(version: ProcessVersion) -> QuerySet[StepDefinition]:
    return version.steps.select_related("role", "unit").order_by("order", "key")


def version_transitions(version: ProcessVersion) -> QuerySet[Transition]:
    return version.transitions.select_related("source", "target").order_by(
        "source__order", "source__key", "priority", "id"
    )


def version_spec(version: ProcessVersion) -> RouteSpec:
    """The stored version as plain data, in canonical order (three queries).

    The version is read again rather than trusted, so that a caller's stale object or a filled
    prefetch cache cannot change what is validated, exported or run."""
    version = (
        ProcessVersion.objects.select_related("definition")
        .prefetch_related(
            Prefetch("steps", queryset=StepDefinition.objects.select_related("role", "unit")),
            Prefetch("transitions", queryset=Transition.objects.select_related("source", "target")),
        )
        .get(pk=version.pk)
    )
    steps = [
        StepSpec(
            key=s.key,
            name=s.name,
            order=s.order,
            role_code=s.role.code,
            role_name=s.role.name,
            unit_scope=s.unit_scope,
            unit_code=s.unit.code if s.unit else "",
            unit_name=s.unit.name if s.unit else "",
            time_limit_days=s.time_limit_days,
            form_code=s.form_code,
            countersign=s.countersign,
        )
        for s in version.steps.all()
    ]
    transitions = [
        TransitionSpec(
            source=t.source.key,
            target=t.target.key if t.target else None,
            condition=t.condition or {},
            priority=t.priority,
            label=t.label,
        )
        for t in version.transitions.all()
    ]
    definition = version.definition
    stamp = version.published_at or version.created_at
    return RouteSpec.build(
        code=definition.code,
        name=definition.name,
        description=definition.description,
        steps=steps,
        transitions=transitions,
        version_number=version.number,
        created=timezone.localtime(stamp).date().isoformat() if stamp else "",
    )


def next_step(version: RouteSpec | ProcessVersion, current_step_key: str, data: dict) -> str | None:
    """The key of the step after `current_step_key` for this form data; None means the end.

    `version` is a RouteSpec or a ProcessVersion (read as its spec); see
    routes.conditions.choose_next_step for the rule.
    """
    spec = version if isinstance(version, RouteSpec) else version_spec(version)
    return choose_next_step(spec, current_step_key, data)
