"""The online service hall (网上办事大厅): guides, applying, progress lookup, verification."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from approval.constants import AppStatus
from approval.flowchart import item_flow_chart
from approval.forms.applications import ItemSearchForm, ProgressForm, ResubmitNoteForm
from approval.models import Application, LifeEvent
from approval.pdf import guide_pdf
from approval.selectors import applications as selectors
from approval.selectors import hall as hall_selectors
from approval.services import applications as app_services
from approval.services import progress
from approval.views.common import notice_response, pdf_response, post_lists, resumed_form
from platform_core.decorators import citizen_login_required
from platform_core.publishing import published_url
from platform_core.replica import CURRENT, replica_reads
from platform_core.selectors.dynforms import form_class_for, submission_values


def _published_redirect(request):
    """The published page (portal/publishing/hall.py) answering a browse of the hall: the home
    (no parameters), one department (?dept=) or one event (?event=). None: serve it here (a
    keyword search, a page number, a filter combination, or a site not yet published)."""
    params = {k: v for k, v in request.GET.items() if v}
    if not params:
        url = published_url("approval.hall")
    elif params.keys() == {"dept"}:
        url = published_url("approval.department", params["dept"])
    elif params.keys() == {"event"}:
        url = published_url("approval.event", params["event"])
    else:
        url = None
    return redirect(url, permanent=True) if url else None


@replica_reads  # a streaming replica may answer (platform_core/replica.py)
def hall(request):
    """Keyword search of the hall (dynamic); browsing redirects to the published pages."""
    published = _published_redirect(request)
    if published is not None:
        return published
    form = ItemSearchForm(request.GET or None)
    q, department = "", None
    # 按主题浏览: ?event=kaiban (a LifeEvent value) narrows the list to that life/business event.
    event = request.GET.get("event", "")
    event_error = bool(event) and event not in LifeEvent.values
    if form.is_bound and form.is_valid():
        q = form.cleaned_data["q"]
        if form.cleaned_data["dept"]:
            department = (
                selectors.departments_with_items().filter(code=form.cleaned_data["dept"]).first()
            )
            if department is None:
                form.add_error("dept", _("没有该部门的办事事项。"))
    if event_error:
        form.add_error(None, _("没有该办事主题。"))
        event = ""
    rows = selectors.item_search(q=q, department=department) if not form.errors else []
    if event and not form.errors:
        rows = rows.filter(life_events__event=event)
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "approval/public/hall.html",
        {
            "form": form,
            "page": page,
            "departments": selectors.departments_with_items(),
            "department": department,
            "q": q,
            "event": event,
            "event_label": LifeEvent(event).label if event else "",
            "event_groups": hall_selectors.event_groups(event),
        },
        status=400 if form.errors else 200,
    )


def _item_or_404(code: str):
    item = selectors.published_item(code)
    if item is None:
        raise Http404
    return item


@replica_reads
def guide(request, code: str):
    url = published_url("approval.item", code)
    if url:  # the published guide (portal/publishing/hall.py): old links keep working
        return redirect(url, permanent=True)
    item = _item_or_404(code)
    return render(
        request,
        "approval/public/guide.html",
        {"item": item, "materials": list(item.materials.all()), **_flow_context(item)},
    )


def _flow_context(item) -> dict:
    svg, steps = item_flow_chart(item)
    return {"flow_svg": svg, "flow_steps": steps}


def guide_pdf_view(request, code: str):
    # Published beside the guide page (bsdt/sx/<code>.pdf): nginx serves the file. Not published
    # (a site not yet published, a code that is no file name): rendered here. 302: the file goes
    # when the item is retired, and this address must then answer again.
    url = published_url("approval.guide_pdf", code)
    if url:
        return redirect(url)
    item = _item_or_404(code)
    return pdf_response(guide_pdf(item), f"guide-{item.code}.pdf")


@citizen_login_required
# Public submission: a person fills a form in minutes; a script posting faster is refused (429).
@ratelimit(key="user", rate="10/m", method="POST", block=True)
@require_http_methods(["GET", "POST"])
def apply(request, code: str):
    item = _item_or_404(code)
    version = selectors.item_form_version(item)
    if version is None:
        raise Http404
    form_class = form_class_for(version)
    draft = Application.objects.filter(
        applicant=request.user, item=item, status=AppStatus.DRAFT
    ).first()
    if request.method == "POST":
        action = request.POST.get("action", "submit")
        if action == "save":
            app_services.application_draft_save(
                item=item, user=request.user, data=post_lists(request)
            )
            messages.success(request, _("已暂存，下次打开本页可继续填写（附件需在提交时上传）。"))
            return redirect("approval:apply", code=item.code)
        form = form_class(request.POST, request.FILES)
        if not form.more_rows_for and form.is_valid():
            try:
                app_services.application_prepare(
                    item=item, user=request.user, version=version, form=form
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("approval:confirm", code=item.code)
        # Keep what was typed even if the person leaves now.
        app_services.application_draft_save(item=item, user=request.user, data=post_lists(request))
    elif draft is not None and draft.draft_data:
        form = resumed_form(form_class, draft.draft_data)
    elif draft is not None and draft.submission_id is not None:
        # Back from the confirmation page (返回修改): the filled form is in the prepared
        # submission, not in draft_data (emptied when the form was complete).
        form = form_class(initial=form_class.stored_initial(draft.submission.data))
    else:
        form = form_class()
    return render(
        request,
        "approval/public/apply.html",
        {
            "item": item,
            "form": form,
            "materials": list(item.materials.all()),
            "resumed": bool(draft),
        },
    )


@citizen_login_required
@ratelimit(key="user", rate="10/m", method="POST", block=True)
@require_http_methods(["GET", "POST"])
def confirm(request, code: str):
    item = _item_or_404(code)
    application = Application.objects.filter(
        applicant=request.user, item=item, status=AppStatus.DRAFT, submission__isnull=False
    ).first()
    if application is None:
        messages.warning(request, _("请先填写申请表。"))
        return redirect("approval:apply", code=item.code)
    if request.method == "POST":
        try:
            application, _code = app_services.application_submit(
                application=application, user=request.user
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect("approval:apply", code=item.code)
        return redirect("approval:my_detail", number=application.number)
    return render(
        request,
        "approval/public/confirm.html",
        {
            "item": item,
            "application": application,
            "values": submission_values(application.submission),
            "materials": list(item.materials.all()),
        },
    )


@ratelimit(key="ip", rate="10/m", method="POST", block=True)
@require_http_methods(["GET", "POST"])
@replica_reads(mode=CURRENT)  # the replica only when it has everything: never an older state
def progress_lookup(request):
    form = ProgressForm(request.POST or None)
    application = None
    status = 200
    retry_after = None
    if request.method == "POST":
        if form.is_valid():
            try:
                application = progress.progress_lookup(
                    number=form.cleaned_data["number"], code=form.cleaned_data["code"]
                )
            except progress.LookupRefused:
                form.add_error(None, _("申请编号或查询码不正确。"))
            except progress.LookupLocked as locked:
                form.add_error(
                    None,
                    _(
                        "该申请的查询码连续输错次数过多，进度查询已暂停至%(time)s，"
                        "并已短信告知申请人。请稍后再试。"
                    )
                    % {"time": timezone.localtime(locked.until).strftime("%H:%M")},
                )
                status = 429
                retry_after = max(1, int((locked.until - timezone.now()).total_seconds()))
        if form.errors and status == 200:
            status = 400
    context = {"form": form, "application": application}
    if application is not None:
        context.update(_progress_context(application))
    response = render(request, "approval/public/progress.html", context, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def _progress_context(application: Application) -> dict:
    steps, next_label, next_date = selectors.progress(application)
    return {"steps": steps, "next_label": next_label, "next_date": next_date}


# --- My applications ---------------------------------------------------------------------------


@citizen_login_required
def my_list(request):
    rows = selectors.applications_of(request.user).order_by("-created_at")
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(request, "approval/public/my_list.html", {"page": page})


def _mine(request, number: str) -> Application:
    return get_object_or_404(
        selectors.applications_of(request.user).exclude(status=AppStatus.DRAFT), number=number
    )


@citizen_login_required
def my_detail(request, number: str):
    application = _mine(request, number)
    context = {
        "application": application,
        "notices": list(application.notices.all()),
        **_progress_context(application),
    }
    return render(request, "approval/public/my_detail.html", context)


@citizen_login_required
def my_notice_pdf(request, number: str, notice_number: str):
    application = _mine(request, number)
    notice = get_object_or_404(application.notices, number=notice_number)
    return notice_response(request, notice)


@citizen_login_required
@ratelimit(key="user", rate="10/m", method="POST", block=True)
@require_http_methods(["GET", "POST"])
def resubmit(request, number: str):
    application = _mine(request, number)
    if application.status != AppStatus.CORRECTION:
        messages.info(request, _("该申请当前无需补正。"))
        return redirect("approval:my_detail", number=number)
    version = application.submission.version
    form_class = form_class_for(version)
    note_form = ResubmitNoteForm(request.POST or None)
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if not form.more_rows_for and form.is_valid() and note_form.is_valid():
            try:
                app_services.application_resubmit(
                    application=application,
                    user=request.user,
                    version=version,
                    form=form,
                    note=note_form.cleaned_data["note"],
                )
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, _("提交失败：%(e)s") % {"e": exc})
            else:
                messages.success(request, _("补正材料已提交，请等待受理。"))
                return redirect("approval:my_detail", number=number)
    else:
        # Uploaded files are not carried over: the corrected materials are uploaded again.
        form = form_class(initial=form_class.stored_initial(application.submission.data))
    return render(
        request,
        "approval/public/resubmit.html",
        {"application": application, "form": form, "note_form": note_form},
    )
