"""值班管理: rosters, shift swaps, phone records and duty reports, handover."""

from __future__ import annotations

import calendar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms.tools import HandoverForm, RecordCloseForm, RecordForm, RosterForm, SwapForm
from ..models import DutyRecordTemplate, DutyShift
from ..selectors import duty as selectors
from ..services import duty as services
from .common import oa_staff_required

PAGE_SIZE = 20


def _error(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


def _roster_or_404(user, pk: int):
    roster = selectors.rosters_visible_to(user).filter(pk=pk).first()
    if roster is None:
        raise Http404
    return roster


def _shift_or_404(user, pk: int) -> DutyShift:
    shift = (
        DutyShift.objects.filter(pk=pk, roster__in=selectors.rosters_visible_to(user, public=False))
        .select_related("roster", "roster__unit", "officer", "leader")
        .first()
    )
    if shift is None:
        raise Http404
    return shift


@oa_staff_required
def roster_list(request):
    rows = selectors.rosters_visible_to(request.user).order_by("-start", "pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    may_create = selectors.units_headed(request.user).exists()
    return render(
        request,
        "oa/office/duty_rosters.html",
        {"page": page, "may_create": may_create, "today": selectors.today_duty_for(request.user)},
    )


@oa_staff_required
def roster_new(request):
    units = selectors.units_headed(request.user)
    if not units.exists():
        raise Http404
    today = timezone.localdate()
    last = calendar.monthrange(today.year, today.month)[1]
    initial = {
        "start": today.replace(day=1),
        "end": today.replace(day=last),
        "title": _("%(y)s年%(m)s月值班表") % {"y": today.year, "m": today.month},
    }
    form = RosterForm(
        request.POST or None, initial=initial, units=units, people=selectors.unit_people(units)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            roster = services.roster_create(
                by=request.user,
                unit=data["unit"],
                title=data["title"],
                start=data["start"],
                end=data["end"],
                phone=data["phone"],
                officers=list(data["officers"]),
                leaders=list(data["leaders"]),
                is_public=data["is_public"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已生成值班表。"))
            return redirect("oa:duty_roster", roster.pk)
    return render(request, "oa/office/duty_roster_form.html", {"form": form})


@oa_staff_required
def roster_detail(request, pk: int):
    roster = _roster_or_404(request.user, pk)
    shifts = list(selectors.roster_shifts(roster))
    days: list[dict] = []
    for shift in shifts:
        if not days or days[-1]["date"] != shift.date:
            days.append(
                {
                    "date": shift.date,
                    "day_kind": shift.get_day_kind_display(),
                    "kind_code": shift.day_kind,
                    "holiday": shift.holiday_name,
                    "shifts": [],
                }
            )
        days[-1]["shifts"].append(shift)
    return render(
        request,
        "oa/office/duty_roster.html",
        {
            "roster": roster,
            "days": days,
            "today": timezone.localdate(),
            "is_head": selectors.is_unit_head(request.user, roster.unit),
            # A public roster is readable county-wide; its shifts' records stay with the unit.
            "shift_links": selectors.rosters_visible_to(request.user, public=False)
            .filter(pk=roster.pk)
            .exists(),
        },
    )


@oa_staff_required
def shift_detail(request, pk: int):
    shift = _shift_or_404(request.user, pk)
    template = DutyRecordTemplate.objects.filter(pk=request.GET.get("template") or 0).first()
    record_initial = {"kind": template.kind, "content": template.body} if template else {}
    people = selectors.unit_people([shift.roster.unit_id]).exclude(pk=shift.officer_id)
    return render(
        request,
        "oa/office/duty_shift.html",
        {
            "shift": shift,
            "records": shift.records.select_related("created_by", "closed_by"),
            "handed_over": services.open_records_before(shift)
            .exclude(shift=shift)
            .select_related("shift", "created_by")
            .order_by("created_at", "pk"),
            "closed_here": shift.closed_records.exclude(shift=shift).select_related(
                "shift", "closed_by"
            ),
            "close_form": RecordCloseForm(),
            "may_write": services.may_write(request.user, shift),
            "swaps": shift.swaps.select_related("requester", "substitute", "decided_by"),
            "previous": services.previous_shift(shift),
            "record_form": RecordForm(initial=record_initial),
            "swap_form": SwapForm(people=people),
            "handover_form": HandoverForm(),
            "templates": DutyRecordTemplate.objects.all(),
            "is_officer": shift.officer_id == request.user.pk,
        },
    )


@require_POST
@oa_staff_required
def record_add(request, pk: int):
    shift = _shift_or_404(request.user, pk)
    form = RecordForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写事由和内容。"))
        return redirect("oa:duty_shift", pk)
    try:
        services.record_add(shift=shift, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已记录。"))
    return redirect("oa:duty_shift", pk)


@require_POST
@oa_staff_required
def record_close(request, pk: int, record_pk: int):
    """办结一条值班记录（本班的，或上一班移交的），写明办结结果。"""
    shift = _shift_or_404(request.user, pk)
    record = services.open_records_before(shift).filter(pk=record_pk).first()
    if record is None:
        raise Http404
    form = RecordCloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("oa:duty_shift", pk)
    try:
        services.record_close(
            record=record, by=request.user, result=form.cleaned_data["result"], shift=shift
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已办结“%(title)s”。") % {"title": record.title})
    return redirect("oa:duty_shift", pk)


@require_POST
@oa_staff_required
def swap_request(request, pk: int):
    shift = _shift_or_404(request.user, pk)
    form = SwapForm(request.POST, people=selectors.unit_people([shift.roster.unit_id]))
    if not form.is_valid():
        messages.error(request, _("请选择替班人并填写理由。"))
        return redirect("oa:duty_shift", pk)
    try:
        services.swap_request(
            shift=shift,
            by=request.user,
            substitute=form.cleaned_data["substitute"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("换班申请已提交，等待单位负责人审批。"))
    return redirect("oa:duty_shift", pk)


@require_POST
@oa_staff_required
def shift_handover(request, pk: int):
    shift = _shift_or_404(request.user, pk)
    try:
        services.handover(shift=shift, by=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已交班。"))
    return redirect("oa:duty_shift", pk)


@require_POST
@oa_staff_required
def shift_take_over(request, pk: int):
    shift = _shift_or_404(request.user, pk)
    try:
        services.take_over(shift=shift, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已接班。"))
    return redirect("oa:duty_shift", pk)


@oa_staff_required
def swap_list(request):
    rows = selectors.pending_swaps(request.user).order_by("shift__date", "pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "oa/office/duty_swaps.html", {"page": page})


@require_POST
@oa_staff_required
def swap_decide(request, pk: int):
    swap = selectors.pending_swaps(request.user).filter(pk=pk).first()
    if swap is None:
        raise Http404
    try:
        services.swap_decide(
            swap=swap, by=request.user, approve=request.POST.get("decision") == "approve"
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已审批。"))
    return redirect("oa:duty_swaps")
