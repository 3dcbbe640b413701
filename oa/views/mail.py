"""我的公务邮箱: the mailbox (boxes, folders, search), writing (drafts, attachments, reply,
reply to all, forward), reading (with read receipts), and folder management.

Every copy id in a URL is looked up among the person's own copies: anyone else's is a 404.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from platform_core.decorators import office_permission_required
from platform_core.forms import add_service_errors

from ..constants import MailBox, MailRole, MailStatus
from ..forms.mail import ComposeForm, FolderForm, QuotaForm, QuotaSearchForm, SearchForm
from ..selectors import mail as selectors
from ..services import mail as services
from .common import download, oa_staff_required

BOX_TITLES = {
    MailBox.INBOX: _("收件箱"),
    MailBox.SENT: _("已发送"),
    MailBox.DRAFTS: _("草稿箱"),
    MailBox.TRASH: _("已删除"),
}
BOXES = (MailBox.INBOX, MailBox.SENT, MailBox.DRAFTS, MailBox.TRASH)


def _copy_or_404(user, pk: int):
    delivery = selectors.delivery_for(user, pk)
    if delivery is None:
        raise Http404
    return delivery


def _sidebar(request) -> dict:
    return {
        "boxes": [(b, MailBox(b).label) for b in BOXES],
        "folders": selectors.folders_of(request.user),
        "quota": selectors.quota_view(request.user),
        "may_manage_quotas": selectors.may_manage_quotas(request.user),
    }


def _ids(request) -> list[int]:
    return [int(v) for v in request.POST.getlist("ids") if v.isdigit()][:500]


def _back(request, default: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


@oa_staff_required
def mail_list(request, box: str = MailBox.INBOX, folder_id: int | None = None):
    """收件箱、已发送、草稿箱、已删除或自己的文件夹；可按发件人、主题、正文和日期搜索。"""
    folder = None
    if folder_id is not None:
        folder = next((f for f in selectors.folders_of(request.user) if f.pk == folder_id), None)
        if folder is None:
            raise Http404
        box = MailBox.FOLDER
    elif box not in BOXES:
        raise Http404
    form = SearchForm(request.GET or None)
    search = selectors.Search()
    if form.is_bound and form.is_valid():
        search = selectors.Search(
            q=form.cleaned_data["q"].strip(),
            sender=form.cleaned_data["sender"].strip(),
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
        )
    rows, next_cursor = selectors.mailbox_page(
        request.user,
        box=box,
        folder=folder,
        search=search,
        cursor=request.GET.get("after", ""),
    )
    context = {
        **_sidebar(request),
        "box": box,
        "folder": folder,
        "title": folder.name if folder else BOX_TITLES[box],
        "rows": rows,
        "next_cursor": next_cursor,
        "is_first_page": not request.GET.get("after"),
        "form": form,
        "searching": search.active,
    }
    return render(request, "oa/office/mail_list.html", context)


def _compose_page(request, form, draft=None, carried=()):
    context = {
        **_sidebar(request),
        "form": form,
        "draft": draft,
        "carried": carried,
        "address_options": selectors.address_options(),
    }
    return render(request, "oa/office/mail_compose.html", context)


def _save(request, form, draft=None, *, reply_to=None, forward_of=None):
    data = form.cleaned_data
    fields = {
        "subject": data["subject"],
        "body": data["body"],
        "to": data["to"],
        "cc": data["cc"],
        "bcc": data["bcc"],
        "request_receipt": data["request_receipt"],
        "uploads": data["files"],
    }
    if draft is None:
        return services.draft_save(
            by=request.user, reply_to=reply_to, forward_of=forward_of, **fields
        )
    return services.draft_save(by=request.user, draft=draft, **fields)


def _submit(request, form, draft=None, *, reply_to=None, forward_of=None):
    """Save (and send, when asked). Returns a redirect, or None to show the form again."""
    action = request.POST.get("action", "save")
    try:
        with transaction.atomic():
            message = _save(request, form, draft, reply_to=reply_to, forward_of=forward_of)
            if action == "send":
                services.mail_send(by=request.user, message=message)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    if action == "send":
        messages.success(request, _("邮件已发送。"))
        return redirect("oa:mail_box", box=MailBox.SENT)
    messages.success(request, _("草稿已保存。"))
    copy = message.deliveries.filter(role=MailRole.SENDER).first()
    return redirect("oa:mail_draft", pk=copy.pk)


@oa_staff_required
def mail_compose(request):
    """写邮件；?reply=<副本>&mode=reply|reply_all|forward 为回复、回复全部或转发。"""
    source, mode = None, request.GET.get("mode", "")
    if request.GET.get("reply", "").isdigit():
        source = _copy_or_404(request.user, int(request.GET["reply"]))
        if source.message.status != MailStatus.SENT or mode not in (
            "reply",
            "reply_all",
            "forward",
        ):
            raise Http404
    reply_to = source.message if source and mode != "forward" else None
    forward_of = source.message if source and mode == "forward" else None
    if request.method == "POST":
        form = ComposeForm(request.POST, request.FILES)
        if form.is_valid():
            response = _submit(request, form, reply_to=reply_to, forward_of=forward_of)
            if response is not None:
                return response
    else:
        initial = selectors.compose_initial(request.user, source, mode) if source else {}
        if request.GET.get("to"):
            initial["to"] = request.GET["to"][:500]
        form = ComposeForm(initial=initial)
    carried = list(forward_of.attachments.all()) if forward_of is not None else []
    return _compose_page(request, form, carried=carried)


@oa_staff_required
def mail_draft(request, pk: int):
    """修改草稿（可继续添加或删去附件），保存或发送。"""
    delivery = _copy_or_404(request.user, pk)
    draft = delivery.message
    if delivery.role != MailRole.SENDER or draft.status != MailStatus.DRAFT:
        return redirect("oa:mail_detail", pk=pk)
    if request.method == "POST":
        form = ComposeForm(request.POST, request.FILES)
        if form.is_valid():
            response = _submit(request, form, draft)
            if response is not None:
                return response
    else:
        form = ComposeForm(
            initial={
                "to": draft.to_text,
                "cc": draft.cc_text,
                "bcc": draft.bcc_text,
                "subject": draft.subject,
                "body": draft.body,
                "request_receipt": draft.request_receipt,
            }
        )
    return _compose_page(request, form, draft=delivery)


@oa_staff_required
@require_POST
def attachment_remove(request, pk: int, attachment_pk: int):
    delivery = _copy_or_404(request.user, pk)
    try:
        services.attachment_remove(
            by=request.user, message=delivery.message, attachment_id=attachment_pk
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("已删去附件。"))
    return redirect("oa:mail_draft", pk=pk)


@oa_staff_required
def mail_detail(request, pk: int):
    """阅读邮件（第一次打开即标为已读；要求回执的通知发件人）。"""
    delivery = _copy_or_404(request.user, pk)
    if delivery.role == MailRole.SENDER and delivery.message.status == MailStatus.DRAFT:
        return redirect("oa:mail_draft", pk=pk)
    if not delivery.is_read:
        services.mail_open(by=request.user, delivery_id=delivery.pk)
        delivery.is_read = True
    message = delivery.message
    context = {
        **_sidebar(request),
        "delivery": delivery,
        "message": message,
        "is_sender": delivery.role == MailRole.SENDER,
        "receipts": selectors.receipts_for(delivery),
        "attachments": list(message.attachments.all()),
    }
    return render(request, "oa/office/mail_detail.html", context)


@oa_staff_required
def attachment_download(request, message_pk: int, pk: int):
    attachment = selectors.attachment_for(request.user, message_pk, pk)
    if attachment is None:
        raise Http404
    return download(attachment.blob.file.open("rb"), attachment.name)


@oa_staff_required
@require_POST
def mail_bulk(request):
    """对选中的邮件：标为已读/未读、删除、恢复、移动。"""
    ids, action = _ids(request), request.POST.get("action", "")
    default = reverse("oa:mail_inbox")
    if not ids:
        messages.error(request, _("请先选择邮件。"))
        return _back(request, default)
    try:
        if action == "read":
            services.mail_mark(by=request.user, delivery_ids=ids, read=True)
            text = _("已标为已读。")
        elif action == "unread":
            services.mail_mark(by=request.user, delivery_ids=ids, read=False)
            text = _("已标为未读。")
        elif action == "delete":
            services.mail_delete(by=request.user, delivery_ids=ids)
            text = _("已删除。")
        elif action == "restore":
            services.mail_restore(by=request.user, delivery_ids=ids)
            text = _("已恢复。")
        elif action == "move":
            services.mail_move(
                by=request.user, delivery_ids=ids, target=request.POST.get("target", "")
            )
            text = _("已移动。")
        else:
            raise ValidationError(_("请选择操作。"))
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return _back(request, default)
    messages.success(request, text)
    return _back(request, default)


@oa_staff_required
@require_POST
def trash_empty(request):
    count = services.trash_empty(by=request.user)
    messages.success(request, _("已彻底删除 %(count)s 封邮件。") % {"count": count})
    return redirect("oa:mail_box", box=MailBox.TRASH)


@oa_staff_required
def folders(request):
    """管理自己的文件夹：新建、重命名、删除。"""
    form = FolderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.folder_create(by=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已新建文件夹。"))
            return redirect("oa:mail_folders")
    return render(request, "oa/office/mail_folders.html", {**_sidebar(request), "form": form})


@oa_staff_required
@require_POST
def folder_rename(request, pk: int):
    form = FolderForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("请填写文件夹名称（不超过 40 个字）。"))
        services.folder_rename(by=request.user, folder_id=pk, name=form.cleaned_data["name"])
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已重命名。"))
    return redirect("oa:mail_folders")


@oa_staff_required
@require_POST
def folder_delete(request, pk: int):
    try:
        services.folder_delete(by=request.user, folder_id=pk)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("已删除文件夹，其中的邮件已移回收件箱。"))
    return redirect("oa:mail_folders")


# --- 邮箱空间管理 (administrators) ---------------------------------------------------------------


@office_permission_required(selectors.QUOTA_PERM)
def quota_list(request):
    """邮箱空间管理：本人权限范围内人员的已用空间和上限，按已用空间从多到少。"""
    form = QuotaSearchForm(request.GET or None)
    search = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""
    page = Paginator(selectors.quota_people(request.user, search=search), 30).get_page(
        request.GET.get("page")
    )
    rows = [(person, selectors.quota_row(person)) for person in page.object_list]
    return render(
        request,
        "oa/office/mail_quotas.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "q": search.strip(),
            "default_limit": settings.OA_MAIL_QUOTA_BYTES,
        },
    )


@office_permission_required(selectors.QUOTA_PERM)
@require_http_methods(["GET", "POST"])
def quota_edit(request, pk: int):
    """设置一个人的邮箱空间上限。"""
    person = selectors.quota_people(request.user).filter(pk=pk).first()
    if person is None:
        raise Http404
    usage = selectors.quota_row(person)
    initial = {"limit_mb": None if usage["is_default"] else usage["limit"] // (1024 * 1024)}
    form = QuotaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            quota = services.quota_set(
                by=request.user, person=person, limit_mb=form.cleaned_data["limit_mb"]
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if quota.used_bytes > quota.limit:
                messages.warning(
                    request,
                    _("已保存。%(name)s 已用空间超过新上限，在清理邮箱前不能再保存或发送邮件。")
                    % {"name": person.name},
                )
            else:
                messages.success(
                    request, _("已保存 %(name)s 的邮箱空间上限。") % {"name": person.name}
                )
            return redirect("oa:mail_quotas")
    return render(
        request,
        "oa/office/mail_quota_form.html",
        {"person": person, "usage": usage, "form": form},
    )
