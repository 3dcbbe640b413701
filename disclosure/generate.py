"""Published disclosure items at scale for `manage.py generate_data` (100,000 at scale large).

Like the portal's articles (portal/generate.py): titles and bodies come from phrase banks whose
jieba words are segmented once, rows are written with bulk_create in batches, and the tsvector is
filled by one UPDATE for the whole table. 索引号 serials are given in publication order per unit
and year, and the counters are set to the last serial, so later publications continue gaplessly.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from django.db import connection
from django.utils import timezone

from platform_core.models import OrgUnit

from .constants import ColumnKind, Genre, ItemStatus, Subject, Validity
from .models import Column, IndexCounter, Item
from .services.numbers import format_index_number
from .wordseg import segment

BATCH = 5_000
COLUMNS = [
    ("zcwj", "政策文件", 40),
    ("zcjd", "政策解读", 10),
    ("ghxx", "规划信息", 8),
    ("czyjs", "财政预决算", 12),
    ("zdjsxm", "重大建设项目", 10),
    ("ggzypz", "公共资源配置", 10),
    ("shgysy", "社会公益事业", 10),
]
TOPICS = [
    ("优化营商环境", Subject.GENERAL), ("安全生产", Subject.MARKET),
    ("防汛抗旱", Subject.AGRICULTURE), ("义务教育招生", Subject.SCIENCE),
    ("就业创业补贴", Subject.LABOUR), ("城乡低保", Subject.CIVIL),
    ("农村住房建设", Subject.LAND), ("食品安全", Subject.MARKET),
    ("基本公共卫生服务", Subject.HEALTH), ("财政专项资金", Subject.FINANCE),
    ("重点项目建设", Subject.ECONOMY), ("人居环境整治", Subject.CONSTRUCTION),
    ("乡村振兴", Subject.AGRICULTURE), ("工业园区发展", Subject.INDUSTRY),
]  # fmt: skip
KINDS = [
    ("关于进一步加强{t}工作的通知", Genre.NOTICE), ("{t}工作实施方案", Genre.PLAN),
    ("{t}管理办法", Genre.MEASURES), ("关于{t}的实施意见", Genre.OPINION),
    ("{t}专项资金分配结果公告", Genre.ANNOUNCEMENT), ("{t}工作情况报告", Genre.REPORT),
]  # fmt: skip
SENTENCES = [
    "为贯彻落实上级决策部署，结合我县实际，制定本文件。",
    "各乡镇人民政府、县直各单位要高度重视，明确责任分工，确保各项任务落到实处。",
    "本办法所称专项资金，是指县级财政预算安排的具有指定用途的资金。",
    "申请人应当如实提交有关材料，并对材料的真实性负责。",
    "县人民政府建立联席会议制度，定期研究解决工作中的重大问题。",
    "对工作不力、造成不良影响的，依法依规追究有关人员责任。",
    "本文件自印发之日起施行，有效期五年。",
    "资金分配结果已经县人民政府常务会议研究同意，现予公告。",
]  # fmt: skip


def _columns(gov: OrgUnit, by) -> list[tuple[Column, int]]:
    root, _created = Column.objects.get_or_create(
        unit=gov, slug="fdzdgk", defaults={"name": "法定主动公开内容", "created_by": by}
    )
    out = []
    for order, (slug, name, weight) in enumerate(COLUMNS, start=1):
        column, _created = Column.objects.get_or_create(
            unit=gov,
            slug=slug,
            defaults={
                "name": name,
                "parent": root,
                "kind": ColumnKind.CATALOGUE,
                "sort_order": order * 10,
                "created_by": by,
            },
        )
        out.append((column, weight))
    return out


def generate_items(context) -> int:
    count = context.scale.disclosure_items
    if not count or not context.staff:
        return 0
    rng: random.Random = context.rng
    gov = OrgUnit.objects.get(code="gov")
    author = context.staff[0]
    columns = _columns(gov, author)
    units = [u for u in context.units if u.depth == 2] or [gov]
    words = {s: " ".join(segment(s)) for s in SENTENCES}
    topic_words = {t: " ".join(segment(t)) for t, _s in TOPICS}
    unit_words = {u.pk: " ".join(segment(u.name)) for u in units}
    now = timezone.now()
    serials: dict[tuple[int, int], int] = defaultdict(int)
    # Oldest first, so that serials follow publication order.
    made = 0
    while made < count:
        rows = []
        for n in range(made, min(made + BATCH, count)):
            published = now - datetime.timedelta(minutes=(count - n) * 11)
            unit = rng.choice(units)
            column = rng.choices([c for c, _w in columns], [w for _c, w in columns])[0]
            topic, subject = rng.choice(TOPICS)
            template, genre = rng.choice(KINDS)
            if column.slug == "zcjd":
                genre = Genre.INTERPRETATION
            title = f"{unit.name}{template.format(t=topic)}"
            chosen = rng.sample(SENTENCES, 4)
            year = timezone.localtime(published).year
            serials[(unit.pk, year)] += 1
            serial = serials[(unit.pk, year)]
            number = f"蓝{unit.code[:2]}发〔{year}〕{serial}号" if column.slug == "zcwj" else ""
            rows.append(
                Item(
                    column=column,
                    unit=unit,
                    title=title[:300],
                    document_number=number,
                    subject=subject,
                    genre=genre,
                    body="".join(f"<p>{s}</p>" for s in chosen),
                    formed_on=(published - datetime.timedelta(days=rng.randint(1, 15))).date(),
                    status=ItemStatus.PUBLISHED,
                    published_at=published,
                    updated_at=published,
                    created_at=published,
                    index_year=year,
                    index_serial=serial,
                    index_number=format_index_number(unit, year, serial),
                    validity=Validity.REPEALED if rng.random() < 0.03 else Validity.VALID,
                    created_by=author,
                    search_text=" ".join(
                        [unit_words[unit.pk], topic_words[topic]] + [words[s] for s in chosen]
                    ),
                )
            )
        Item.objects.bulk_create(rows)
        made += len(rows)
    for (unit_id, year), last in serials.items():
        counter, _created = IndexCounter.objects.get_or_create(unit_id=unit_id, year=year)
        counter.last = max(counter.last, last)
        counter.save(update_fields=["last"])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE disclosure_item SET search_vector = to_tsvector('simple', search_text) "
                "WHERE search_vector IS NULL"
            )
    return count
