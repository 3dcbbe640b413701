"""Back office of outgoing documents: list, drafting, the body (editor, Word in and out), the
route's actions, revisions, the GB/T 9704 PDF, attachments and dispatch.

Views parse input and call the services (which check rights and record the event); every action
is a plain form post with its CSRF token, so the pages work without JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from platform_core.forms import add_service_errors
from platform_core.services.workflow import may_view_case

from ..constants import (
    STEP_COUNTERSIGN,
    STEP_REVIEW,
    STEP_SIGN_OFF,
    DocStatus,
    SupervisionSource,
)
from ..docx import body_to_docx
from ..forms.documents import AttachmentForm, CommentForm, DocumentForm, DocxImportForm, FilterForm
from ..forms.supervision import ArchiveForm
from ..models import ArchiveRecord
from ..selectors import access, supervision
from ..selectors.documents import (
    document_dispatches,
    document_events,
    document_versions,
    documents_list,
)
from ..selectors.revisions import revision_view
from ..services import dispatch as dispatch_services
from ..services import documents as services
from ..services import layout, route
from .common import document_or_404, download, oa_staff_required

PAGE_SIZE = 20


@oa_staff_required
def document_list(request):
    """发文: the documents the user may see, newest change first."""
    form = FilterForm(request.GET or None)
    status, q = "", ""
    if form.is_valid():
        status, q = form.cleaned_data["status"], form.cleaned_data["q"].strip()
    page = Paginator(documents_list(request.user, status=status, q=q), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "oa/office/documents.html", {"page": page, "form": form})


@oa_staff_required
def document_new(request):
    """拟稿."""
    units = access.drafting_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = DocumentForm(request.POST or None, units=units, initial={"unit": units.first()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            document = services.document_create(by=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存草稿。"))
            return redirect("oa:document_detail", pk=document.pk)
    return render(request, "oa/office/document_form.html", {"form": form, "document": None})


@oa_staff_required
def document_edit(request, pk: int):
    """修改发文（元数据和正文；正文每次保存留一个版本）."""
    document = document_or_404(request.user, pk)
    if not access.may_edit(request.user, document):
        raise PermissionDenied
    initial = {
        f: getattr(document, f)
        for f in ("kind", "title", "main_to", "copy_to", "secrecy", "urgency", "openness")
    }
    initial.update(
        note=document.note,
        copies=document.copies,
        body=document.body,
        countersign_units=list(document.countersign_units.all()),
        recipient_units=list(document.recipient_units.all()),
    )
    form = DocumentForm(request.POST or None, initial=initial, editing=True)
    if document.status != DocStatus.DRAFT:
        form.fields["countersign_units"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if document.status != DocStatus.DRAFT:
            data.pop("countersign_units")
        try:
            services.document_update(document=document, by=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("oa:document_detail", pk=document.pk)
    return render(request, "oa/office/document_form.html", {"form": form, "document": document})


def _supervision(user, document) -> dict:
    """转督办 for the supervision office once signed; the item's link once supervised."""
    if document.status not in (DocStatus.SIGNED, DocStatus.DISPATCHED):
        return {}
    item = supervision.supervised(SupervisionSource.DOCUMENT, [document.pk], user).get(document.pk)
    if item is not None:
        return {"supervision_item": item}
    return {"can_supervise": supervision.is_supervision_office(user)}


def _actions(user, document) -> dict:
    step = route.current_step(document) if document.status == DocStatus.IN_ROUTE else ""
    mine = {i.step_key for i in access.open_tasks(user, document)}
    if step and step not in mine:
        # A task offered to the role's holders in the unit (not yet claimed) counts too.
        mine |= route.claimable_steps(user, document)
    return {
        "can_edit": access.may_edit(user, document),
        "can_submit": document.status == DocStatus.DRAFT and document.drafter_id == user.pk,
        "can_review": step == STEP_REVIEW and STEP_REVIEW in mine,
        "can_countersign": step == STEP_COUNTERSIGN and STEP_COUNTERSIGN in mine,
        "can_sign_off": step == STEP_SIGN_OFF and STEP_SIGN_OFF in mine,
        "can_return": step in (STEP_COUNTERSIGN, STEP_SIGN_OFF) and step in mine,
        "can_dispatch": document.status == DocStatus.SIGNED
        and dispatch_services.may_dispatch(user, document),
        "can_archive": supervision.may_archive_document(user, document),
        "step": step,
    }


@oa_staff_required
def document_detail(request, pk: int):
    document = document_or_404(request.user, pk)
    return render(
        request,
        "oa/office/document_detail.html",
        {
            "document": document,
            "events": document_events(document),
            "dispatches": document_dispatches(document),
            "attachments": document.attachments.all(),
            "countersign_units": document.countersign_units.order_by("path"),
            "recipient_units": document.recipient_units.order_by("path"),
            "comment_form": CommentForm(),
            "import_form": DocxImportForm(prefix="docx"),
            "attachment_form": AttachmentForm(),
            # The case page has its own visibility: link to it only for those who may open it.
            "may_view_case": bool(document.process_id)
            and may_view_case(request.user, document.process),
            "archive": ArchiveRecord.objects.filter(document=document.pk).first(),
            "archive_form": ArchiveForm(),
            **_supervision(request.user, document),
            **_actions(request.user, document),
        },
    )


def _run(request, pk: int, action, done: str):
    document = document_or_404(request.user, pk)
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        action(document=document, by=request.user, comment=comment)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("oa:document_detail", pk=pk)


@require_POST
@oa_staff_required
def document_submit(request, pk: int):
    document = document_or_404(request.user, pk)
    try:
        route.document_submit(document=document, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已送核稿。"))
    return redirect("oa:document_detail", pk=pk)


@require_POST
@oa_staff_required
def document_review(request, pk: int):
    return _run(request, pk, route.document_review, _("核稿完成，已送下一步。"))


@require_POST
@oa_staff_required
def document_countersign(request, pk: int):
    return _run(request, pk, route.document_countersign, _("已会签。"))


@require_POST
@oa_staff_required
def document_sign_off(request, pk: int):
    return _run(request, pk, route.document_sign_off, _("已签发，发文字号已编定。"))


@require_POST
@oa_staff_required
def document_return(request, pk: int):
    return _run(request, pk, route.document_return, _("已退回核稿。"))


@require_POST
@oa_staff_required
def document_dispatch(request, pk: int):
    document = document_or_404(request.user, pk)
    try:
        dispatch_services.document_dispatch(document=document, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已分发到各收文单位。"))
    return redirect("oa:document_detail", pk=pk)


@require_POST
@oa_staff_required
def document_import(request, pk: int):
    """从 Word 导入正文."""
    document = document_or_404(request.user, pk)
    form = DocxImportForm(request.POST, request.FILES, prefix="docx")
    if not form.is_valid():
        messages.error(request, _("请选择 Word（.docx）文件。"))
        return redirect("oa:document_detail", pk=pk)
    try:
        services.body_import_docx(
            document=document, by=request.user, upload=form.cleaned_data["file"]
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已从 Word 导入正文。"))
    return redirect("oa:document_detail", pk=pk)


@oa_staff_required
def document_docx(request, pk: int):
    """导出正文为 Word."""
    document = document_or_404(request.user, pk)
    data = body_to_docx(title=document.title, body_html=document.body)
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f"attachment; filename=oa-{document.pk}.docx"
    return response


@oa_staff_required
def document_pdf(request, pk: int):
    """版式文件（GB/T 9704-2012）：签发后可生成；每次打印计数."""
    document = document_or_404(request.user, pk)
    if not document.number:
        raise Http404
    data = layout.document_pdf(document)
    if request.GET.get("print"):
        dispatch_services.print_record(document=document, by=request.user)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename=oa-{document.pk}.pdf"
    return response


@require_POST
@oa_staff_required
def attachment_add(request, pk: int):
    document = document_or_404(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                document=document, by=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已上传附件。"))
    return redirect("oa:document_detail", pk=pk)


@oa_staff_required
def attachment_download(request, pk: int, attachment_pk: int):
    document = document_or_404(request.user, pk)
    attachment = document.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return download(attachment.file.open("rb"), attachment.original_name)


@oa_staff_required
def document_revisions(request, pk: int):
    """修订记录：按修改人着色显示插入和删除。"""
    document = document_or_404(request.user, pk)
    versions = document_versions(document)
    return render(
        request,
        "oa/office/revisions.html",
        {
            "document": document,
            "versions": versions,
            "view": revision_view(document, versions),
            "can_decide": access.may_edit(request.user, document),
        },
    )


@require_POST
@oa_staff_required
def change_decide(request, pk: int):
    """接受或拒绝一处修订."""
    document = document_or_404(request.user, pk)
    decision = request.POST.get("decision")
    if decision not in ("accept", "reject"):
        raise Http404
    try:
        services.change_decide(
            document=document,
            by=request.user,
            change_id=request.POST.get("change", "")[:40],
            accept=decision == "accept",
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(
            request, _("已接受该处修订。") if decision == "accept" else _("已拒绝该处修订。")
        )
    return redirect("oa:document_revisions", pk=pk)
