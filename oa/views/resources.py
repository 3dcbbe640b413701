"""Public resources pages (公共资源): the four libraries share one set of views, configured below.
All staff read; editing needs `oa.edit_resource` (checked again by the services)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from platform_core.forms import add_service_errors

from ..forms.files import UploadForm
from ..forms.resources import (
    BulletinPostForm,
    LawForm,
    LibraryDocumentForm,
    PeriodicalIssueForm,
    ResourceSearchForm,
)
from ..models import (
    BulletinPost,
    Law,
    LawLevel,
    LibraryDocument,
    Periodical,
    PeriodicalIssue,
    ResourceFile,
    Validity,
)
from ..selectors import resources as sel
from ..selectors.files import readable_files
from ..services import files as file_services
from ..services import resources as services
from .common import download, oa_staff_required

PAGE_SIZE = 20


@dataclass(frozen=True)
class Library:
    slug: str
    label: str
    model: type
    form: type
    description: str


LIBRARIES = {
    lib.slug: lib
    for lib in (
        Library(
            "documents",
            gettext_lazy("文档库"),
            LibraryDocument,
            LibraryDocumentForm,
            gettext_lazy("规划、制度汇编、工作手册等参考文档"),
        ),
        Library(
            "periodicals",
            gettext_lazy("刊物库"),
            PeriodicalIssue,
            PeriodicalIssueForm,
            gettext_lazy("简报、信息专报的各期刊物"),
        ),
        Library(
            "bulletins",
            gettext_lazy("电子公告牌"),
            BulletinPost,
            BulletinPostForm,
            gettext_lazy("面向全体工作人员的公告"),
        ),
        Library(
            "laws",
            gettext_lazy("法律法规库"),
            Law,
            LawForm,
            gettext_lazy("法律、行政法规、地方性法规、部门规章和规范性文件"),
        ),
    )
}


class FilterForm(ResourceSearchForm):
    """Search, and the extra filters of the periodicals and laws libraries."""

    periodical = forms.ModelChoiceField(
        label=gettext_lazy("刊物"), queryset=Periodical.objects.all(), required=False
    )
    level = forms.ChoiceField(
        label=gettext_lazy("效力级别"),
        choices=[("", gettext_lazy("全部"))] + list(LawLevel.choices),
        required=False,
    )
    validity = forms.ChoiceField(
        label=gettext_lazy("时效性"),
        choices=[("", gettext_lazy("全部"))] + list(Validity.choices),
        required=False,
    )

    def __init__(self, *args, library: Library, **kwargs):
        super().__init__(*args, **kwargs)
        if library.slug != "periodicals":
            del self.fields["periodical"]
        if library.slug != "laws":
            del self.fields["level"]
            del self.fields["validity"]


def _library(slug: str) -> Library:
    library = LIBRARIES.get(slug)
    if library is None:
        raise Http404
    return library


def _entry(library: Library, pk: int):
    entry = sel.entry_detail(library.model, pk)
    if entry is None:
        raise Http404
    return entry


def _require_editor(request) -> None:
    if not services.may_edit(request.user):
        raise PermissionDenied


@oa_staff_required
def resources_home(request):
    return render(
        request,
        "oa/resources/home.html",
        {"libraries": LIBRARIES.values(), "can_edit": services.may_edit(request.user)},
    )


@oa_staff_required
def entry_list(request, library: str):
    lib = _library(library)
    form = FilterForm(request.GET or None, library=lib)
    q, filters = "", {}
    if form.is_valid():
        data = form.cleaned_data
        q = data["q"]
        filters = {
            key: data[key] for key in ("periodical", "level", "validity") if key in form.fields
        }
    can_edit = services.may_edit(request.user)
    qs = sel.entries(lib.model, q=q, filters=filters, editor=can_edit)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "oa/resources/list.html",
        {"lib": lib, "form": form, "page": page, "can_edit": can_edit, "q": q},
    )


def _linkable(user):
    return readable_files(user).order_by("-updated_at", "-pk")[:200]


@oa_staff_required
def entry_detail(request, library: str, pk: int):
    lib = _library(library)
    entry = _entry(lib, pk)
    can_edit = services.may_edit(request.user)
    return render(
        request,
        "oa/resources/detail.html",
        {
            "lib": lib,
            "entry": entry,
            "files": list(entry.files.all()),
            "can_edit": can_edit,
            "upload_form": UploadForm(),
            "linkable": list(_linkable(request.user)) if can_edit else [],
        },
    )


def _edit(request, lib: Library, instance):
    _require_editor(request)
    form = lib.form(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.entry_save(instance=form.save(commit=False), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("oa:resource_detail", library=lib.slug, pk=saved.pk)
    return render(request, "oa/resources/form.html", {"lib": lib, "form": form, "entry": instance})


@oa_staff_required
def entry_new(request, library: str):
    lib = _library(library)
    return _edit(request, lib, lib.model())


@oa_staff_required
def entry_edit(request, library: str, pk: int):
    lib = _library(library)
    return _edit(request, lib, _entry(lib, pk))


@oa_staff_required
@require_POST
def entry_delete(request, library: str, pk: int):
    lib = _library(library)
    entry = _entry(lib, pk)
    _require_editor(request)
    services.entry_delete(instance=entry, by=request.user)
    messages.success(request, _("已删除。"))
    return redirect("oa:resource_list", library=lib.slug)


@oa_staff_required
@require_POST
def file_attach(request, library: str, pk: int):
    lib = _library(library)
    entry = _entry(lib, pk)
    _require_editor(request)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
    else:
        try:
            services.file_attach(instance=entry, upload=form.cleaned_data["file"], by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("已添加附件。"))
    return redirect("oa:resource_detail", library=lib.slug, pk=entry.pk)


@oa_staff_required
@require_POST
def file_link(request, library: str, pk: int):
    lib = _library(library)
    entry = _entry(lib, pk)
    _require_editor(request)
    raw = request.POST.get("entry", "")
    source = readable_files(request.user).filter(pk=raw if raw.isdigit() else 0).first()
    if source is None:  # not found, or not readable by this editor
        raise Http404
    try:
        services.file_link(instance=entry, entry=source, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已引用文件中心的文件。"))
    return redirect("oa:resource_detail", library=lib.slug, pk=entry.pk)


def _resource_file(lib: Library, entry, file_pk: int) -> ResourceFile:
    field = services.OWNER_FIELDS[lib.model._meta.model_name]
    rf = ResourceFile.objects.select_related("blob").filter(pk=file_pk, **{field: entry}).first()
    if rf is None:
        raise Http404
    return rf


@oa_staff_required
def file_download(request, library: str, pk: int, file_pk: int):
    lib = _library(library)
    entry = _entry(lib, pk)
    rf = _resource_file(lib, entry, file_pk)
    handle = file_services.file_storage().open(rf.blob.storage_name, "rb")
    return download(handle, rf.name, file_services.content_type(rf.blob.kind))


@oa_staff_required
@require_POST
def file_remove(request, library: str, pk: int, file_pk: int):
    lib = _library(library)
    entry = _entry(lib, pk)
    _require_editor(request)
    services.file_remove(resource_file=_resource_file(lib, entry, file_pk), by=request.user)
    messages.success(request, _("已移除附件。"))
    return redirect("oa:resource_detail", library=lib.slug, pk=entry.pk)
