"""File centre pages (文件中心、部门文件柜、个人文件柜): browse, upload, download (streamed from the
storage), versions, move, rename, recycle bin, sharing and search.

Rights are the services' and selectors' (oa/selectors/files.py): no read access is a 404, too
low a level a 403. Every action is a form post with its CSRF token; errors come back as messages.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms.files import GrantForm, NameForm, SearchForm, UploadForm
from ..models import CabinetGrant, FileEntry, FileVersion, Folder, Level
from ..selectors import files as sel
from ..selectors.access import drafting_units
from ..services import files as services
from .common import download, oa_staff_required

PAGE_SIZE = 20


def _need(level: int, needed: int = Level.READ) -> None:
    if level == 0:
        raise Http404
    if level < needed:
        raise PermissionDenied


def _cabinet(user, pk: int, needed: int = Level.READ):
    cabinet = sel.cabinet_get(pk)
    if cabinet is None:
        raise Http404
    level = sel.cabinet_level(user, cabinet)
    _need(level, needed)
    return cabinet, level


def _folder(user, pk: int, needed: int = Level.READ):
    folder = sel.folder_get(pk)
    if folder is None:
        raise Http404
    level = sel.folder_level(user, folder)
    _need(level, needed)
    return folder, level


def _entry(user, pk: int, needed: int = Level.READ):
    entry = sel.entry_get(pk)
    if entry is None:
        raise Http404
    level = sel.entry_level(user, entry)
    _need(level, needed)
    return entry, level


def _error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _back(request, fallback: str):
    """Back to the page the form was on (only a path of this site)."""
    target = request.POST.get("next", "")
    if target.startswith("/office/") and "//" not in target:
        return redirect(target)
    return redirect(fallback)


def _location(cabinet, folder) -> str:
    if folder is not None:
        return reverse("oa:files_folder", args=[folder.pk])
    return reverse("oa:files_cabinet", args=[cabinet.pk])


@oa_staff_required
def files_home(request):
    """文件中心: my personal cabinet, the department cabinets I may open, what is shared with me."""
    personal = services.personal_cabinet_ensure(user=request.user)
    for unit in drafting_units(request.user):
        services.department_cabinet_ensure(unit=unit, by=request.user)
    folders, files = sel.shared_with_me(request.user)
    return render(
        request,
        "oa/files/home.html",
        {
            "personal": personal,
            "cabinets": sel.department_cabinets(request.user),
            "shared_folders": folders,
            "shared_files": files,
            "form": SearchForm(),
        },
    )


def _browse(request, cabinet, folder, level):
    cabinet_level = sel.cabinet_level(request.user, cabinet)
    listing = sel.folder_listing(cabinet, folder)
    exclude = folder.path if folder is not None else ""
    return render(
        request,
        "oa/files/folder.html",
        {
            "cabinet": cabinet,
            "folder": folder,
            "crumbs": sel.breadcrumbs(folder, request.user),
            "listing": listing,
            "level": level,
            "can_write": level >= Level.WRITE,
            "can_manage": level >= Level.MANAGE and not cabinet.is_personal,
            "cabinet_level": cabinet_level,
            "upload_form": UploadForm(),
            "name_form": NameForm(),
            "targets": sel.move_targets(cabinet, exclude_path=exclude)
            if level >= Level.WRITE
            else [],
            "here": request.path,
        },
    )


@oa_staff_required
def cabinet_view(request, pk: int):
    cabinet, level = _cabinet(request.user, pk)
    return _browse(request, cabinet, None, level)


@oa_staff_required
def folder_view(request, pk: int):
    folder, level = _folder(request.user, pk)
    if folder.in_trash:
        raise Http404
    return _browse(request, folder.cabinet, folder, level)


def _target_folder(request, cabinet, field: str = "folder"):
    raw = request.POST.get(field, "")
    if not raw:
        return None
    folder = Folder.objects.filter(pk=raw if raw.isdigit() else 0, cabinet=cabinet).first()
    if folder is None:
        raise ValidationError(_("目标文件夹不存在或已删除。"))
    return folder


@oa_staff_required
@require_POST
def file_upload(request, pk: int):
    """上传文件 to the cabinet or one of its folders."""
    cabinet = sel.cabinet_get(pk)
    if cabinet is None:
        raise Http404
    try:
        folder = _target_folder(request, cabinet)
    except ValidationError:
        raise Http404 from None
    _need(sel.level_on(request.user, cabinet, folder=folder), Level.WRITE)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
        return redirect(_location(cabinet, folder))
    try:
        entry = services.file_upload(
            cabinet=cabinet,
            folder=folder,
            upload=form.cleaned_data["file"],
            by=request.user,
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已上传：%(name)s") % {"name": entry.name})
    return redirect(_location(cabinet, folder))


@oa_staff_required
@require_POST
def folder_new(request, pk: int):
    cabinet = sel.cabinet_get(pk)
    if cabinet is None:
        raise Http404
    try:
        parent = _target_folder(request, cabinet)
    except ValidationError:
        raise Http404 from None
    _need(sel.level_on(request.user, cabinet, folder=parent), Level.WRITE)
    try:
        services.folder_create(
            cabinet=cabinet, parent=parent, name=request.POST.get("name", ""), by=request.user
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已新建文件夹。"))
    return redirect(_location(cabinet, parent))


@oa_staff_required
def entry_detail(request, pk: int):
    entry, level = _entry(request.user, pk)
    if entry.in_trash and sel.cabinet_level(request.user, entry.cabinet) < Level.WRITE:
        raise Http404
    return render(
        request,
        "oa/files/entry.html",
        {
            "entry": entry,
            "cabinet": entry.cabinet,
            "crumbs": sel.breadcrumbs(entry.folder, request.user),
            "versions": sel.versions_of(entry),
            "cabinet_level": sel.cabinet_level(request.user, entry.cabinet),
            "level": level,
            "can_write": level >= Level.WRITE and not entry.in_trash,
            "can_manage": level >= Level.MANAGE and not entry.cabinet.is_personal,
            "upload_form": UploadForm(),
            "name_form": NameForm(initial={"name": entry.name}),
            "targets": sel.move_targets(entry.cabinet) if level >= Level.WRITE else [],
        },
    )


def _stream(version: FileVersion, filename: str) -> FileResponse:
    """The stored content as a stream (FileResponse reads it in blocks, never whole)."""
    blob = version.blob
    handle = services.file_storage().open(blob.storage_name, "rb")
    return download(handle, filename, services.content_type(blob.kind))


@oa_staff_required
def entry_download(request, pk: int):
    entry, _level = _entry(request.user, pk)
    if entry.in_trash or entry.current is None:
        raise Http404
    version = FileVersion.objects.select_related("blob").get(pk=entry.current_id)
    return _stream(version, entry.name)


@oa_staff_required
def version_download(request, pk: int, number: int):
    entry, _level = _entry(request.user, pk)
    version = entry.versions.select_related("blob").filter(number=number).first()
    if version is None or entry.in_trash:
        raise Http404
    return _stream(version, version.name)


@oa_staff_required
@require_POST
def entry_version(request, pk: int):
    entry, _level = _entry(request.user, pk, Level.WRITE)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
    else:
        try:
            services.file_new_version(
                entry=entry,
                upload=form.cleaned_data["file"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("已上传新版本。"))
    return redirect("oa:files_entry", pk=entry.pk)


@oa_staff_required
@require_POST
def version_restore(request, pk: int, number: int):
    entry, _level = _entry(request.user, pk, Level.WRITE)
    try:
        services.version_restore(entry=entry, number=number, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已恢复为第%(n)s版。") % {"n": number})
    return redirect("oa:files_entry", pk=entry.pk)


def _run(request, action, success: str, fallback: str):
    try:
        action()
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, success)
    return _back(request, fallback)


@oa_staff_required
@require_POST
def entry_rename(request, pk: int):
    entry, _level = _entry(request.user, pk, Level.WRITE)
    name = request.POST.get("name", "")
    return _run(
        request,
        lambda: services.file_rename(entry=entry, name=name, by=request.user),
        _("已重命名。"),
        reverse("oa:files_entry", args=[entry.pk]),
    )


@oa_staff_required
@require_POST
def entry_move(request, pk: int):
    entry, _level = _entry(request.user, pk, Level.WRITE)

    def move():
        target = _target_folder(request, entry.cabinet, "target")
        services.file_move(entry=entry, target=target, by=request.user)

    return _run(request, move, _("已移动。"), reverse("oa:files_entry", args=[entry.pk]))


@oa_staff_required
@require_POST
def entry_delete(request, pk: int):
    entry, _level = _entry(request.user, pk, Level.WRITE)
    services.file_delete(entry=entry, by=request.user)
    messages.success(request, _("已删除，可在回收站中还原。"))
    return redirect(_location(entry.cabinet, entry.folder if entry.folder else None))


@oa_staff_required
@require_POST
def entry_restore(request, pk: int):
    entry, _level = _entry(request.user, pk)
    _need(sel.cabinet_level(request.user, entry.cabinet), Level.WRITE)
    return _run(
        request,
        lambda: services.file_restore(entry=entry, by=request.user),
        _("已还原。"),
        reverse("oa:files_bin", args=[entry.cabinet_id]),
    )


@oa_staff_required
@require_POST
def entry_purge(request, pk: int):
    entry, _level = _entry(request.user, pk)
    _need(sel.cabinet_level(request.user, entry.cabinet), Level.MANAGE)
    return _run(
        request,
        lambda: services.file_purge(entry=entry, by=request.user),
        _("已彻底删除。"),
        reverse("oa:files_bin", args=[entry.cabinet_id]),
    )


@oa_staff_required
@require_POST
def folder_rename(request, pk: int):
    folder, _level = _folder(request.user, pk, Level.WRITE)
    name = request.POST.get("name", "")
    return _run(
        request,
        lambda: services.folder_rename(folder=folder, name=name, by=request.user),
        _("已重命名。"),
        reverse("oa:files_folder", args=[folder.pk]),
    )


@oa_staff_required
@require_POST
def folder_move(request, pk: int):
    folder, _level = _folder(request.user, pk, Level.WRITE)

    def move():
        target = _target_folder(request, folder.cabinet, "target")
        services.folder_move(folder=folder, target=target, by=request.user)

    return _run(request, move, _("已移动。"), reverse("oa:files_folder", args=[folder.pk]))


@oa_staff_required
@require_POST
def folder_delete(request, pk: int):
    folder, _level = _folder(request.user, pk, Level.WRITE)
    services.folder_delete(folder=folder, by=request.user)
    messages.success(request, _("已删除，可在回收站中还原。"))
    return redirect(_location(folder.cabinet, folder.parent))


@oa_staff_required
@require_POST
def folder_restore(request, pk: int):
    folder, _level = _folder(request.user, pk)
    _need(sel.cabinet_level(request.user, folder.cabinet), Level.WRITE)
    return _run(
        request,
        lambda: services.folder_restore(folder=folder, by=request.user),
        _("已还原。"),
        reverse("oa:files_bin", args=[folder.cabinet_id]),
    )


@oa_staff_required
@require_POST
def folder_purge(request, pk: int):
    folder, _level = _folder(request.user, pk)
    _need(sel.cabinet_level(request.user, folder.cabinet), Level.MANAGE)
    return _run(
        request,
        lambda: services.folder_purge(folder=folder, by=request.user),
        _("已彻底删除。"),
        reverse("oa:files_bin", args=[folder.cabinet_id]),
    )


@oa_staff_required
def cabinet_bin(request, pk: int):
    """回收站 of a cabinet (for those who may write to the whole cabinet)."""
    cabinet, level = _cabinet(request.user, pk, Level.WRITE)
    return render(
        request,
        "oa/files/bin.html",
        {
            "cabinet": cabinet,
            "listing": sel.recycle_bin(cabinet),
            "can_purge": level >= Level.MANAGE,
            "cabinet_level": level,
        },
    )


def _share(request, cabinet, *, folder=None, entry=None, back: str):
    if cabinet.is_personal:
        raise Http404
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.grant_add(
                cabinet=cabinet,
                folder=folder,
                entry=entry,
                by=request.user,
                level=data["level"],
                user=data["person"],
                unit=data["unit"],
                role=data["role"],
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("已共享。"))
            return redirect(request.path)
    return render(
        request,
        "oa/files/share.html",
        {
            "cabinet": cabinet,
            "folder": folder,
            "entry": entry,
            "grants": list(sel.grants_on(cabinet, folder=folder, entry=entry)),
            "form": form,
            "back": back,
        },
    )


@oa_staff_required
def cabinet_share(request, pk: int):
    cabinet, _level = _cabinet(request.user, pk, Level.MANAGE)
    return _share(request, cabinet, back=reverse("oa:files_cabinet", args=[cabinet.pk]))


@oa_staff_required
def folder_share(request, pk: int):
    folder, _level = _folder(request.user, pk, Level.MANAGE)
    return _share(
        request,
        folder.cabinet,
        folder=folder,
        back=reverse("oa:files_folder", args=[folder.pk]),
    )


@oa_staff_required
def entry_share(request, pk: int):
    entry, _level = _entry(request.user, pk, Level.MANAGE)
    return _share(
        request, entry.cabinet, entry=entry, back=reverse("oa:files_entry", args=[entry.pk])
    )


@oa_staff_required
@require_POST
def grant_delete(request, pk: int):
    grant = CabinetGrant.objects.select_related("cabinet", "folder", "entry").filter(pk=pk).first()
    if grant is None:
        raise Http404
    level = sel.level_on(request.user, grant.cabinet, folder=grant.folder, entry=grant.entry)
    _need(level, Level.MANAGE)
    return _run(
        request,
        lambda: services.grant_remove(grant=grant, by=request.user),
        _("已取消共享。"),
        reverse("oa:files_cabinet_share", args=[grant.cabinet_id]),
    )


@oa_staff_required
def files_search(request):
    """按文件名或文件内容（PDF、Word 中的文字）搜索我能看到的文件."""
    form = SearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    results = sel.search_files(request.user, q) if q else FileEntry.objects.none()
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "oa/files/search.html", {"form": form, "page": page, "q": q})


@oa_staff_required
def files_shared(request):
    folders, files = sel.shared_with_me(request.user)
    return render(request, "oa/files/shared.html", {"folders": folders, "files": files})
