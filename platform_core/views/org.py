"""Back-office pages of the organisation: unit tree, people, posts, unit grants, holiday calendar.

Thin views: the decorator refuses a missing role permission (403), the object check refuses an
object outside the viewer's scope (404, so that IDs of other departments reveal nothing), forms
parse input, services write. A service's ValidationError comes back as a form error.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import permissions
from ..constants import UserKind
from ..decorators import office_permission_required
from ..forms import add_service_errors
from ..forms import org as forms
from ..models import CalendarDay, OrgUnit, Post, User
from ..selectors import org as selectors
from ..services import org as services

PEOPLE_PER_PAGE = 20


def _unit_or_404(user: User, pk: int, perm: str) -> OrgUnit:
    unit = get_object_or_404(OrgUnit, pk=pk)
    if not permissions.can(user, perm, unit):
        raise Http404
    return unit


def _staff_or_404(user: User, pk: int, perm: str) -> User:
    person = get_object_or_404(User, pk=pk, kind=UserKind.STAFF)
    if not permissions.can_on_person(user, perm, person):
        raise Http404
    return person


# --- Units ----------------------------------------------------------------------------------------


@office_permission_required("platform_core.view_orgunit")
def org_tree(request):
    """组织机构树：全部单位名称；可进入的单位带链接。"""
    user = request.user
    return render(
        request,
        "platform_core/org/tree.html",
        {
            "rows": selectors.unit_tree_for(user),
            "can_add": permissions.can(user, "platform_core.add_orgunit"),
        },
    )


@office_permission_required("platform_core.view_orgunit")
def unit_detail(request, pk: int):
    """单位详情：基本信息、下级单位、在岗人员。"""
    user = request.user
    unit = _unit_or_404(user, pk, "platform_core.view_orgunit")
    return render(
        request,
        "platform_core/org/unit_detail.html",
        {
            "unit": unit,
            "ancestors": selectors.unit_ancestors(unit),
            "children": selectors.unit_children(unit),
            "posts": selectors.unit_posts(unit),
            "can_edit": permissions.can(user, "platform_core.change_orgunit", unit),
            "can_add": permissions.can(user, "platform_core.add_orgunit", unit),
            "can_grant": permissions.can(user, "platform_core.assign_post", unit),
            "can_view_people": permissions.can(user, "platform_core.view_user"),
        },
    )


@office_permission_required("platform_core.add_orgunit")
@require_http_methods(["GET", "POST"])
def unit_create(request):
    """新增单位。"""
    if request.method == "POST":
        form = forms.UnitForm(request.POST)
        if form.is_valid():
            try:
                unit = services.unit_create(
                    parent=form.cleaned_data["parent"], by=request.user, **form.unit_fields()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已新增单位“%(name)s”。") % {"name": unit.name})
                return redirect("platform_core:unit_detail", pk=unit.pk)
    else:
        parent_id = request.GET.get("parent", "")
        parent = OrgUnit.objects.filter(pk=int(parent_id)).first() if parent_id.isdigit() else None
        form = forms.UnitForm(initial={"parent": parent})
    return render(request, "platform_core/org/unit_form.html", {"form": form, "unit": None})


@office_permission_required("platform_core.change_orgunit")
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk: int):
    """修改单位信息；改选上级单位即调整隶属关系。"""
    unit = _unit_or_404(request.user, pk, "platform_core.change_orgunit")
    if request.method == "POST":
        # A copy: validation writes the input onto the instance, and a refused form must still
        # show the saved name in its title.
        form = forms.UnitForm(request.POST, instance=copy.copy(unit))
        if form.is_valid():
            try:
                # One change from the user's point of view: both writes or neither.
                with transaction.atomic():
                    unit = services.unit_update(unit=unit, by=request.user, **form.unit_fields())
                    new_parent = form.cleaned_data.get("parent")
                    if new_parent is not None:
                        unit = services.unit_move(unit=unit, new_parent=new_parent, by=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("单位信息已保存。"))
                return redirect("platform_core:unit_detail", pk=unit.pk)
    else:
        form = forms.UnitForm(instance=unit)
    return render(request, "platform_core/org/unit_form.html", {"form": form, "unit": unit})


@office_permission_required("platform_core.assign_post")
@require_http_methods(["GET", "POST"])
def unit_grants(request, pk: int):
    """单位授权：授予或收回其他单位人员办理本单位事务的权限（安全管理员）。"""
    user = request.user
    unit = _unit_or_404(user, pk, "platform_core.assign_post")
    form = forms.UnitGrantForm()
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            revoke = forms.UnitRevokeForm(request.POST)
            if not revoke.is_valid():
                raise Http404
            person = get_object_or_404(User, pk=revoke.cleaned_data["user"])
            if services.unit_revoke(user=person, unit=unit, by=user):
                messages.success(request, _("已收回 %(name)s 的授权。") % {"name": person.name})
            return redirect("platform_core:unit_grants", pk=unit.pk)
        form = forms.UnitGrantForm(request.POST)
        if form.is_valid():
            person = form.cleaned_data["username"]
            if person.pk == user.pk:
                form.add_error("username", _("不能给自己授权，请由另一名安全管理员办理。"))
            else:
                try:
                    services.unit_grant(user=person, unit=unit, by=user)
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(
                        request,
                        _("已授权 %(name)s 办理“%(unit)s”事务。")
                        % {"name": person.name, "unit": unit.name},
                    )
                    return redirect("platform_core:unit_grants", pk=unit.pk)
    return render(
        request,
        "platform_core/org/unit_grants.html",
        {"unit": unit, "grants": selectors.unit_grants(unit), "form": form},
    )


# --- People ---------------------------------------------------------------------------------------


@office_permission_required("platform_core.view_user")
def people_list(request):
    """人员列表：本人可见范围内的工作人员，可按姓名、用户名或手机号码查找。"""
    search = request.GET.get("q", "")[:64]
    people = selectors.people_visible_to(request.user, search=search)
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "platform_core/org/people_list.html",
        {
            "page": page,
            "q": search.strip(),
            "can_add": permissions.can(request.user, "platform_core.add_user"),
        },
    )


@office_permission_required("platform_core.view_user")
def person_detail(request, pk: int):
    """人员详情：基本信息、岗位（含已免去的）、单位授权。"""
    user = request.user
    person = _staff_or_404(user, pk, "platform_core.view_user")
    return render(
        request,
        "platform_core/org/person_detail.html",
        {
            "person": person,
            "posts": selectors.person_posts(person),
            "granted": selectors.person_granted_units(person),
            "can_edit": permissions.can_on_person(user, "platform_core.change_user", person),
            "can_assign": permissions.can_on_person(user, "platform_core.assign_post", person),
        },
    )


@office_permission_required("platform_core.add_user")
@require_http_methods(["GET", "POST"])
def person_create(request):
    """新增工作人员账号。"""
    form = forms.StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.staff_create(
                by=request.user,
                username=data["username"],
                name=data["name"],
                mobile=data["mobile"],
                email=data["email"],
                password=data["password"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("已新增工作人员“%(name)s”，请由安全管理员为其任命岗位。") % {"name": person.name},
            )
            return redirect("platform_core:person_detail", pk=person.pk)
    return render(request, "platform_core/org/person_form.html", {"form": form, "person": None})


@office_permission_required("platform_core.change_user")
@require_http_methods(["GET", "POST"])
def person_edit(request, pk: int):
    """修改工作人员信息。"""
    person = _staff_or_404(request.user, pk, "platform_core.change_user")
    if request.method == "POST":
        form = forms.StaffUpdateForm(request.POST, instance=person)
        if form.is_valid():
            try:
                services.staff_update(person=person, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("人员信息已保存。"))
                return redirect("platform_core:person_detail", pk=person.pk)
    else:
        form = forms.StaffUpdateForm(instance=person)
    return render(request, "platform_core/org/person_form.html", {"form": form, "person": person})


@office_permission_required("platform_core.change_user")
@require_POST
def person_set_active(request, pk: int, active: bool):
    """停用或重新启用账号（人员从不删除）。"""
    person = _staff_or_404(request.user, pk, "platform_core.change_user")
    service = services.staff_activate if active else services.staff_deactivate
    try:
        service(person=person, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if active:
            messages.success(request, _("账号已启用。"))
        else:
            messages.success(request, _("账号已停用。"))
    return redirect("platform_core:person_detail", pk=person.pk)


@office_permission_required("platform_core.assign_post")
@require_http_methods(["GET", "POST"])
def person_posts(request, pk: int):
    """岗位任免：为工作人员任命或免去岗位（安全管理员）。"""
    user = request.user
    person = _staff_or_404(user, pk, "platform_core.assign_post")
    is_self = person.pk == user.pk
    assign_form = forms.PostAssignForm()
    end_form = forms.PostEndForm()
    if request.method == "POST":
        if request.POST.get("action") == "end":
            end_form = forms.PostEndForm(request.POST)
            if end_form.is_valid():
                post = get_object_or_404(Post, pk=end_form.cleaned_data["post"], user=person)
                try:
                    services.post_end(
                        post=post, by=user, end_date=end_form.cleaned_data["end_date"]
                    )
                except ValidationError as exc:
                    add_service_errors(end_form, exc)
                else:
                    messages.success(request, _("已免去岗位：%(post)s。") % {"post": post})
                    return redirect("platform_core:person_posts", pk=person.pk)
        else:
            assign_form = forms.PostAssignForm(request.POST)
            if assign_form.is_valid():
                data = assign_form.cleaned_data
                try:
                    post = services.post_assign(
                        user=person,
                        unit=data["unit"],
                        role=data["role"],
                        by=user,
                        title=data["title"],
                        is_primary=data["is_primary"],
                    )
                except ValidationError as exc:
                    add_service_errors(assign_form, exc)
                else:
                    messages.success(request, _("已任命岗位：%(post)s。") % {"post": post})
                    return redirect("platform_core:person_posts", pk=person.pk)
    return render(
        request,
        "platform_core/org/person_posts.html",
        {
            "person": person,
            "posts": selectors.person_posts(person),
            "assign_form": assign_form,
            "end_form": end_form,
            "is_self": is_self,
            "can_end": not is_self,
        },
    )


# --- Holiday calendar -----------------------------------------------------------------------------


# The years the calendar page can show (a date outside them cannot be stored or asked for).
CALENDAR_YEARS = (1900, 9999)


@office_permission_required("platform_core.view_calendarday")
@require_http_methods(["GET", "POST"])
def calendar(request):
    """节假日与调休：管理员对国家日历的补充和修正（系统管理员）。"""
    user = request.user
    form = forms.CalendarDayForm()
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            delete = forms.CalendarDeleteForm(request.POST)
            if not delete.is_valid():
                raise Http404
            day = get_object_or_404(CalendarDay, pk=delete.cleaned_data["day"])
            services.calendar_day_delete(day=day, by=user)
            messages.success(request, _("已删除 %(date)s 的设置。") % {"date": day.date})
            return redirect("platform_core:org_calendar")
        form = forms.CalendarDayForm(request.POST)
        if form.is_valid():
            try:
                day = services.calendar_day_set(
                    date=form.cleaned_data["date"],
                    is_working_day=form.is_working_day,
                    name=form.cleaned_data["name"],
                    by=user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已保存 %(day)s。") % {"day": day})
                return redirect(f"{request.path}?year={day.date.year}")
    years = selectors.calendar_years()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year is None or not CALENDAR_YEARS[0] <= year <= CALENDAR_YEARS[1]:
        # Not a number, or a year no date can have (year=-1 was a 500): the latest year.
        year = years[0] if years else None
    return render(
        request,
        "platform_core/org/calendar.html",
        {
            "form": form,
            "days": selectors.calendar_days(year),
            "years": years,
            "year": year,
            "can_add": permissions.can(user, "platform_core.add_calendarday"),
            "can_delete": permissions.can(user, "platform_core.delete_calendarday"),
        },
    )
