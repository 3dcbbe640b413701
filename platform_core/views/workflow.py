"""Back-office pages of running cases: start a case, work a task, follow a case and its graph."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from viewflow.workflow.models import Task

from ..decorators import office_login_required
from ..forms import add_service_errors
from ..forms.workflow import (
    CaseStartForm,
    CohandlerForm,
    CommentForm,
    DelegationForm,
    FreeNextForm,
    ReturnForm,
    TransferForm,
)
from ..models import (
    CaseDraft,
    CaseEvent,
    Delegation,
    RouteProcess,
    RoutingMode,
    TaskInfo,
)
from ..routes.bpmn import export_bpmn
from ..routes.graph import render_svg
from ..selectors import case_forms
from ..selectors.routes import version_spec
from ..services import case_forms as case_form_services
from ..services import workflow as wf
from ..subjects import subject_link

logger = logging.getLogger(__name__)


def _step_form_version(info: TaskInfo):
    """The published dynamic form the step asks for, if any (one item, one form)."""
    return case_forms.step_form_version(info.process, info.step_key)


def _latest_data(process: RouteProcess):
    """The latest version of the case's form data (None before any)."""
    versions = case_forms.case_submissions(process)
    return versions[-1] if versions else None


# Actions that move a case from one step to another; the others happen at one step.
_MOVES = {"start", "complete", "transfer", "return", "withdraw"}


def _step_names(process: RouteProcess) -> dict[str, str]:
    """Step key → the step's Chinese name, for this case (its route version's steps, and the
    names its tasks were given, which covers free routing)."""
    names = dict(
        TaskInfo.objects.filter(process=process).values_list("step_key", "step_name").distinct()
    )
    if process.mode == RoutingMode.FIXED and process.version_id:
        names.update({s.key: s.name for s in version_spec(process.version).steps})
    return names


def _events(process: RouteProcess, names: dict[str, str]) -> list[CaseEvent]:
    """The case's history, each event labelled with its steps' names (never their keys)."""
    events = list(CaseEvent.objects.filter(process=process).select_related("actor", "target"))
    for e in events:
        e.from_name = names.get(e.from_step, _("（已删除的步骤）")) if e.from_step else ""
        e.to_name = names.get(e.to_step, _("（已删除的步骤）")) if e.to_step else _("办结")
        e.moves = e.action in _MOVES
    return events


def _case_context(process: RouteProcess) -> dict:
    names = _step_names(process)
    return {
        "process": process,
        "subject": subject_link(process),
        "events": _events(process, names),
        "form_versions": case_forms.case_form_versions(process, names),
        "open_infos": TaskInfo.objects.filter(process=process, is_open=True).select_related(
            "owner", "role", "unit"
        ),
    }


@office_login_required
@require_http_methods(["GET", "POST"])
def case_start(request):
    """发起事项：固定流程或自由流程；也可先存为草稿。"""
    draft_id = request.POST.get("draft") or request.GET.get("draft") or ""
    draft = None
    if draft_id:
        draft = CaseDraft.objects.filter(
            pk=draft_id if draft_id.isdigit() else None, created_by=request.user
        ).first()
        if draft is None:
            raise Http404
    initial = (
        {
            "title": draft.title,
            "owner_unit": draft.owner_unit_id,
            "definition": draft.definition_id,
            "handler": draft.handler_id,
        }
        if draft
        else None
    )
    form = CaseStartForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and "save_draft" in request.POST:
        return _save_draft(request, form, draft)
    context = {"form": form, "draft": draft}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # A route whose first step names a form: the starter fills it in (表单数据), shown on the
        # same page after the route is chosen, and it travels with the case.
        start_version = case_forms.start_form_version(data["definition"])
        data_form = None
        if start_version is not None:
            if "case_form" not in request.POST:
                context["data_form"] = case_forms.prefilled_form(start_version, None)
                return render(request, "platform_core/workflow/case_start.html", context)
            data_form = case_forms.prefilled_form(start_version, None, request.POST, request.FILES)
            if data_form.more_rows_for or not data_form.is_valid():  # 增加一行, or mistakes
                context["data_form"] = data_form
                status = 200 if data_form.more_rows_for else 400
                return render(
                    request, "platform_core/workflow/case_start.html", context, status=status
                )
        try:
            with transaction.atomic():
                case_data = {}
                if data_form is not None:
                    _submission, case_data = case_form_services.case_form_save(
                        version=start_version,
                        form=data_form,
                        by=request.user,
                        owner_unit=data["owner_unit"],
                        step_key=case_forms.START_KEY,
                        previous_ids=[],
                    )
                process = wf.case_start(
                    title=data["title"],
                    subsystem="oa",
                    owner_unit=data["owner_unit"],
                    by=request.user,
                    definition_code=data["definition"].code if data["definition"] else None,
                    handlers=[data["handler"]] if not data["definition"] else None,
                    data=case_data,
                )
                if draft is not None:
                    draft.delete()  # sent: the draft has done its job
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("事项已发起。"))
            return redirect("platform_core:case_detail", pk=process.pk)
    return render(request, "platform_core/workflow/case_start.html", context)


def _save_draft(request, form, draft):
    """Keep what was typed, even if incomplete: only the title is required for a draft."""
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    try:
        wf.case_draft_save(
            by=request.user,
            draft=draft,
            title=request.POST.get("title", ""),
            owner_unit=data.get("owner_unit"),
            definition=data.get("definition"),
            handler=data.get("handler"),
        )
    except ValidationError as exc:
        form.errors.clear()
        add_service_errors(form, exc)
        return render(
            request, "platform_core/workflow/case_start.html", {"form": form, "draft": draft}
        )
    messages.success(request, _("已保存为草稿。"))
    return redirect(reverse("platform_core:inbox") + "?kind=drafts")


@office_login_required
@require_GET
def case_detail(request, pk: int):
    """事项详情：当前位置、办理记录和流程图。"""
    process = get_object_or_404(RouteProcess.objects.select_related("owner_unit", "version"), pk=pk)
    if not wf.may_view_case(request.user, process):
        raise Http404
    return render(
        request,
        "platform_core/workflow/case_detail.html",
        {**_case_context(process), "comment_form": CommentForm()},
    )


@office_login_required
@require_GET
def case_graph(request, pk: int):
    """事项流程图（SVG）：当前步骤高亮，走过的路径着色。"""
    process = get_object_or_404(RouteProcess.objects.select_related("version"), pk=pk)
    if not wf.may_view_case(request.user, process) or process.mode != RoutingMode.FIXED:
        raise Http404
    path = []
    for step in CaseEvent.objects.filter(process=process).values_list("from_step", "to_step"):
        for key in step:
            if key and (not path or path[-1] != key):
                path.append(key)
    svg = render_svg(
        version_spec(process.version),
        current=[process.current_step] if process.current_step else [],
        visited=path,
        title=process.title,
        finished=not process.current_step,
    )
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@office_login_required
@require_GET
def case_bpmn(request, pk: int):
    """事项所走流程的 BPMN 2.0 文件，供案件页的 bpmn-js 查看器标出当前步骤。"""
    process = get_object_or_404(RouteProcess.objects.select_related("version"), pk=pk)
    if not wf.may_view_case(request.user, process) or process.mode != RoutingMode.FIXED:
        raise Http404
    body = export_bpmn(version_spec(process.version))
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


@office_login_required
@require_GET
def engine_chart(request):
    """The viewflow flow behind every case, drawn by viewflow; ?case=<pk> marks that case."""
    from viewflow.workflow import chart

    from ..flows import RouteFlow

    grid = chart.calc_layout_data(RouteFlow)
    case_pk = request.GET.get("case", "")
    if case_pk:
        process = RouteProcess.objects.filter(pk=case_pk).first() if case_pk.isdigit() else None
        if process is None or not wf.may_view_case(request.user, process):
            raise Http404
        chart.calc_cell_status(RouteFlow, grid, process.pk)
    # viewflow writes the gateway's branch labels in English.
    svg = chart.grid_to_svg(grid).replace(">yes<", ">是<").replace(">no<", ">否<")
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@office_login_required
@require_POST
def case_withdraw(request, pk: int):
    process = get_object_or_404(RouteProcess, pk=pk)
    if not wf.may_view_case(request.user, process):
        raise Http404
    try:
        wf.case_withdraw(process=process, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已撤回，请重新办理。"))
    return redirect("platform_core:case_detail", pk=pk)


@office_login_required
@require_POST
def case_comment(request, pk: int):
    process = get_object_or_404(RouteProcess, pk=pk)
    if not wf.may_view_case(request.user, process):
        raise Http404
    try:
        wf.case_comment(process=process, user=request.user, comment=request.POST.get("comment", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("platform_core:case_detail", pk=pk)


def _task_or_404(user, pk: int) -> tuple[Task, TaskInfo]:
    info = get_object_or_404(
        TaskInfo.objects.select_related("process", "process__version", "owner", "role", "unit"),
        pk=pk,
    )
    if not (
        wf.may_handle(user, info)
        or wf.may_claim(user, info)
        or wf.may_view_case(user, info.process)
    ):
        raise Http404
    return Task.objects.get(pk=pk), info


def _render_task(request, task, info, status: int | None = None, **forms):
    version = _step_form_version(info) if info.is_open else None
    context = {
        **_case_context(info.process),
        "info": info,
        "can_handle": info.is_open and wf.may_handle(request.user, info),
        "can_claim": wf.may_claim(request.user, info),
        "can_release": info.is_open and info.owner_id == request.user.pk and info.role_id,
        "step_form": forms.get("step_form")
        or (case_forms.prefilled_form(version, _latest_data(info.process)) if version else None),
        "complete_form": forms.get("complete_form")
        or (FreeNextForm() if info.process.mode == RoutingMode.FREE else CommentForm()),
        "transfer_form": forms.get("transfer_form") or TransferForm(),
        "cohandler_form": forms.get("cohandler_form") or CohandlerForm(),
        "return_form": forms.get("return_form")
        or ReturnForm(steps=wf.returnable_steps(info.process)),
        "returnable": wf.returnable_steps(info.process),
    }
    status = status or (400 if forms else 200)
    return render(request, "platform_core/workflow/task_detail.html", context, status=status)


@office_login_required
@require_GET
def task_detail(request, pk: int):
    """待办办理页。打开即记录（此后送出人不能再撤回）。"""
    task, info = _task_or_404(request.user, pk)
    info = wf.task_open(task=task, user=request.user)
    info = TaskInfo.objects.select_related("process", "process__version", "owner").get(pk=pk)
    return _render_task(request, task, info)


@office_login_required
@require_POST
def task_action(request, pk: int, action: str):
    """认领、退回待认领、办理、转办、加签、退回、催办。"""
    task, info = _task_or_404(request.user, pk)
    user = request.user
    try:
        if action == "claim":
            wf.task_claim(task=task, user=user)
            messages.success(request, _("已认领，请办理。"))
            return redirect("platform_core:task_detail", pk=pk)
        if action == "release":
            wf.task_release(task=task, user=user)
            messages.success(request, _("已放回待认领队列。"))
            return redirect("platform_core:case_detail", pk=info.process_id)
        if action == "remind":
            wf.task_remind(task=task, user=user, comment=request.POST.get("comment", ""))
            messages.success(request, _("已催办。"))
            return redirect("platform_core:case_detail", pk=info.process_id)
        if action == "complete":
            return _complete(request, task, info)
        if action == "transfer":
            form = TransferForm(request.POST)
            if not form.is_valid():
                return _render_task(request, task, info, transfer_form=form)
            wf.task_transfer(
                task=task,
                user=user,
                to_user=form.cleaned_data["to_user"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("已转办。"))
            return redirect("platform_core:case_detail", pk=info.process_id)
        if action == "cohandler":
            form = CohandlerForm(request.POST)
            if not form.is_valid():
                return _render_task(request, task, info, cohandler_form=form)
            wf.task_add_cohandler(
                task=task,
                user=user,
                cohandler=form.cleaned_data["cohandler"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("已办理并加签。"))
            return redirect("platform_core:case_detail", pk=info.process_id)
        if action == "return":
            form = ReturnForm(request.POST, steps=wf.returnable_steps(info.process))
            if not form.is_valid():
                return _render_task(request, task, info, return_form=form)
            wf.task_return(
                task=task,
                user=user,
                to_step=form.cleaned_data["to_step"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("已退回。"))
            return redirect("platform_core:case_detail", pk=info.process_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("platform_core:task_detail", pk=pk)
    except PermissionDenied:
        raise
    raise Http404


def _complete(request, task, info):
    version = _step_form_version(info)
    form_class = FreeNextForm if info.process.mode == RoutingMode.FREE else CommentForm
    complete_form = form_class(request.POST)
    latest = _latest_data(info.process) if version else None
    step_form = (
        case_forms.prefilled_form(version, latest, request.POST, request.FILES) if version else None
    )
    valid = complete_form.is_valid() & (step_form is None or step_form.is_valid())
    if not valid:
        return _render_task(request, task, info, complete_form=complete_form, step_form=step_form)
    cleaned = complete_form.cleaned_data
    next_handler = cleaned.get("next_handler")
    try:
        # The form's record, its files and the step's completion stand or fall together.
        with transaction.atomic():
            data = {}
            if step_form is not None:
                # A new version of the case's data; files left empty are carried over.
                _submission, data = case_form_services.case_form_save(
                    version=version,
                    form=step_form,
                    by=request.user,
                    owner_unit=info.process.owner_unit,
                    step_key=info.step_key,
                    previous_ids=case_forms.case_submission_ids(info.process),
                    previous=latest,
                )
            process = wf.task_complete(
                task=task,
                user=request.user,
                comment=cleaned["comment"],
                data=data,
                next_handlers=[next_handler] if next_handler else None,
                step_name=cleaned.get("step_name", ""),
            )
    except OSError:
        # Disk full or upload directory unwritable: nothing was saved; say so plainly.
        logger.exception("could not store the files of task %s", info.pk)
        messages.error(request, _("附件保存失败（存储暂不可用），本次办理未提交，请稍后重试。"))
        return _render_task(
            request, task, info, status=503, complete_form=complete_form, step_form=step_form
        )
    messages.success(request, _("已办理。") if process.current_step else _("已办理，事项已办结。"))
    return redirect("platform_core:case_detail", pk=process.pk)


@office_login_required
@require_http_methods(["GET", "POST"])
def delegations(request):
    """委托：在一段时间内请他人代办本人的待办（留痕，可撤销）。"""
    form = DelegationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            wf.delegation_create(principal=request.user, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已设置委托。"))
            return redirect("platform_core:delegations")
    rows = Delegation.objects.filter(principal=request.user).select_related("delegate")
    received = Delegation.objects.filter(
        delegate=request.user, revoked_at__isnull=True
    ).select_related("principal")
    return render(
        request,
        "platform_core/workflow/delegations.html",
        {"form": form, "given": rows.order_by("-start_date"), "received": received},
    )


@office_login_required
@require_POST
def delegation_revoke(request, pk: int):
    delegation = get_object_or_404(Delegation, pk=pk, principal=request.user)
    wf.delegation_revoke(delegation=delegation, by=request.user)
    messages.success(request, _("已撤销委托。"))
    return redirect("platform_core:delegations")
