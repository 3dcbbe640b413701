"""短信收发: threads, sending, resending, and the gateway's webhook."""

from __future__ import annotations

import json
import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse, RawPostDataException
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from ..forms.tools import SmsForm
from ..models import SmsMessage, SmsThread
from ..services import sms as sms_services
from .common import oa_staff_required

logger = logging.getLogger(__name__)
PAGE_SIZE = 20


def _thread_or_404(user, pk: int) -> SmsThread:
    thread = SmsThread.objects.filter(pk=pk, owner=user).select_related("counterpart").first()
    if thread is None:
        raise Http404
    return thread


@oa_staff_required
def sms_threads(request):
    rows = SmsThread.objects.filter(owner=request.user).select_related("counterpart")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "oa/office/sms_threads.html", {"page": page})


@oa_staff_required
def sms_new(request):
    form = SmsForm(request.POST or None, initial={"numbers": request.GET.get("to", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = sms_services.sms_send(
                by=request.user,
                body=data["body"],
                people=list(data["people"]),
                units=list(data["units"]),
                numbers=sms_services.parse_numbers(data["numbers"]),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已提交发送 %(n)s 条短信。") % {"n": len(sent)})
            if len(sent) == 1:
                return redirect("oa:sms_thread", sent[0].thread_id)
            return redirect("oa:sms_threads")
    return render(request, "oa/office/sms_form.html", {"form": form})


@oa_staff_required
def sms_thread(request, pk: int):
    thread = _thread_or_404(request.user, pk)
    if request.method == "POST":
        try:
            sms_services.sms_send(
                by=request.user, body=request.POST.get("body", ""), numbers=[thread.mobile]
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已提交发送。"))
        return redirect("oa:sms_thread", pk)
    sms_services.thread_mark_read(thread=thread, by=request.user)
    rows = list(
        SmsMessage.objects.filter(thread=thread)
        .select_related("notification", "sender")
        .order_by("-created_at", "-pk")[:200]
    )
    rows.reverse()
    for row in rows:
        row.shown_status = sms_services.sync_status(row)
    return render(request, "oa/office/sms_thread.html", {"thread": thread, "rows": rows})


@require_POST
@oa_staff_required
def sms_resend(request, pk: int):
    message = SmsMessage.objects.filter(pk=pk, thread__owner=request.user).first()
    if message is None:
        raise Http404
    try:
        sms_services.sms_resend(message=message, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已重新排队发送。"))
    return redirect("oa:sms_thread", message.thread_id)


@csrf_exempt  # a server-to-server call, authenticated by its HMAC signature instead
@require_POST
@ratelimit(key="ip", rate="120/m", method="POST", block=True)
def sms_webhook(request):
    """The gateway posts inbound messages and delivery reports here, signed.

    Headers: X-Egov-Timestamp (Unix seconds), X-Egov-Nonce (8–64 of [A-Za-z0-9_-]),
    X-Egov-Signature = hex HMAC-SHA256(secret, timestamp + "\\n" + nonce + "\\n" + body).
    Body (JSON): {"type": "inbound", "from": "139…", "text": "…", "id": "gw-1", "reply_to":
    "egov-12"} or {"type": "report", "msgid": "egov-12", "status": "delivered"|"failed",
    "error": "…"}.
    """
    try:
        body = request.body
    except RawPostDataException:  # a multipart form, already parsed: never a gateway's call
        return HttpResponse(status=400)
    try:
        sms_services.webhook_verify(
            timestamp=request.headers.get("X-Egov-Timestamp", ""),
            nonce=request.headers.get("X-Egov-Nonce", ""),
            signature=request.headers.get("X-Egov-Signature", ""),
            body=body,
        )
    except sms_services.WebhookRefused as exc:
        logger.warning("SMS webhook refused: %s", exc)
        return HttpResponse(status=403)
    try:
        payload = json.loads(body)
        if not isinstance(payload, dict):
            raise ValueError
        if payload.get("type") == "report":
            message = sms_services.delivery_report(
                msgid=str(payload.get("msgid", "")),
                status=str(payload.get("status", "")),
                error=str(payload.get("error", ""))[:300],
            )
        elif payload.get("type") == "inbound":
            message = sms_services.inbound_receive(
                mobile=str(payload.get("from", "")),
                text=str(payload.get("text", "")),
                gateway_id=str(payload.get("id", "")),
                reply_to=str(payload.get("reply_to", "")),
            )
        else:
            raise ValueError
    except (ValueError, ValidationError):
        return JsonResponse({"ok": False, "error": "bad request"}, status=400)
    return JsonResponse({"ok": True, "matched": message is not None})
