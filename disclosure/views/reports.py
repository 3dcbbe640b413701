"""Back office of the annual report: the list of the user's units' reports, opening one, the
report page (tables counted from the data, the text and entered figures, submission to review)
and its PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from platform_core.forms import add_service_errors

from ..forms.reports import OpenForm, ReportForm
from ..models import AnnualReport
from ..selectors.access import entry_units, may_enter, unit_q
from ..selectors.annual_report import report_context
from ..services import reports as services
from .common import disclosure_staff_required


def _visible(user):
    return AnnualReport.objects.filter(unit_q(user, "unit")).select_related("unit", "item", "clock")


def _report_or_404(user, pk: int) -> AnnualReport:
    report = _visible(user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


@disclosure_staff_required
def report_list(request):
    units = entry_units(request.user).order_by("path")
    form = OpenForm(
        request.POST or None, units=units, initial={"year": timezone.localdate().year - 1}
    )
    if request.method == "POST":
        if not units.exists():
            raise PermissionDenied
        if form.is_valid():
            try:
                report = services.report_open(
                    unit=form.cleaned_data["unit"], year=form.cleaned_data["year"], by=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("disclosure:report_detail", report.pk)
    reports = list(_visible(request.user).order_by("-year", "unit__path")[:200])
    return render(
        request,
        "disclosure/office/reports.html",
        {"reports": reports, "form": form, "can_open": units.exists()},
    )


@disclosure_staff_required
def report_detail(request, pk: int):
    report = _report_or_404(request.user, pk)
    editable = may_enter(request.user, report.unit) and (
        report.item_id is None or report.item.status in ("draft", "returned")
    )
    initial = {"overall": report.overall, "problems": report.problems, "other": report.other}
    initial.update(report.figures or {})
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.report_update(
                    report=report,
                    by=request.user,
                    overall=data["overall"],
                    problems=data["problems"],
                    other=data["other"],
                    figures=form.figures(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect("disclosure:report_detail", report.pk)
    context = report_context(report)
    context.update(form=form, editable=editable)
    return render(request, "disclosure/office/report_detail.html", context)


@disclosure_staff_required
@require_POST
def report_submit(request, pk: int):
    report = _report_or_404(request.user, pk)
    try:
        services.report_submit(report=report, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已送审：审核通过后在信息公开年报栏目发布。"))
    return redirect("disclosure:report_detail", report.pk)


@disclosure_staff_required
def report_pdf(request, pk: int):
    report = _report_or_404(request.user, pk)
    response = HttpResponse(services.report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="report-{report.year}.pdf"'
    return response
