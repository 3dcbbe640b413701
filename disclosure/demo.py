# ruff: noqa: E501 - data tables: one item per line reads better than wrapped rows
"""Demo content of the disclosure catalogue for `manage.py load_demo`: the standard column
structure of a county's 政府信息公开 platform, about 80 items from ten units (policies with their
interpretations and validity, budgets with their information body, plans, projects, annual
reports), a few drafts and items in review for the dashboard and the inbox. Everything here is
invented. Repeatable: it does nothing when the county's columns exist already.

The site itself is published afterwards by the portal's demo loader (order 90).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from platform_core.constants import RoleCode
from platform_core.demo_data import REGION_CODE
from platform_core.dynforms.types import FieldSpec
from platform_core.models import FormDefinition, OrgUnit, Post, Role, User
from platform_core.services import dynforms as form_services
from platform_core.services.supervision import clock_cards_scan
from platform_core.validators import resident_id_check_char

from .constants import ColumnKind, Genre, ItemStatus, Subject, Validity
from .models import Column, Item
from .services import items as item_services
from .services.review import ensure_default_route

BUDGET_FORM = "disclosure_budget"
# (parent slug, slug, name, kind)
COLUMNS = [
    ("", "gkzn", "信息公开指南", ColumnKind.GUIDE),
    ("", "gkzd", "信息公开制度", ColumnKind.RULES),
    ("", "fdzdgk", "法定主动公开内容", ColumnKind.CATALOGUE),
    ("fdzdgk", "jgzn", "机构职能", ColumnKind.CATALOGUE),
    ("fdzdgk", "zcwj", "政策文件", ColumnKind.CATALOGUE),
    ("fdzdgk", "zcjd", "政策解读", ColumnKind.CATALOGUE),
    ("fdzdgk", "ghxx", "规划信息", ColumnKind.CATALOGUE),
    ("fdzdgk", "czyjs", "财政预决算", ColumnKind.CATALOGUE),
    ("fdzdgk", "zdjsxm", "重大建设项目", ColumnKind.CATALOGUE),
    ("fdzdgk", "ggzypz", "公共资源配置", ColumnKind.CATALOGUE),
    ("fdzdgk", "shgysy", "社会公益事业", ColumnKind.CATALOGUE),
    ("fdzdgk", "xzzf", "行政执法", ColumnKind.CATALOGUE),
    ("", "ndbg", "信息公开年报", ColumnKind.REPORT),
    ("", "ysqgk", "依申请公开", ColumnKind.REQUEST),
]
UNITS = ["zfb", "fgj", "jyj", "czj", "rsj", "zrzyj", "scjgj", "spj", "wjj", "mzj"]

# Policies: (unit, title, number, subject, genre, days ago, interpretation title or "")
POLICIES = [
    (
        "zfb",
        "蓝山县促进民营经济高质量发展若干措施",
        "蓝政发〔2026〕3号",
        Subject.ECONOMY,
        Genre.MEASURES,
        240,
        "《蓝山县促进民营经济高质量发展若干措施》政策解读",
    ),
    (
        "zfb",
        "蓝山县优化营商环境三年行动方案（2026—2028年）",
        "蓝政办发〔2026〕5号",
        Subject.GENERAL,
        Genre.PLAN,
        200,
        "图解：优化营商环境三年行动方案",
    ),
    (
        "zfb",
        "蓝山县人民政府关于进一步加强安全生产工作的意见",
        "蓝政发〔2026〕7号",
        Subject.MARKET,
        Genre.OPINION,
        180,
        "",
    ),
    (
        "zfb",
        "蓝山县政府信息公开工作规定",
        "蓝政办发〔2025〕18号",
        Subject.GENERAL,
        Genre.RULES,
        400,
        "",
    ),
    (
        "zfb",
        "蓝山县重大行政决策程序规定",
        "蓝政发〔2026〕11号",
        Subject.GENERAL,
        Genre.RULES,
        120,
        "《蓝山县重大行政决策程序规定》解读",
    ),
    (
        "fgj",
        "蓝山县支持工业园区标准厂房建设的若干政策",
        "蓝发改发〔2026〕9号",
        Subject.INDUSTRY,
        Genre.MEASURES,
        150,
        "《支持工业园区标准厂房建设的若干政策》解读",
    ),
    (
        "fgj",
        "蓝山县2026年重点建设项目计划",
        "蓝发改发〔2026〕2号",
        Subject.ECONOMY,
        Genre.PLAN,
        300,
        "",
    ),
    (
        "jyj",
        "蓝山县义务教育阶段学校招生入学工作实施方案",
        "蓝教发〔2026〕12号",
        Subject.SCIENCE,
        Genre.PLAN,
        90,
        "2026年义务教育招生入学政策问答",
    ),
    (
        "jyj",
        "蓝山县学生资助工作管理办法",
        "蓝教发〔2026〕6号",
        Subject.SCIENCE,
        Genre.MEASURES,
        170,
        "",
    ),
    (
        "czj",
        "蓝山县县级财政专项资金管理办法",
        "蓝财发〔2026〕4号",
        Subject.FINANCE,
        Genre.MEASURES,
        210,
        "《县级财政专项资金管理办法》政策解读",
    ),
    (
        "rsj",
        "蓝山县就业创业补贴实施细则",
        "蓝人社发〔2026〕8号",
        Subject.LABOUR,
        Genre.RULES,
        130,
        "就业创业补贴怎么领？一图读懂",
    ),
    (
        "rsj",
        "蓝山县城乡居民基本养老保险实施办法",
        "蓝人社发〔2026〕3号",
        Subject.LABOUR,
        Genre.MEASURES,
        260,
        "",
    ),
    (
        "zrzyj",
        "蓝山县农村村民住宅建设管理办法",
        "蓝自然资发〔2026〕5号",
        Subject.LAND,
        Genre.MEASURES,
        110,
        "《农村村民住宅建设管理办法》解读",
    ),
    (
        "scjgj",
        "蓝山县食品安全“两个责任”落实工作方案",
        "蓝市监发〔2026〕10号",
        Subject.MARKET,
        Genre.PLAN,
        75,
        "",
    ),
    (
        "spj",
        "蓝山县政务服务“一件事一次办”工作方案",
        "蓝审批发〔2026〕2号",
        Subject.GENERAL,
        Genre.PLAN,
        160,
        "“一件事一次办”改革解读",
    ),
    (
        "wjj",
        "蓝山县基本公共卫生服务项目实施方案",
        "蓝卫健发〔2026〕7号",
        Subject.HEALTH,
        Genre.PLAN,
        140,
        "",
    ),
    (
        "mzj",
        "蓝山县最低生活保障审核确认办法",
        "蓝民发〔2026〕4号",
        Subject.CIVIL,
        Genre.MEASURES,
        190,
        "《最低生活保障审核确认办法》政策解读",
    ),
    ("mzj", "蓝山县临时救助实施细则", "蓝民发〔2026〕9号", Subject.CIVIL, Genre.RULES, 60, ""),
]
# (unit, column, title, subject, genre, days ago)
OTHERS = [
    (
        "zfb",
        "ghxx",
        "蓝山县国民经济和社会发展第十五个五年规划纲要",
        Subject.ECONOMY,
        Genre.PROGRAMME,
        280,
    ),
    (
        "zrzyj",
        "ghxx",
        "蓝山县国土空间总体规划（2021—2035年）批前公示",
        Subject.LAND,
        Genre.PROGRAMME,
        230,
    ),
    ("jyj", "ghxx", "蓝山县教育事业发展“十五五”规划", Subject.SCIENCE, Genre.PROGRAMME, 100),
    (
        "wjj",
        "ghxx",
        "蓝山县医疗卫生服务体系规划（2026—2030年）",
        Subject.HEALTH,
        Genre.PROGRAMME,
        85,
    ),
    (
        "fgj",
        "zdjsxm",
        "蓝山县城区污水处理厂提标改造项目批准信息",
        Subject.CONSTRUCTION,
        Genre.OTHER,
        95,
    ),
    ("fgj", "zdjsxm", "县人民医院综合楼建设项目招标信息", Subject.HEALTH, Genre.ANNOUNCEMENT, 70),
    ("zjj", "zdjsxm", "舜水河城区段防洪治理工程施工信息", Subject.CONSTRUCTION, Genre.OTHER, 50),
    (
        "spj",
        "zdjsxm",
        "工业园区道路二期工程环境影响评价批复",
        Subject.CONSTRUCTION,
        Genre.REPLY,
        40,
    ),
    (
        "czj",
        "ggzypz",
        "2026年县级政府采购意向公开（第一批）",
        Subject.FINANCE,
        Genre.ANNOUNCEMENT,
        220,
    ),
    (
        "zrzyj",
        "ggzypz",
        "国有建设用地使用权挂牌出让公告（蓝挂〔2026〕3号）",
        Subject.LAND,
        Genre.ANNOUNCEMENT,
        65,
    ),
    (
        "zfb",
        "ggzypz",
        "县城公共停车场特许经营权出让结果公示",
        Subject.CONSTRUCTION,
        Genre.ANNOUNCEMENT,
        35,
    ),
    ("mzj", "shgysy", "2026年第一季度城乡低保资金发放情况", Subject.CIVIL, Genre.REPORT, 80),
    ("jyj", "shgysy", "2026年秋季学期学生资助资金分配结果", Subject.SCIENCE, Genre.REPORT, 30),
    ("wjj", "shgysy", "蓝山县2026年免费“两癌”筛查工作通知", Subject.HEALTH, Genre.NOTICE, 55),
    (
        "rsj",
        "shgysy",
        "2026年县直事业单位公开招聘工作人员公告",
        Subject.LABOUR,
        Genre.ANNOUNCEMENT,
        45,
    ),
    ("scjgj", "xzzf", "县市场监督管理局行政执法事项清单", Subject.MARKET, Genre.OTHER, 250),
    ("scjgj", "xzzf", "2026年第三季度食品安全监督抽检信息", Subject.MARKET, Genre.BULLETIN, 25),
    ("zrzyj", "xzzf", "县自然资源局“双随机、一公开”抽查结果", Subject.LAND, Genre.BULLETIN, 20),
    ("zfb", "gkzd", "蓝山县政府信息公开保密审查制度", Subject.GENERAL, Genre.RULES, 320),
    ("zfb", "gkzd", "蓝山县政府信息主动公开基本目录", Subject.GENERAL, Genre.OTHER, 310),
]
# Drafts for the due dashboard and the inbox: (unit, column, title, days since formed, submit)
PENDING = [
    ("zfb", "zcwj", "蓝山县2026年冬春森林防火工作方案", 40, False),
    ("zfb", "zcwj", "蓝山县城市管理综合执法办法（征求意见稿）", 24, True),
    ("zfb", "shgysy", "2026年度见义勇为人员表彰名单", 3, False),
]

GUIDE_BODY = (
    "<h2>一、主动公开</h2><p>（一）公开范围：本机关依照《中华人民共和国政府信息公开条例》第十九条、第二十条的规定，"
    "主动公开本机关的机构职能、政策文件、规划信息、财政预决算、重大建设项目、公共资源配置、社会公益事业等政府信息。</p>"
    "<p>（二）公开方式：通过蓝山县人民政府门户网站“政府信息公开”专栏、政府公报、政务服务中心查阅点等方式公开。</p>"
    "<p>（三）公开时限：属于主动公开范围的政府信息，自该信息形成或者变更之日起20个工作日内予以公开。</p>"
    "<h2>二、依申请公开</h2><p>公民、法人或者其他组织可以通过门户网站在线申请、信函、当面提交等方式向本机关申请获取政府信息。"
    "本机关收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复。</p>"
    "<h2>三、监督和救济</h2><p>公民、法人或者其他组织认为行政机关在政府信息公开工作中侵犯其合法权益的，"
    "可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。</p>"
    "<p>政府信息公开工作机构：蓝山县人民政府办公室政务公开办公室，办公地址：蓝山县城关镇政府路1号，联系电话：0746-2221001。</p>"
)


def _body(title: str, unit: OrgUnit, extra: str = "") -> str:
    return (
        f"<p>各乡镇人民政府，县直各单位：</p><p>现将《{title}》印发给你们，请认真贯彻执行。</p>"
        f"<h2>一、总体要求</h2><p>坚持以人民为中心的发展思想，坚持问题导向和目标导向，推动各项工作落实落细。{extra}</p>"
        "<h2>二、主要任务</h2><p>（一）明确责任分工。各责任单位要制定具体措施，确保按期完成。</p>"
        "<p>（二）加强协调配合。建立定期调度机制，及时研究解决工作中的困难和问题。</p>"
        f"<h2>三、保障措施</h2><p>加强组织领导，强化督查考核。本文件由{unit.name}负责解释。</p>"
    )


def _actor(unit: OrgUnit, fallback: User) -> User:
    post = (
        Post.objects.active()
        .filter(unit__path__startswith=unit.path, role__code=RoleCode.DISCLOSURE_OFFICER)
        .select_related("user")
        .first()
    )
    return post.user if post else fallback


def _published(column, unit, actor, title, days, **fields) -> Item:
    today = timezone.localdate()
    fields.setdefault("body", _body(title, unit))
    item = item_services.item_build(
        by=actor,
        column=column,
        unit=unit,
        title=title,
        formed_on=today - datetime.timedelta(days=days + 2),
        **fields,
    )
    with transaction.atomic():
        locked = Item.objects.select_for_update().get(pk=item.pk)
        item_services.item_publish_locked(locked, actor)
    # Spread the publication dates like a real catalogue (the index numbers keep their order).
    when = timezone.now() - datetime.timedelta(days=days)
    Item.objects.filter(pk=item.pk).update(published_at=when, updated_at=when)
    item.refresh_from_db()
    return item


def _budget_form(admin: User) -> FormDefinition:
    form = FormDefinition.objects.filter(code=BUDGET_FORM).first()
    if form is None:
        form = form_services.form_create(
            code=BUDGET_FORM,
            name="预决算信息体",
            description="财政预决算栏目的信息体：预算年度和类型。",
            by=admin,
            specs=[
                FieldSpec(key="fiscal_year", label="预算年度", type="text", required=True),
                FieldSpec(
                    key="budget_kind",
                    label="类型",
                    type="choice",
                    required=True,
                    options={"choices": [["budget", "预算"], ["final", "决算"]]},
                ),
            ],
        )
        form_services.form_version_publish(form=form, by=admin)
    return form


@transaction.atomic
def load_disclosure_demo(stdout=None) -> int:
    gov = OrgUnit.objects.filter(code="gov").first()
    admin = User.objects.filter(username="majunjie").first()
    officer = User.objects.filter(username="wujing").first()
    if gov is None or admin is None or officer is None:
        return 0
    if Column.objects.filter(unit=gov, slug="fdzdgk").exists():
        return Item.objects.count()
    ensure_default_route(by=admin)
    # The county office's 保密审查 and 签发 steps are taken at the office itself.
    zfb = OrgUnit.objects.get(code="zfb")
    liufang = User.objects.filter(username="liufang").first()
    if liufang is not None:
        Post.objects.get_or_create(
            user=liufang,
            unit=zfb,
            role=Role.objects.get(code=RoleCode.SECTION_HEAD),
            defaults={"title": "保密审查员", "is_primary": False},
        )
    budget = _budget_form(admin)
    columns: dict[str, Column] = {}
    for order, (parent, slug, name, kind) in enumerate(COLUMNS, start=1):
        columns[slug] = Column.objects.create(
            unit=gov,
            parent=columns.get(parent),
            name=name,
            slug=slug,
            kind=kind,
            sort_order=order * 10,
            body_form=budget if slug == "czyjs" else None,
            created_by=admin,
        )
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=UNITS + ["zjj"])}
    actors = {code: _actor(unit, officer) for code, unit in units.items()}
    # Per unit: its functions (机构职能), its budget and final accounts, its annual report.
    version = budget.versions.filter(status="published").order_by("-number").first()
    for n, code in enumerate(UNITS):
        unit, actor = units[code], actors[code]
        _published(
            columns["jgzn"], unit, actor, f"{unit.name}主要职责和内设机构", 330 - n,
            subject=Subject.GENERAL, genre=Genre.OTHER,
            body=f"<p>{unit.name}是县人民政府工作部门。</p><h2>主要职责</h2><p>贯彻执行国家和省、市有关方针政策和法律法规。</p>"
            f"<h2>内设机构</h2><p>办公室及业务股室。</p><p>办公电话：{unit.phone or '0746-2221001'}。</p>",
        )  # fmt: skip
        for year, kind, label, days in (
            (2026, "budget", "预算", 260 - n),
            (2025, "final", "决算", 100 - n),
        ):
            _published(
                columns["czyjs"], unit, actor, f"{unit.name}{year}年部门{label}公开", days,
                subject=Subject.FINANCE, genre=Genre.BUDGET,
                extra={"fiscal_year": str(year), "budget_kind": kind}, form_version=version,
            )  # fmt: skip
        _published(
            columns["ndbg"], unit, actor, f"{unit.name}2025年政府信息公开工作年度报告", 300 - n,
            subject=Subject.GENERAL, genre=Genre.REPORT,
        )  # fmt: skip
    policies: dict[str, Item] = {}
    for code, title, number, subject, genre, days, reading in POLICIES:
        unit, actor = units[code], actors[code]
        policy = _published(
            columns["zcwj"], unit, actor, title, days,
            document_number=number, subject=subject, genre=genre,
        )  # fmt: skip
        policies[title] = policy
        if reading:
            interpretation = _published(
                columns["zcjd"], unit, actor, reading, days - 1,
                subject=subject, genre=Genre.INTERPRETATION,
                body=f"<p>近日，《{title}》（{number}）印发实施。现就有关内容解读如下。</p>"
                "<h2>一、出台背景</h2><p>为贯彻落实上级决策部署，结合我县实际，制定本文件。</p>"
                "<h2>二、主要内容</h2><p>文件共分三个部分，明确了总体要求、主要任务和保障措施。</p>",
            )  # fmt: skip
            interpretation.interprets.add(policy)
    for code, column, title, subject, genre, days in OTHERS:
        _published(
            columns[column], units[code], actors[code], title, days, subject=subject, genre=genre
        )
    _published(
        columns["gkzn"], units["zfb"], actors["zfb"], "蓝山县人民政府信息公开指南", 340,
        subject=Subject.GENERAL, genre=Genre.OTHER, body=GUIDE_BODY,
    )  # fmt: skip
    # 有效性: an old rule replaced by the new one, an amended measure.
    old = policies["蓝山县政府信息公开工作规定"]
    new = policies["蓝山县重大行政决策程序规定"]
    Item.objects.filter(pk=old.pk).update(
        validity=Validity.REPEALED,
        validity_date=timezone.localdate() - datetime.timedelta(days=100),
        replaced_by=new,
        validity_note="已被新规定替代",
    )
    amended = policies["蓝山县学生资助工作管理办法"]
    Item.objects.filter(pk=amended.pk).update(
        validity=Validity.AMENDED,
        validity_date=timezone.localdate() - datetime.timedelta(days=30),
        validity_note="第十二条已修改",
    )
    # Pending items: drafts past and near their 20 working days, one in review (保密审查).
    today = timezone.localdate()
    for code, column, title, days, submit in PENDING:
        unit, actor = units[code], actors[code]
        body = _body(title, unit)
        if "名单" in title:  # a privacy finding to show: a name with a resident ID number
            first17 = f"{REGION_CODE}19880312041"
            body += f"<p>见义勇为人员：周强，身份证号：{first17 + resident_id_check_char(first17)}。</p>"
        item = item_services.item_build(
            by=actor, column=columns[column], unit=unit, title=title,
            formed_on=today - datetime.timedelta(days=days), body=body,
            subject=Subject.GENERAL, genre=Genre.PLAN,
        )  # fmt: skip
        if submit:
            item_services.item_submit(item=item, by=actor)
        else:
            item_services.privacy_scan(item, actor)
    clock_cards_scan()
    count = Item.objects.filter(status=ItemStatus.PUBLISHED).count()
    if stdout is not None:
        stdout.write(f"信息公开：公开目录栏目 {len(columns)} 个，已公开信息 {count} 条。")
    return count
