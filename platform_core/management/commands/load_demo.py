"""Load the demo county (蓝山县人民政府): units, staff in every role, citizens, companies and
the 2027 holiday calendar, then the demo content each app registers (site settings, articles,
licensing items and cases).

Idempotent: rows are found by their stable keys (unit code, user name, date) and only changed when
the tables in `platform_core/demo_data.py` say otherwise, so a second run adds nothing and writes no
audit history. Staff passwords are set only when an account is created: a demo user who changed
their password keeps it.
"""

import contextlib
import datetime
from types import SimpleNamespace

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

from platform_core import demo_data
from platform_core.constants import PersonType, RoleCode, UnitKind, UserKind
from platform_core.models import CalendarDay, CitizenProfile, OrgUnit, Post, Role, User
from platform_core.services.roles import roles_sync
from platform_core.validators import resident_id_check_char, uscc_check_char

# The history rows the demo writes name this account (the demo's system administrator); rows
# written before it exists (roles, units, staff on a first run) have no user and show as "系统".
DEMO_LOADER = "majunjie"


@contextlib.contextmanager
def history_user(user: User | None):
    """Every django-simple-history row saved inside names `user` (unless a save names its own).

    simple-history takes the user of the current request; a command has none, so it gets one
    with just a user for the duration.
    """
    context = HistoricalRecords.context
    previous = getattr(context, "request", None)
    if user is not None:
        context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if previous is None:
            with contextlib.suppress(AttributeError):
                del context.request
        else:
            context.request = previous


# Posts in the demo start on the same day, so that "held since" reads plausibly and stays stable.
POST_START = datetime.date(2024, 1, 2)

_ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
_ORG_CODE_VALUES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def org_code(first8: str) -> str:
    """Complete a GB 11714 organisation code (8 characters + MOD 11 check character)."""
    total = sum(
        _ORG_CODE_VALUES.index(c) * w for c, w in zip(first8, _ORG_CODE_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return first8 + {10: "X", 11: "0"}.get(check, str(check))


def uscc(category: str, first8_org_code: str) -> str:
    """A USCC: category (11 government body, 91 company), region code, organisation code, check."""
    first17 = category + demo_data.REGION_CODE + org_code(first8_org_code)
    return first17 + uscc_check_char(first17)


def resident_id(region: str, birth: datetime.date, sequence: int) -> str:
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + resident_id_check_char(first17)


def _upsert(model, lookup: dict, values: dict):
    """Get by `lookup` and save only the fields that differ (no empty history rows on re-runs)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return obj, False


class Command(BaseCommand):
    help = "载入演示数据：机构、人员、公众用户、网站设置和2027年节假日（可重复执行）。"

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        # The demo password must pass the same policy as any other (fails loudly if tightened).
        validate_password(demo_data.DEMO_PASSWORD)
        with transaction.atomic():
            roles_sync()
            units = self._load_units()
            staff_created = self._load_staff(units)
            with history_user(self._loader()):
                citizens_created = self._load_citizens()
                self._load_calendar()
                self._load_sso_clients()
        self._report(staff_created, citizens_created)
        # The apps' own demo content (licensing items and cases, the portal and its site settings).
        with history_user(self._loader()):
            for load in demo_data.demo_loaders():
                load(self.stdout)

    @staticmethod
    def _loader() -> User | None:
        """Who the audit history names for rows the demo writes: the system administrator."""
        return User.objects.filter(username=DEMO_LOADER).first()

    def _load_sso_clients(self) -> None:
        """Two systems that log in with the county's accounts (统一身份认证): one for staff, one
        for citizens. Their secrets are not shown: an administrator sets up real clients."""
        from platform_core.models import OidcClient
        from platform_core.services.oidc import client_register

        loader = self._loader()
        if loader is None:
            return
        for name, audience, uri in (
            ("县智慧档案管理系统", UserKind.STAFF, "https://da.lanshan.gov.cn/oidc/callback"),
            ("县便民服务小程序后台", UserKind.CITIZEN, "https://bm.lanshan.gov.cn/oidc/callback"),
        ):
            if not OidcClient.objects.filter(application__name=name).exists():
                client_register(
                    by=loader, name=name, audience=audience, redirect_uris=uri,
                    owner_unit_name="县数据资源管理中心", contact="县数据资源管理中心 0746-2222000",
                )  # fmt: skip

    # --- Organisation ------------------------------------------------------------------------
    def _load_units(self) -> dict[str, OrgUnit]:
        gov = demo_data.GOVERNMENT
        values = {
            "name": gov["name"],
            "short_name": gov["short_name"],
            "kind": gov["kind"],
            "uscc": uscc("11", gov["org_code"]),
            "phone": gov["phone"],
            "address": gov["address"],
            "sort_order": 0,
        }
        root = OrgUnit.objects.get_root_nodes().filter(code=gov["code"]).first()
        if root is None:
            root = OrgUnit.objects.add_root({"code": gov["code"], **values})
        else:
            root, _created = _upsert(OrgUnit, {"pk": root.pk}, values)
        units = {root.code: root}

        for index, (code, name, short, kind, code8, phone, sections) in enumerate(
            demo_data.DEPARTMENTS, start=1
        ):
            dept = self._child(
                root,
                code,
                {
                    "name": name,
                    "short_name": short,
                    "kind": kind,
                    "uscc": uscc("11", code8),
                    "phone": phone,
                    "address": gov["address"] if code == "zfb" else "",
                    "sort_order": index * 10,
                },
            )
            units[code] = dept
            for s_index, (suffix, s_name) in enumerate(sections, start=1):
                section_code = f"{code}-{suffix}"
                units[section_code] = self._child(
                    dept,
                    section_code,
                    {
                        "name": s_name,
                        "short_name": "",
                        "kind": UnitKind.SECTION,
                        "sort_order": s_index,
                    },
                )
        return units

    @staticmethod
    def _child(parent: OrgUnit, code: str, values: dict) -> OrgUnit:
        existing = OrgUnit.objects.filter(code=code).first()
        if existing is not None:
            return _upsert(OrgUnit, {"pk": existing.pk}, values)[0]
        # Re-read the parent: treebeard computes the new path from the parent's child count,
        # which is stale on an instance loaded before its other children were added.
        parent = OrgUnit.objects.get(pk=parent.pk)
        return OrgUnit.objects.add_child(parent, {"code": code, **values})

    # --- Staff -------------------------------------------------------------------------------
    def _load_staff(self, units: dict[str, OrgUnit]) -> int:
        roles = {role.code: role for role in Role.objects.all()}
        now = timezone.now()
        created_count = 0
        # Hashed once: PBKDF2 takes a noticeable moment per call, and the password is public anyway.
        demo_hash = make_password(demo_data.DEMO_PASSWORD)
        for username, name, mobile, posts in demo_data.STAFF:
            # Django admin: the system administrator (configuration) and the security
            # administrator (API credentials, lockouts); the audit administrator reads the
            # audit pages of the back office (three-role separation).
            uses_admin = any(
                role in (RoleCode.SYSTEM_ADMIN, RoleCode.SECURITY_ADMIN) for _u, role, _t in posts
            )
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, kind=UserKind.STAFF, password_changed_at=now)
                user.password = demo_hash
                created_count += 1
            values = {
                "name": name,
                "kind": UserKind.STAFF,
                "mobile": mobile,
                "email": f"{username}@lanshan.gov.example.cn",
                "is_staff": uses_admin,
            }
            changed = [field for field, value in values.items() if getattr(user, field) != value]
            for field in changed:
                setattr(user, field, values[field])
            if user.pk is None or changed:
                user.save()
            for index, (unit_code, role_code, title) in enumerate(posts):
                _upsert(
                    Post,
                    {
                        "user": user,
                        "unit": units[unit_code],
                        "role": roles[role_code],
                        "end_date": None,
                    },
                    {"title": title, "is_primary": index == 0, "start_date": POST_START},
                )
        return created_count

    # --- Citizens and companies ----------------------------------------------------------------
    def _load_citizens(self) -> int:
        created_count = 0
        accounts = [
            (name, mobile, PersonType.NATURAL, {"id_number": resident_id(region, birth, seq)})
            for name, region, birth, seq, mobile in demo_data.CITIZENS
        ] + [
            (
                name,
                mobile,
                PersonType.LEGAL,
                {"uscc": uscc("91", code8), "legal_representative": representative},
            )
            for name, representative, code8, mobile in demo_data.COMPANIES
        ]
        for name, mobile, person_type, identity in accounts:
            # Citizen user names follow the SMS login's convention: "c_" + mobile number.
            username = f"c_{mobile}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username, password=None, name=name[:64], kind=UserKind.CITIZEN, mobile=mobile
                )
                created_count += 1
            else:
                _upsert(User, {"pk": user.pk}, {"name": name[:64], "mobile": mobile})
            profile = {"person_type": person_type, "name": name, **identity}
            _upsert(CitizenProfile, {"user": user}, profile)
        return created_count

    # --- Site and calendar -------------------------------------------------------------------
    @staticmethod
    def _load_calendar() -> None:
        for start, end, is_working_day, name in demo_data.CALENDAR_2027:
            day = start
            while day <= end:
                _upsert(
                    CalendarDay, {"date": day}, {"is_working_day": is_working_day, "name": name}
                )
                day += datetime.timedelta(days=1)

    # --- Output ------------------------------------------------------------------------------
    def _report(self, staff_created: int, citizens_created: int) -> None:
        out = self.stdout.write
        out(
            self.style.SUCCESS(
                f"演示数据已就绪：单位 {OrgUnit.objects.count()} 个，"
                f"工作人员 {User.objects.staff().count()} 人（本次新建 {staff_created}），"
                f"公众用户 {User.objects.citizens().count()} 个（本次新建 {citizens_created}），"
                f"岗位 {Post.objects.count()} 个。"
            )
        )
        if self.verbosity < 1:
            return
        out(f"\n工作人员统一演示密码：{demo_data.DEMO_PASSWORD}")
        out("各角色示例账号（角色：用户名 · 姓名 · 单位）：")
        for role_code, username in demo_data.DEMO_LOGINS:
            post = (
                Post.objects.filter(
                    user__username=username, role__code=role_code, end_date__isnull=True
                )
                .select_related("user", "unit")
                .first()
            )
            if post is None:  # the tables and the login list disagree: say so, don't hide it
                self.stderr.write(f"  {RoleCode(role_code).label}：{username} 没有该角色的岗位")
                continue
            unit = post.unit
            parent = OrgUnit.objects.get_parent(unit) if unit.kind == UnitKind.SECTION else None
            where = f"{parent.name} {unit.name}" if parent else unit.name
            out(f"  {RoleCode(role_code).label}：{username} · {post.user.name} · {where}")
        out("公众用户用手机号和短信验证码登录，演示模式下验证码打印在服务器控制台，例如：")
        for _name, _region, _birth, _seq, mobile in demo_data.CITIZENS[:2]:
            out(f"  {mobile}")
        out(f"  {demo_data.COMPANIES[0][3]}（企业：{demo_data.COMPANIES[0][0]}）")
        out(
            "系统管理后台 /admin/：系统管理员（事项目录、栏目、监察规则等配置）和安全管理员"
            "（接口调用系统、登录锁定）用各自账号登录，按三员分立各见其权限内的内容。"
            "演示数据不含超级用户；应急维护需要时由运维人员执行 "
            "`python manage.py createsuperuser` 创建，用后停用。"
        )
