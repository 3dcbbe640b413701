"""Audit browser (access, filters, paging, query counts), append-only tables, history users."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm
from simple_history.models import HistoricalRecords

from platform_core.constants import LoginEventKind, RoleCode
from platform_core.models import LoginEvent, OrgUnit, Role
from tests.factories import CitizenFactory, OrgUnitFactory, PostFactory, StaffFactory
from tests.factories import staff_with_role as _staff_with_role

pytestmark = pytest.mark.django_db

LOGINS = reverse("platform_core:audit_logins")
CHANGES = reverse("platform_core:audit_changes")


@pytest.fixture
def auditor(gov):
    return _staff_with_role(RoleCode.AUDIT_ADMIN, gov, name="审计员甲")


@pytest.fixture
def sysadmin(gov):
    return _staff_with_role(RoleCode.SYSTEM_ADMIN, gov, name="系统管理员乙")


def make_events(n, **kwargs):
    kwargs.setdefault("kind", LoginEventKind.FAILED)
    LoginEvent.objects.bulk_create([LoginEvent(username=f"probe{i}", **kwargs) for i in range(n)])


# --- access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [LOGINS, CHANGES])
def test_only_the_audit_administrator_sees_the_audit_pages(client, auditor, sysadmin, url):
    client.force_login(auditor)
    assert client.get(url).status_code == 200
    client.force_login(sysadmin)
    assert client.get(url).status_code == 403
    client.force_login(CitizenFactory())
    assert client.get(url).status_code == 403
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("platform_core:staff_login") + "?next=")


def test_audit_pages_accept_only_get(client, auditor):
    client.force_login(auditor)
    assert client.post(LOGINS).status_code == 405
    assert client.post(CHANGES).status_code == 405


# --- login log ----------------------------------------------------------------------------------


def test_login_log_filters(client, auditor):
    staff = StaffFactory(username="zhangsan", name="张三")
    LoginEvent.objects.create(username="zhangsan", user=staff, kind=LoginEventKind.LOGIN)
    LoginEvent.objects.create(username="zhangsan", user=staff, kind=LoginEventKind.FAILED)
    old = LoginEvent.objects.create(
        username="lisi",
        kind=LoginEventKind.FAILED,
        created_at=timezone.now() - datetime.timedelta(days=40),
    )
    client.force_login(auditor)

    def listed(**params):
        response = client.get(LOGINS, params)
        assert response.status_code == 200
        return [e.pk for e in response.context["page"].object_list]

    assert len(listed()) == 4  # with the auditor's own login
    assert len(listed(user="张三")) == 2
    assert len(listed(user="zhang", kind="failed")) == 1
    today = timezone.localdate()
    assert old.pk not in listed(date_from=str(today - datetime.timedelta(days=1)))
    assert listed(date_to=str(today - datetime.timedelta(days=30))) == [old.pk]


def test_login_log_bad_filters_show_message_not_500(client, auditor):
    client.force_login(auditor)
    response = client.get(LOGINS, {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert response.status_code == 200
    assert "开始日期不能晚于结束日期" in response.content.decode()
    response = client.get(LOGINS, {"date_from": "not-a-date", "kind": "bogus", "page": "x"})
    assert response.status_code == 200


def test_login_log_pages_by_fifty(client, auditor):
    make_events(120)
    client.force_login(auditor)
    page1 = client.get(LOGINS, {"kind": "failed"}).context["page"]
    assert len(page1.object_list) == 50
    assert page1.paginator.count == 120
    page3 = client.get(LOGINS, {"kind": "failed", "page": 3}).context["page"]
    assert len(page3.object_list) == 20


def test_login_log_query_count_is_constant(client, auditor):
    client.force_login(auditor)
    client.get(LOGINS)  # warm the session and permission caches of the test client

    def queries_for_page():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LOGINS).status_code == 200
        return len(ctx.captured_queries)

    users = StaffFactory.create_batch(3)
    for user in users:
        LoginEvent.objects.create(username=user.username, user=user, kind="login")
    few = queries_for_page()
    more = StaffFactory.create_batch(20)
    for user in more:
        LoginEvent.objects.create(username=user.username, user=user, kind="login")
    assert queries_for_page() == few


# --- change history -----------------------------------------------------------------------------


def test_change_feed_shows_who_when_what(client, auditor, sysadmin, dept_a):
    dept_a._history_user = sysadmin
    dept_a.name = "县市场监管局"
    dept_a.save()
    client.force_login(auditor)
    response = client.get(CHANGES, {"model": "platform_core.orgunit", "user": "系统管理员"})
    assert response.status_code == 200
    entries = response.context["page"].object_list
    assert len(entries) == 1
    entry = entries[0]
    assert entry.who == sysadmin
    assert entry.action == "修改"
    assert [(c.label, c.old, c.new) for c in entry.changes] == [
        ("名称", "县市场监督管理局", "县市场监管局")
    ]
    html = response.content.decode()
    assert "县市场监督管理局" in html and "县市场监管局" in html


def test_change_feed_filters_by_kind_user_and_date(client, auditor, sysadmin, gov):
    unit = OrgUnitFactory(parent=gov)
    post = PostFactory(unit=unit)
    post._history_user = sysadmin
    post.title = "科长"
    post.save()
    client.force_login(auditor)

    def kinds(**params):
        page = client.get(CHANGES, params).context["page"]
        return {e.record.instance_type._meta.label_lower for e in page.object_list}

    assert {"platform_core.orgunit", "platform_core.post"} <= kinds()
    assert kinds(model="platform_core.post") == {"platform_core.post"}
    # The post's change also refreshes the person's address-book row (oa.StaffContact).
    assert kinds(user="系统管理员乙") - {"oa.staffcontact"} == {"platform_core.post"}
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert kinds(date_from=str(tomorrow)) == set()
    response = client.get(CHANGES, {"model": "no.such"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_change_feed_query_count_is_constant(client, auditor, sysadmin, gov):
    client.force_login(auditor)
    client.get(CHANGES)

    def queries_for_page():
        # Cost grows with the kinds of model on the page, not with its rows: keep kinds fixed.
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(CHANGES, {"model": "platform_core.post"})
            assert response.status_code == 200
        assert response.context["page"].object_list
        return len(ctx.captured_queries)

    def make_changes(n):
        for _ in range(n):
            unit = OrgUnitFactory(parent=gov)
            unit._history_user = sysadmin
            unit.phone = "0746-1234567"
            unit.save()
            post = PostFactory(unit=unit)
            post._history_user = sysadmin
            post.title = "科员"
            post.save()

    make_changes(2)
    few = queries_for_page()
    make_changes(8)
    assert queries_for_page() == few


def test_change_feed_pages(client, auditor, gov):
    for i in range(55):
        OrgUnitFactory(parent=gov, name=f"单位{i}")
    client.force_login(auditor)
    page = client.get(CHANGES, {"model": "platform_core.orgunit"}).context["page"]
    assert len(page.object_list) == 50
    assert page.paginator.count >= 55
    page2 = client.get(CHANGES, {"model": "platform_core.orgunit", "page": 2}).context["page"]
    assert len(page2.object_list) == page.paginator.count - 50


# --- append-only --------------------------------------------------------------------------------


def test_login_events_cannot_be_updated_or_deleted(auditor):
    event = LoginEvent.objects.create(username="x", kind=LoginEventKind.LOGIN)
    with pytest.raises(DatabaseError), transaction.atomic():
        LoginEvent.objects.filter(pk=event.pk).update(username="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        LoginEvent.objects.filter(pk=event.pk).delete()
    assert LoginEvent.objects.get(pk=event.pk).username == "x"


def test_history_rows_cannot_be_updated_or_deleted(dept_a):
    record = dept_a.history.latest()
    with pytest.raises(DatabaseError), transaction.atomic():
        OrgUnit.history.filter(history_id=record.history_id).update(name="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        record.delete()
    assert OrgUnit.history.get(history_id=record.history_id).name == dept_a.name


def test_audit_urls_offer_no_edit_or_delete():
    from platform_core.urls import audit

    assert {p.name for p in audit.urlpatterns} == {"audit_logins", "audit_changes"}


# --- history user on master-data changes --------------------------------------------------------


def _as(user):
    """What HistoryRequestMiddleware does for a request by `user`."""
    request = RequestFactory().get("/")
    request.user = user
    HistoricalRecords.context.request = request


@pytest.fixture
def acting(sysadmin):
    _as(sysadmin)
    yield sysadmin
    # A test-client request in between already cleared it (the middleware does so).
    if hasattr(HistoricalRecords.context, "request"):
        del HistoricalRecords.context.request


def test_master_data_changes_record_the_acting_user(acting, dept_a):
    dept_a.phone = "0746-8888888"
    dept_a.save()
    assert dept_a.history.latest().history_user == acting

    person = StaffFactory()
    person.name = "改名后"
    person.save()
    assert person.history.latest().history_user == acting

    post = PostFactory(unit=dept_a)
    post.title = "副局长"
    post.save()
    assert post.history.latest().history_user == acting

    clerk = Role.objects.get(code=RoleCode.WINDOW_CLERK)
    perm = Permission.objects.get(codename="view_post", content_type__app_label="platform_core")
    clerk.permissions.add(perm)
    latest = clerk.history.latest()
    assert latest.history_user == acting
    assert perm.pk in set(latest.permissions.values_list("permission_id", flat=True))

    grant = assign_perm("platform_core.act_in_unit", person, dept_a)
    history = UserObjectPermission.history.filter(id=grant.pk).latest()
    assert history.history_user == acting and history.history_type == "+"


def test_role_permission_change_shows_in_the_feed(client, auditor, acting):
    clerk = Role.objects.get(code=RoleCode.WINDOW_CLERK)
    perm = Permission.objects.get(codename="view_post", content_type__app_label="platform_core")
    clerk.permissions.add(perm)
    client.force_login(auditor)
    entries = client.get(CHANGES, {"model": "platform_core.role"}).context["page"].object_list
    entry = entries[0]
    assert entry.who == acting
    labels = {c.label: c.new for c in entry.changes}
    assert "权限" in labels and str(perm) in labels["权限"]


def test_object_permission_grant_shows_in_the_feed(client, auditor, acting, dept_a):
    person = StaffFactory(name="被授权人")
    assign_perm("platform_core.act_in_unit", person, dept_a)
    client.force_login(auditor)
    response = client.get(CHANGES, {"model": "guardian.userobjectpermission"})
    entry = response.context["page"].object_list[0]
    assert entry.action == "新建" and entry.who == acting
    assert any("被授权人" in c.new for c in entry.changes)


def test_kind_filter_lists_every_history_model(client, auditor):
    client.force_login(auditor)
    choices = dict(client.get(CHANGES).context["form"].fields["model"].choices)
    for key in (
        "platform_core.user",
        "platform_core.orgunit",
        "platform_core.post",
        "platform_core.role",
        "guardian.userobjectpermission",
        "portal.sitesettings",
    ):
        assert key in choices
    assert choices["platform_core.post"] == "岗位"
    assert "platform_core.historicalrole_permissions" not in choices
