"""Realistic data at scale for benchmarks and load tests (`manage.py generate_data`).

Builds, into a freshly migrated database: the county's organisation tree (departments, townships,
sections), staff with posts, citizens with profiles, what the apps above register in their
AppConfig.ready() (the portal's columns and published articles, portal/generate.py; licensing
items with submitted applications, approval/generate.py; official documents, oa/generate.py)
and workflow tasks (written with COPY by tests/platform_core/inbox_data.py, the builder the
inbox benchmark already uses).

Everything is drawn from `random.Random(seed)`, so one seed gives the same rows every time, and
written in bulk (bulk_create or COPY): one save per row would take hours at the large scale.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from platform_core.constants import PersonType, RoleCode, UnitKind, UserKind
from platform_core.models import CitizenProfile, OrgUnit, Post, Role, Subsystem, User
from platform_core.validators import resident_id_check_char

# Password of every generated account (staff and citizens): the load test logs in with it.
PASSWORD = "Bench@2026pass"  # noqa: S105 - bench data only, documented
STAFF_PREFIX = "gen_staff_"
CITIZEN_PREFIX = "gen_c_"


@dataclass(frozen=True)
class Scale:
    staff: int
    citizens: int
    articles: int
    tasks: int
    cases: int
    disclosure_items: int = 0  # 政府信息公开 catalogue items (disclosure/generate.py)
    interaction_cases: int = 0  # 政民互动 cases (interaction/generate.py)
    oa_documents: int = 0  # 发文 (oa/generate.py; and one 收文 for every five)


SCALES = {
    # For the benchmarks' smoke runs in CI (tests/bench/test_smoke.py): seconds, not minutes.
    "tiny": Scale(
        staff=30,
        citizens=50,
        articles=150,
        tasks=2_000,
        cases=200,
        disclosure_items=150,
        interaction_cases=200,
        oa_documents=200,
    ),
    "small": Scale(
        staff=120,
        citizens=500,
        articles=1_000,
        tasks=10_000,
        cases=1_000,
        disclosure_items=1_000,
        interaction_cases=1_000,
        oa_documents=1_000,
    ),
    "medium": Scale(
        staff=400,
        citizens=5_000,
        articles=20_000,
        tasks=200_000,
        cases=20_000,
        disclosure_items=20_000,
        interaction_cases=20_000,
        oa_documents=20_000,
    ),
    "large": Scale(
        staff=1_500,
        citizens=50_000,
        articles=100_000,
        tasks=1_000_000,
        cases=100_000,
        disclosure_items=100_000,
        interaction_cases=100_000,
        oa_documents=100_000,
    ),
}


@dataclass(frozen=True)
class GenerateContext:
    """What an app's generator gets: the random source, the seed, the units and staff built so
    far, and the scale (the app reads its own count from it, e.g. `scale.articles`)."""

    rng: random.Random
    seed: int
    units: list
    staff: list
    scale: Scale


# (order, name, build): build(context) returns how many rows it made; counts[name] reports it.
_GENERATORS: list[tuple[int, str, Callable[[GenerateContext], int]]] = []


def register_generator(
    name: str, build: Callable[[GenerateContext], int], *, order: int = 100
) -> None:
    """Called from an app's AppConfig.ready(): the platform knows no app above it. Generators
    run in ascending `order` (they share one random source, so the order fixes the data)."""
    _GENERATORS[:] = [g for g in _GENERATORS if g[1] != name]
    _GENERATORS.append((order, name, build))
    _GENERATORS.sort(key=lambda g: (g[0], g[1]))


# (code, name, kind, sections). Codes "zfb" and "fgj" are the ones portal/demo.py's columns name
# as editor units; "gov" is the root every test and demo uses.
DEPARTMENTS = [
    ("zfb", "县人民政府办公室", UnitKind.DEPARTMENT, ["综合科", "秘书科", "政务公开科"]),
    ("fgj", "县发展和改革局", UnitKind.DEPARTMENT, ["综合科", "投资科", "价格科"]),
    ("spj", "县行政审批服务局", UnitKind.DEPARTMENT, ["审批科", "综合受理科"]),
    ("scjgj", "县市场监督管理局", UnitKind.DEPARTMENT, ["登记注册科", "食品安全科"]),
    ("zrzyj", "县自然资源局", UnitKind.DEPARTMENT, ["不动产登记科", "国土空间规划科"]),
    ("rsj", "县人力资源和社会保障局", UnitKind.DEPARTMENT, ["就业科", "社保科"]),
    ("gaj", "县公安局", UnitKind.DEPARTMENT, ["户政科", "治安科"]),
    ("jyj", "县教育局", UnitKind.DEPARTMENT, ["基础教育科", "计划财务科"]),
    ("wjj", "县卫生健康局", UnitKind.DEPARTMENT, ["医政科", "疾病预防控制科"]),
    ("czj", "县财政局", UnitKind.DEPARTMENT, ["预算科", "国库科"]),
    ("zjj", "县住房和城乡建设局", UnitKind.DEPARTMENT, ["建管科", "城建科"]),
    ("nyj", "县农业农村局", UnitKind.DEPARTMENT, ["种植业科", "农村经营管理科"]),
    ("hbj", "县生态环境分局", UnitKind.DEPARTMENT, ["环评科", "执法大队"]),
    ("yjj", "县应急管理局", UnitKind.DEPARTMENT, ["安全生产科", "防汛抗旱科"]),
    ("cgz", "城关镇人民政府", UnitKind.TOWNSHIP, ["党政综合办", "便民服务中心"]),
    ("tfz", "塔峰镇人民政府", UnitKind.TOWNSHIP, ["党政综合办", "便民服务中心"]),
    ("xwz", "新圩镇人民政府", UnitKind.TOWNSHIP, ["党政综合办", "便民服务中心"]),
    ("ttz", "太平镇人民政府", UnitKind.TOWNSHIP, ["党政综合办", "便民服务中心"]),
    ("sbx", "所城镇人民政府", UnitKind.TOWNSHIP, ["党政综合办", "便民服务中心"]),
    ("hlx", "湘江源瑶族乡人民政府", UnitKind.TOWNSHIP, ["党政综合办", "便民服务中心"]),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
    "建国志红文斌春梅海燕晓东慧婷俊宇浩然欣怡子涵雨"
)
STAFF_ROLES = [
    (RoleCode.REVIEW_CLERK, 40),
    (RoleCode.WINDOW_CLERK, 20),
    (RoleCode.SECTION_HEAD, 15),
    (RoleCode.WEB_EDITOR, 10),
    (RoleCode.DISCLOSURE_OFFICER, 8),
    (RoleCode.LEADER, 7),
]
TASK_TITLES = [
    "关于{unit}年度工作经费的请示",
    "关于{unit}办公设备采购的请示",
    "{unit}关于开展安全生产大检查的报告",
    "关于{unit}干部外出学习培训的请示",
    "{unit}关于申请专项资金的报告",
    "关于印发{unit}重点工作任务清单的通知（送审稿）",
    "{unit}政府信息公开申请答复",
    "{unit}群众来信办理",
]


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def resident_id(rng: random.Random, n: int) -> str:
    """A valid, distinct ID number for every n: (birthday, sequence) is a one-to-one function
    of n (37 is prime to 20,000, so birthdays of different thousands never meet)."""
    birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=(n // 1000) * 37 % 20_000)
    first17 = f"431127{birth:%Y%m%d}{n % 1000:03d}"
    return first17 + resident_id_check_char(first17)


@dataclass
class Generated:
    seed: int
    scale: str
    units: list = field(default_factory=list)
    staff: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)


def build_org() -> list[OrgUnit]:
    """The root, its departments and townships, and two or three sections under each."""
    root = OrgUnit.objects.get_root_nodes().filter(code="gov").first()
    if root is None:
        root = OrgUnit.objects.add_root(
            instance=OrgUnit(
                name="蓝山县人民政府", code="gov", kind=UnitKind.GOVERNMENT, short_name="县政府"
            )
        )
    units = [root]
    existing = {u.code: u for u in OrgUnit.objects.all()}
    for order, (code, name, kind, sections) in enumerate(DEPARTMENTS):
        unit = existing.get(code) or OrgUnit.objects.add_child(
            root,
            instance=OrgUnit(
                name=name, code=code, kind=kind, sort_order=order, phone=f"0746-22{order:05d}"
            ),
        )
        root.refresh_from_db()
        units.append(unit)
        for k, section in enumerate(sections):
            scode = f"{code}-s{k + 1}"
            child = existing.get(scode) or OrgUnit.objects.add_child(
                unit,
                instance=OrgUnit(name=section, code=scode, kind=UnitKind.SECTION, sort_order=k),
            )
            unit.refresh_from_db()
            units.append(child)
    return units


def build_staff(rng: random.Random, units: list[OrgUnit], count: int) -> list[User]:
    """Staff accounts, each with one primary post; the first of each role is easy to find."""
    password = make_password(PASSWORD)  # one hash for all: hashing is deliberately slow
    now = timezone.now()
    roles = {r.code: r for r in Role.objects.all()}
    weights = [w for _, w in STAFF_ROLES]
    users, posts = [], []
    for i in range(count):
        users.append(
            User(
                username=f"{STAFF_PREFIX}{i:05d}",
                name=person_name(rng),
                kind=UserKind.STAFF,
                mobile=f"139{i:08d}",
                password=password,
                password_changed_at=now,
            )
        )
    User.objects.bulk_create(users, batch_size=2_000)
    users = list(User.objects.filter(username__startswith=STAFF_PREFIX).order_by("username"))
    workplaces = units[1:] or units
    for i, user in enumerate(users):
        code = STAFF_ROLES[i % len(STAFF_ROLES)][0] if i < len(STAFF_ROLES) else None
        code = code or rng.choices([c for c, _ in STAFF_ROLES], weights)[0]
        unit = units[0] if code == RoleCode.LEADER else workplaces[i % len(workplaces)]
        posts.append(Post(user=user, unit=unit, role=roles[code], is_primary=True))
    Post.objects.bulk_create(posts, batch_size=2_000)
    return users


def build_citizens(rng: random.Random, count: int) -> int:
    password = make_password(PASSWORD)
    users = [
        User(
            username=f"{CITIZEN_PREFIX}{i:07d}",
            name=person_name(rng),
            kind=UserKind.CITIZEN,
            mobile=f"137{i:08d}",
            password=password,
        )
        for i in range(count)
    ]
    User.objects.bulk_create(users, batch_size=5_000)
    ids = User.objects.filter(username__startswith=CITIZEN_PREFIX).order_by("username")
    profiles = [
        CitizenProfile(
            user_id=pk, person_type=PersonType.NATURAL, name=name, id_number=resident_id(rng, n)
        )
        for n, (pk, name) in enumerate(ids.values_list("pk", "name"))
    ]
    CitizenProfile.objects.bulk_create(profiles, batch_size=5_000)
    return len(profiles)


def build_workflow_tasks(rng: random.Random, staff: list[User], total: int) -> int:
    """`total` tasks over the staff: 40% open, due dates around today, four subsystems."""
    from tests.platform_core.inbox_data import build_tasks

    posts = {p.user_id: p for p in Post.objects.filter(user__in=staff).select_related("unit")}
    subsystems = [Subsystem.OA, Subsystem.APPROVAL, Subsystem.INTERACTION, Subsystem.DISCLOSURE]
    today = timezone.localdate()
    starter = staff[0]
    per_person, extra = divmod(total, len(staff))
    made = 0

    def due(i: int, offset: int = 0):
        # 10% without a time limit; the rest from 20 days overdue to 40 days ahead.
        k = i + offset
        return None if k % 10 == 0 else today + datetime.timedelta(days=k % 60 - 20)

    for n, person in enumerate(staff):
        count = per_person + (1 if n < extra else 0)
        if not count:
            continue
        unit = posts[person.pk].unit
        open_n = count * 2 // 5
        title = rng.choice(TASK_TITLES).format(unit=unit.name)
        kw = {
            "unit": unit,
            "started_by": starter,
            "subsystem": subsystems[n % 4],
            "title": title,
            "tasks_per_process": 2,
        }
        offset = rng.randrange(60)
        build_tasks(open_n, owner=person, due=lambda i, o=offset: due(i, o), **kw)
        build_tasks(count - open_n, owner=person, is_open=False, **kw)
        made += count
    return made


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def generate(
    *, scale: str | Scale, seed: int = 1, log=None, overrides: dict | None = None
) -> Generated:
    """Fill the database at `scale` (a name from SCALES or a Scale), repeatably from `seed`."""
    size = SCALES[scale] if isinstance(scale, str) else scale
    if overrides:
        size = Scale(**{**size.__dict__, **{k: v for k, v in overrides.items() if v is not None}})
    rng = random.Random(seed)
    out = Generated(seed=seed, scale=scale if isinstance(scale, str) else "custom")
    say = log or (lambda msg: None)

    def step(name: str, fn):
        started = time.monotonic()
        with transaction.atomic():
            result = fn()
        out.seconds[name] = round(time.monotonic() - started, 2)
        say(f"{name}: {out.seconds[name]} s")
        return result

    out.units = step("org", build_org)
    out.counts["units"] = len(out.units)
    out.staff = step("staff", lambda: build_staff(rng, out.units, size.staff))
    out.counts["staff"] = len(out.staff)
    out.counts["citizens"] = step("citizens", lambda: build_citizens(rng, size.citizens))
    context = GenerateContext(rng=rng, seed=seed, units=out.units, staff=out.staff, scale=size)
    for _order, name, build in _GENERATORS:
        out.counts[name] = step(name, lambda build=build: build(context))
    out.counts["tasks"] = step("tasks", lambda: build_workflow_tasks(rng, out.staff, size.tasks))
    step("analyze", analyze)
    return out
