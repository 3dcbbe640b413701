"""E-supervision back office (电子监察): dashboard, drill-down, rules, cards, provincial push.

The dashboard is for supervisors and leaders; it reads through `supervision_stats`, which starts
from the cases visible to the user. The page is complete without JavaScript; a small same-origin
script re-reads `data.json` every minute and updates the numbers and the chart in place.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from approval.forms.supervision import ClearForm, PerformanceMonthForm, RuleForm
from approval.models.supervision import ExportEvent, RuleKind, SupervisionCard, SupervisionRule
from approval.selectors import performance as perf
from approval.selectors import supervision as supervision_stats
from approval.services import export, supervision
from platform_core.decorators import office_user_passes

_guard = office_user_passes


dashboard_access = _guard(supervision.may_view_dashboard)
supervisor_only = _guard(supervision.is_supervisor)
export_access = _guard(supervision.may_manage_export)


def _snapshot(user) -> dict:
    p = supervision_stats.period()
    series = supervision_stats.daily_series(user, p)
    return {
        "period": p,
        "counts": supervision_stats.counts(user, p),
        "departments": supervision_stats.cards_by_department(user),
        # Drawn by ECharts from the table (static/office/js/charts.js); the table stays for
        # screen readers and for use without JavaScript.
        "trend_title": _("近%(n)s天收件、办结与亮牌") % {"n": supervision_stats.CHART_DAYS},
        "trend_series": series["series"],
        "trend_rows": [
            (day, [values[i] for _key, _label, values in series["series"]])
            for i, day in enumerate(series["dates"])
        ],
    }


@require_GET
@dashboard_access
def dashboard(request):
    data = _snapshot(request.user)
    tiles = [(k, label, data["counts"][k]) for k, label in supervision_stats.METRICS.items()]
    return render(
        request,
        "approval/supervision/dashboard.html",
        {**data, "tiles": tiles, "is_supervisor": supervision.is_supervisor(request.user)},
    )


@require_GET
@dashboard_access
def dashboard_data(request):
    data = _snapshot(request.user)
    return JsonResponse(
        {
            "counts": data["counts"],
            "departments": [
                {
                    "id": d["department_id"],
                    "name": d["department__name"],
                    "red": d["red"],
                    "yellow": d["yellow"],
                    "cleared": d["cleared"],
                }
                for d in data["departments"]
            ],
            "trend": {
                "dates": [day.isoformat() for day, _values in data["trend_rows"]],
                "series": [
                    {"key": key, "label": label, "values": values}
                    for key, label, values in data["trend_series"]
                ],
            },
            "today": data["period"].today.isoformat(),
        }
    )


@require_GET
@dashboard_access
def cases(request):
    metric = request.GET.get("metric", "")
    if metric not in supervision_stats.METRICS:
        metric = ""
    try:
        department_id = int(request.GET.get("department") or 0) or None
    except ValueError:
        department_id = None
    rows = supervision_stats.case_list(
        request.user, supervision_stats.period(), metric=metric, department_id=department_id
    )
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "approval/supervision/cases.html",
        {
            "page": page,
            "metric": metric,
            "metric_label": supervision_stats.METRICS.get(metric, _("全部案件")),
            "metrics": supervision_stats.METRICS.items(),
            "is_supervisor": supervision.is_supervisor(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@supervisor_only
def rules(request):
    rows = supervision.rules_ensure()
    if request.method == "POST":
        rule = get_object_or_404(SupervisionRule, pk=request.POST.get("rule"))
        form = RuleForm(request.POST)
        if form.is_valid():
            try:
                supervision.rule_update(rule=rule, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                messages.success(request, _("规则“%(r)s”已保存。") % {"r": rule.get_kind_display()})
                return redirect("supervision:rules")
        else:
            messages.error(request, _("阈值填写有误，请检查。"))
    return render(
        request,
        "approval/supervision/rules.html",
        {
            "rules": rows,
            "percent_kind": RuleKind.TIME_USED,
            "days_kind": RuleKind.DAYS_LEFT,
        },
    )


def _report_month(request):
    """(form, first day of the month) from ?month=YYYY-MM; first is None when the input is bad."""
    form = PerformanceMonthForm(request.GET or None)
    if not form.is_bound:
        first = perf.parse_month(None)
        form = PerformanceMonthForm(initial={"month": f"{first:%Y-%m}"})
        return form, first
    if not form.is_valid():
        return form, None
    try:
        return form, perf.parse_month(form.cleaned_data["month"])
    except ValueError:
        form.add_error("month", _("月份格式应为 YYYY-MM，例如 2026-11。"))
        return form, None


@require_GET
@dashboard_access
def performance(request):
    form, first = _report_month(request)
    report = perf.monthly_report(request.user, first) if first else None
    return render(
        request,
        "approval/supervision/performance.html",
        {
            "form": form,
            "report": report,
            "is_supervisor": supervision.is_supervisor(request.user),
        },
        status=200 if first else 400,
    )


def _download(request, render_bytes, content_type: str, suffix: str):
    form, first = _report_month(request)
    if first is None:
        return HttpResponse(
            "；".join(e for errors in form.errors.values() for e in errors),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    report = perf.monthly_report(request.user, first)
    response = HttpResponse(render_bytes(report), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="performance-{report.month}.{suffix}"'
    return response


@require_GET
@dashboard_access
def performance_pdf(request):
    return _download(request, perf.report_pdf, "application/pdf", "pdf")


@require_GET
@dashboard_access
def performance_xlsx(request):
    return _download(
        request,
        perf.report_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    )


def _cards_for(user):
    return (
        SupervisionCard.objects.filter(
            application__in=supervision_stats.applications_visible_to(user).order_by().values("pk")
        )
        .select_related("application", "application__item", "rule", "department", "cleared_by")
        .order_by("-fired_at", "-id")
    )


@require_GET
@dashboard_access
def cards(request):
    state = request.GET.get("state", "open")
    rows = _cards_for(request.user)
    if state == "open":
        rows = rows.filter(cleared_at__isnull=True)
    elif state == "cleared":
        rows = rows.filter(cleared_at__isnull=False)
    else:
        state = "all"
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "approval/supervision/cards.html",
        {
            "page": page,
            "state": state,
            "form": ClearForm(),
            "is_supervisor": supervision.is_supervisor(request.user),
        },
    )


@require_POST
@supervisor_only
def card_clear(request, pk: int):
    card = get_object_or_404(_cards_for(request.user), pk=pk)
    form = ClearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写处理说明。"))
        return redirect("supervision:cards")
    try:
        supervision.card_clear(card=card, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("亮牌已处理。"))
    return redirect("supervision:cards")


@require_GET
@export_access
def export_problems(request):
    page = Paginator(export.export_problems(), 50).get_page(request.GET.get("page"))
    return render(request, "approval/supervision/export.html", {"page": page})


@require_POST
@export_access
def export_resend(request, pk: int):
    row = get_object_or_404(ExportEvent, pk=pk)
    try:
        export.export_resend(row=row, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(
            request,
            _("已重新排队：%(n)s 第%(s)s条事件。") % {"n": row.application.number, "s": row.seq},
        )
    return redirect("supervision:export")
