"""The message centre (citizens on the portal, staff in the back office) and failed-outbox resend.

Both families use the same views with their own template and URL names. Every lookup of a
message goes through `inbox_for(user)`, so another person's message id is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..constants import Channel, OutboxStatus
from ..decorators import citizen_login_required, office_login_required, office_permission_required
from ..http import safe_local_url
from ..models import Notification
from ..selectors.notifications import inbox_for, outbox_failures, unread_count
from ..services.notifications import notification_mark_read, notification_resend

PAGE_SIZE = 20

FAMILIES = {
    "citizen": {
        "template": "platform_core/notifications/citizen_list.html",
        "list": "platform_core:citizen_notifications",
        "read": "platform_core:citizen_notification_read",
        "read_all": "platform_core:citizen_notifications_read_all",
    },
    "office": {
        "template": "platform_core/notifications/office_list.html",
        "list": "platform_core:office_notifications",
        "read": "platform_core:office_notification_read",
        "read_all": "platform_core:office_notifications_read_all",
    },
}


def _page_number(request) -> str:
    value = request.POST.get("page") or request.GET.get("page") or ""
    return value if value.isdigit() else ""


def _back_to_list(family: str, page: str):
    url = reverse(FAMILIES[family]["list"])
    return redirect(f"{url}?page={page}" if page else url)


def _inbox(request, family: str):
    # Three queries whatever the number of messages: count, one page, unread count.
    paginator = Paginator(inbox_for(request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        FAMILIES[family]["template"],
        {"page": page, "unread": unread_count(request.user), "urls": FAMILIES[family]},
    )


def _read_all(request, family: str):
    count = notification_mark_read(user=request.user)
    if count:
        messages.success(request, _("已将%(count)d条消息标为已读。") % {"count": count})
    else:
        messages.info(request, _("没有未读消息。"))
    return _back_to_list(family, _page_number(request))


def _read_one(request, pk: int, family: str):
    notification = get_object_or_404(inbox_for(request.user), pk=pk)
    notification_mark_read(user=request.user, ids=[notification.pk])
    link = notification.link
    # "查看" follows the message's link; only addresses on this site are followed.
    if request.POST.get("open") and safe_local_url(request, link):
        return redirect(link)
    return _back_to_list(family, _page_number(request))


@citizen_login_required
def citizen_notifications(request):
    """我的消息（公众用户）。"""
    return _inbox(request, "citizen")


@require_POST
@citizen_login_required
def citizen_notifications_read_all(request):
    return _read_all(request, "citizen")


@require_POST
@citizen_login_required
def citizen_notification_read(request, pk: int):
    return _read_one(request, pk, "citizen")


@office_login_required
def office_notifications(request):
    """我的消息（工作人员）。"""
    return _inbox(request, "office")


@require_POST
@office_login_required
def office_notifications_read_all(request):
    return _read_all(request, "office")


@require_POST
@office_login_required
def office_notification_read(request, pk: int):
    return _read_one(request, pk, "office")


@office_permission_required("platform_core.resend_notification")
def outbox_failure_list(request):
    """发送失败的短信和邮件, each with its error and a "重新发送" button."""
    paginator = Paginator(outbox_failures(), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "platform_core/notifications/outbox_failures.html", {"page": page})


@require_POST
@office_permission_required("platform_core.resend_notification")
def outbox_resend(request, pk: int):
    notification = get_object_or_404(
        Notification.objects.filter(channel__in=[Channel.SMS, Channel.EMAIL]), pk=pk
    )
    if notification.status != OutboxStatus.FAILED:
        messages.info(request, _("该消息已不在发送失败列表中，无需重发。"))
    else:
        try:
            notification_resend(notification=notification, by=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(
                request, _("已重新加入发送队列：%(subject)s") % {"subject": notification}
            )
    url = reverse("platform_core:outbox_failures")
    page = _page_number(request)
    return redirect(f"{url}?page={page}" if page else url)
