"""`manage.py load_demo`: a complete, valid and repeatable demo county."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.test import RequestFactory

from platform_core import demo_data
from platform_core.constants import PersonType, RoleCode, UnitKind, UserKind
from platform_core.models import CalendarDay, CitizenProfile, OrgUnit, Post, User
from platform_core.validators import validate_resident_id, validate_uscc
from portal.models import SiteSettings

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "units": OrgUnit.objects.count(),
        "staff": User.objects.staff().count(),
        "citizens": User.objects.citizens().count(),
        "profiles": CitizenProfile.objects.count(),
        "posts": Post.objects.count(),
        "calendar": CalendarDay.objects.count(),
        "site": SiteSettings.objects.count(),
        "user_history": User.history.count(),
        "unit_history": OrgUnit.history.count(),
    }


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def test_second_run_changes_nothing(demo):
    first = _counts()
    call_command("load_demo", verbosity=0)
    assert _counts() == first
    # No audit history rows either: unchanged rows are not saved again.
    assert first["user_history"] == first["staff"] + first["citizens"]


def test_government_and_departments(demo):
    root = OrgUnit.objects.get(code="gov")
    assert root.depth == 1
    assert root.name == "蓝山县人民政府"
    assert root.kind == UnitKind.GOVERNMENT
    assert root.uscc.startswith("11431127")
    validate_uscc(root.uscc)
    departments = OrgUnit.objects.get_children(root).filter(
        kind__in=[UnitKind.DEPARTMENT, UnitKind.TOWNSHIP]
    )
    assert departments.count() >= 15
    names = set(departments.values_list("name", flat=True))
    assert {"县政府办公室", "县行政审批服务局", "县市场监督管理局", "城关镇"} <= names
    for dept in departments:
        validate_uscc(dept.uscc)
        assert dept.uscc.startswith("11")
        sections = OrgUnit.objects.get_children(dept)
        assert 2 <= sections.count() <= 4, dept.name
        assert set(sections.values_list("kind", flat=True)) == {UnitKind.SECTION}
    assert len(set(OrgUnit.objects.exclude(uscc="").values_list("uscc", flat=True))) == 17


def test_staff_cover_every_role(demo):
    staff = User.objects.staff()
    assert staff.count() >= 40
    for code in RoleCode.values:
        assert Post.objects.filter(role__code=code, end_date__isnull=True).exists(), code
    # Window and review clerks work in several departments, not just one.
    for code in (RoleCode.WINDOW_CLERK, RoleCode.REVIEW_CLERK):
        departments = {
            OrgUnit.objects.get_parent(post.unit).code
            if post.unit.kind == UnitKind.SECTION
            else post.unit.code
            for post in Post.objects.filter(role__code=code).select_related("unit")
        }
        assert len(departments) >= 3, code
    # A deputy county head leads at government level.
    assert Post.objects.filter(role__code=RoleCode.LEADER, unit__code="gov").exists()
    # Some people hold two posts (兼职), exactly one of them the main post.
    multi = [user for user in staff if user.posts.count() >= 2]
    assert len(multi) >= 3
    for user in multi:
        assert user.posts.filter(is_primary=True).count() == 1
    # Three-role separation: no one holds two of the security roles.
    security = [RoleCode.SYSTEM_ADMIN, RoleCode.SECURITY_ADMIN, RoleCode.AUDIT_ADMIN]
    for user in staff:
        assert user.posts.filter(role__code__in=security).count() <= 1


def test_staff_log_in_with_demo_password(demo):
    user = authenticate(
        RequestFactory().post("/office/login/"),
        username="fengxue",
        password=demo_data.DEMO_PASSWORD,
    )
    assert user is not None and user.kind == UserKind.STAFF
    assert user.password_changed_at is not None
    validate_password(demo_data.DEMO_PASSWORD)  # meets the policy (length, classes)
    # Django admin: the system administrator (configuration) and the security administrator
    # (API credentials, lockouts) only; nobody is a superuser.
    staff = User.objects.filter(is_staff=True).order_by("username")
    assert list(staff.values_list("username", flat=True)) == ["huxiaodong", "majunjie"]
    assert not User.objects.filter(is_superuser=True).exists()


def test_changed_password_survives_a_rerun(demo):
    user = User.objects.get(username="tangting")
    user.set_password("Changed#2026x")
    user.save()
    call_command("load_demo", verbosity=0)
    assert (
        authenticate(
            RequestFactory().post("/office/login/"), username="tangting", password="Changed#2026x"
        )
        is not None
    )


def test_citizens_and_companies_have_valid_identities(demo):
    citizens = User.objects.citizens()
    assert citizens.count() == 25
    for user in citizens:
        assert not user.has_usable_password()
        assert not user.is_staff and not user.is_superuser
        profile = user.citizen_profile
        if profile.person_type == PersonType.NATURAL:
            validate_resident_id(profile.id_number)
            assert profile.id_number[:2] == "43"  # Hunan
        else:
            validate_uscc(profile.uscc)
            assert profile.uscc.startswith("91431127")
            assert profile.legal_representative
    natural = CitizenProfile.objects.filter(person_type=PersonType.NATURAL)
    assert natural.count() == 20
    assert CitizenProfile.objects.filter(person_type=PersonType.LEGAL).count() == 5
    # The sequence digit's parity is the holder's sex (GB 11643): 王建军 is a man.
    assert int(natural.get(name="王建军").id_number[16]) % 2 == 1
    assert int(natural.get(name="李秀英").id_number[16]) % 2 == 0


def test_site_settings_and_2027_calendar(demo):
    site = SiteSettings.load()
    assert site.icp_number.startswith("湘ICP备")
    assert site.site_code == "4311270001"
    assert site.police_record_number and site.address and site.phone
    new_year = CalendarDay.objects.get(date="2027-01-01")
    assert new_year.name == "元旦" and not new_year.is_working_day
    provisional = CalendarDay.objects.filter(date__year=2027).exclude(date="2027-01-01")
    assert provisional.count() >= 10
    assert all(demo_data.PROVISIONAL in day.name for day in provisional)
    assert provisional.filter(is_working_day=True).exists()  # make-up working days
    assert CalendarDay.objects.get(date="2027-10-01").is_working_day is False


def test_prints_a_login_for_every_role(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert demo_data.DEMO_PASSWORD in out
    for _code, label in RoleCode.choices:
        assert f"{label}：" in out


def test_history_rows_name_the_demo_loader(demo):
    """The demo's history names its system administrator (pages showed 500 on rows with none)."""
    from platform_core.management.commands.load_demo import DEMO_LOADER
    from portal.models import Article

    articles = Article.history.all()
    assert articles.exists()
    assert not articles.filter(history_user__isnull=True).exists()
    assert set(articles.values_list("history_user__username", flat=True)) == {DEMO_LOADER}
    day = CalendarDay.history.filter(date="2027-01-01").get()
    assert day.history_user.username == DEMO_LOADER
