"""政民互动 cases at scale for `manage.py generate_data` (100,000 at the large scale).

Cases are written as the public form writes them (interaction/services/cases.py): a number
`YYYYMMDDNNNN` (the day's serial; the day counters are moved past the generated numbers, so a
real submission afterwards gets a fresh one), the keyed hash of a query code that is a function
of the seed (`query_code`), one "submit" event; then, for most of them, what handling leaves
behind: the assignment to a department, an approved reply and, for some, the citizen's rating.
The mix of states and kinds is fixed by the case's index, the words by `rng`. No case clock is
started (bulk rows; the benchmarks read lists and pages, not deadlines).
"""

from __future__ import annotations

import datetime
import hashlib

from django.utils import timezone

from platform_core.constants import UnitKind

from .constants import CaseAction, CaseStatus, Channel, Kind, ReplyStatus, Score
from .models import (
    Assignment,
    Case,
    CaseCounter,
    CaseEvent,
    Category,
    Office,
    Rating,
    Reply,
)
from .services.cases import query_code_hash

BATCH = 5_000
PER_DAY = 60  # cases a day, counted back from today
CATEGORIES = {
    "城乡建设": ["道路维修", "市政设施", "物业管理"],
    "交通运输": ["公共交通", "农村公路"],
    "教育": ["入学招生", "校园安全"],
    "医疗卫生": ["医保报销", "医疗服务"],
    "市场监管": ["食品安全", "消费维权"],
    "生态环境": ["噪声污染", "水污染"],
    "社会保障": ["养老保险", "就业创业"],
}
# (title, content) patterns; {place} and {n} are filled per case.
TEXTS = [
    ("{place}路灯不亮", "{place}一段路灯已经{n}天不亮了，晚上出行很不安全，希望尽快维修。"),
    ("{place}道路坑洼", "{place}通往镇上的道路坑洼很多，下雨天车辆无法通行，请安排修补。"),
    ("超市销售过期食品", "{place}一家超市货架上有过期{n}天的牛奶，请市场监管部门查处。"),
    ("工地夜间施工噪音", "{place}附近工地每天晚上十一点后还在施工，噪音很大影响休息。"),
    ("孩子入学需要什么材料", "我家孩子今年满六岁，想在{place}上小学，入学登记需要哪些材料？"),
    ("异地就医如何报销", "我父亲在外地住院{n}天，医保能不能直接报销？需要先办什么手续？"),
    ("城乡居民养老保险缴费", "我是{place}的农村居民，想交城乡居民养老保险，有几个缴费档次？"),
    ("公交班次太少", "{place}到县城的公交车每天只有{n}班，希望增加班次方便群众出行。"),
    ("小区停水", "{place}小区已经停水{n}天了，自来水公司一直没有通知什么时候恢复供水。"),
    ("建议增设健身设施", "建议在{place}广场增设一些健身器材，方便周边群众锻炼身体。"),
]
REPLY = (
    "<p>您反映的问题已收悉。经核查，我单位已安排专人处理，预计{n}个工作日内办结。感谢您的监督。</p>"
)
KINDS = [Kind.COMPLAINT, Kind.CONSULTATION, Kind.SUGGESTION, Kind.COMPLAINT, Kind.EFFICIENCY]
CHANNELS = [Channel.ONLINE] * 7 + [Channel.LETTER, Channel.CALL, Channel.VISIT]
# A closed first round was rated 满意 or 基本满意 (不满意 would have reopened it).
SCORES = [Score.SATISFIED, Score.SATISFIED, Score.BASIC]


def query_code(seed: int, index: int) -> str:
    """The query code of generated case `index` (0-based) under `seed`."""
    from .services.cases import QUERY_CODE_ALPHABET, QUERY_CODE_LENGTH

    digest = hashlib.sha256(f"egov-interaction:{seed}:{index}".encode()).digest()
    return "".join(
        QUERY_CODE_ALPHABET[b % len(QUERY_CODE_ALPHABET)] for b in digest[:QUERY_CODE_LENGTH]
    )


def case_number(index: int, today: datetime.date | None = None) -> str:
    day = (today or timezone.localdate()) - datetime.timedelta(days=index // PER_DAY)
    return f"{day:%Y%m%d}{index % PER_DAY + 1:04d}"


def _state(index: int) -> str:
    """Where case `index` ends up: a county's realistic mix, most of them answered."""
    return [
        CaseStatus.SUBMITTED,
        CaseStatus.ASSIGNED,
        CaseStatus.ASSIGNED,
        CaseStatus.REVIEW,
        CaseStatus.REPLIED,
        CaseStatus.REPLIED,
        CaseStatus.REPLIED,
        CaseStatus.CLOSED,
        CaseStatus.CLOSED,
        CaseStatus.CLOSED,
    ][index % 10]


def _categories() -> list[Category]:
    leaves = []
    for n, (parent_name, children) in enumerate(CATEGORIES.items()):
        parent, _c = Category.objects.get_or_create(
            parent=None, name=parent_name, defaults={"sort_order": n}
        )
        for k, child in enumerate(children):
            leaf, _c = Category.objects.get_or_create(
                parent=parent, name=child, defaults={"sort_order": k}
            )
            leaves.append(leaf)
    return leaves


def build_cases(rng, seed: int, units: list, staff: list, count: int, start: int = 0) -> int:
    """`count` cases, 60 a day back from today; `start`: the index of the first (to add cases
    to a database that already has some)."""
    from platform_core.generate_data import person_name

    if not count:
        return 0
    departments = [u for u in units if u.kind == UnitKind.DEPARTMENT]
    townships = [u for u in units if u.kind == UnitKind.TOWNSHIP]
    if not departments or not staff:
        return 0
    if not Office.objects.exists():
        Office.objects.create(unit=departments[0])  # 县人民政府办公室 runs the office here
    categories = _categories()
    today = timezone.localdate()
    now = timezone.now()
    clerk = staff[0]
    made, end = start, start + count
    while made < end:
        rows = []
        for i in range(made, min(made + BATCH, end)):
            state = _state(i)
            township = townships[i % len(townships)] if townships else None
            place = township.name.replace("人民政府", "") if township else "城区"
            title, content = TEXTS[i % len(TEXTS)]
            n = rng.randint(2, 15)
            received = now - datetime.timedelta(days=i // PER_DAY, minutes=i % PER_DAY * 7)
            number = case_number(i, today)
            handled = state != CaseStatus.SUBMITTED
            replied = state in (CaseStatus.REPLIED, CaseStatus.CLOSED)
            rows.append(
                Case(
                    number=number,
                    query_code_hash=query_code_hash(number, query_code(seed, i)),
                    kind=KINDS[i % len(KINDS)],
                    channel=CHANNELS[i % len(CHANNELS)],
                    category=categories[i % len(categories)],
                    title=title.format(place=place, n=n),
                    content=content.format(place=place, n=n),
                    township=township,
                    address=f"{place}人民路{n}号",
                    name=person_name(rng),
                    mobile=f"138{i:08d}",
                    allow_public=i % 4 != 3,
                    staff_public=replied and i % 4 != 3,
                    status=state,
                    department=departments[i % len(departments)] if handled else None,
                    received_at=received,
                    triage_due=received.date() + datetime.timedelta(days=2),
                    replied_at=received + datetime.timedelta(days=3) if replied else None,
                    closed_at=(
                        received + datetime.timedelta(days=10)
                        if state == CaseStatus.CLOSED
                        else None
                    ),
                )
            )
        Case.objects.bulk_create(rows)
        CaseEvent.objects.bulk_create(
            CaseEvent(
                case=case,
                action=CaseAction.SUBMIT,
                to_status=CaseStatus.SUBMITTED,
                comment=case.get_channel_display(),
                at=case.received_at,
            )
            for case in rows
        )
        handled = [c for c in rows if c.department_id]
        Assignment.objects.bulk_create(
            Assignment(
                case=c,
                department_id=c.department_id,
                assigned_by=clerk,
                assigned_at=c.received_at + datetime.timedelta(hours=4),
            )
            for c in handled
        )
        answered = [c for c in handled if c.replied_at]
        Reply.objects.bulk_create(
            Reply(
                case=c,
                department_id=c.department_id,
                body=REPLY.format(n=rng.randint(3, 10)),
                status=ReplyStatus.APPROVED,
                drafted_by=clerk,
                drafted_at=c.replied_at - datetime.timedelta(days=1),
                reviewed_by=clerk,
                reviewed_at=c.replied_at,
                published_at=c.replied_at,
            )
            for c in answered
        )
        Rating.objects.bulk_create(
            Rating(
                case=c,
                round=1,
                score=SCORES[k % len(SCORES)],
                rated_at=c.closed_at,
            )
            for k, c in enumerate(answered)
            if c.closed_at
        )
        made += len(rows)
    days: dict[datetime.date, int] = {}
    for i in range(start, end):
        day = today - datetime.timedelta(days=i // PER_DAY)
        days[day] = max(days.get(day, 0), i % PER_DAY + 1)
    for day, last in days.items():
        row, _created = CaseCounter.objects.get_or_create(day=day)
        if row.last < last:
            CaseCounter.objects.filter(pk=row.pk).update(last=last)
    return count


def generate_cases(context) -> int:
    """`manage.py generate_data`'s hook (registered in InteractionConfig.ready())."""
    return build_cases(
        context.rng,
        context.seed,
        context.units,
        context.staff,
        context.scale.interaction_cases,
    )
