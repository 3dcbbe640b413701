"""公共通讯录: the county's people by unit, search (name, pinyin, unit, phone), a unit's list as
Excel or vCard, and one's own contact settings (office phone, room, mobile visibility)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from platform_core.forms import add_service_errors

from ..contacts_export import to_vcard, to_xlsx
from ..forms.mail import ContactSearchForm, ContactSettingsForm
from ..selectors import contacts as selectors
from ..services import contacts as services
from .common import oa_staff_required

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@oa_staff_required
def contact_list(request):
    """通讯录：按单位浏览，按姓名、拼音（全拼或首字母）、单位或电话查找。"""
    form = ContactSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""
    unit = selectors.unit_by_id(request.GET.get("unit"))
    page = Paginator(selectors.search_posts(request.user, q=q, unit=unit), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "unit": unit,
        "units": selectors.unit_tree(),
        "page": page,
        "entries": selectors.entries(request.user, page.object_list),
    }
    return render(request, "oa/office/contacts.html", context)


def _unit_entries(request):
    unit = selectors.unit_by_id(request.GET.get("unit"))
    if unit is None:
        return None, []
    posts = selectors.search_posts(request.user, unit=unit)[:5000]
    return unit, selectors.entries(request.user, posts)


@oa_staff_required
def contact_export_xlsx(request):
    unit, entries = _unit_entries(request)
    if unit is None:
        messages.error(request, _("请先选择要导出的单位。"))
        return redirect("oa:contacts")
    response = HttpResponse(to_xlsx(unit.name, entries), content_type=XLSX)
    response["Content-Disposition"] = _disposition(f"{unit.name}通讯录.xlsx")
    return response


@oa_staff_required
def contact_export_vcf(request):
    unit, entries = _unit_entries(request)
    if unit is None:
        messages.error(request, _("请先选择要导出的单位。"))
        return redirect("oa:contacts")
    response = HttpResponse(to_vcard(entries), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = _disposition(f"{unit.name}通讯录.vcf")
    return response


def _disposition(filename: str) -> str:
    from urllib.parse import quote

    fallback = "contacts." + filename.rsplit(".", 1)[-1]
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


@oa_staff_required
def contact_settings(request):
    """我的通讯录信息：办公电话、办公室，以及手机号码给谁看。"""
    contact = services.contact_refresh(request.user)
    form = ContactSettingsForm(
        request.POST or None,
        initial={
            "office_phone": contact.office_phone if contact else "",
            "room": contact.room if contact else "",
            "mobile_scope": contact.mobile_scope if contact else "county",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存通讯录信息。"))
            return redirect("oa:contact_settings")
    return render(request, "oa/office/contact_settings.html", {"form": form})
