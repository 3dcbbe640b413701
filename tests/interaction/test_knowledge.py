"""Knowledge base: Chinese search, suggestions for the handler (the right entry in the top 3 for
real-looking cases), growth from a reply with review before going live, validity."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from interaction.constants import EntryStatus
from interaction.models import Case, Category
from interaction.selectors.knowledge import search_entries, suggestions_for
from interaction.services import cases as case_services
from interaction.services import knowledge as services
from interaction.services import replies as reply_services

pytestmark = pytest.mark.django_db

ENTRIES = {
    "school": (
        "小学新生入学需要准备哪些材料？",
        "入学,学位,户口",
        "适龄儿童入学登记需提供户口簿、房产证明或租赁合同、预防接种证。",
    ),
    "pension": (
        "城乡居民养老保险如何缴费？",
        "养老保险,缴费档次",
        "城乡居民基本养老保险每年缴费一次，可通过社区或手机银行缴纳，缴费档次自选。",
    ),
    "medical": (
        "异地就医如何备案报销？",
        "医保,异地就医,备案",
        "参保人员异地就医须先在医保服务平台办理备案，出院后凭发票在就医地直接结算。",
    ),
    "streetlight": (
        "路灯不亮向哪个部门反映？",
        "路灯,照明",
        "城区道路路灯由县城市管理局负责维护，可拨打热线报修，一般三个工作日内修复。",
    ),
    "noise": (
        "夜间施工噪音扰民怎么处理？",
        "噪音,施工,扰民",
        "夜间22时至次日6时禁止产生噪声的施工作业，确需施工须办理夜间施工许可。",
    ),
    "food": (
        "发现超市销售过期食品怎么办？",
        "过期食品,食品安全,超市",
        "市场监管部门接到举报后将现场检查，对销售过期食品的经营者依法查处。",
    ),
    "business": (
        "个体工商户营业执照怎么办理？",
        "营业执照,个体户,注册",
        "个体工商户登记可在政务服务中心或网上办理，提交身份证和经营场所证明。",
    ),
    "housing": (
        "公租房申请条件是什么？",
        "公租房,保障性住房",
        "本县户籍、住房困难且收入符合标准的家庭可申请公共租赁住房。",
    ),
    "road": (
        "乡村道路坑洼谁来修？",
        "道路,坑洼,维修,公路",
        "农村公路由县交通运输局和乡镇共同管养，坑洼路面将纳入养护计划修补。",
    ),
    "water": (
        "停水多久能恢复供水？",
        "停水,供水,自来水",
        "计划停水提前24小时公告，抢修停水一般在12小时内恢复。",
    ),
    "dog": (
        "小区有人遛狗不牵绳怎么办？",
        "养犬,遛狗,犬只",
        "城区养犬须登记，出户须束犬链，违者由公安机关依法处理。",
    ),
    "subsidy": (
        "耕地地力保护补贴什么时候发放？",
        "种粮补贴,耕地,补贴",
        "耕地地力保护补贴每年上半年通过一卡通发放到农户账户。",
    ),
}

CASES = [
    ("food", "超市卖过期牛奶", "我在城关镇一家超市买到已经过期的牛奶，超市还在继续销售，请查处。"),
    (
        "school",
        "孩子上小学要带什么证件",
        "我家孩子今年满六岁，想在城关镇上小学，入学登记需要哪些材料？",
    ),
    ("medical", "在外地住院怎么报销", "我父亲在长沙住院，医保能不能直接报销？需要先办什么手续？"),
    ("streetlight", "解放路路灯坏了", "解放路一段路灯已经一个星期不亮了，晚上走路很不安全。"),
    ("noise", "工地晚上施工太吵", "小区旁边的工地每天晚上十一点还在施工，噪音很大影响休息。"),
    ("road", "村里公路坑坑洼洼", "我们村通往镇上的公路坑洼很多，下雨天车辆无法通行，希望修一修。"),
    ("water", "停水两天了", "我们小区已经停水两天了，自来水公司一直没有通知什么时候恢复供水。"),
    ("pension", "养老保险怎么交", "我是农村居民，想交城乡居民养老保险，在哪里缴费，有几个档次？"),
]


@pytest.fixture
def knowledge(office, dept_a, triager):
    category = Category.objects.create(name="综合")
    return {
        key: services.entry_create(
            by=None,
            title=title,
            keywords=keywords,
            answer=f"<p>{answer}</p>",
            category=category,
            department=dept_a,
            live=True,
        )
        for key, (title, keywords, answer) in ENTRIES.items()
    }


@pytest.mark.parametrize(("expected", "title", "content"), CASES)
def test_the_right_entry_ranks_in_the_top_3(knowledge, submit, expected, title, content):
    case, _c = submit(title=title, content=content)
    suggestions = suggestions_for(case)
    assert len(suggestions) <= 5
    assert knowledge[expected] in suggestions[:3], [e.title for e in suggestions]


def test_chinese_search_and_validity(knowledge):
    assert search_entries("营业执照")[0] == knowledge["business"]
    assert search_entries("公租房申请")[0] == knowledge["housing"]
    entry = knowledge["subsidy"]
    entry.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    entry.save()
    assert entry not in search_entries("耕地补贴")  # expired entries are not offered


def test_good_reply_becomes_a_draft_entry_reviewed_before_live(
    knowledge, submit, triager, handler_a, reviewer, dept_a
):
    case, _c = submit(
        title="城关镇菜市场占道经营", content="城关镇菜市场门口长期有摊贩占道经营，影响通行。"
    )
    case_services.case_assign(case=case, by=triager, department=dept_a)
    reply_services.reply_save(
        case=case,
        by=handler_a,
        body="<p>已联合城管部门清理占道摊贩并设置临时疏导点。</p>",
        submit=True,
    )
    reply_services.reply_approve(case=case, by=reviewer)
    case = Case.objects.get(pk=case.pk)
    entry = services.entry_from_reply(case=case, by=handler_a)
    assert entry.status == EntryStatus.DRAFT and entry.source_case == case
    assert entry not in search_entries("占道经营")
    with pytest.raises(PermissionDenied):
        services.entry_approve(entry=entry, by=handler_a)
    services.entry_approve(entry=entry, by=reviewer)
    assert search_entries("占道经营")[0] == entry


def test_handler_sees_suggestions_with_insert_button(
    client, knowledge, submit, triager, handler_a, dept_a
):
    case, _c = submit()
    case_services.case_assign(case=case, by=triager, department=dept_a)
    client.force_login(handler_a, backend="platform_core.auth_backends.StaffBackend")
    page = client.get(reverse("interaction:case_detail", args=[case.number])).content.decode()
    assert "知识库推荐" in page and knowledge["food"].title in page and "插入答复" in page
