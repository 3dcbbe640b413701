"""办件结果公示: the public list of licences granted (行政许可 "双公示")."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from approval.forms.applications import ItemSearchForm
from approval.selectors import results as selectors
from platform_core.replica import replica_reads

PAGE_SIZE = 20


@ratelimit(key="ip", rate="120/m", block=True)
@replica_reads
def results(request):
    form = ItemSearchForm(request.GET or None)
    q, department = "", None
    departments = list(selectors.departments_with_grants())
    if form.is_bound and form.is_valid():
        q = form.cleaned_data["q"]
        code = form.cleaned_data["dept"]
        if code:
            department = next((d for d in departments if d.code == code), None)
            if department is None:
                form.add_error("dept", _("该部门暂无公示结果。"))
    rows = selectors.granted_decisions(q=q, department=department) if not form.errors else []
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "approval/public/results.html",
        {
            "form": form,
            "q": q,
            "department": department,
            "departments": departments,
            "page": page,
            "rows": [selectors.result_row(d) for d in page.object_list],
        },
    )
