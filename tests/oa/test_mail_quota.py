"""邮箱空间管理: the system administrator (or a unit's administrator granted the permission, for
the people of their units) sets a person's mail quota and sees every person's usage; each change
is in the audit history; bad input is refused in Chinese; the list keeps a constant query count."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from oa.models import MailQuota
from oa.selectors import mail as selectors
from oa.services import mail as services
from platform_core.constants import RoleCode
from platform_core.permissions import clear_scope_cache
from tests.factories import staff_with_role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MB = 1024 * 1024
LIST = reverse("oa:mail_quotas")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _send(by, to):
    draft = services.draft_save(
        by=by,
        subject="关于报送材料的通知",
        body="请报送。",
        to=to,
        uploads=[SimpleUploadedFile("材料.pdf", PDF, content_type="application/pdf")],
    )
    return services.mail_send(by=by, message=draft)


@pytest.fixture
def unit_admin(dept_a):
    """A section head of department A granted the quota permission directly (a unit admin)."""
    person = staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="单位管理员")
    person.user_permissions.add(Permission.objects.get(codename="change_mailquota"))
    return person


def test_system_administrator_sets_a_quota_and_it_is_audited(sysadmin, clerk, colleague):
    _send(clerk, "黄磊")
    quota = services.quota_set(by=sysadmin, person=colleague, limit_mb=800)
    assert quota.limit_bytes == 800 * MB and quota.limit == 800 * MB
    assert selectors.quota_view(colleague)["limit"] == 800 * MB
    change = quota.history.latest()
    assert change.history_user == sysadmin
    assert "800.0\xa0MB" in change.history_change_reason
    # Back to the default: the row keeps the usage, the limit is the system's.
    quota = services.quota_set(by=sysadmin, person=colleague, limit_mb=None)
    assert quota.limit_bytes is None and quota.used_bytes > 0
    assert quota.history.count() == 2  # set, reset (the usage counter has no history)


def test_a_smaller_quota_stops_the_person_from_sending(sysadmin, clerk, colleague):
    _send(clerk, "黄磊")
    services.quota_set(by=sysadmin, person=clerk, limit_mb=1)
    MailQuota.objects.filter(user=clerk).update(used_bytes=MB)
    with pytest.raises(ValidationError) as exc:
        _send(clerk, "黄磊")
    assert "邮箱空间不足" in exc.value.messages[0]


def test_unit_administrator_reaches_only_their_units_people(unit_admin, dept_a, clerk):
    in_unit = staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="甲单位科员")
    services.quota_set(by=unit_admin, person=in_unit, limit_mb=300)
    assert MailQuota.objects.get(user=in_unit).limit_bytes == 300 * MB
    with pytest.raises(PermissionDenied):
        services.quota_set(by=unit_admin, person=clerk, limit_mb=300)  # another unit
    people = set(selectors.quota_people(unit_admin).values_list("pk", flat=True))
    assert in_unit.pk in people and clerk.pk not in people


def test_ordinary_staff_cannot_set_quotas(clerk, colleague):
    with pytest.raises(PermissionDenied):
        services.quota_set(by=clerk, person=colleague, limit_mb=1000)
    with pytest.raises(PermissionDenied):
        services.quota_set(by=clerk, person=clerk, limit_mb=1000)  # not even their own
    assert not MailQuota.objects.filter(limit_bytes__isnull=False).exists()


@pytest.mark.parametrize("bad", [0, -5, 100 * 1024 + 1])
def test_service_refuses_limits_out_of_range(sysadmin, colleague, bad):
    with pytest.raises(ValidationError) as exc:
        services.quota_set(by=sysadmin, person=colleague, limit_mb=bad)
    assert "MB" in exc.value.messages[0]


def test_list_shows_usage_and_limits(client, sysadmin, clerk, colleague):
    _send(clerk, "黄磊")
    services.quota_set(by=sysadmin, person=colleague, limit_mb=800)
    client.force_login(sysadmin)
    html = client.get(LIST).content.decode()
    assert "邮箱空间管理" in html and "周敏" in html and "黄磊" in html
    assert "800.0\xa0MB" in html and "500.0\xa0MB" in html and "默认" in html
    html = client.get(LIST, {"q": "黄磊"}).content.decode()
    assert "黄磊" in html and "周敏" not in html
    # The administrator's office home links to the page (side navigation, subsystem list).
    assert LIST in client.get(reverse("platform_core:office_home")).content.decode()


def test_the_page_is_linked_where_administrators_look_and_only_for_them(
    client, sysadmin, unit_admin, clerk
):
    office, oa_home, mailbox = (
        reverse("platform_core:office_home"),
        reverse("oa:office_home"),
        reverse("oa:mail_inbox"),
    )
    link = f'href="{LIST}"'
    # The system administrator (not OA staff): the side navigation, on every back-office page.
    client.force_login(sysadmin)
    response = client.get(office)
    assert "邮箱空间管理" in [str(s.label) for s in response.context["shell"].subsystems]
    assert link in client.get(reverse("platform_core:org_tree")).content.decode()
    # A unit administrator who is OA staff: also the OA entry page and the mailbox's menu.
    clear_scope_cache(unit_admin)
    client.force_login(unit_admin)
    html = client.get(oa_home).content.decode()
    assert 'id="oa-admin-tools"' in html and link in html
    html = client.get(mailbox).content.decode()
    assert 'id="mail-quotas-link"' in html and link in html
    assert client.get(LIST).status_code == 200
    # Staff without the permission see it nowhere.
    client.force_login(clerk)
    for url in (office, oa_home, mailbox):
        html = client.get(url).content.decode()
        assert link not in html and "邮箱空间管理" not in html, url


def test_set_from_the_page(client, sysadmin, colleague):
    client.force_login(sysadmin)
    url = reverse("oa:mail_quota_edit", args=[colleague.pk])
    assert "设置 黄磊 的邮箱空间上限" in client.get(url).content.decode()
    response = client.post(url, {"limit_mb": "1024"})
    assert response.status_code == 302 and response.url == LIST
    assert MailQuota.objects.get(user=colleague).limit_bytes == 1024 * MB
    client.post(url, {"limit_mb": ""})
    assert MailQuota.objects.get(user=colleague).limit_bytes is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "请填写整数"),
        ("1.5", "请填写整数"),
        ("0", "至少为 1 MB"),
        ("-20", "至少为 1 MB"),
        ("999999999", "不能超过"),
    ],
)
def test_bad_input_on_the_page_changes_nothing(client, sysadmin, colleague, value, message):
    client.force_login(sysadmin)
    url = reverse("oa:mail_quota_edit", args=[colleague.pk])
    response = client.post(url, {"limit_mb": value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MailQuota.objects.filter(user=colleague, limit_bytes__isnull=False).exists()


def test_pages_refuse_staff_and_hide_other_units(client, clerk, colleague, unit_admin):
    client.force_login(clerk)
    assert client.get(LIST).status_code == 403
    url = reverse("oa:mail_quota_edit", args=[colleague.pk])
    assert client.post(url, {"limit_mb": "1"}).status_code == 403
    clear_scope_cache(unit_admin)
    client.force_login(unit_admin)
    assert client.get(LIST).status_code == 200
    assert client.post(url, {"limit_mb": "1"}).status_code == 404  # another unit's person
    assert not MailQuota.objects.filter(user=colleague, limit_bytes__isnull=False).exists()


@pytest.mark.parametrize("size", [3, 25])
def test_list_queries_do_not_grow(size, client, sysadmin, office, django_assert_max_num_queries):
    for i in range(size):
        person = staff_with_role(RoleCode.REVIEW_CLERK, office, name=f"科员{i}")
        MailQuota.objects.create(user=person, used_bytes=i * MB)
    client.force_login(sysadmin)
    client.get(LIST)
    with django_assert_max_num_queries(QUOTA_LIST_QUERIES):
        response = client.get(LIST)
    assert len(response.context["rows"]) >= size


# Session and user, the office shell (posts, delegations, counts, permissions), the page's
# count, its rows and their posts (prefetched).
QUOTA_LIST_QUERIES = 14
