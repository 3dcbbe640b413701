# ruff: noqa: E501 - data tables: one column or article per line reads better than wrapped rows
"""Demo content of the portal for `manage.py load_demo`: channels and about 30 published articles
(news, notices, policies with interpretations), then the whole site published. Repeatable: rows
are matched by column path and title. Everything here is invented."""

from __future__ import annotations

import datetime
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from platform_core.demo_data import SITE_SETTINGS
from platform_core.models import OrgUnit, User
from portal.constants import (
    ArticleStatus,
    HomeBlock,
    ListTemplate,
    PageTemplate,
    Validity,
    WordKind,
)
from portal.models import Article, Channel, SensitiveWord, SiteSettings
from portal.publishing.engine import publish_all
from portal.services import articles as services
from portal.services.search import article_index

# (parent path, slug, name, home block, list template, page template, editor unit codes)
CHANNELS = [
    ("", "zwdt", "政务动态", "", ListTemplate.LIST, PageTemplate.ARTICLE, ["gov"]),
    ("zwdt/", "zwyw", "政府要闻", HomeBlock.ZWYW, ListTemplate.PICTURE, PageTemplate.ARTICLE, ["zfb"]),
    ("zwdt/", "bmdt", "部门动态", HomeBlock.BMDT, ListTemplate.LIST, PageTemplate.ARTICLE, ["gov"]),
    ("zwdt/", "xzdt", "乡镇动态", HomeBlock.XZDT, ListTemplate.LIST, PageTemplate.ARTICLE, ["gov"]),
    ("zwdt/", "tzgg", "通知公告", HomeBlock.TZGG, ListTemplate.LIST, PageTemplate.ARTICLE, ["gov"]),
    ("", "xxgk", "信息公开", HomeBlock.ZXGK, ListTemplate.LIST, PageTemplate.ARTICLE, ["zfb"]),
    ("xxgk/", "zcwj", "政策文件", HomeBlock.ZCWJ, ListTemplate.POLICY, PageTemplate.POLICY, ["zfb"]),
    ("xxgk/", "zcjd", "政策解读", HomeBlock.ZCJD, ListTemplate.LIST, PageTemplate.ARTICLE, ["zfb"]),
    ("", "zmhd", "政民互动", "", ListTemplate.LIST, PageTemplate.ARTICLE, ["zfb"]),
    ("", "bsdt", "办事大厅", "", ListTemplate.LIST, PageTemplate.ARTICLE, ["zfb"]),
    ("", "zsyz", "招商引资", HomeBlock.INVESTMENT, ListTemplate.LIST, PageTemplate.ARTICLE, ["fgj"]),
    ("", "zt", "专题专栏", HomeBlock.TOPICS, ListTemplate.LIST, PageTemplate.ARTICLE, ["zfb"]),
]  # fmt: skip

# (column path, title, paragraph, days ago, has cover)
ARTICLES = [
    ("zwdt/zwyw/", "县政府召开第十二次常务会议", "会议研究部署防汛抗旱、安全生产和优化营商环境等工作，要求各乡镇各部门压实责任。", 1, True),
    ("zwdt/zwyw/", "县长带队督导春耕备耕工作", "督导组深入田间地头，详细了解种子、化肥储备和农机调度情况。", 3, True),
    ("zwdt/zwyw/", "全县优化营商环境推进大会召开", "会议通报了营商环境评价结果，部署“一件事一次办”改革任务。", 5, True),
    ("zwdt/zwyw/", "县领导走访慰问困难群众", "为困难群众送去米面油和慰问金，叮嘱相关部门落实好各项帮扶政策。", 8, False),
    ("zwdt/zwyw/", "县政府与三家企业签订招商合作协议", "项目总投资12.6亿元，涵盖新材料、农产品精深加工和文旅产业。", 12, True),
    ("zwdt/bmdt/", "县市场监管局开展节前食品安全检查", "检查人员重点查看超市、农贸市场的进货查验记录和冷链食品管理。", 2, False),
    ("zwdt/bmdt/", "县人社局举办春风行动专场招聘会", "62家企业提供就业岗位1800余个，现场达成就业意向430人。", 4, False),
    ("zwdt/bmdt/", "县自然资源局推进不动产登记“一窗受理”", "群众办理不动产登记由跑多个窗口变为一个窗口、一套材料。", 6, False),
    ("zwdt/bmdt/", "县教育局部署2026年秋季学期招生工作", "义务教育招生坚持免试就近入学，全面推行网上报名。", 9, False),
    ("zwdt/bmdt/", "县财政局完成年度预算公开工作", "全县87个部门单位在门户网站集中公开部门预算和“三公”经费。", 11, False),
    ("zwdt/xzdt/", "城关镇开展人居环境整治月活动", "全镇组织志愿者清理房前屋后垃圾，整治乱堆乱放。", 2, False),
    ("zwdt/xzdt/", "塔峰镇蔬菜基地迎来丰收季", "基地采用“公司+合作社+农户”模式，带动周边群众增收。", 7, False),
    ("zwdt/xzdt/", "新圩镇便民服务中心实现医保业务就近办", "群众在镇上即可办理医保参保登记、异地就医备案等业务。", 10, False),
    ("zwdt/tzgg/", "关于2026年端午节放假安排的通知", "端午节放假3天，请各单位安排好值班和安全保卫工作。", 1, False),
    ("zwdt/tzgg/", "关于开展2026年度县级非物质文化遗产项目申报的通知", "申报截止时间为6月30日，申报材料报县文化旅游广电体育局。", 6, False),
    ("zwdt/tzgg/", "蓝山县2026年公开招聘教师公告", "计划招聘中小学教师45名，报名采取网上报名方式。", 13, False),
    ("zwdt/tzgg/", "关于城区部分路段临时交通管制的通告", "因管网改造施工，舜乡大道部分路段实行半幅通行。", 15, False),
    ("xxgk/", "蓝山县2025年国民经济和社会发展统计公报", "全年地区生产总值增长6.1%，城乡居民收入稳步提高。", 20, False),
    ("xxgk/", "县人民政府2026年重点工作任务分解", "围绕产业发展、民生保障和社会治理，分解重点任务48项。", 25, False),
    ("zsyz/", "蓝山县投资环境介绍", "县域交通便利，距高速互通10分钟车程，工业园区水电气配套完善。", 30, False),
    ("zsyz/", "2026年重点招商引资项目推介", "推出新材料、农产品加工、文化旅游等领域重点项目16个。", 18, False),
    ("zsyz/", "蓝山县招商引资优惠政策汇编", "涵盖用地保障、税收奖励、人才引进等方面的支持措施。", 22, False),
    ("zt/", "学习贯彻党的二十届四中全会精神专题", "集中展示全县学习宣传贯彻全会精神的工作动态和理论文章。", 14, False),
    ("zt/", "优化营商环境专题", "汇集营商环境政策文件、改革举措和典型案例。", 16, False),
    ("zt/", "防汛抗旱专题", "发布汛情信息、防汛知识和应急避险指南。", 19, False),
]  # fmt: skip

# (title, document number, validity, paragraph, days ago, interpretation title)
POLICIES = [
    ("蓝山县人民政府关于进一步优化营商环境的若干措施", "蓝政发〔2026〕3号", Validity.VALID,
     "为持续优化营商环境，激发市场主体活力，结合我县实际，制定以下措施。", 17,
     "图解：《关于进一步优化营商环境的若干措施》"),
    ("蓝山县促进就业创业实施办法", "蓝政发〔2026〕1号", Validity.VALID,
     "为做好稳就业工作，支持劳动者自主创业，制定本办法。", 40,
     "《蓝山县促进就业创业实施办法》政策解读"),
    ("蓝山县城区生活垃圾分类管理办法", "蓝政发〔2023〕9号", Validity.AMENDED,
     "为规范城区生活垃圾分类工作，改善人居环境，制定本办法。", 90, ""),
    ("蓝山县农村建房管理暂行办法", "蓝政发〔2019〕12号", Validity.REPEALED,
     "为加强农村村民住房建设管理，制定本办法。本办法已被新办法替代。", 300, ""),
]  # fmt: skip

COVER_COLOURS = ["#b8141b", "#0b4f9c", "#2f7d32", "#8a5300", "#5b3c88"]


def _cover(n: int) -> ContentFile:
    """A plain banner picture (no real photographs in demo data)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (960, 540), COVER_COLOURS[n % len(COVER_COLOURS)])
    draw = ImageDraw.Draw(img)
    for i in range(6):
        draw.ellipse(
            (80 + i * 140, 300 - i * 30, 260 + i * 140, 480 - i * 30), outline="#f6d77a", width=6
        )
    draw.rectangle((0, 440, 960, 540), fill="#1f1f1f")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    return ContentFile(buf.getvalue(), name=f"demo-cover-{n}.jpg")


def _channels() -> dict[str, Channel]:
    units = {u.code: u for u in OrgUnit.objects.all()}
    out = {c.url_path: c for c in Channel.objects.all()}
    for order, (parent, slug, name, block, list_t, page_t, unit_codes) in enumerate(CHANNELS):
        if f"{parent}{slug}/" in out:
            continue
        channel = services.channel_create(
            name=name,
            slug=slug,
            parent=out.get(parent),
            home_block=block,
            list_template=list_t,
            page_template=page_t,
            sort_order=order,
            editor_units=[units[c] for c in unit_codes if c in units],
        )
        out[channel.url_path] = channel
    return out


def _article(channel, title, body, days, author, unit, **extra) -> Article:
    article = Article.objects.filter(channel=channel, title=title).first()
    if article is not None:
        return article
    published = timezone.now() - datetime.timedelta(days=days, hours=days % 5)
    article = Article.objects.create(
        channel=channel, title=title, body=body, summary=body.replace("<p>", "")[:60],
        author_unit=unit, source=unit.name, created_by=author, reviewed_by=author,
        status=ArticleStatus.PUBLISHED, publish_date=published, **extra,
    )  # fmt: skip
    article.published_path = article.url.lstrip("/")
    article.save(update_fields=["published_path"])
    article_index(article)
    return article


@transaction.atomic
def load_portal_demo() -> int:
    """Create the demo columns and articles (if missing); returns the number of articles."""
    author = (
        User.objects.filter(username="sunyue").first()
        or User.objects.filter(is_superuser=True).first()
    )
    unit = OrgUnit.objects.filter(code="zfb").first() or OrgUnit.objects.get_root_nodes().first()
    if author is None or unit is None:
        return 0
    channels = _channels()
    for n, (path, title, text, days, has_cover) in enumerate(ARTICLES):
        body = f"<p>{text}</p><p>{title}。各有关单位要高度重视，认真抓好落实。</p>"
        article = _article(channels[path], title, body, days, author, unit)
        if has_cover and not article.cover:
            article.cover.save(f"demo-cover-{n}.jpg", _cover(n), save=False)
            article.cover_alt = title
            article.save(update_fields=["cover", "cover_alt"])
    for title, number, validity, text, days, reading in POLICIES:
        body = f"<p>{text}</p><h2>一、总体要求</h2><p>坚持问题导向，突出重点，务求实效。</p>"
        policy = _article(
            channels["xxgk/zcwj/"], title, body, days, author, unit,
            document_number=number, validity=validity,
        )  # fmt: skip
        if reading:
            interp = _article(
                channels["xxgk/zcjd/"], reading,
                f"<p>近日，县人民政府印发《{title}》（{number}）。现就有关内容解读如下。</p>",
                days - 1, author, unit,
            )  # fmt: skip
            interp.interprets.add(policy)
    _site_definition()
    return Article.objects.filter(status=ArticleStatus.PUBLISHED).count()


# 信息统计: how often each column must be updated (days), per the usual government-site rules
# (动态类 two weeks, 通知公告 a month, 政策文件 half a year).
UPDATE_INTERVALS = {
    "zwdt/zwyw/": 7, "zwdt/bmdt/": 14, "zwdt/xzdt/": 14, "zwdt/tzgg/": 30,
    "xxgk/zcwj/": 180, "xxgk/zcjd/": 180,
}  # fmt: skip
# 敏感词库: (word, kind, suggestion)
WORDS = [
    ("法论功", WordKind.BANNED, ""),
    ("六合彩", WordKind.BANNED, ""),
    ("代开发票", WordKind.BANNED, ""),
    ("按装", WordKind.MISSPELLING, "安装"),
    ("既使", WordKind.MISSPELLING, "即使"),
    ("蓝山县人名政府", WordKind.MISSPELLING, "蓝山县人民政府"),
    ("刘建华县长", WordKind.LEADER, "刘建华书记"),
]


def _site_definition() -> None:
    """The columns' update intervals and the word list (only what is missing)."""
    for path, days in UPDATE_INTERVALS.items():
        Channel.objects.filter(url_path=path, update_interval_days__isnull=True).update(
            update_interval_days=days
        )
    existing = set(SensitiveWord.objects.values_list("word", flat=True))
    for word, kind, suggestion in WORDS:
        if word not in existing:
            SensitiveWord.objects.create(word=word, kind=kind, suggestion=suggestion)


def load_site_settings(stdout=None) -> None:
    """load_demo's hook: the demo county's footer details (备案号, 网站标识码 ...); saves only the
    fields that differ, so a re-run writes no history."""
    site = SiteSettings.load()
    changed = [name for name, value in SITE_SETTINGS.items() if getattr(site, name) != value]
    for name in changed:
        setattr(site, name, SITE_SETTINGS[name])
    if changed:
        site.save(update_fields=changed)


def publish_demo(stdout=None) -> None:
    """load_demo's hook, after the portal's and the investment channel's demo content: the whole
    site into PUBLISH_ROOT."""
    count = Article.objects.filter(status=ArticleStatus.PUBLISHED).count()
    report = publish_all()
    if stdout is not None:
        stdout.write(f"门户网站：已发布文章 {count} 篇，写入页面 {len(report.written)} 个。")
