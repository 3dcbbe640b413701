"""会议管理: rooms, meeting notices, replies (回执), reminders, QR sign-in and minutes."""

from __future__ import annotations

import base64
import datetime
import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..constants import SupervisionSource
from ..forms.calendar import ActionItemForm, AttachmentForm, MeetingForm, MinutesForm, ReplyForm
from ..models import ActionItem, MeetingInvitee, MeetingNotice, MeetingStatus
from ..selectors.access import drafting_units, own_units
from ..selectors.meetings import (
    invitees_of,
    may_run,
    meeting_for,
    meeting_list,
    my_invitations,
    rooms_with_bookings,
    unit_staff,
)
from ..selectors.supervision import is_supervision_office, supervised
from ..services import meetings as services
from .common import download, oa_staff_required

PAGE_SIZE = 20


def _meeting_or_404(user, pk: int) -> MeetingNotice:
    meeting = meeting_for(user, pk)
    if meeting is None:
        raise Http404
    return meeting


@oa_staff_required
def meeting_list_view(request):
    page = Paginator(meeting_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "oa/office/meetings.html", {"page": page})


@oa_staff_required
def meeting_new(request):
    units = drafting_units(request.user)
    people = unit_staff(units).exclude(pk=request.user.pk)
    form = MeetingForm(request.POST or None, units=units, people=people)
    if request.method == "GET":
        start = timezone.localtime().replace(
            minute=0, second=0, microsecond=0
        ) + datetime.timedelta(days=2)
        start = start.replace(hour=9)
        form = MeetingForm(
            initial={
                "start": start,
                "end": start + datetime.timedelta(hours=2),
                "reply_deadline": start - datetime.timedelta(days=1),
                "unit": units.first(),
                "send_sms": True,
            },
            units=units,
            people=people,
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                by=request.user,
                unit=data["unit"],
                title=data["title"],
                kind=data["kind"],
                start=data["start"],
                end=data["end"],
                room=data["room"],
                place=data["place"],
                agenda=data["agenda"],
                reply_deadline=data["reply_deadline"],
                units=list(data["units"]),
                persons=list(data["persons"]),
                send_sms=data["send_sms"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("会议通知已保存，请核对后发出。"))
            return redirect("oa:meeting_detail", pk=meeting.pk)
    return render(request, "oa/office/meeting_form.html", {"form": form})


@oa_staff_required
def meeting_detail(request, pk: int):
    meeting = _meeting_or_404(request.user, pk)
    runs = may_run(request.user, meeting)
    invitees = invitees_of(meeting)
    action_items = list(meeting.action_items.select_related("owner_unit", "done_by"))
    items = supervised(SupervisionSource.MEETING, [a.pk for a in action_items], request.user)
    for a in action_items:
        a.supervision_item = items.get(a.pk)
    mine = list(my_invitations(request.user, meeting)) if meeting.status == "sent" else []
    reply_forms = []
    for invitee in mine:
        staff = unit_staff([invitee.unit_id]) if invitee.unit_id else None
        initial = {
            "attending": "1" if invitee.attending else "0",
            "attendee_users": list(invitee.attendee_users.all()),
            "attendees": invitee.attendees if not invitee.attendee_users.exists() else "",
            "note": invitee.reply_note,
        }
        reply_forms.append(
            (invitee, ReplyForm(initial=initial, staff=staff, prefix=f"r{invitee.pk}"))
        )
    return render(
        request,
        "oa/office/meeting_detail.html",
        {
            "meeting": meeting,
            "runs": runs,
            "invitees": invitees,
            "replied": [i for i in invitees if i.replied_at],
            "pending": [i for i in invitees if not i.replied_at],
            "reply_forms": reply_forms,
            "attachments": list(meeting.attachments.all()),
            "action_items": action_items,
            # 转督办: the supervision office turns an action item into a supervision item.
            "is_supervision_office": is_supervision_office(request.user),
            "sign_ins": list(meeting.sign_ins.select_related("user")) if runs else [],
            "my_units": set(own_units(request.user).values_list("unit", flat=True)),
            "attachment_form": AttachmentForm(),
            "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}),
            "action_form": ActionItemForm(),
        },
    )


def _service(request, pk: int, action, success: str):
    meeting = _meeting_or_404(request.user, pk)
    try:
        result = action(meeting)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, success if not callable(success) else success(result))
    return redirect("oa:meeting_detail", pk=meeting.pk)


@require_POST
@oa_staff_required
def meeting_send(request, pk: int):
    return _service(
        request,
        pk,
        lambda m: services.meeting_send(meeting=m, by=request.user),
        _("会议通知已发出。"),
    )


@require_POST
@oa_staff_required
def meeting_cancel(request, pk: int):
    reason = request.POST.get("reason", "")[:200]
    return _service(
        request,
        pk,
        lambda m: services.meeting_cancel(meeting=m, by=request.user, reason=reason),
        _("会议已取消，会议室已释放。"),
    )


@require_POST
@oa_staff_required
def meeting_remind(request, pk: int):
    return _service(
        request,
        pk,
        lambda m: services.meeting_remind(meeting=m, by=request.user),
        lambda n: _("已提醒 %(n)s 个未回执的单位或人员。") % {"n": n} if n else _("全部已回执。"),
    )


@require_POST
@oa_staff_required
def meeting_reply(request, pk: int, invitee_pk: int):
    meeting = _meeting_or_404(request.user, pk)
    invitee = MeetingInvitee.objects.filter(pk=invitee_pk, meeting=meeting).first()
    if invitee is None:
        raise Http404
    staff = unit_staff([invitee.unit_id]) if invitee.unit_id else None
    form = ReplyForm(request.POST, staff=staff, prefix=f"r{invitee.pk}")
    if not form.is_valid():
        messages.error(
            request,
            _("回执填写有误：%(e)s")
            % {"e": "；".join(str(e) for errors in form.errors.values() for e in errors)},
        )
        return redirect("oa:meeting_detail", pk=meeting.pk)
    data = form.cleaned_data
    try:
        services.meeting_reply(
            invitee=invitee,
            by=request.user,
            attending=data["attending"],
            attendee_users=list(data["attendee_users"]),
            attendees=data["attendees"],
            note=data["note"],
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("回执已提交。"))
    return redirect("oa:meeting_detail", pk=meeting.pk)


@require_POST
@oa_staff_required
def attachment_add(request, pk: int):
    meeting = _meeting_or_404(request.user, pk)
    if not may_run(request.user, meeting):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择文件。"))
    else:
        try:
            services.attachment_add(
                meeting=meeting, by=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("会议材料已上传。"))
    return redirect("oa:meeting_detail", pk=meeting.pk)


@oa_staff_required
def attachment_download(request, pk: int, attachment_pk: int):
    meeting = _meeting_or_404(request.user, pk)
    attachment = meeting.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return download(attachment.file.open("rb"), attachment.original_name)


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=20)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@oa_staff_required
def meeting_screen(request, pk: int):
    """会场屏幕：签到二维码（每 5 分钟自动更新）和已签到人数。"""
    meeting = _meeting_or_404(request.user, pk)
    if not may_run(request.user, meeting):
        raise PermissionDenied
    if meeting.status != MeetingStatus.SENT:
        raise Http404
    token = services.sign_in_token(meeting)
    url = request.build_absolute_uri(reverse("oa:meeting_sign_in", args=[meeting.pk, token]))
    return render(
        request,
        "oa/office/meeting_screen.html",
        {
            "meeting": meeting,
            "qr": _qr_svg(url),
            "url": url,
            "signed": meeting.sign_ins.count(),
        },
    )


@oa_staff_required
def meeting_sign_in(request, pk: int, token: str):
    """扫码后打开：确认签到（POST）。"""
    meeting = _meeting_or_404(request.user, pk)
    error = None
    try:
        if services.sign_in_check(token) != meeting.pk:
            raise ValidationError(_("签到二维码无效。"))
    except ValidationError as exc:
        error = "；".join(exc.messages)
    if request.method == "POST" and error is None:
        try:
            services.meeting_sign_in(meeting=meeting, user=request.user, token=token)
        except ValidationError as exc:
            error = "；".join(exc.messages)
        except PermissionDenied:
            error = _("您不在本次会议的参会范围内。")
        else:
            messages.success(request, _("签到成功。"))
            return redirect("oa:meeting_detail", pk=meeting.pk)
    signed = meeting.sign_ins.filter(user=request.user).first()
    return render(
        request,
        "oa/office/meeting_sign_in.html",
        {"meeting": meeting, "error": error, "signed": signed},
        status=400 if error and request.method == "POST" else 200,
    )


@require_POST
@oa_staff_required
def meeting_minutes(request, pk: int):
    meeting = _meeting_or_404(request.user, pk)
    form = MinutesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写会议纪要。"))
        return redirect("oa:meeting_detail", pk=meeting.pk)
    return _service(
        request,
        pk,
        lambda m: services.minutes_save(
            meeting=m, by=request.user, minutes=form.cleaned_data["minutes"]
        ),
        _("会议纪要已保存。"),
    )


@require_POST
@oa_staff_required
def action_item_add(request, pk: int):
    meeting = _meeting_or_404(request.user, pk)
    form = ActionItemForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("议定事项填写有误：%(e)s")
            % {"e": "；".join(str(e) for errors in form.errors.values() for e in errors)},
        )
        return redirect("oa:meeting_detail", pk=meeting.pk)
    data = form.cleaned_data
    return _service(
        request,
        pk,
        lambda m: services.action_item_add(
            meeting=m,
            by=request.user,
            title=data["title"],
            owner_unit=data["owner_unit"],
            due_date=data["due_date"],
        ),
        _("议定事项已交办。"),
    )


@require_POST
@oa_staff_required
def action_item_done(request, pk: int, item_pk: int):
    meeting = _meeting_or_404(request.user, pk)
    item = ActionItem.objects.filter(pk=item_pk, meeting=meeting).first()
    if item is None:
        raise Http404
    services.action_item_done(item=item, by=request.user)
    messages.success(request, _("议定事项已办结。"))
    return redirect("oa:meeting_detail", pk=meeting.pk)


@oa_staff_required
def rooms(request):
    """会议室：某日各会议室的预订情况。"""
    try:
        day = datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localdate()
    return render(
        request,
        "oa/office/rooms.html",
        {
            "day": day,
            "rooms": rooms_with_bookings(day, timezone.get_current_timezone()),
            "prev": day - datetime.timedelta(days=1),
            "next": day + datetime.timedelta(days=1),
        },
    )
