"""Form builder in the back office (/office/forms/), and the protected pages of submissions.

Thin views: the decorator refuses staff without `platform_core.design_form` (403); forms parse
input; services write and refuse changes to published versions with a Chinese message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import permissions
from ..decorators import office_permission_required
from ..dynforms import files as dyn_files
from ..dynforms import schema
from ..forms import add_service_errors
from ..forms import dynforms as builder_forms
from ..models import (
    FormDefinition,
    FormField,
    FormSubmission,
    FormVersion,
    RouteProcess,
    SubmissionFile,
)
from ..selectors import dynforms as selectors
from ..selectors.case_forms import FORMS_KEY
from ..services import dynforms as services
from ..services.workflow import may_view_case

DESIGN = "platform_core.design_form"


def _check_scope(user, form: FormDefinition) -> None:
    if form.owner_unit_id is not None and not permissions.can(user, DESIGN, form):
        raise Http404


def _form_or_404(user, pk: int) -> FormDefinition:
    form = get_object_or_404(FormDefinition.objects.select_related("owner_unit"), pk=pk)
    _check_scope(user, form)
    return form


def _field_or_404(user, pk: int) -> FormField:
    field = get_object_or_404(
        FormField.objects.select_related("version__form__owner_unit", "parent"), pk=pk
    )
    _check_scope(user, field.version.form)
    return field


def _no_draft(request, dform: FormDefinition):
    messages.error(request, _("已发布的版本不能修改；请先创建新的草稿版本。"))
    return redirect("platform_core:dynform_detail", pk=dform.pk)


def _version_param(request, form: FormDefinition) -> FormVersion:
    number = request.GET.get("version", "")
    if number.isdigit():
        return get_object_or_404(FormVersion, form=form, number=int(number))
    version = selectors.latest_version(form)
    if version is None:
        raise Http404
    return version


def _errors_to_messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- Forms ----------------------------------------------------------------------------------------


@office_permission_required(DESIGN)
def form_list(request):
    """表单列表。"""
    return render(
        request, "platform_core/dynforms/form_list.html", {"forms": selectors.form_list()}
    )


@office_permission_required(DESIGN)
@require_http_methods(["GET", "POST"])
def form_create(request):
    """新建表单。"""
    form = builder_forms.FormCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.form_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已新建表单“%s”，请添加字段。") % created.name)
            return redirect("platform_core:dynform_detail", pk=created.pk)
    return render(request, "platform_core/dynforms/form_create.html", {"form": form})


@office_permission_required(DESIGN)
def form_detail(request, pk: int):
    """表单设计：版本列表、草稿字段（增删改、排序）、预览、发布、复制、导出。"""
    form = _form_or_404(request.user, pk)
    draft = selectors.draft_version(form)
    return render(
        request,
        "platform_core/dynforms/form_detail.html",
        {
            "dform": form,
            "draft": draft,
            "fields": selectors.version_fields(draft) if draft else [],
            "versions": selectors.form_versions(form),
            "copy_form": builder_forms.CopyForm(
                initial={"code": f"{form.code}-copy", "name": _("%s（副本）") % form.name}
            ),
        },
    )


@office_permission_required(DESIGN)
@require_POST
def version_publish(request, pk: int):
    """发布草稿版本。"""
    form = _form_or_404(request.user, pk)
    try:
        version = services.form_version_publish(form=form, by=request.user)
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(request, _("已发布第 %s 版。") % version.number)
    return redirect("platform_core:dynform_detail", pk=form.pk)


@office_permission_required(DESIGN)
@require_POST
def draft_start(request, pk: int):
    """以最新发布版本为底稿新建草稿。"""
    form = _form_or_404(request.user, pk)
    version = services.form_draft_start(form=form, by=request.user)
    messages.success(request, _("已创建第 %s 版草稿。") % version.number)
    return redirect("platform_core:dynform_detail", pk=form.pk)


@office_permission_required(DESIGN)
@require_POST
def form_copy(request, pk: int):
    """复制表单。"""
    form = _form_or_404(request.user, pk)
    copy_form = builder_forms.CopyForm(request.POST)
    if copy_form.is_valid():
        try:
            copied = services.form_copy(form=form, by=request.user, **copy_form.cleaned_data)
        except ValidationError as exc:
            _errors_to_messages(request, exc)
        else:
            messages.success(request, _("已复制为新表单“%s”。") % copied.name)
            return redirect("platform_core:dynform_detail", pk=copied.pk)
    else:
        for errors in copy_form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("platform_core:dynform_detail", pk=form.pk)


@office_permission_required(DESIGN)
def form_export(request, pk: int):
    """导出表单定义（JSON 文件）。"""
    form = _form_or_404(request.user, pk)
    version = _version_param(request, form)
    document = schema.export_document(
        code=form.code,
        name=form.name,
        description=form.description,
        specs=selectors.version_specs(version),
    )
    response = HttpResponse(schema.dumps(document), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{form.code}-v{version.number}.json"'
    return response


@office_permission_required(DESIGN)
@require_http_methods(["GET", "POST"])
def form_import(request):
    """导入表单定义（JSON 文件），新建为草稿。"""
    form = builder_forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.form_import(
                text=form.cleaned_data["file"], by=request.user, code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已导入表单“%s”（草稿）。") % created.name)
            return redirect("platform_core:dynform_detail", pk=created.pk)
    return render(request, "platform_core/dynforms/form_import.html", {"form": form})


@office_permission_required(DESIGN)
@require_http_methods(["GET", "POST"])
def form_preview(request, pk: int):
    """预览：按真实表单渲染并校验一次试填，不保存。"""
    dform = _form_or_404(request.user, pk)
    version = _version_param(request, dform)
    form_class = selectors.form_class_for(version)
    checked = False
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if not form.more_rows_for:
            checked = True
            if form.is_valid():
                messages.success(request, _("试填内容通过校验（预览不保存）。"))
    else:
        form = form_class()
    return render(
        request,
        "platform_core/dynforms/preview.html",
        {"dform": dform, "version": version, "form": form, "checked": checked},
    )


# --- Fields ---------------------------------------------------------------------------------------


def _render_field_form(request, dform, version, form, *, parent=None, field=None):
    return render(
        request,
        "platform_core/dynforms/field_form.html",
        {"dform": dform, "version": version, "form": form, "parent": parent, "field": field},
    )


@office_permission_required(DESIGN)
@require_http_methods(["GET", "POST"])
def field_add(request, pk: int):
    """添加字段；带 parent 参数时为重复表格添加一列。"""
    dform = _form_or_404(request.user, pk)
    version = selectors.draft_version(dform)
    if version is None:
        return _no_draft(request, dform)
    parent_id = request.GET.get("parent", "")
    parent = None
    if parent_id.isdigit():
        parent = get_object_or_404(FormField, pk=int(parent_id), version=version, parent=None)
    controllers = [] if parent else selectors.condition_fields(version)
    form = builder_forms.FieldForm(
        request.POST or None, in_table=parent is not None, controllers=controllers
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.form_field_add(version=version, parent=parent, spec=form.to_spec())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已添加字段“%s”。") % form.cleaned_data["label"])
            return redirect("platform_core:dynform_detail", pk=dform.pk)
    return _render_field_form(request, dform, version, form, parent=parent)


@office_permission_required(DESIGN)
@require_http_methods(["GET", "POST"])
def field_edit(request, pk: int):
    """修改草稿中的字段。"""
    field = _field_or_404(request.user, pk)
    version, dform = field.version, field.version.form
    if not version.is_draft:
        return _no_draft(request, dform)
    controllers = []
    if field.parent_id is None:
        controllers = selectors.condition_fields(version, before=field)
    form = builder_forms.FieldForm(
        request.POST or None,
        initial=builder_forms.FieldForm.initial_from(field),
        in_table=field.parent_id is not None,
        controllers=controllers,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.form_field_update(field=field, spec=form.to_spec())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存字段“%s”。") % form.cleaned_data["label"])
            return redirect("platform_core:dynform_detail", pk=dform.pk)
    return _render_field_form(request, dform, version, form, parent=field.parent, field=field)


@office_permission_required(DESIGN)
@require_POST
def field_move(request, pk: int, direction: str):
    """上移/下移字段。"""
    field = _field_or_404(request.user, pk)
    try:
        services.form_field_move(field=field, direction=direction)
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    return redirect("platform_core:dynform_detail", pk=field.version.form_id)


@office_permission_required(DESIGN)
@require_POST
def field_delete(request, pk: int):
    """删除字段。"""
    field = _field_or_404(request.user, pk)
    try:
        services.form_field_delete(field=field)
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(request, _("已删除字段“%s”。") % field.label)
    return redirect("platform_core:dynform_detail", pk=field.version.form_id)


# --- Submissions (submitter or staff of the owner unit) -------------------------------------------


def _check_visible(request, submission: FormSubmission) -> None:
    if selectors.submission_visible_to(request.user, submission):
        return
    # A version of a case's form data (表单数据): whoever may see the case sees its data.
    cases = RouteProcess.objects.filter(data__contains={FORMS_KEY: [submission.pk]})
    if any(may_view_case(request.user, process) for process in cases.select_related("owner_unit")):
        return
    raise Http404  # the same answer as for a missing one: ids reveal nothing


# Submitters (citizens) and staff both read these pages; a visitor signs in as a citizen.
submitter_or_staff = login_required(login_url="platform_core:citizen_login")


@submitter_or_staff
def submission_detail(request, pk: int):
    """填报内容：按提交时所用版本的字段显示。"""
    submission = get_object_or_404(
        FormSubmission.objects.select_related("version__form", "owner_unit"), pk=pk
    )
    _check_visible(request, submission)
    base = "base_office.html" if request.user.is_office_user else "base_portal.html"
    return render(
        request,
        "platform_core/dynforms/submission_detail.html",
        {
            "base_template": base,
            "submission": submission,
            "values": selectors.submission_values(submission),
        },
    )


@submitter_or_staff
def submission_file(request, pk: int):
    """下载填报附件：只经本视图提供，先核对查看权限。"""
    stored = get_object_or_404(
        SubmissionFile.objects.select_related("submission__owner_unit"), pk=pk
    )
    _check_visible(request, stored.submission)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = dyn_files.FILE_KINDS.get(stored.kind, ("", (), "application/octet-stream"))[2]
    return FileResponse(
        handle, as_attachment=True, filename=stored.original_name, content_type=content_type
    )
