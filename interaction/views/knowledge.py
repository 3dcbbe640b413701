"""Knowledge base pages of the back office: search, new entry, review, from a reply."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from platform_core.decorators import office_user_passes

from ..forms.knowledge import EntryForm, EntrySearchForm
from ..models import KnowledgeEntry
from ..selectors import access
from ..selectors import cases as case_selectors
from ..selectors import knowledge as selectors
from ..services import knowledge as services

staff_required = office_user_passes(access.is_interaction_staff)


def _nav(request) -> dict:
    return {
        "tab": "knowledge",
        "is_office": access.is_office_staff(request.user),
        "is_reviewer": access.is_office_reviewer(request.user),
    }


@staff_required
def entry_list(request):
    form = EntrySearchForm(request.GET or None)
    q = status = ""
    if form.is_valid():
        q, status = form.cleaned_data["q"].strip(), form.cleaned_data["status"]
    if q and not status:
        rows = selectors.search_entries(q, limit=50)  # ranked Chinese search over live entries
    else:
        rows = selectors.entries_for_staff(q=q, status=status)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "interaction/office/knowledge_list.html",
        {"form": form, "page": page, **_nav(request)},
    )


@staff_required
def entry_new(request):
    form = EntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.entry_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("知识条目已保存，审核后上线。"))
            return redirect("interaction:knowledge_detail", pk=entry.pk)
    return render(
        request,
        "interaction/office/knowledge_form.html",
        {"form": form, **_nav(request)},
        status=400 if form.errors else 200,
    )


@staff_required
def entry_detail(request, pk: int):
    entry = get_object_or_404(
        KnowledgeEntry.objects.select_related("department", "category__parent", "source_case"),
        pk=pk,
    )
    return render(
        request, "interaction/office/knowledge_detail.html", {"entry": entry, **_nav(request)}
    )


@require_POST
@staff_required
def entry_approve(request, pk: int):
    entry = get_object_or_404(KnowledgeEntry, pk=pk)
    try:
        services.entry_approve(entry=entry, by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("知识条目已上线。"))
    return redirect("interaction:knowledge_detail", pk=entry.pk)


@require_POST
@staff_required
def entry_from_case(request, number: str):
    case = case_selectors.case_for(request.user, number)
    if case is None:
        raise Http404
    try:
        entry = services.entry_from_reply(case=case, by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("interaction:case_detail", number=number)
    messages.success(request, _("已转为知识条目（待审核）。"))
    return redirect("interaction:knowledge_detail", pk=entry.pk)
