"""Article attachments (back office), the statistics page, the page-view beacon, and the
published upload files in demo and development (nginx serves /files/ in production)."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from platform_core.forms import add_service_errors
from platform_core.richtext.responses import image_uploaded, upload_failed
from portal.constants import IMAGE_KINDS
from portal.forms.media import AttachmentForm, StatsFilterForm
from portal.models import ArticleAttachment
from portal.publishing.engine import published_file
from portal.selectors import access
from portal.services import media, stats
from portal.services.articles import EDITABLE_STATUSES
from portal.views.common import article_or_404, portal_user_required


@portal_user_required
def attachments(request, pk: int):
    """附件和图片: list, upload (images with alt text) and delete, for who may edit the article."""
    article = article_or_404(request.user, pk)
    if not access.can_edit_article(request.user, article):
        raise PermissionDenied
    editable = article.status in EDITABLE_STATUSES
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not editable:
            messages.error(request, _("只有草稿或已撤稿的稿件可以修改附件；已发布的稿件请先撤稿。"))
            return redirect("portal:attachments", pk=pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                media.attachment_add(
                    article=article,
                    by=request.user,
                    upload=data["file"],
                    title=data["title"],
                    alt=data["alt"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("附件已上传。"))
                return redirect("portal:attachments", pk=pk)
    return render(
        request,
        "portal/office/attachments.html",
        {
            "article": article,
            "form": form,
            "editable": editable,
            "attachments": article.attachments.select_related("uploaded_by"),
        },
    )


@require_POST
@portal_user_required
def image_upload(request, pk: int):
    """The article editor's image upload: one image with its alt text into the article's
    attachments (checked by content, re-encoded, size-limited; the article must be editable by
    this user). JSON for the editor; 404 for an article the user may not see."""
    article = article_or_404(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        return upload_failed([_("请选择要上传的图片。")])
    alt = request.POST.get("alt", "").strip()
    try:
        attachment = media.attachment_add(
            article=article,
            by=request.user,
            upload=upload,
            title=alt,
            alt=alt,
            allowed_kinds=IMAGE_KINDS,
        )
    except PermissionDenied:
        return upload_failed([_("您无权修改此稿件。")], status=403)
    except ValidationError as exc:
        return upload_failed(exc.messages)
    return image_uploaded(attachment.url, attachment.alt)


@require_POST
@portal_user_required
def attachment_delete(request, pk: int, attachment_pk: int):
    article = article_or_404(request.user, pk)
    attachment = ArticleAttachment.objects.filter(pk=attachment_pk, article=article).first()
    if attachment is None:
        raise Http404
    attachment.article = article
    try:
        media.attachment_delete(attachment=attachment, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("附件已删除。"))
    return redirect("portal:attachments", pk=pk)


@portal_user_required
def stats_page(request):
    """访问统计: views per day, article and channel; top searches and searches with no result."""
    form = StatsFilterForm(request.GET or None)
    days = form.cleaned_data["days"] if form.is_valid() else 30
    data = stats.report(days=days)
    # The daily table is drawn as an ECharts line chart (static/office/js/charts.js).
    context = {
        "form": form,
        "daily_rows": zip(data["dates"], data["daily"], strict=True),
    }
    return render(request, "portal/office/stats.html", {**context, **data})


# The rate-limit group of the beacon (what the ratelimit decorator named it before).
BEACON_GROUP = "portal.views.media.beacon"


@never_cache
@require_GET  # a GET, so that it needs no CSRF exemption: it changes no state of the reader
def beacon(request):
    """/stats/hit?p=/zwdt/12.html: count one page view; always 204 with no body.

    While Redis is unreachable the view is dropped (and the log says how many were): its rate
    limit is then not counted either, so that page views never write to PostgreSQL (ADR 0005).
    """
    if not stats.counting_available():
        stats.note_dropped("hits")
    elif not is_ratelimited(
        request, group=BEACON_GROUP, key="ip", rate="120/m", method=ALL, increment=True
    ):
        path = request.GET.get("p", "")
        try:
            stats.record_hit(path, request.META.get("HTTP_USER_AGENT", ""))
        except Exception:  # statistics must never produce an error for a reader
            stats.logger.warning("page view not recorded", exc_info=True)
    return HttpResponse(status=204)


def published_upload(request, name: str):
    """A published upload file under PUBLISH_ROOT/files/ (nginx serves these in production and
    falls back to this view for the rest). A file not published yet is served only to staff who
    may see its article: the editor shows an image in a draft under the URL it will be published
    at."""
    path = published_file(f"/files/{name}")
    if path is None:
        return _draft_upload(request, name)
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response = FileResponse(path.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    if not content_type.startswith("image/"):
        response["Content-Disposition"] = "attachment"
    return response


def _draft_upload(request, name: str):
    user = request.user
    if not (user.is_authenticated and user.is_office_user):
        raise Http404
    attachment = media.draft_attachment(name)
    if attachment is None:
        raise Http404
    article_or_404(request.user, attachment.article_id)
    response = FileResponse(
        media.open_stored(name), content_type=mimetypes.guess_type(name)[0] or "image/jpeg"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if not attachment.is_image:
        response["Content-Disposition"] = "attachment"
    return response
