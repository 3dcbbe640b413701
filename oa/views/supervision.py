"""督办 (leader's view, items, progress, review) and 归档 (archive list, package export)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..constants import SupervisionSource, SupervisionStatus
from ..forms.supervision import ArchiveForm, ItemForm, ProgressForm, ReviewForm
from ..models import SupervisionAttachment
from ..selectors import supervision as sel
from ..selectors.access import documents_visible_to
from ..selectors.incoming import handlings_of, incoming_visible_to
from ..services import archive as archive_services
from ..services import supervision as services
from .common import document_or_404, download, oa_staff_required

PAGE_SIZE = 20


def _item_or_404(user, pk: int):
    item = sel.items_visible_to(user).filter(pk=pk).select_related("lead_unit", "clock").first()
    if item is None:
        raise Http404
    return item


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@oa_staff_required
def item_list(request):
    status = request.GET.get("status", "")
    late = request.GET.get("late", "")
    try:
        unit = int(request.GET.get("unit") or 0) or None
    except ValueError:
        unit = None
    rows = sel.item_list(request.user, status=status, unit=unit, late=late)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "oa/office/supervision/list.html",
        {
            "page": page,
            "summary": sel.item_summary(request.user),
            "statuses": SupervisionStatus.choices,
            "status": status,
            "late": late,
            "unit": unit,
            "is_office": sel.is_supervision_office(request.user),
        },
    )


@oa_staff_required
def item_new(request):
    if not sel.is_supervision_office(request.user):
        raise PermissionDenied
    initial = {}
    kind, source_id = request.GET.get("source", ""), request.GET.get("id", "")
    if kind and source_id.isdigit():
        info = services.resolve_source(kind, int(source_id))
        if info is not None:
            initial = {
                "source_kind": kind,
                "source_id": source_id,
                "title": info.title,
                "requirement": info.text,
                "lead_unit": info.unit,
                "due_date": info.due_date,
            }
    form = ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.item_create(
                by=request.user,
                source_kind=data["source_kind"],
                source_id=data["source_id"],
                lead_unit=data["lead_unit"],
                co_units=data["co_units"],
                due_date=data["due_date"],
                milestones=data["milestones"],
                title=data["title"],
                requirement=data["requirement"],
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("督办事项已立项。"))
            return redirect("oa:supervision_detail", item.pk)
    return render(request, "oa/office/supervision/new.html", {"form": form})


@oa_staff_required
def item_detail(request, pk: int):
    item = _item_or_404(request.user, pk)
    events = item.events.select_related("by", "unit").prefetch_related("attachments")
    # The source is linked only for who may open it (a handler of another unit's document
    # would meet a 404); its title is shown to everyone who sees the item.
    source_openable = bool(item.source_link) and (
        item.source_kind != SupervisionSource.DOCUMENT
        or documents_visible_to(request.user).filter(pk=item.source_id).exists()
    )
    # A leader's instruction: the handling units' reports on the 收文, with their material
    # (downloadable by who may open the 收文; the others see the file names).
    handlings, handling_files_openable = [], False
    if item.source_kind == SupervisionSource.INSTRUCTION:
        handlings = handlings_of(item.source_id)
        handling_files_openable = bool(handlings) and (
            incoming_visible_to(request.user).filter(pk=item.source_id).exists()
        )
    return render(
        request,
        "oa/office/supervision/detail.html",
        {
            "item": item,
            "source_openable": source_openable,
            "handlings": handlings,
            "handling_files_openable": handling_files_openable,
            "events": events,
            "milestones": item.milestones.all(),
            "co_units": item.co_units.all(),
            "days_late": sel.days_late(item),
            "may_report": sel.may_report(request.user, item),
            "may_submit": sel.may_submit(request.user, item),
            "may_review": sel.is_supervision_office(request.user)
            and item.status == SupervisionStatus.SUBMITTED,
            "may_archive": sel.may_archive_item(request.user, item),
            "progress_form": ProgressForm(),
            "review_form": ReviewForm(),
            "archive_form": ArchiveForm(),
        },
    )


@oa_staff_required
def item_attachment(request, pk: int, attachment_pk: int):
    """A progress report's attachment, for whoever may open the item (else 404)."""
    item = _item_or_404(request.user, pk)
    attachment = SupervisionAttachment.objects.filter(pk=attachment_pk, event__item=item).first()
    if attachment is None:
        raise Http404
    return download(attachment.file.open("rb"), attachment.original_name)


@require_POST
@oa_staff_required
def item_progress(request, pk: int):
    item = _item_or_404(request.user, pk)
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.progress_report(
                item=item,
                by=request.user,
                text=form.cleaned_data["text"],
                uploads=form.cleaned_data["files"],
                completion=form.cleaned_data["completion"],
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("已反馈。"))
    else:
        messages.error(request, _("请填写办理情况。"))
    return redirect("oa:supervision_detail", item.pk)


@require_POST
@oa_staff_required
def item_review(request, pk: int):
    item = _item_or_404(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.item_review(
                item=item,
                by=request.user,
                approve=form.cleaned_data["decision"] == "close",
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("已审核。"))
    return redirect("oa:supervision_detail", item.pk)


@require_POST
@oa_staff_required
def item_archive(request, pk: int):
    item = _item_or_404(request.user, pk)
    form = ArchiveForm(request.POST)
    if form.is_valid():
        try:
            record = archive_services.supervision_archive(
                item=item, by=request.user, retention=form.cleaned_data["retention"]
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("已归档，档号 %(c)s。") % {"c": record.archival_code})
    return redirect("oa:supervision_detail", item.pk)


@require_POST
@oa_staff_required
def document_archive(request, pk: int):
    document = document_or_404(request.user, pk)
    form = ArchiveForm(request.POST)
    if form.is_valid():
        try:
            record = archive_services.document_archive(
                document=document, by=request.user, retention=form.cleaned_data["retention"]
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("已归档，档号 %(c)s。") % {"c": record.archival_code})
    return redirect("oa:document_detail", document.pk)


@oa_staff_required
def archive_list(request):
    rows = sel.archive_visible_to(request.user).select_related("unit").order_by("-archived_at")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "oa/office/supervision/archive.html", {"page": page})


@oa_staff_required
def archive_package(request, pk: int):
    record = sel.archive_visible_to(request.user).filter(pk=pk).first()
    if record is None:
        raise Http404
    response = HttpResponse(
        archive_services.archive_package(record), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="{record.archival_code}.zip"'
    return response
