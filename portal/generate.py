"""Published articles at scale for `manage.py generate_data` (see platform_core/generate_data.py).

Titles and bodies are put together from phrase banks of county-government news. Segmenting
100,000 article texts with jieba takes over a minute per core (STACK.md), so every phrase is
segmented once and an article's search text is the concatenation of its phrases' words; the
tsvector is then filled by one UPDATE for the whole table, before any page is published.
"""

from __future__ import annotations

import datetime
import random

from django.db import connection
from django.utils import timezone

from portal.constants import ArticleStatus, Validity
from portal.models import Article, Channel

PLACES = [
    "县政府", "县委县政府", "城关镇", "塔峰镇", "新圩镇", "太平镇", "所城镇", "湘江源瑶族乡",
    "县发展和改革局", "县市场监督管理局", "县人力资源和社会保障局", "县自然资源局", "县教育局",
    "县卫生健康局", "县财政局", "县农业农村局", "县应急管理局", "县住房和城乡建设局",
]  # fmt: skip
ACTIONS = [
    "召开", "部署", "开展", "推进", "督导", "组织", "启动", "举办", "召开专题会议研究", "扎实推进",
]  # fmt: skip
SUBJECTS = [
    "安全生产工作会议", "防汛抗旱工作", "春耕备耕工作", "优化营商环境工作", "乡村振兴重点任务",
    "食品安全专项检查", "人居环境整治行动", "就业创业服务活动", "森林防火宣传", "疫苗接种工作",
    "义务教育招生工作", "不动产登记便民服务", "政务服务“一件事一次办”改革", "重点项目建设调度",
    "消防安全隐患排查", "农村饮水安全巩固提升", "文明城市创建工作", "招商引资项目洽谈",
    "困难群众走访慰问", "耕地保护专项整治",
]  # fmt: skip
SENTENCES = [
    "会议传达学习了上级有关文件精神，对下一阶段工作作出具体安排。",
    "会议强调，各乡镇各部门要提高政治站位，压实工作责任，确保各项任务落地见效。",
    "检查组深入企业、学校、农贸市场，现场查看台账资料和安全设施运行情况。",
    "今年以来，全县累计投入资金3200余万元，完成年度目标任务的百分之八十六。",
    "活动现场共发放宣传资料五千余份，接受群众咨询一千二百余人次。",
    "下一步，我县将持续深化改革，推动更多事项网上办、掌上办、就近办。",
    "据统计，全县共有62家企业提供就业岗位1800余个，现场达成就业意向430人。",
    "要坚持问题导向，建立问题清单、责任清单和整改清单，实行销号管理。",
    "县领导深入田间地头，详细了解种子、化肥储备和农机调度情况。",
    "各责任单位要加强协调配合，形成工作合力，切实维护人民群众生命财产安全。",
    "汛期以来，全县共转移安置受威胁群众二百余人，未发生人员伤亡。",
    "群众办理不动产登记由跑多个窗口变为一个窗口、一套材料、一次办结。",
    "义务教育招生坚持免试就近入学原则，全面推行网上报名和信息核验。",
    "该项目总投资12.6亿元，建成后预计年产值可达20亿元，带动就业800人。",
    "通过“公司+合作社+农户”模式，带动周边群众户均增收3000元以上。",
    "执法人员依法查处违法案件18起，责令整改问题隐患96处。",
]  # fmt: skip
# Column path → weight of articles it gets. Policies get document numbers and a validity.
WEIGHTS = {
    "zwdt/zwyw/": 18, "zwdt/bmdt/": 30, "zwdt/xzdt/": 20, "zwdt/tzgg/": 14, "xxgk/": 4,
    "xxgk/zcwj/": 6, "xxgk/zcjd/": 3, "zsyz/": 2, "zt/": 3,
}  # fmt: skip
BATCH = 5_000


def _words(text: str) -> str:
    from portal.services.search import segment

    return " ".join(segment(text))


class Phrases:
    """The phrase banks with their jieba words, segmented once."""

    def __init__(self):
        self.places = [(p, _words(p)) for p in PLACES]
        self.actions = [(a, _words(a)) for a in ACTIONS]
        self.subjects = [(s, _words(s)) for s in SUBJECTS]
        self.sentences = [(s, _words(s)) for s in SENTENCES]


def _article(rng: random.Random, ph: Phrases, channel, unit, author, n: int, now) -> Article:
    place, action, subject = rng.choice(ph.places), rng.choice(ph.actions), rng.choice(ph.subjects)
    title = f"{place[0]}{action[0]}{subject[0]}"
    paragraphs = rng.sample(ph.sentences, rng.randint(3, 7))
    body = "".join(f"<p>{s}</p>" for s, _ in paragraphs)
    summary = paragraphs[0][0][:60]
    extra = {}
    words = [place[1], action[1], subject[1]]
    if channel.url_path == "xxgk/zcwj/":
        year = 2015 + n % 12
        extra = {
            "document_number": f"蓝政发〔{year}〕{n % 97 + 1}号",
            "validity": rng.choice([Validity.VALID, Validity.VALID, Validity.AMENDED]),
        }
        words.append(_words_number(extra["document_number"]))
    words += [w for _, w in paragraphs]
    published = now - datetime.timedelta(minutes=n * 7 + rng.randrange(7))
    return Article(
        channel=channel,
        title=title,
        summary=summary,
        body=body,
        source=unit.name,
        author_unit=unit,
        created_by=author,
        reviewed_by=author,
        status=ArticleStatus.PUBLISHED,
        publish_date=published,
        search_text=" ".join(words),
        **extra,
    )


def _words_number(number: str) -> str:
    # Document numbers are few and repeat: segment each distinct one once.
    cached = _NUMBER_WORDS.get(number)
    if cached is None:
        cached = _NUMBER_WORDS[number] = _words(number)
    return cached


_NUMBER_WORDS: dict[str, str] = {}


def build_articles(rng: random.Random, units: list, staff: list, count: int) -> int:
    """`count` published articles over the columns, newest first every seven minutes."""
    from portal.demo import _channels

    channels = _channels()
    targets = [(channels[p], w) for p, w in WEIGHTS.items() if p in channels]
    columns = [c for c, _ in targets]
    weights = [w for _, w in targets]
    editors = staff[: max(1, len(staff) // 10)]
    ph = Phrases()
    now = timezone.now()
    made = 0
    while made < count:
        rows = []
        for n in range(made, min(made + BATCH, count)):
            channel = rng.choices(columns, weights)[0]
            rows.append(_article(rng, ph, channel, rng.choice(units), rng.choice(editors), n, now))
        Article.objects.bulk_create(rows)
        made += len(rows)
    # Where each page is published and its tsvector: two set-based statements for all rows.
    with connection.cursor() as cursor:
        # Table names come from the models, not from input.
        cursor.execute(
            f"UPDATE {Article._meta.db_table} a "  # noqa: S608  # nosec B608 (model table name)
            "SET published_path = c.url_path || a.id || '.html', "
            "search_vector = to_tsvector('simple', a.search_text) "
            f"FROM {Channel._meta.db_table} c WHERE c.id = a.channel_id AND a.published_path = ''"
        )
    return made
