# ruff: noqa: E501 - data tables: one project or article per line reads better than wrapped rows
"""Demo content of the investment-promotion channel (招商引资) for `manage.py load_demo`: its
sub-columns with a few articles, 6 projects, 3 foreign-trade warnings, and the 办事大厅 column
(its pages are the published service hall, /bsdt/). Repeatable: rows are matched by
path, name or title. Everything here is invented. Registered as a load_demo hook (portal/apps.py) that runs before the
site is published."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from platform_core.models import OrgUnit, User
from portal.constants import HomeBlock
from portal.demo import _article
from portal.investment.models import (
    INVESTMENT_CHANNEL_PATH,
    InvestmentProject,
    ProjectStatus,
    Sector,
    TradeWarning,
    WarningLevel,
)
from portal.models import Channel
from portal.services import articles as services

# (slug, name, description)
SUB_COLUMNS = [
    ("zsdt", "招商动态", "招商引资工作动态和签约活动。"),
    ("tzhj", "投资环境", "区位交通、园区配套、要素保障。"),
    ("yhzc", "优惠政策", "用地、税收、人才等方面的支持措施。"),
    ("fzgh", "发展规划", "产业发展规划和园区规划。"),
    ("bslc", "办事流程", "项目落地审批流程和服务指南。"),
    ("qybj", "区域布局", "各园区、乡镇的产业布局。"),
]  # fmt: skip

# (column slug, title, paragraph, days ago)
ARTICLES = [
    ("zsdt", "我县在深圳举办新材料产业专题招商推介会", "推介会现场签约项目5个，总投资23.5亿元。", 2),
    ("zsdt", "县招商局赴长三角地区开展小分队招商", "小分队走访企业12家，洽谈项目8个。", 9),
    ("tzhj", "蓝山县区位交通概况", "县城距高速公路互通口10分钟车程，距最近的高铁站40分钟车程。", 20),
    ("tzhj", "工业园区水电气配套情况", "园区实现九通一平，110千伏变电站、天然气管网已覆盖全部地块。", 25),
    ("yhzc", "蓝山县招商引资若干优惠政策（试行）", "对固定资产投资5000万元以上的工业项目，给予用地、税收和人才方面的支持。", 15),
    ("yhzc", "工业园区标准厂房租金减免办法", "入园企业前三年租金减半，达产达效的可申请全额返还。", 40),
    ("fzgh", "蓝山县“十五五”产业发展规划（摘要）", "重点发展新材料、农产品精深加工、文化旅游三大主导产业。", 60),
    ("bslc", "工业项目落地审批流程", "项目签约后实行“拿地即开工”，审批由县行政审批服务局全程代办。", 12),
    ("bslc", "企业投资项目备案办理指南", "备案通过全国投资项目在线审批监管平台办理，即时办结。", 35),
    ("qybj", "蓝山县产业园区布局", "形成“一园三区”格局：新材料产业区、农产品加工区和现代物流区。", 45),
]  # fmt: skip

# (name, sector, amount in 万元, location, contact person, phone, status, summary)
PROJECTS = [
    ("年产5万吨新型环保建材项目", Sector.NEW_MATERIALS, "35000", "蓝山县工业园区新材料产业区", "李明", "0746-2212345", ProjectStatus.NEGOTIATING,
     "项目拟占地约200亩，建设新型环保建材生产线及配套设施。\n园区可提供标准厂房和配套用地，项目所需石灰石资源在县内可就近供应。"),
    ("高端皮具产业园二期", Sector.MANUFACTURING, "52000", "蓝山县工业园区", "赵强", "0746-2212346", ProjectStatus.SIGNED,
     "建设标准厂房12万平方米，引进皮具加工企业30家。\n一期已投产企业22家，产业链配套完善。"),
    ("舜乡特色农产品精深加工项目", Sector.AGRICULTURE, "18000", "塔峰镇农产品加工区", "陈华", "13907460001", ProjectStatus.BUILDING,
     "建设果蔬冷链仓储、分拣包装和精深加工生产线。\n项目依托全县10万亩蔬菜基地，原料充足。"),
    ("湘江源生态文化旅游综合体", Sector.TOURISM, "86000", "湘江源瑶族乡", "周丽", "13907460002", ProjectStatus.NEGOTIATING,
     "开发生态观光、民俗体验、康养度假等业态。\n项目区森林覆盖率超过80%，旅游资源独特。"),
    ("县城现代物流园", Sector.LOGISTICS, "30000", "县城东部物流区", "刘洋", "13907460003", ProjectStatus.OPERATING,
     "建设仓储中心、城乡配送中心和电商快递分拣中心，已于今年投产运营。"),
    ("分布式光伏发电项目", Sector.ENERGY, "12000", "工业园区厂房屋顶", "黄伟", "13907460004", ProjectStatus.SIGNED,
     "利用园区厂房屋顶建设分布式光伏电站，装机容量约40兆瓦。"),
]  # fmt: skip

# (title, market, product, level, days ago, body)
WARNINGS = [
    ("欧盟拟收紧陶瓷餐具铅镉迁移限量", "欧盟", "陶瓷餐具", WarningLevel.SERIOUS, 3,
     "欧盟委员会拟修订食品接触用陶瓷制品指令，大幅收紧铅、镉迁移限量。\n请相关出口企业关注标准变化，提前做好检测和工艺调整。"),
    ("美国对部分皮革制品加征关税的风险提示", "美国", "皮革制品、箱包", WarningLevel.SEVERE, 10,
     "美方公布对部分皮革制品加征关税的清单，涉及箱包、手袋等产品。\n建议出口企业评估订单风险，积极开拓多元市场。"),
    ("东盟部分国家更新农产品进口检疫要求", "东盟", "新鲜蔬菜、水果", WarningLevel.NOTICE, 21,
     "部分东盟国家更新了新鲜蔬菜、水果进口检疫要求，新增注册登记和证书要求。\n请出口企业及时办理相关注册手续。"),
]  # fmt: skip


def _investment_channel(unit: OrgUnit | None) -> Channel:
    channel = Channel.objects.filter(url_path=INVESTMENT_CHANNEL_PATH).first()
    if channel is None:
        channel = services.channel_create(
            name="招商引资", slug="zsyz", home_block=HomeBlock.INVESTMENT,
            editor_units=[unit] if unit else [],
        )  # fmt: skip
    elif unit is not None and not channel.editor_units.exists():
        channel.editor_units.add(unit)  # the investment office answers online consultations
    return channel


def _sub_columns(parent: Channel, unit: OrgUnit | None) -> dict[str, Channel]:
    out = {}
    for order, (slug, name, description) in enumerate(SUB_COLUMNS):
        path = f"{INVESTMENT_CHANNEL_PATH}{slug}/"
        channel = Channel.objects.filter(url_path=path).first()
        if channel is None:
            # Re-read the parent: adding siblings in a sorted tree may move its path.
            parent = Channel.objects.get(pk=parent.pk)
            channel = services.channel_create(
                name=name, slug=slug, parent=parent, description=description, sort_order=order,
                editor_units=[unit] if unit else [],
            )  # fmt: skip
        out[slug] = channel
    return out


def _service_hall_link() -> None:
    """办事大厅: the column whose pages the service hall's page source publishes (/bsdt/,
    portal/publishing/hall.py). An older demo made it a link to the dynamic /service/: undone."""
    hall = Channel.objects.filter(url_path="bsdt/").first()
    if hall is None:
        hall = services.channel_create(name="办事大厅", slug="bsdt", sort_order=9)
    if hall.link_url:
        hall.link_url = ""
        hall.save()


def _save(obj, author: User) -> None:
    obj._history_user = author
    obj.save()


@transaction.atomic
def load_investment_demo() -> dict[str, int]:
    """Create the channel's demo content (if missing); returns what exists afterwards."""
    author = (
        User.objects.filter(username="sunyue").first()
        or User.objects.filter(is_superuser=True).first()
    )
    unit = OrgUnit.objects.filter(code="fgj").first() or OrgUnit.objects.get_root_nodes().first()
    if author is None or unit is None:
        return {}
    _service_hall_link()
    channel = _investment_channel(unit)
    columns = _sub_columns(channel, unit)
    for slug, title, text, days in ARTICLES:
        body = f"<p>{text}</p><p>{title}。欢迎广大客商来蓝山考察投资。</p>"
        _article(columns[slug], title, body, days, author, unit)
    for name, sector, amount, location, person, phone, status, summary in PROJECTS:
        if not InvestmentProject.objects.filter(name=name).exists():
            _save(
                InvestmentProject(
                    name=name, sector=sector, amount=Decimal(amount), location=location,
                    contact_person=person, contact_phone=phone, status=status, summary=summary,
                    owner_unit=unit, created_by=author,
                ),
                author,
            )  # fmt: skip
    today = timezone.localdate()
    for title, market, product, level, days, body in WARNINGS:
        if not TradeWarning.objects.filter(title=title).exists():
            _save(
                TradeWarning(
                    title=title, market=market, product=product, level=level, body=body,
                    issued_on=today - datetime.timedelta(days=days), owner_unit=unit,
                    created_by=author,
                ),
                author,
            )  # fmt: skip
    return {
        "projects": InvestmentProject.objects.count(),
        "warnings": TradeWarning.objects.count(),
    }
