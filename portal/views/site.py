"""Back-office pages of site definition (网站定义) and access management (访问管理): 栏目管理,
网站设置, 敏感词库 and 信息统计. For the system administrator (and superusers); every action is a
plain form post, so the pages work without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from platform_core.decorators import office_permission_required, office_user_passes
from platform_core.forms import add_service_errors
from portal.constants import WordKind
from portal.forms.site import ChannelForm, SiteSettingsForm, WordForm, WordImportForm
from portal.models import Channel, SensitiveWord, SiteSettings
from portal.selectors import access
from portal.selectors import site_stats as stats_selectors
from portal.services import site as services

site_admin_required = office_permission_required(services.SITE_PERMISSION)
settings_admin_required = office_permission_required(services.SETTINGS_PERMISSION)
word_admin_required = office_permission_required(services.WORD_PERMISSION)
# 信息统计: the site administrators and the units' reviewers (who answer for their units' output).
stats_required = office_user_passes(
    lambda u: u.has_perm("portal.view_article") or access.is_reviewer(u)
)


# --- columns ----------------------------------------------------------------------------------


@site_admin_required
def channels(request):
    """栏目管理: the tree of channels and columns with their units and actions."""
    rows = list(
        Channel.objects.order_by("path")
        .annotate(article_count=Count("articles", distinct=True))
        .prefetch_related("editor_units")
    )
    return render(request, "portal/office/site/channels.html", {"channels": rows})


def _channel_data(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("parent", None)
    return data


@site_admin_required
def channel_new(request):
    """新建栏目."""
    initial = {}
    parent_pk = request.GET.get("parent", "")
    if parent_pk.isdigit():
        initial["parent"] = Channel.objects.filter(pk=int(parent_pk)).first()
    form = ChannelForm(request.POST or None, creating=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = _channel_data(form)
        try:
            channel = services.site_channel_create(
                by=request.user, parent=form.cleaned_data["parent"], **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("栏目已创建，相关页面正在发布。"))
            return redirect("portal:site_channel_edit", pk=channel.pk)
    return render(request, "portal/office/site/channel_form.html", {"form": form, "channel": None})


@site_admin_required
def channel_edit(request, pk: int):
    """修改栏目."""
    channel = get_object_or_404(Channel, pk=pk)
    form = ChannelForm(request.POST or None, instance=channel)
    if request.method == "POST" and form.is_valid():
        try:
            services.site_channel_update(channel=channel, by=request.user, **_channel_data(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("栏目已保存，受影响的页面正在重新发布。"))
            return redirect("portal:site_channel_edit", pk=pk)
    channel.refresh_from_db()
    return render(
        request,
        "portal/office/site/channel_form.html",
        {
            "form": form,
            "channel": channel,
            "history": channel.history.select_related("history_user")[:20],
        },
    )


CHANNEL_ACTIONS = {
    "up": (lambda c, u: services.site_channel_move(channel=c, by=u, direction="up"), _("已上移。")),
    "down": (
        lambda c, u: services.site_channel_move(channel=c, by=u, direction="down"),
        _("已下移。"),
    ),
    "hide": (
        lambda c, u: services.site_channel_set_hidden(channel=c, by=u, hidden=True),
        _("栏目已隐藏，页面仍可访问。"),
    ),
    "show": (
        lambda c, u: services.site_channel_set_hidden(channel=c, by=u, hidden=False),
        _("栏目已显示。"),
    ),
    "retire": (
        lambda c, u: services.site_channel_set_retired(channel=c, by=u, retired=True),
        _("栏目已停用，已发布的页面仍可访问。"),
    ),
    "restore": (
        lambda c, u: services.site_channel_set_retired(channel=c, by=u, retired=False),
        _("栏目已恢复使用。"),
    ),
    "delete": (lambda c, u: services.site_channel_delete(channel=c, by=u), _("栏目已删除。")),
}


@require_POST
@site_admin_required
def channel_action(request, pk: int):
    """上移、下移、隐藏、显示、停用、恢复、删除 (one form post each)."""
    channel = get_object_or_404(Channel, pk=pk)
    action = CHANNEL_ACTIONS.get(request.POST.get("do", ""))
    if action is None:
        messages.error(request, _("操作无效。"))
        return redirect("portal:site_channels")
    run, done = action
    try:
        run(channel, request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(f"{_url('portal:site_channels')}#channel-{pk}")


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


# --- site settings ----------------------------------------------------------------------------


@settings_admin_required
def site_settings(request):
    """网站设置: identity, footer, record numbers and the home page's layout."""
    row = SiteSettings.load()
    form = SiteSettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.SETTINGS_FIELDS}
        try:
            services.site_settings_update(
                by=request.user, home_layout=form.cleaned_data["home_layout"], **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("网站设置已保存，受影响的页面正在重新发布。"))
            return redirect("portal:site_settings")
    return render(request, "portal/office/site/settings.html", {"form": form})


# --- sensitive words --------------------------------------------------------------------------


@word_admin_required
def words(request):
    """敏感词库: the list (filter by kind, search), a form to add one, the import."""
    qs = SensitiveWord.objects.order_by("kind", "word")
    kind = request.GET.get("kind", "")
    if kind in WordKind.values:
        qs = qs.filter(kind=kind)
    q = request.GET.get("q", "").strip()[:50]
    if q:
        qs = qs.filter(Q(word__contains=q) | Q(suggestion__contains=q))
    form = WordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.word_save(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已加入词库。"))
            return redirect("portal:site_words")
    return render(
        request,
        "portal/office/site/words.html",
        {
            "page": Paginator(qs, 50).get_page(request.GET.get("page")),
            "form": form,
            "import_form": WordImportForm(),
            "kinds": WordKind.choices,
            "kind": kind,
            "q": q,
        },
    )


@word_admin_required
def word_edit(request, pk: int):
    word = get_object_or_404(SensitiveWord, pk=pk)
    form = WordForm(request.POST or None, instance=word)
    if request.method == "POST" and form.is_valid():
        try:
            services.word_save(by=request.user, item=word, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("词条已保存。"))
            return redirect("portal:site_words")
    return render(
        request,
        "portal/office/site/word_form.html",
        {"form": form, "word": word, "history": word.history.select_related("history_user")[:20]},
    )


@require_POST
@word_admin_required
def word_delete(request, pk: int):
    word = get_object_or_404(SensitiveWord, pk=pk)
    services.word_delete(by=request.user, item=word)
    messages.success(request, _("词条已删除。"))
    return redirect("portal:site_words")


@require_POST
@word_admin_required
def words_import(request):
    """导入词库 from a text file; a bad file is refused whole."""
    form = WordImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            result = services.word_import(
                by=request.user, data=form.cleaned_data["file"], kind=form.cleaned_data["kind"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("导入完成：新增 %(added)d 个，已存在跳过 %(skipped)d 个。") % result,
            )
            return redirect("portal:site_words")
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("portal:site_words")


# --- publishing statistics --------------------------------------------------------------------


@stats_required
def publishing_stats(request):
    """信息统计: articles per unit, column and month; timeliness of each column's updates.
    ?format=xlsx exports the four tables to Excel."""
    try:
        months = int(request.GET.get("months", "12"))
    except ValueError:
        months = 12
    if months not in (3, 6, 12, 24):
        months = 12
    data = stats_selectors.publishing_report(months=months)
    if request.GET.get("format") == "xlsx":
        return _report_xlsx(data)
    if request.GET.get("format"):
        raise Http404
    return render(
        request,
        "portal/office/site/stats.html",
        {**data, "months": months, "choices": (3, 6, 12, 24)},
    )


def _report_xlsx(data: dict) -> HttpResponse:
    """The report's four tables as one Excel workbook (one sheet each)."""
    import io

    from django.utils import timezone
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    sheet = book.create_sheet(_("按单位"))
    sheet.append([_("单位"), _("发布数")])
    for row in data["by_unit"]:
        sheet.append([row["author_unit__name"], row["n"]])
    sheet = book.create_sheet(_("按栏目"))
    sheet.append([_("栏目"), _("访问路径"), _("发布数")])
    for row in data["by_channel"]:
        sheet.append([row["channel__name"], "/" + row["channel__url_path"], row["n"]])
    sheet = book.create_sheet(_("按月份"))
    sheet.append([_("月份"), _("发布数")])
    for row in data["by_month"]:
        sheet.append([row["month"], row["n"]])
    sheet = book.create_sheet(_("更新时效"))
    sheet.append([_("栏目"), _("最近更新"), _("距今天数"), _("更新周期（天）"), _("状态")])
    for t in data["timeliness"]:
        sheet.append(
            [
                t.channel.name,
                timezone.localtime(t.last).strftime("%Y-%m-%d") if t.last else "",
                t.days if t.days is not None else "",
                t.interval or "",
                str(t.status),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="portal-publishing-stats.xlsx"'
    return response
