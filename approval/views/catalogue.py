"""Catalogue back office (事项管理) under /office/approval/items/: the item administrator drafts,
edits, copies, retires, imports and exports the licensing items of their departments; the
department's leader approves publication (审核事项发布). Views parse and render; the rules are in
approval.services.items / item_review / catalogue_io and approval.selectors.catalogue.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from approval.constants import ItemStatus
from approval.forms.catalogue import (
    CatalogueFilterForm,
    CopyForm,
    FeeFormSet,
    ImportForm,
    ItemForm,
    MaterialFormSet,
    NewItemForm,
    ReviewForm,
    SubmitForm,
    formset_rows,
)
from approval.models import ItemReview, LicensingItem
from approval.selectors import catalogue as access
from approval.services import catalogue_io, item_review
from approval.services import items as item_services
from platform_core.decorators import office_login_required, office_user_passes

admin_only = office_user_passes(access.is_item_admin)


def _item(request, pk: int) -> LicensingItem:
    """The item version, if the user keeps its department; another department's is a 404."""
    item = get_object_or_404(LicensingItem.objects.select_related("department"), pk=pk)
    if not access.may_manage(request.user, item):
        raise Http404
    return item


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_GET
@admin_only
def items_list(request):
    departments = access.managed_departments(request.user)
    form = CatalogueFilterForm(request.GET or None, departments=departments)
    filters = form.cleaned_data if form.is_valid() else {}
    department = filters.get("department")
    items = access.catalogue_items(
        request.user,
        department=department.pk if department else None,
        status=filters.get("status") or "",
        q=(filters.get("q") or "").strip(),
    )
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(
        request, "approval/catalogue/list.html", {"form": form, "page": page, "query": request.GET}
    )


def _formsets(request, item: LicensingItem | None):
    if request.method == "POST":
        return (
            MaterialFormSet(request.POST, prefix="materials"),
            FeeFormSet(request.POST, prefix="fees"),
        )
    materials = (
        [
            {k: getattr(m, k) for k in ("id", "name", "form", "count", "may_defer", "note")}
            for m in item.materials.all()
        ]
        if item
        else []
    )
    fees = (
        [
            {k: getattr(f, k) for k in ("id", "name", "standard", "amount", "basis")}
            for f in item.fee_items.all()
        ]
        if item
        else []
    )
    return (
        MaterialFormSet(initial=materials, prefix="materials"),
        FeeFormSet(initial=fees, prefix="fees"),
    )


def _save_draft(request, form, materials, fees, item: LicensingItem | None):
    fields = form.item_fields()
    with transaction.atomic():
        if item is None:
            fields.pop("name")
            department = fields.pop("department")
            item = item_services.item_create(
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                department=department,
                by=request.user,
            )
            fields = form.item_fields()
        return item_services.item_draft_save(
            item=item,
            by=request.user,
            fields=fields,
            materials=formset_rows(materials),
            fees=formset_rows(fees),
            events=form.cleaned_data["events"],
        )


def _edit_page(request, item: LicensingItem | None):
    departments = access.managed_departments(request.user)
    form_class = NewItemForm if item is None else ItemForm
    form = form_class(
        request.POST or None,
        instance=item if item is not None else LicensingItem(),
        departments=departments,
    )
    if item is not None and request.method == "GET":
        form.initial.update(form_code=item.form_code, route_code=item.route_code)
    materials, fees = _formsets(request, item)
    if request.method == "POST" and form.is_valid() and materials.is_valid() and fees.is_valid():
        department = form.cleaned_data["department"]
        if not departments.filter(pk=department.pk).exists():
            raise PermissionDenied
        try:
            saved = _save_draft(request, form, materials, fees, item)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    target = field if field in form.fields else None
                    for error in errors:
                        form.add_error(target, error)
            else:
                for message in exc.messages:
                    form.add_error(None, message)
        else:
            messages.success(request, _("草稿已保存。"))
            return redirect("approval:item_detail", saved.pk)
    return render(
        request,
        "approval/catalogue/edit.html",
        {"form": form, "materials": materials, "fees": fees, "item": item},
    )


@require_http_methods(["GET", "POST"])
@admin_only
def item_create(request):
    return _edit_page(request, None)


@require_http_methods(["GET", "POST"])
@admin_only
def item_edit(request, pk: int):
    item = _item(request, pk)
    if item.status != ItemStatus.DRAFT:
        messages.error(request, _("已发布或停用的版本只读；请先新建版本草稿。"))
        return redirect("approval:item_detail", item.pk)
    if access.pending_review(item) is not None:
        messages.error(request, _("该草稿正在发布审核中，不能修改；如需修改请先撤回送审。"))
        return redirect("approval:item_detail", item.pk)
    return _edit_page(request, item)


@require_GET
@admin_only
def item_detail(request, pk: int):
    item = _item(request, pk)
    pending = access.pending_review(item)
    return render(
        request,
        "approval/catalogue/detail.html",
        {
            "item": item,
            "materials": list(item.materials.all()),
            "fees": list(item.fee_items.all()),
            "events": [e.get_event_display() for e in item.life_events.all()],
            "problems": item_services.publish_problems(item) if item.is_draft else [],
            "pending": pending,
            "versions": list(access.item_versions(item)),
            "reviews": list(access.item_reviews(item)[:20]),
            "submit_form": SubmitForm(),
        },
    )


@require_POST
@admin_only
def item_new_version(request, pk: int):
    item = _item(request, pk)
    draft = item_services.item_new_version(item=item, by=request.user)
    messages.success(request, _("已建立第%(v)s版草稿。") % {"v": draft.version})
    return redirect("approval:item_detail", draft.pk)


@require_http_methods(["GET", "POST"])
@admin_only
def item_copy(request, pk: int):
    item = _item(request, pk)
    form = CopyForm(request.POST or None, initial={"name": item.name})
    if request.method == "POST" and form.is_valid():
        try:
            copy = item_services.item_copy(
                item=item, code=form.cleaned_data["code"], name=form.cleaned_data["name"],
                by=request.user,
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已复制为新事项草稿。"))
            return redirect("approval:item_detail", copy.pk)
    return render(request, "approval/catalogue/copy.html", {"form": form, "item": item})


@require_POST
@admin_only
def item_retire(request, pk: int):
    item = _item(request, pk)
    try:
        retired = item_services.item_retire(item=item, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("approval:item_detail", item.pk)
    messages.success(request, _("事项已停用：不再受理新申请，进行中的申请照常办理。"))
    return redirect("approval:item_detail", retired.pk)


@require_POST
@admin_only
def item_submit(request, pk: int):
    item = _item(request, pk)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        _errors(request, ValidationError(_("送审说明不能超过 500 字。")))
        return redirect("approval:item_detail", item.pk)
    try:
        item_review.review_submit(item=item, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, _("不能提交发布审核："))
        _errors(request, exc)
    else:
        messages.success(request, _("已提交发布审核，等待分管领导审核。"))
    return redirect("approval:item_detail", item.pk)


@require_POST
@admin_only
def review_withdraw(request, pk: int):
    review = get_object_or_404(ItemReview.objects.select_related("item"), pk=pk)
    if not access.may_manage(request.user, review.item):
        raise Http404
    try:
        item_review.review_withdraw(review=review, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("已撤回送审，可以继续修改草稿。"))
    return redirect("approval:item_detail", review.item_id)


@require_http_methods(["GET", "POST"])
@office_login_required
def item_review_page(request, pk: int):
    review = get_object_or_404(
        ItemReview.objects.select_related("item", "item__department", "submitted_by", "clock"),
        pk=pk,
    )
    if not access.may_review(request.user, review):
        # The submitter and the department's administrators follow the review on the item page.
        if access.may_manage(request.user, review.item):
            raise PermissionDenied
        raise Http404
    item = review.item
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                item_review.review_approve(
                    review=review, by=request.user, comment=form.cleaned_data["reason"]
                )
                messages.success(request, _("已同意发布，新版本已在办事大厅公开。"))
            else:
                item_review.review_return(
                    review=review, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("已退回事项管理员修改。"))
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            return redirect("platform_core:inbox")
    return render(
        request,
        "approval/catalogue/review.html",
        {
            "review": review,
            "item": item,
            "form": form,
            "materials": list(item.materials.all()),
            "fees": list(item.fee_items.all()),
            "events": [e.get_event_display() for e in item.life_events.all()],
            "problems": item_services.publish_problems(item) if review.status == "pending" else [],
        },
    )


@require_http_methods(["GET", "POST"])
@admin_only
def items_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        allowed = (
            None
            if request.user.is_superuser
            else set(access.managed_departments(request.user).values_list("pk", flat=True))
        )
        try:
            report = catalogue_io.catalogue_import_upload(
                upload=form.cleaned_data["file"], by=request.user, allowed_units=allowed
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            if report.ok:
                messages.success(
                    request, _("已导入 %(n)s 个事项（草稿）。") % {"n": len(report.created)}
                )
                return redirect("approval:items")
    return render(request, "approval/catalogue/import.html", {"form": form, "report": report})


@require_GET
@admin_only
def items_export(request, fmt: str):
    items = access.catalogue_items(request.user, status=request.GET.get("status", ""))
    if fmt == "json":
        response = HttpResponse(
            catalogue_io.catalogue_export_json(items), content_type="application/json"
        )
    else:
        response = HttpResponse(
            catalogue_io.catalogue_export_xlsx(items),
            content_type=catalogue_io.IMPORT_KINDS["xlsx"][2],
        )
    response["Content-Disposition"] = f'attachment; filename="items.{fmt}"'
    return response
