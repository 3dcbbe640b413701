"""Licensing items and submitted applications at scale for `manage.py generate_data`.

Applications are written as the online submission writes them (approval/services/applications.py):
status "submitted", a number `431127-YYYYMMDD-NNNNN`, the keyed hash of a six-digit query code,
the acceptance deadline and one "submit" event. The query code of case `i` is a function of the
seed (`query_code`), so the benchmarks can look any case up without storing codes anywhere.
The day counters (`NumberSequence`) are moved past the generated numbers, so a real submission
afterwards gets a fresh number.
"""

from __future__ import annotations

import datetime
import hashlib
import random

from django.utils import timezone

from approval.constants import REGION_CODE, AppStatus, Channel, EventKind, ItemKind, ItemStatus
from approval.models import Application, ApplicationEvent, LicensingItem, NumberSequence
from approval.selectors.query_codes import query_code_hash

# (code suffix, name, department code, kind, statutory days, promised days)
ITEMS = [
    ("SP-101", "企业投资项目备案", "spj", ItemKind.PUBLIC_SERVICE, 3, 1),
    ("SP-102", "建设工程施工许可证核发", "spj", ItemKind.LICENSING, 7, 3),
    ("SC-101", "食品经营许可", "scjgj", ItemKind.LICENSING, 20, 10),
    ("SC-102", "个体工商户设立登记", "scjgj", ItemKind.LICENSING, 15, 3),
    ("ZR-101", "不动产首次登记", "zrzyj", ItemKind.LICENSING, 30, 5),
    ("RS-101", "就业困难人员认定", "rsj", ItemKind.PUBLIC_SERVICE, 20, 5),
    ("GA-101", "户口迁移审批", "gaj", ItemKind.LICENSING, 20, 7),
    ("JY-101", "民办学校设立审批", "jyj", ItemKind.LICENSING, 30, 20),
    ("WJ-101", "医疗机构执业登记", "wjj", ItemKind.LICENSING, 45, 20),
    ("ZJ-101", "建筑业企业资质核准", "zjj", ItemKind.LICENSING, 20, 10),
]
COMPANIES = ["蓝山县{}商贸有限公司", "蓝山县{}农业开发有限公司", "湖南{}建设工程有限公司"]
BATCH = 5_000


def query_code(seed: int, index: int) -> str:
    """The six-digit query code of generated case `index` (0-based) under `seed`."""
    digest = hashlib.sha256(f"egov-generate:{seed}:{index}".encode()).digest()
    return f"{int.from_bytes(digest[:4], 'big') % 1_000_000:06d}"


def case_number(index: int, today: datetime.date | None = None) -> str:
    """The number of generated case `index`: 200 cases a day back from today."""
    day = (today or timezone.localdate()) - datetime.timedelta(days=index // 200)
    return f"{REGION_CODE}-{day:%Y%m%d}-{index % 200 + 1:05d}"


def generated_day() -> datetime.date | None:
    """The day the generated cases were counted back from (that of case 0), read from the
    database: a data set generated yesterday keeps yesterday's numbers."""
    from approval.models import Application

    newest = (
        Application.objects.filter(number__regex=rf"^{REGION_CODE}-\d{{8}}-00001$")
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    if newest is None:
        return None
    return datetime.datetime.strptime(newest.split("-")[1], "%Y%m%d").date()


def build_items(units_by_code: dict, staff: list) -> list[LicensingItem]:
    now = timezone.now()
    items = []
    for suffix, name, dept, kind, statutory, promised in ITEMS:
        code = f"{REGION_CODE}-{suffix}"
        item = LicensingItem.objects.filter(code=code, status=ItemStatus.PUBLISHED).first()
        if item is None and dept in units_by_code:
            item = LicensingItem.objects.create(
                code=code,
                name=name,
                kind=kind,
                department=units_by_code[dept],
                status=ItemStatus.PUBLISHED,
                statutory_days=statutory,
                promised_days=promised,
                published_at=now,
                published_by=staff[0],
                conditions="申请人应当具备法律法规规定的条件，材料齐全、符合法定形式。",
                fees="不收费",
                place="蓝山县政务服务中心",
                hours="周一至周五 8:30-12:00，14:30-17:30（法定节假日除外）",
                phone="0746-2222301",
            )
        if item is not None:
            items.append(item)
    return items


def build_cases(
    rng: random.Random, seed: int, units: list, staff: list, count: int, start: int = 0
) -> int:
    """`count` submitted applications spread over the items, 200 a day back from today;
    `start`: the index of the first (to add cases to a database that already has some)."""
    from platform_core.generate_data import person_name, resident_id

    items = build_items({u.code: u for u in units}, staff)
    if not items or not count:
        return 0
    today = timezone.localdate()
    now = timezone.now()
    clerk = staff[0]
    made, end = start, start + count
    while made < end:
        apps = []
        for i in range(made, min(made + BATCH, end)):
            item = items[i % len(items)]
            number = case_number(i, today)
            received = now - datetime.timedelta(days=i // 200, minutes=i % 200)
            company = i % 3 == 0
            apps.append(
                Application(
                    number=number,
                    query_code_hash=query_code_hash(number, query_code(seed, i)),
                    item=item,
                    department_id=item.department_id,
                    applicant_name=(
                        rng.choice(COMPANIES).format(person_name(rng)[1:])
                        if company
                        else person_name(rng)
                    ),
                    applicant_id_number="" if company else resident_id(rng, i),
                    applicant_mobile=f"136{i:08d}",
                    channel=Channel.COUNTER if i % 4 == 0 else Channel.INTERNET,
                    status=AppStatus.SUBMITTED,
                    received_at=received,
                    accept_due=received.date() + datetime.timedelta(days=7),
                    created_by=clerk,
                    created_at=received,
                )
            )
        Application.objects.bulk_create(apps)
        ApplicationEvent.objects.bulk_create(
            ApplicationEvent(
                application=app,
                kind=EventKind.SUBMIT,
                from_status=AppStatus.DRAFT,
                to_status=AppStatus.SUBMITTED,
                created_at=app.received_at,
            )
            for app in apps
        )
        made += len(apps)
    days = {}
    for i in range(start, end):
        day = (today - datetime.timedelta(days=i // 200)).strftime("%Y%m%d")
        days[day] = max(days.get(day, 0), i % 200 + 1)
    for day, value in days.items():
        row, _created = NumberSequence.objects.get_or_create(key=f"app:{day}")
        if row.value < value:
            NumberSequence.objects.filter(pk=row.pk).update(value=value)
    return count


def generate_cases(context) -> int:
    """`manage.py generate_data`'s hook (registered in ApprovalConfig.ready())."""
    return build_cases(context.rng, context.seed, context.units, context.staff, context.scale.cases)
