"""收文 register, registration (by hand or from a scanned barcode), handling and 传阅.

Every view finds the document through `incoming_visible_to` (another department's id is a
404); each action's service checks the person's right again (拟办 by the receiving unit, 批示
by the leader named, 承办 by the handling unit, reading by the reader)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms.incoming import (
    AttachmentForm,
    CirculateForm,
    InstructForm,
    ProposeForm,
    ReadForm,
    RegisterForm,
    ReportForm,
    ScanForm,
    StatusFilter,
)
from ..models import Circulation, CirculationReader, Handling, IncomingSource, IncomingStatus
from ..selectors.access import drafting_units, own_units
from ..selectors.incoming import circulations_of, incoming_list, incoming_visible_to
from ..selectors.supervision import is_supervision_office
from ..services import incoming as services
from .common import download, oa_staff_required

PAGE_SIZE = 20


def _document(user, pk: int):
    document = incoming_visible_to(user).select_related("unit", "leader").filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def _errors(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


def _back(document):
    return redirect("oa:incoming_detail", document.pk)


@oa_staff_required
def incoming_list_view(request):
    form = StatusFilter(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = Paginator(incoming_list(request.user, status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "oa/office/incoming_list.html", {"page": page, "form": form})


@oa_staff_required
def incoming_new(request):
    """登记收文：手工录入，或上传扫描件由二维码识别后确认。"""
    units = drafting_units(request.user)
    initial = {"received_on": timezone.localdate(), "copies": 1, "source": IncomingSource.MANUAL}
    scan_form = ScanForm()
    if request.method == "POST" and "scan" in request.FILES:
        scan_form = ScanForm(request.POST, request.FILES)
        if scan_form.is_valid():
            try:
                fields = services.scan_read(scan_form.cleaned_data["scan"])
            except ValidationError as exc:
                _errors(request, exc)
            else:
                initial.update(fields, source=IncomingSource.BARCODE)
                messages.success(request, _("已识别公文二维码，请核对后登记。"))
        form = RegisterForm(initial=initial, units=units)
    elif request.method == "POST":
        form = RegisterForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            source = data["source"] if data["source"] in IncomingSource.values else "manual"
            try:
                document = services.incoming_register(
                    unit=data["unit"],
                    by=request.user,
                    sender=data["sender"],
                    title=data["title"],
                    number=data["number"],
                    secrecy=data["secrecy"],
                    urgency=data["urgency"],
                    received_on=data["received_on"],
                    copies=data["copies"],
                    source=source if source != IncomingSource.EXCHANGE else "manual",
                )
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("收文已登记。"))
                return _back(document)
    else:
        form = RegisterForm(initial=initial, units=units)
    return render(request, "oa/office/incoming_new.html", {"form": form, "scan_form": scan_form})


@oa_staff_required
def incoming_detail(request, pk: int):
    document = _document(request.user, pk)
    user = request.user
    handlings = list(
        document.handlings.select_related("unit", "clock", "concluded_by").prefetch_related(
            "attachments"
        )
    )
    circulations = circulations_of(document)
    my_reads = [
        r
        for c in circulations
        if c.recalled_at is None
        for r in c.readers.all()
        if r.reader_id == user.pk and r.sent_at and not r.read_at
    ]
    mine = set(own_units(user).values_list("unit", flat=True))
    manage = document.unit_id in mine
    return render(
        request,
        "oa/office/incoming_detail.html",
        {
            "document": document,
            "handlings": handlings,
            "my_handlings": [h for h in handlings if h.unit_id in mine and not h.concluded_at],
            "circulations": circulations,
            "my_reads": my_reads,
            "manage": manage,
            "can_propose": manage and document.status == IncomingStatus.REGISTERED,
            "can_instruct": document.status == IncomingStatus.PROPOSED
            and document.leader_id == user.pk,
            "can_conclude": manage
            and document.status == IncomingStatus.HANDLING
            and all(h.concluded_at for h in handlings),
            "can_supervise": document.instructed_at is not None and is_supervision_office(user),
            # The document's own files; a handling unit's material shows with its report.
            "attachments": list(document.attachments.filter(handling__isnull=True)),
            "history": list(document.history.select_related("history_user")[:50]),
            "propose_form": ProposeForm(),
            "instruct_form": InstructForm(),
            "report_form": ReportForm(),
            "circulate_form": CirculateForm(),
            "read_form": ReadForm(),
            "attachment_form": AttachmentForm(),
            "today": timezone.localdate(),
        },
    )


def _post_action(request, pk, action):
    document = _document(request.user, pk)
    try:
        action(document)
    except ValidationError as exc:
        _errors(request, exc)
    return _back(document)


def _invalid(form):
    raise ValidationError([e for errors in form.errors.values() for e in errors])


@require_POST
@oa_staff_required
def incoming_propose(request, pk: int):
    def act(document):
        form = ProposeForm(request.POST)
        if not form.is_valid():
            _invalid(form)
        services.incoming_propose(
            document=document,
            by=request.user,
            proposal=form.cleaned_data["proposal"],
            leader=form.cleaned_data["leader"],
        )
        messages.success(request, _("已拟办，送领导批示。"))

    return _post_action(request, pk, act)


@require_POST
@oa_staff_required
def incoming_instruct(request, pk: int):
    def act(document):
        form = InstructForm(request.POST)
        if not form.is_valid():
            _invalid(form)
        days = form.cleaned_data["days"]
        services.incoming_instruct(
            document=document,
            by=request.user,
            instruction=form.cleaned_data["instruction"],
            units=[(unit, days) for unit in form.cleaned_data["units"]],
        )
        messages.success(request, _("已批示，承办单位已收到待办。"))

    return _post_action(request, pk, act)


@require_POST
@oa_staff_required
def handling_report(request, pk: int, handling_pk: int):
    def act(document):
        handling = Handling.objects.filter(pk=handling_pk, document=document).first()
        if handling is None:
            raise Http404
        form = ReportForm(request.POST, request.FILES)
        if not form.is_valid():
            _invalid(form)
        services.handling_report(
            handling=handling,
            by=request.user,
            report=form.cleaned_data["report"],
            conclude=form.cleaned_data["conclude"],
            uploads=form.cleaned_data["files"],
        )
        messages.success(request, _("办理情况已报告。"))

    return _post_action(request, pk, act)


@require_POST
@oa_staff_required
def incoming_conclude(request, pk: int):
    def act(document):
        services.incoming_conclude(document=document, by=request.user)
        messages.success(request, _("收文已办结。"))

    return _post_action(request, pk, act)


@require_POST
@oa_staff_required
def incoming_attachment(request, pk: int):
    def act(document):
        form = AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            _invalid(form)
        services.attachment_add(
            document=document, by=request.user, upload=form.cleaned_data["file"]
        )
        messages.success(request, _("附件已上传。"))

    return _post_action(request, pk, act)


@require_POST
@oa_staff_required
def circulation_start(request, pk: int):
    def act(document):
        form = CirculateForm(request.POST)
        if not form.is_valid():
            _invalid(form)
        chosen = {u.pk: u for u in form.cleaned_data["readers"]}
        order = [int(v) for v in request.POST.getlist("readers") if v.isdigit()]
        readers = [chosen[i] for i in dict.fromkeys(order) if i in chosen]
        services.circulation_start(
            document=document,
            by=request.user,
            readers=readers,
            mode=form.cleaned_data["mode"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("已发起传阅。"))

    return _post_action(request, pk, act)


@require_POST
@oa_staff_required
def circulation_read(request, pk: int, entry_pk: int):
    def act(document):
        entry = CirculationReader.objects.filter(
            pk=entry_pk, circulation__document=document, reader=request.user
        ).first()
        if entry is None:
            raise Http404
        form = ReadForm(request.POST)
        form.is_valid()
        services.circulation_read(
            entry=entry, by=request.user, comment=form.cleaned_data.get("comment", "")
        )
        messages.success(request, _("已阅。"))

    return _post_action(request, pk, act)


@require_POST
@oa_staff_required
def circulation_recall(request, pk: int, circulation_pk: int):
    def act(document):
        circulation = Circulation.objects.filter(pk=circulation_pk, document=document).first()
        if circulation is None:
            raise Http404
        services.circulation_recall(circulation=circulation, by=request.user)
        messages.success(request, _("传阅已收回。"))

    return _post_action(request, pk, act)


@oa_staff_required
def incoming_attachment_download(request, pk: int, attachment_pk: int):
    document = _document(request.user, pk)
    attachment = document.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return download(attachment.file.open("rb"), attachment.original_name)
