"""Back office of proactive disclosure: the item list, entry and editing, attachments and the
privacy check, review, validity, interpretation links and withdrawal.

Views parse input and call the services (which check rights, record the event and re-publish);
every action is a plain form post with its CSRF token, so the pages work without JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from platform_core.forms import add_service_errors

from ..constants import STATUS_EDITABLE, Genre, ItemStatus
from ..forms.items import (
    AttachmentForm,
    FilterForm,
    ItemForm,
    LinkForm,
    OverrideForm,
    ReviewForm,
    ValidityForm,
    WithdrawForm,
)
from ..models import Item
from ..selectors import access
from ..selectors.items import (
    columns_usable,
    item_events,
    item_findings,
    items_due,
    items_list,
    items_visible_to,
)
from ..services import items as services
from ..services import review
from .common import body_form, body_values, body_version, disclosure_staff_required, item_or_404

PAGE_SIZE = 20


@disclosure_staff_required
def office_home(request):
    """公开信息: the items of the user's units, newest change first."""
    form = FilterForm(request.GET or None)
    status, q = "", ""
    if form.is_valid():
        status, q = form.cleaned_data["status"], form.cleaned_data["q"].strip()
    qs = items_list(request.user, status=status, q=q)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    due = [r for r in items_due(request.user) if r["state"].status in ("due_soon", "overdue")]
    return render(
        request,
        "disclosure/office/home.html",
        {
            "page": page,
            "form": form,
            "can_enter": access.is_officer(request.user),
            "due_count": len(due),
        },
    )


@disclosure_staff_required
def dashboard(request):
    """公开时限: unpublished items with their 20-working-day clock and cards."""
    rows = items_due(request.user)
    return render(request, "disclosure/office/dashboard.html", {"rows": rows})


def _entry_choices(user):
    return columns_usable(user), access.entry_units(user).order_by("path")


@disclosure_staff_required
def item_new(request):
    """录入公开信息."""
    columns, units = _entry_choices(request.user)
    if not access.is_officer(request.user) or not columns.exists():
        raise PermissionDenied
    column = None
    column_id = request.POST.get("column") or request.GET.get("column")
    if column_id and str(column_id).isdigit():
        column = columns.filter(pk=column_id).first()
    # "按所选栏目显示信息体" posts the form only to show the chosen column's information body.
    picking = request.method == "POST" and "pick_column" in request.POST
    bound = request.method == "POST" and not picking
    initial = {"column": column, "unit": units.first()}
    if picking:
        initial.update({k: v for k, v in request.POST.items() if k in ItemForm.base_fields})
        initial["column"] = column
    form = ItemForm(request.POST if bound else None, columns=columns, units=units, initial=initial)
    version = body_version(column)
    info = body_form(version, request.POST if bound else None)
    if bound and form.is_valid() and (info is None or info.is_valid()):
        data = dict(form.cleaned_data)
        try:
            item = services.item_create(
                by=request.user,
                extra=info.data_json() if info else {},
                form_version=version,
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存为草稿。"))
            return redirect("disclosure:item_detail", pk=item.pk)
    return render(
        request,
        "disclosure/office/item_form.html",
        {"form": form, "info": info, "item": None, "column": column},
    )


@disclosure_staff_required
def item_edit(request, pk: int):
    """修改草稿或被退回的信息."""
    item = item_or_404(request.user, pk)
    if not access.may_enter(request.user, item.unit):
        raise PermissionDenied
    if item.status not in STATUS_EDITABLE:
        messages.error(request, _("只有草稿或被退回的信息可以修改。"))
        return redirect("disclosure:item_detail", pk=pk)
    columns, units = _entry_choices(request.user)
    initial = {f: getattr(item, f) for f in services.EDITABLE_FIELDS}
    initial.update(column=item.column, unit=item.unit)
    form = ItemForm(request.POST or None, columns=columns, units=units, initial=initial)
    form.fields["unit"].disabled = True
    version = item.form_version or body_version(item.column)
    info = body_form(
        version, request.POST if request.method == "POST" else None, initial=item.extra
    )
    if request.method == "POST" and form.is_valid() and (info is None or info.is_valid()):
        data = {f: form.cleaned_data[f] for f in services.EDITABLE_FIELDS}
        try:
            services.item_update(
                item=item,
                by=request.user,
                column=form.cleaned_data["column"],
                extra=info.data_json() if info else item.extra,
                form_version=version,
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("disclosure:item_detail", pk=pk)
    return render(
        request,
        "disclosure/office/item_form.html",
        {"form": form, "info": info, "item": item, "column": item.column},
    )


def _policy_candidates(user, item: Item):
    return (
        items_visible_to(user)
        .filter(status=ItemStatus.PUBLISHED)
        .exclude(pk=item.pk)
        .exclude(genre=Genre.INTERPRETATION)
        .select_related(None)  # a chooser needs no unit or column (and .only() defers them)
        .only("pk", "title", "index_number")
        .order_by("-published_at")
    )


@disclosure_staff_required
def item_detail(request, pk: int):
    """公开信息详情: metadata, privacy findings, review, validity, history."""
    item = item_or_404(request.user, pk)
    if item.status == ItemStatus.IN_REVIEW:
        item = services.sync(item, request.user)
        item = item_or_404(request.user, pk)
    user = request.user
    can_enter = access.may_enter(user, item.unit)
    can_review = access.may_review(user, item.unit)
    review_task = (
        review.open_review_task(item, user) if item.status == ItemStatus.IN_REVIEW else None
    )
    published = item.status == ItemStatus.PUBLISHED
    return render(
        request,
        "disclosure/office/item_detail.html",
        {
            "item": item,
            "body_values": body_values(item),
            "attachments": list(item.attachments.all()),
            "findings": list(item_findings(item)),
            "events": list(item_events(item)),
            "can_edit": can_enter and item.status in STATUS_EDITABLE,
            "can_review": can_review,
            "review_task": review_task,
            "step_name": review.current_step_name(item),
            "review_form": ReviewForm(),
            "override_form": OverrideForm(),
            "attachment_form": AttachmentForm(),
            "validity_form": ValidityForm(
                initial={"validity": item.validity},
                candidates=items_visible_to(user)
                .filter(status=ItemStatus.PUBLISHED)
                .exclude(pk=item.pk)
                .select_related(None)
                .only("pk", "title", "index_number"),
            )
            if published
            else None,
            "withdraw_form": WithdrawForm(),
            "link_form": LinkForm(candidates=_policy_candidates(user, item))
            if item.genre == Genre.INTERPRETATION
            else None,
            "policies": list(item.interprets.all()),
            "interpretations": list(item.interpretations.all()),
        },
    )


def _fail(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@require_POST
@disclosure_staff_required
def item_submit(request, pk: int):
    item = item_or_404(request.user, pk)
    try:
        services.item_submit(item=item, by=request.user)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("已送审，进入保密审查。"))
    return redirect("disclosure:item_detail", pk=pk)


@require_POST
@disclosure_staff_required
def item_check(request, pk: int):
    """隐私检查 (on demand)."""
    item = item_or_404(request.user, pk)
    findings = services.privacy_check(item=item, by=request.user)
    if findings:
        messages.error(request, _("隐私检查发现%(n)d处个人信息尚未处理。") % {"n": len(findings)})
    else:
        messages.success(request, _("隐私检查未发现待处理的个人信息。"))
    return redirect("disclosure:item_detail", pk=pk)


@require_POST
@disclosure_staff_required
def item_review(request, pk: int):
    item = item_or_404(request.user, pk)
    if item.status == ItemStatus.IN_REVIEW and review.open_review_task(item, request.user) is None:
        raise PermissionDenied  # the current step's task is someone else's
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("disclosure:item_detail", pk=pk)
    try:
        if form.cleaned_data["decision"] == "approve":
            item = services.item_approve(
                item=item, by=request.user, comment=form.cleaned_data["comment"]
            )
            if item.status == ItemStatus.PUBLISHED:
                messages.success(
                    request, _("已签发并公开，索引号 %(n)s。") % {"n": item.index_number}
                )
            else:
                messages.success(request, _("已审核通过，转下一步。"))
        else:
            services.item_send_back(
                item=item, by=request.user, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("已退回录入人修改。"))
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("disclosure:item_detail", pk=pk)


@require_POST
@disclosure_staff_required
def finding_override(request, pk: int, finding_pk: int):
    item = item_or_404(request.user, pk)
    finding = get_object_or_404(item.findings, pk=finding_pk)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写放行理由（不少于4个字）。"))
        return redirect("disclosure:item_detail", pk=pk)
    try:
        services.finding_override(
            finding=finding, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("已放行，理由已记录。"))
    return redirect("disclosure:item_detail", pk=pk)


@require_POST
@disclosure_staff_required
def attachment_add(request, pk: int):
    item = item_or_404(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
        return redirect("disclosure:item_detail", pk=pk)
    try:
        services.attachment_add(item=item, by=request.user, upload=form.cleaned_data["file"])
        findings = services.privacy_check(item=item, by=request.user)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        if findings:
            messages.error(
                request,
                _("附件已上传。隐私检查发现%(n)d处个人信息，请遮盖后重新上传。")
                % {"n": len(findings)},
            )
        else:
            messages.success(request, _("附件已上传，隐私检查未发现个人信息。"))
    return redirect("disclosure:item_detail", pk=pk)


@require_POST
@disclosure_staff_required
def attachment_remove(request, pk: int, attachment_pk: int):
    item = item_or_404(request.user, pk)
    attachment = get_object_or_404(item.attachments, pk=attachment_pk)
    try:
        services.attachment_remove(attachment=attachment, by=request.user)
        services.privacy_check(item=item, by=request.user)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("附件已删除。"))
    return redirect("disclosure:item_detail", pk=pk)


@require_POST
@disclosure_staff_required
def item_validity(request, pk: int):
    item = item_or_404(request.user, pk)
    form = ValidityForm(
        request.POST,
        candidates=items_visible_to(request.user).filter(status=ItemStatus.PUBLISHED),
    )
    if not form.is_valid():
        messages.error(request, _("请检查有效性的填写。"))
        return redirect("disclosure:item_detail", pk=pk)
    try:
        services.item_set_validity(item=item, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("有效性已更新，网站页面将重新发布。"))
    return redirect("disclosure:item_detail", pk=pk)


@require_POST
@disclosure_staff_required
def item_withdraw(request, pk: int):
    item = item_or_404(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写撤回理由。"))
        return redirect("disclosure:item_detail", pk=pk)
    try:
        services.item_withdraw(item=item, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("已撤回。"))
    return redirect("disclosure:item_detail", pk=pk)


@require_POST
@disclosure_staff_required
def item_link(request, pk: int):
    item = item_or_404(request.user, pk)
    form = LinkForm(request.POST, candidates=_policy_candidates(request.user, item))
    if not form.is_valid():
        messages.error(request, _("请选择解读的政策文件。"))
        return redirect("disclosure:item_detail", pk=pk)
    try:
        services.interpretation_link(
            interpretation=item, policy=form.cleaned_data["policy"], by=request.user
        )
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("已关联政策文件。"))
    return redirect("disclosure:item_detail", pk=pk)
