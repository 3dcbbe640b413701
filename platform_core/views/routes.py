"""Back-office pages of the route designer: list, version detail with graph, drafts, import/export.

Every page needs `platform_core.design_process` (system and item administrators); forms parse,
services check and write, and a service's ValidationError comes back as a message or form error.
Pages work without JavaScript: every action is a plain form post.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..decorators import office_permission_required
from ..forms import add_service_errors
from ..forms import routes as forms
from ..models import (
    CountersignMode,
    OrgUnit,
    ProcessDefinition,
    ProcessVersion,
    Role,
    StepDefinition,
    UnitScope,
    VersionStatus,
)
from ..routes.bpmn import export_bpmn
from ..routes.conditions import describe
from ..routes.graph import render_svg
from ..routes.xpdl import export_xpdl
from ..selectors import routes as selectors
from ..services import routes as services

designer_required = office_permission_required(services.DESIGN)
EXPORTERS = {"bpmn": export_bpmn, "xpdl": export_xpdl}  # keyed by the `fmt` of the export URLs


def _definition_or_404(code: str) -> ProcessDefinition:
    definition = selectors.definition_by_code(code)
    if definition is None:
        raise Http404
    return definition


def _version_or_404(code: str, number: int) -> ProcessVersion:
    version = selectors.version_get(_definition_or_404(code), number)
    if version is None:
        raise Http404
    return version


def _step_or_404(version: ProcessVersion, key: str) -> StepDefinition:
    step = version.steps.select_related("role", "unit").filter(key=key).first()
    if step is None:
        raise Http404
    return step


def _shown_version(versions: list[ProcessVersion], number: str) -> ProcessVersion | None:
    """The version asked for (?v=), else the draft being edited, else the published one, else the
    newest; picked from the list the page shows anyway (newest first) instead of asking again."""
    asked = int(number) if number.isdigit() else None
    candidates = (
        [v for v in versions if v.number == asked]
        + [v for v in versions if v.status == VersionStatus.DRAFT]
        + [v for v in versions if v.status == VersionStatus.PUBLISHED]
        + versions
    )
    return candidates[0] if candidates else None


def _detail_url(version: ProcessVersion) -> str:
    url = reverse("platform_core:route_detail", args=[version.definition.code])
    return f"{url}?v={version.number}"


def _keys(raw: str) -> list[str]:
    return [k for k in (raw or "").split(",") if k][:50]


@designer_required
@require_http_methods(["GET", "POST"])
def route_list(request):
    """固定流程列表；新建流程；导入 BPMN 新建流程。"""
    form = forms.DefinitionForm(request.POST or None, prefix="new")
    if request.method == "POST" and form.is_valid():
        try:
            definition = services.definition_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已新建流程，并生成第 1 版草稿。"))
            return redirect("platform_core:route_detail", code=definition.code)
    return render(
        request,
        "platform_core/routes/list.html",
        {
            "definitions": selectors.definitions_list(),
            "form": form,
            "import_form": forms.ImportForm(prefix="imp"),
        },
    )


@designer_required
@require_GET
def route_detail(request, code: str):
    """流程详情：版本、步骤、流转条件、流程图、导入导出。"""
    definition = _definition_or_404(code)
    versions = list(selectors.definition_versions(definition))
    version = _shown_version(versions, request.GET.get("v", ""))
    transitions = list(selectors.version_transitions(version)) if version else []
    rows = [(t, describe(t.condition)) for t in transitions]
    import_form = forms.ImportForm(initial={"code": code}, prefix="imp")
    import_form.fields["code"].widget = import_form.fields["code"].hidden_widget()
    return render(
        request,
        "platform_core/routes/detail.html",
        {
            "definition": definition,
            "versions": versions,
            "version": version,
            "steps": selectors.version_steps(version) if version else [],
            "transitions": rows,
            "has_draft": any(v.is_draft for v in versions),
            "import_form": import_form,
        },
    )


@designer_required
@require_GET
def route_graph(request, code: str, number: int):
    """流程图（SVG）：?current= 当前所在步骤，?visited= 已经过的步骤（逗号分隔的步骤标识）。"""
    version = _version_or_404(code, number)
    spec = selectors.version_spec(version)
    title = _("%(name)s（第 %(number)s 版）流程图") % {"name": spec.name, "number": version.number}
    svg = render_svg(
        spec,
        current=_keys(request.GET.get("current", "")),
        visited=_keys(request.GET.get("visited", "")),
        title=title,
    )
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@designer_required
@require_GET
def route_export(request, code: str, number: int, fmt: str):
    """导出 BPMN 2.0 或 XPDL 2.2 文件。"""
    version = _version_or_404(code, number)
    body = EXPORTERS[fmt](selectors.version_spec(version))
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{code}-v{number}.{fmt}"'
    return response


@designer_required
@require_POST
def route_import(request):
    """导入 BPMN 2.0 文件，生成新的草稿版本。"""
    form = forms.ImportForm(request.POST, request.FILES, prefix="imp")
    back = request.POST.get("imp-code", "")
    if form.is_valid():
        try:
            draft = services.bpmn_import(
                xml_bytes=form.cleaned_data["file"].read(),
                code=form.cleaned_data["code"],
                by=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("已导入为第 %(n)s 版草稿。") % {"n": draft.number})
            return redirect(_detail_url(draft))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    if back and selectors.definition_by_code(back):
        return redirect("platform_core:route_detail", code=back)
    return redirect("platform_core:route_list")


@designer_required
@require_POST
def version_new_draft(request, code: str):
    """以发布版本为基础新建草稿。"""
    definition = _definition_or_404(code)
    try:
        draft = services.version_draft_from_published(definition=definition, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("platform_core:route_detail", code=code)
    messages.success(request, _("已新建第 %(n)s 版草稿。") % {"n": draft.number})
    return redirect(_detail_url(draft))


@designer_required
@require_POST
def version_publish(request, code: str, number: int):
    """发布草稿版本。"""
    version = _version_or_404(code, number)
    try:
        services.version_publish(version=version, by=request.user)
    except ValidationError as exc:
        messages.error(request, _("不能发布："))
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("第 %(n)s 版已发布，新案件将按此版本办理。") % {"n": number})
    return redirect(_detail_url(version))


@designer_required
@require_POST
def version_discard(request, code: str, number: int):
    """删除草稿版本。"""
    version = _version_or_404(code, number)
    try:
        services.version_draft_discard(version=version, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(_detail_url(version))
    messages.success(request, _("草稿已删除。"))
    return redirect("platform_core:route_detail", code=code)


@designer_required
@require_http_methods(["GET", "POST"])
def step_form(request, code: str, number: int, key: str | None = None):
    """新增或修改草稿中的步骤。"""
    version = _version_or_404(code, number)
    step = _step_or_404(version, key) if key else None
    if not version.is_draft:
        messages.error(request, _("已发布或停用的版本不能修改，请先新建草稿。"))
        return redirect(_detail_url(version))
    initial = {}
    if step is not None:
        initial = {f: getattr(step, f) for f in services.STEP_FIELDS}
    form = forms.StepForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if step is None:
                services.step_add(version=version, by=request.user, **form.cleaned_data)
            else:
                services.step_update(step=step, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("步骤已保存。"))
            return redirect(_detail_url(version))
    return render(
        request,
        "platform_core/routes/step_form.html",
        {"version": version, "definition": version.definition, "step": step, "form": form},
    )


@designer_required
@require_POST
def step_delete(request, code: str, number: int, key: str):
    """删除草稿中的步骤。"""
    version = _version_or_404(code, number)
    step = _step_or_404(version, key)
    try:
        services.step_remove(step=step, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("步骤“%(name)s”已删除。") % {"name": step.name})
    return redirect(_detail_url(version))


@designer_required
@require_POST
def step_move(request, code: str, number: int, key: str):
    """上移或下移步骤。"""
    version = _version_or_404(code, number)
    step = _step_or_404(version, key)
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        services.step_move(step=step, offset=offset, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(_detail_url(version))


@designer_required
@require_http_methods(["GET", "POST"])
def transition_form(request, code: str, number: int):
    """在草稿中新增流转条件。"""
    version = _version_or_404(code, number)
    if not version.is_draft:
        messages.error(request, _("已发布或停用的版本不能修改，请先新建草稿。"))
        return redirect(_detail_url(version))
    form = forms.TransitionForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.transition_add(
                version=version,
                source=data["source"],
                target=data["target"],
                condition=data["condition"],
                priority=data["priority"],
                label=data["label"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("流转条件已保存。"))
            return redirect(_detail_url(version))
    return render(
        request,
        "platform_core/routes/transition_form.html",
        {"version": version, "definition": version.definition, "form": form},
    )


@designer_required
@require_POST
def transition_delete(request, code: str, number: int, pk: int):
    """删除草稿中的流转条件。"""
    version = _version_or_404(code, number)
    transition = version.transitions.filter(pk=pk).first()
    if transition is None:
        raise Http404
    try:
        services.transition_remove(transition=transition, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("流转条件已删除。"))
    return redirect(_detail_url(version))


# --- Graphical designer (bpmn-js) -----------------------------------------------------------------

MAX_DIAGRAM_CHARS = 1_000_000


def _designer_choices() -> dict:
    """Roles, units and the step options the properties form offers, for json_script."""
    return {
        "roles": [[r.code, r.name] for r in Role.objects.order_by("id").only("code", "name")],
        "units": [
            [u.code, u.name]
            for u in OrgUnit.objects.filter(is_active=True).order_by("path").only("code", "name")
        ],
        "unitScopes": [[v, str(label)] for v, label in UnitScope.choices],
        "countersign": [[v, str(label)] for v, label in CountersignMode.choices],
    }


@designer_required
@require_http_methods(["GET", "POST"])
def route_designer(request, code: str, number: int):
    """图形化流程设计器：用 BPMN 2.0 画流程，保存时经导入校验写入草稿。"""
    version = _version_or_404(code, number)
    diagram = ""
    if request.method == "POST":
        diagram = request.POST.get("diagram", "")[:MAX_DIAGRAM_CHARS]
        if not version.is_draft:
            messages.error(request, _("已发布或停用的版本不能修改；请先新建草稿版本。"))
        else:
            try:
                services.bpmn_save_draft(
                    version=version, xml_bytes=diagram.encode("utf-8"), by=request.user
                )
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("流程图已保存到第 %(n)s 版草稿。") % {"n": number})
                return redirect(_detail_url(version))
    if not diagram:
        diagram = export_bpmn(selectors.version_spec(version)).decode("utf-8")
    return render(
        request,
        "platform_core/routes/designer.html",
        {
            "definition": version.definition,
            "version": version,
            "diagram": diagram,
            "choices": _designer_choices(),
        },
        status=400 if request.method == "POST" else 200,
    )
