"""Demo data of the interaction platform for `manage.py load_demo` (all invented).

The county government office's 督查室 acts as the 政民互动办公室 (two more people there: a
triage clerk and the section head who reviews replies). Then a category tree, routing rules, 36
knowledge entries and 44 cases of every kind and channel in every state: new, returned,
assigned, in review, answered, rated, reopened after 不满意 and closed. Every case goes
through the services, so clocks, cards, events and SMS rows are what real use would leave.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from platform_core.constants import RoleCode, UnitKind, UserKind
from platform_core.demo_data import DEMO_PASSWORD
from platform_core.models import OrgUnit, Post, Role, User

from .models import Case, Category, KnowledgeEntry, Office, RoutingRule
from .services import cases as case_services
from .services import knowledge as knowledge_services
from .services import replies as reply_services

# The county office's 督查室 also runs the 政民互动 desk (as the 12345 hotline office often does).
OFFICE_CODE = "zfb-dcs"
# (username, name, mobile, role, title)
OFFICE_STAFF = [
    ("liqing", "李清", "13607461090", RoleCode.WINDOW_CLERK, "政民互动分办员"),
    ("zhoumin", "周敏", "13607461091", RoleCode.SECTION_HEAD, "政民互动办公室主任"),
]
# The person who drafts replies in each department (a handling role there in the county demo).
HANDLERS = {
    "scjgj": "caiming",
    "zrzyj": "xiongtao",
    "rsj": "yindan",
    "gaj": "fanzhiyong",
    "zjj": "qinli",
    "jyj": "ouyangming",
    "wjj": "yangchunhua",
    "mzj": "tanhongmei",
    "jtj": "xiaojun",
    "nyj": "dengjianhua",
    "sthj": "kongxiang",
    "cgz": "xiangliping",
}
# Category tree: (parent, child) → department of the routing rule.
CATEGORIES = {
    "城乡建设": {"房屋建设": "zjj", "物业管理": "zjj", "国土规划": "zrzyj"},
    "交通运输": {"道路维护": "jtj", "公共交通": "jtj"},
    "教育": {"入学招生": "jyj", "校园安全": "jyj"},
    "医疗卫生": {"医疗服务": "wjj", "医保报销": "rsj"},
    "市场监管": {"食品安全": "scjgj", "消费维权": "scjgj"},
    "社会保障": {"养老保险": "rsj", "就业创业": "rsj", "社会救助": "mzj"},
    "农业农村": {"惠农补贴": "nyj", "农村公路": "jtj"},
    "生态环境": {"噪声污染": "sthj", "大气水污染": "sthj"},
    "公共安全": {"户籍办理": "gaj", "治安管理": "gaj"},
}

# (category child, title, content)
CASES = [
    (
        "食品安全",
        "超市销售过期牛奶",
        "城关镇解放路一家超市货架上有多盒过期牛奶仍在销售，请市场监管部门查处。",
    ),
    (
        "食品安全",
        "早餐店卫生条件差",
        "舜乡大道一家早餐店后厨油污严重，员工未戴口罩手套，希望加强检查。",
    ),
    (
        "消费维权",
        "健身房突然关门不退费",
        "城关镇一家健身房突然停业，办卡会员无法退费，请相关部门协调处理。",
    ),
    (
        "消费维权",
        "网购家电退货被拒",
        "在本县一家电器门店购买的洗衣机有质量问题，商家拒绝退换，请求帮助维权。",
    ),
    (
        "房屋建设",
        "小区外墙瓷砖脱落",
        "某小区3栋外墙瓷砖多处脱落，存在砸伤行人的隐患，请督促开发商维修。",
    ),
    (
        "物业管理",
        "物业费上涨未经业主同意",
        "小区物业公司擅自上调物业费，未召开业主大会，请主管部门核查。",
    ),
    (
        "物业管理",
        "小区电梯经常停运",
        "小区电梯近一个月停运五次，有老人被困，物业推诿不修，请求处理。",
    ),
    (
        "国土规划",
        "农村宅基地审批进度",
        "去年提交的宅基地建房申请至今没有结果，想了解办理进度和需要补充的材料。",
    ),
    ("道路维护", "解放路路面塌陷", "解放路与舜乡大道交叉口路面塌陷，雨天积水严重，车辆通行危险。"),
    ("道路维护", "路灯长期不亮", "城南新区主干道路灯已经半个月不亮，夜间行人和车辆通行很不安全。"),
    (
        "公共交通",
        "建议增开城乡公交班次",
        "新圩镇到县城的公交每天只有四班，建议在早晚高峰增开班次方便群众出行。",
    ),
    (
        "公共交通",
        "公交车不按站停靠",
        "2路公交车经常不在人民医院站停靠，老人看病出行不便，请加强管理。",
    ),
    (
        "入学招生",
        "小学新生入学需要哪些材料",
        "孩子今年满六岁，想在城关镇上小学，入学登记需要准备哪些材料？",
    ),
    (
        "入学招生",
        "随迁子女能否在县城上学",
        "我们是外地来蓝山务工人员，孩子能否在县城公办学校就读，需要什么条件？",
    ),
    (
        "校园安全",
        "学校门口交通拥堵",
        "实验小学门口上下学时段交通拥堵，存在安全隐患，建议设置护学岗。",
    ),
    (
        "医疗服务",
        "县医院挂号排队时间长",
        "县人民医院门诊挂号经常排队一个多小时，建议推广网上预约挂号。",
    ),
    (
        "医疗服务",
        "乡镇卫生院缺少儿科医生",
        "塔峰镇卫生院没有儿科医生，孩子生病只能跑县城，希望解决。",
    ),
    (
        "医保报销",
        "异地就医怎么备案报销",
        "父亲在长沙住院，医保能不能直接报销？需要先办理什么手续？",
    ),
    ("医保报销", "门诊慢特病报销比例", "想咨询高血压门诊慢特病的报销比例和申请办理流程。"),
    (
        "养老保险",
        "城乡居民养老保险怎么缴费",
        "我是农村居民，想交城乡居民养老保险，在哪里缴费，有几个档次可选？",
    ),
    ("养老保险", "养老金待遇认证方式", "老人行动不便，养老金待遇资格认证能不能在手机上办理？"),
    (
        "就业创业",
        "创业担保贷款申请条件",
        "想在县城开一家餐馆，请问创业担保贷款的申请条件和额度是多少？",
    ),
    (
        "就业创业",
        "拖欠农民工工资",
        "在城南一个工地干活三个月，包工头拖欠工资两万多元，请求帮助追讨。",
    ),
    (
        "社会救助",
        "低保申请流程咨询",
        "家里老人常年生病，想申请最低生活保障，请问如何申请，需要什么材料？",
    ),
    ("社会救助", "临时救助办理进度", "上个月因火灾申请了临时救助，至今没有消息，想了解办理进度。"),
    (
        "惠农补贴",
        "耕地地力保护补贴没收到",
        "今年的耕地地力保护补贴还没有发到一卡通上，请问什么时候发放？",
    ),
    ("惠农补贴", "农机购置补贴申请", "购买了一台收割机，想申请农机购置补贴，需要提交哪些材料？"),
    (
        "农村公路",
        "村道坑洼难行",
        "所城镇某村通往镇上的村道坑洼很多，下雨天车辆无法通行，希望修缮。",
    ),
    (
        "农村公路",
        "乡村公路缺少护栏",
        "太平镇山区公路急弯处没有护栏，已经发生过车辆侧翻，建议加装。",
    ),
    (
        "噪声污染",
        "工地夜间施工噪音扰民",
        "小区旁边工地每天晚上十一点后还在施工，噪音很大，严重影响休息。",
    ),
    (
        "噪声污染",
        "广场舞音响声音过大",
        "人民广场晚上广场舞音响声音太大，周边居民无法休息，建议规范时间和音量。",
    ),
    (
        "大气水污染",
        "河道有污水直排",
        "舜水河城南段有一个排污口向河道直排污水，气味很大，请环保部门查处。",
    ),
    (
        "大气水污染",
        "石材厂粉尘污染",
        "新圩镇一家石材加工厂粉尘很大，周边农田和房屋都是灰，请求治理。",
    ),
    ("户籍办理", "身份证异地办理", "户口在外省，现在蓝山工作，能否在本县办理身份证换领？"),
    ("户籍办理", "新生儿落户需要什么材料", "孩子刚出生，想办理户口登记，需要带哪些证件和材料？"),
    (
        "治安管理",
        "小区有人遛狗不牵绳",
        "小区有人遛大型犬不牵绳，已经吓到多名儿童，请有关部门管理。",
    ),
    (
        "治安管理",
        "夜市摊位占道经营",
        "城关镇夜市摊位占用机动车道经营，晚上交通拥堵，存在安全隐患。",
    ),
    (
        "房屋建设",
        "建议增加老旧小区停车位",
        "老旧小区停车位严重不足，车辆乱停乱放，建议改造时规划停车位。",
    ),
    ("公共交通", "建议开通县城到高铁站专线", "高铁站离县城较远，建议开通县城到高铁站的公交专线。"),
    (
        "教育",
        "建议增加公办幼儿园学位",
        "城区公办幼儿园学位紧张，很多家庭只能选择高价民办园，建议扩建。",
    ),
    (
        "医疗卫生",
        "建议乡镇卫生院开设夜间门诊",
        "乡镇卫生院晚上没有门诊，群众夜间看病不方便，建议开设夜间门诊。",
    ),
    (
        "社会保障",
        "反映某窗口工作人员办事拖拉",
        "在政务服务中心社保窗口办理业务，工作人员态度冷淡、多次让补材料，效率低。",
    ),
    (
        "城乡建设",
        "县长信箱：关于城区排水改造的建议",
        "每逢大雨城区多处内涝，建议县政府统筹实施城区排水管网改造。",
    ),
    (
        "农业农村",
        "县长信箱：建议扶持本地特色农产品",
        "建议县里打造蓝山特色农产品品牌，支持电商销售，带动农民增收。",
    ),
]

# (category child, title, keywords, answer)
KNOWLEDGE = [
    (
        "食品安全",
        "发现销售过期食品怎么办？",
        "过期食品,食品安全,超市,举报",
        "可拨打12315或在本平台投诉，市场监管部门接到举报后将现场检查，对销售过期食品的经营者依法查处。",
    ),
    (
        "食品安全",
        "餐饮店卫生问题向谁反映？",
        "餐饮,卫生,后厨,早餐店",
        "餐饮服务食品安全由县市场监督管理局监管，可提供店名、地址和照片，执法人员将在5个工作日内检查。",
    ),
    (
        "消费维权",
        "预付卡商家停业如何退费？",
        "预付卡,健身房,退费,停业",
        "预付式消费纠纷可向市场监管部门投诉，涉嫌诈骗的可向公安机关报案，并保留合同和付款凭证。",
    ),
    (
        "消费维权",
        "商品质量问题退换货规定",
        "退货,换货,三包,质量问题",
        "依据消费者权益保护法，商品存在质量问题的，消费者可要求退货、更换或修理，商家不得拒绝。",
    ),
    (
        "房屋建设",
        "房屋质量问题保修责任",
        "外墙,瓷砖,保修,开发商",
        "商品房在保修期内出现质量问题由建设单位负责维修，可向县住房和城乡建设局反映督促整改。",
    ),
    (
        "物业管理",
        "物业费调整需要什么程序？",
        "物业费,上涨,业主大会",
        "物业服务收费调整应经业主大会或专有部分面积和人数双过半业主同意，并向主管部门备案。",
    ),
    (
        "物业管理",
        "小区电梯故障谁负责维修？",
        "电梯,停运,维修,物业",
        "电梯日常维护由物业服务企业负责，困人故障可拨打96333，特种设备安全由市场监管部门监督。",
    ),
    (
        "国土规划",
        "农村宅基地建房审批流程",
        "宅基地,建房,审批",
        "农村村民建房向村组提出申请，经乡镇审核、自然资源和农业农村部门联审后发放乡村建设规划许可证。",
    ),
    (
        "道路维护",
        "城区道路塌陷、路灯不亮向谁反映？",
        "路面,塌陷,路灯,照明",
        "城区道路和路灯由县城市管理部门维护，交通运输局负责国省干线，报修后一般三个工作日内处理。",
    ),
    (
        "公共交通",
        "城乡公交线路和班次调整",
        "公交,班次,线路,专线",
        "公交线路和班次由县交通运输局根据客流统筹调整，群众建议将纳入线网优化方案研究。",
    ),
    (
        "公共交通",
        "公交车不按规定停靠怎么办？",
        "公交车,停靠,站点",
        "公交车应按规定站点停靠，可提供线路、车牌和时间，交通运输局将督促公交公司整改。",
    ),
    (
        "入学招生",
        "小学新生入学需要准备哪些材料？",
        "入学,小学,新生,材料,户口",
        "适龄儿童入学登记需提供户口簿、房产证明或租赁合同、预防接种证，具体以当年招生公告为准。",
    ),
    (
        "入学招生",
        "随迁子女入学条件",
        "随迁子女,外地,务工,入学",
        "随迁子女凭父母居住证、务工或经营证明即可申请在居住地公办学校就读，由教育局统筹安排学位。",
    ),
    (
        "入学招生",
        "公办幼儿园学位和报名",
        "幼儿园,学位,公办",
        "公办幼儿园每年6月网上报名，学位不足时按户籍和居住年限排序，县里正在推进新建和扩建。",
    ),
    (
        "校园安全",
        "学校周边交通安全管理",
        "学校,交通,拥堵,护学岗",
        "上下学时段由公安交警、学校和家长志愿者共同设置护学岗，教育局会同交警部门落实。",
    ),
    (
        "医疗服务",
        "县人民医院预约挂号方式",
        "挂号,预约,医院,排队",
        "县人民医院已开通微信公众号和电话预约挂号，可预约7日内号源，预约患者优先就诊。",
    ),
    (
        "医疗服务",
        "乡镇卫生院服务时间",
        "卫生院,夜间,门诊,儿科",
        "乡镇卫生院实行24小时急诊值班，普通门诊时间以各院公示为准，县里通过医共体下派专科医生。",
    ),
    (
        "医保报销",
        "异地就医备案和直接结算",
        "医保,异地就医,备案,报销,住院",
        "参保人员异地就医须先通过国家医保服务平台App或医保经办窗口办理备案，出院时在就医地直接结算。",
    ),
    (
        "医保报销",
        "门诊慢特病如何申请？",
        "慢特病,高血压,门诊,报销比例",
        "门诊慢特病凭二级以上医院诊断证明向医保经办机构申请，认定后按规定比例报销，高血压报销比例为60%。",
    ),
    (
        "养老保险",
        "城乡居民养老保险缴费办法",
        "养老保险,缴费,档次,城乡居民",
        "城乡居民基本养老保险每年缴费一次，可通过社区、银行或手机App缴纳，缴费档次从200元到3000元自选。",
    ),
    (
        "养老保险",
        "养老金待遇资格认证",
        "养老金,认证,手机,资格",
        "养老金领取人员可通过人社App刷脸完成资格认证，行动不便的可申请工作人员上门认证。",
    ),
    (
        "就业创业",
        "创业担保贷款申请条件",
        "创业,贷款,担保,贴息",
        "符合条件的创业人员可申请最高30万元创业担保贷款并享受财政贴息，向县人社局就业服务中心申请。",
    ),
    (
        "就业创业",
        "被拖欠工资怎么办？",
        "拖欠,工资,农民工,欠薪",
        "可向县人社局劳动保障监察大队投诉，提供用工证明和欠薪情况，监察大队依法督促支付。",
    ),
    (
        "社会救助",
        "最低生活保障申请流程",
        "低保,申请,最低生活保障",
        "申请低保向户籍所在地乡镇（街道）提出，提交身份证、户口簿和家庭收入财产情况，经入户调查和公示后审批。",
    ),
    (
        "社会救助",
        "临时救助申请和办理时限",
        "临时救助,火灾,困难",
        "遭遇突发事件导致基本生活困难的，可向乡镇申请临时救助，一般在10个工作日内办结。",
    ),
    (
        "惠农补贴",
        "耕地地力保护补贴发放时间",
        "耕地,补贴,一卡通,发放",
        "耕地地力保护补贴每年上半年核定面积后通过一卡通发放到农户账户，可在乡镇农业综合服务中心查询。",
    ),
    (
        "惠农补贴",
        "农机购置补贴申请材料",
        "农机,购置补贴,收割机",
        "购机后凭发票、身份证、银行卡和机具照片向县农业农村局申请农机购置补贴，审核后直接发放。",
    ),
    (
        "农村公路",
        "农村公路维修和安全设施",
        "村道,坑洼,护栏,农村公路",
        "农村公路由县交通运输局和乡镇共同管养，坑洼路段纳入年度养护计划，急弯陡坡优先安装护栏。",
    ),
    (
        "噪声污染",
        "夜间施工噪音投诉",
        "噪音,施工,夜间,扰民",
        "夜间22时至次日6时禁止产生噪声的建筑施工，确需施工须取得夜间施工许可，违者由生态环境部门查处。",
    ),
    (
        "噪声污染",
        "广场舞噪音如何处理？",
        "广场舞,音响,噪音",
        "公共场所健身娱乐活动应控制音量和时间，群众可向公安机关或城管部门反映，由属地协调处理。",
    ),
    (
        "大气水污染",
        "污水直排和粉尘污染举报",
        "排污,污水,河道,粉尘,污染",
        "可向生态环境部门举报，提供地点和照片，执法人员将现场核查，对违法排污企业依法处罚。",
    ),
    (
        "户籍办理",
        "身份证异地换领",
        "身份证,异地,换领",
        "居民身份证可在全国任一公安机关户政窗口异地申请换领、补领，携带户口簿或原身份证即可。",
    ),
    (
        "户籍办理",
        "新生儿落户办理材料",
        "新生儿,落户,出生证明,户口",
        "新生儿落户凭出生医学证明、父母户口簿和身份证、结婚证到户籍所在地派出所办理。",
    ),
    (
        "治安管理",
        "养犬管理规定",
        "养犬,遛狗,牵绳,犬只",
        "城区养犬须登记，携犬出户须束犬链并及时清理粪便，违反规定的由公安机关依法处理。",
    ),
    (
        "治安管理",
        "占道经营如何处理？",
        "占道经营,夜市,摊贩",
        "占道经营由城市管理部门依法查处，夜市将划定经营区域和时段，保障道路通行。",
    ),
    (
        "社会保障",
        "对窗口工作人员作风问题的投诉",
        "窗口,态度,效率,作风",
        "对政务服务窗口作风和效率问题，可通过效能投诉反映，县纪委监委和政务服务中心将调查核实并反馈。",
    ),
]


def _unit(code: str) -> OrgUnit | None:
    return OrgUnit.objects.filter(code=code).first()


def _office(stdout) -> tuple[User, User] | None:
    office = _unit(OFFICE_CODE)
    if office is None:
        return None
    Office.objects.get_or_create(defaults={"unit": office})
    people = []
    password = make_password(DEMO_PASSWORD)
    for username, name, mobile, role, title in OFFICE_STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create(
                username=username,
                name=name,
                mobile=mobile,
                kind=UserKind.STAFF,
                password=password,
                password_changed_at=timezone.now(),
                email=f"{username}@lanshan.gov.example.cn",
            )
        Post.objects.get_or_create(
            user=user,
            unit=office,
            role=Role.objects.get(code=role),
            end_date=None,
            defaults={"title": title},
        )
        people.append(user)
    return people[0], people[1]


def _categories() -> dict[str, Category]:
    out: dict[str, Category] = {}
    for order, (parent_name, children) in enumerate(CATEGORIES.items(), start=1):
        parent, _c = Category.objects.get_or_create(
            name=parent_name, parent=None, defaults={"sort_order": order * 10}
        )
        out[parent_name] = parent
        for index, (name, dept) in enumerate(children.items(), start=1):
            child, _c = Category.objects.get_or_create(
                name=name, parent=parent, defaults={"sort_order": index * 10}
            )
            out[name] = child
            unit = _unit(dept)
            if unit is not None:
                RoutingRule.objects.get_or_create(
                    category=child, township=None, defaults={"department": unit}
                )
    return out


def _knowledge(categories: dict[str, Category]) -> None:
    if KnowledgeEntry.objects.exists():
        return
    today = timezone.localdate()
    for n, (child, title, keywords, answer) in enumerate(KNOWLEDGE):
        category = categories[child]
        rule = RoutingRule.objects.filter(category=category).select_related("department").first()
        knowledge_services.entry_create(
            by=None,
            title=title,
            keywords=keywords,
            answer=f"<p>{answer}</p>",
            category=category,
            department=rule.department if rule else _unit("zfb"),
            valid_until=today + datetime.timedelta(days=365 * 2) if n % 3 == 0 else None,
            live=True,
        )


KINDS = ["complaint", "suggestion", "consultation", "complaint", "consultation", "suggestion"]
CHANNELS = ["online", "online", "letter", "call", "online", "visit"]
# Where each case ends up, in order (44 cases): a realistic mix of every state.
STATES = (
    ["submitted"] * 6
    + ["returned"] * 3
    + ["assigned"] * 8
    + ["review"] * 5
    + ["replied"] * 8
    + ["satisfied"] * 6
    + ["basic"] * 2
    + ["reopened"] * 2
    + ["closed_unsatisfied"] * 2
    + ["returned_reassigned"] * 2
)
SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗"


def _kind_for(n: int, title: str) -> str:
    if title.startswith("县长信箱"):
        return "mayor"
    if "效率" in title or "拖拉" in title:
        return "efficiency"
    if title.startswith("建议") or "建议" in title[:4]:
        return "suggestion"
    return KINDS[n % len(KINDS)]


def _play(case: Case, state: str, clerk: User, head: User, n: int) -> None:
    """Drive the case through the services to `state`."""
    if state == "submitted":
        return
    rule_department = (
        RoutingRule.objects.filter(category__in=[case.category_id, case.category.parent_id])
        .select_related("department")
        .first()
    )
    department = rule_department.department if rule_department else _unit("zfb")
    handler = User.objects.filter(username=HANDLERS.get(department.code, "")).first()
    if handler is None:
        return
    if state in ("returned", "returned_reassigned"):
        wrong = _unit("cgz") if department.code != "cgz" else _unit("zjj")
        case_services.case_assign(case=case, by=clerk, department=wrong)
        wrong_handler = User.objects.get(username=HANDLERS[wrong.code])
        case_services.case_return(
            case=case, by=wrong_handler, reason=f"该事项属{department.name}职责，请重新交办。"
        )
        if state == "returned":
            return
    case_services.case_assign(case=case, by=clerk, department=department, note="请依法办理并答复。")
    if state == "assigned":
        return
    body = (
        f"<p>{case.name[:1]}先生/女士：您好！您反映的“{case.title}”已收悉。经核查，"
        f"我单位已安排专人处理，相关情况已按规定办理完毕。感谢您的监督与支持。</p>"
        f"<p>{department.name}</p>"
    )
    reply_services.reply_save(case=case, by=handler, body=body, submit=True)
    if state == "review":
        return
    reply_services.reply_approve(case=case, by=head, comment="同意答复。", public=case.allow_public)
    case.refresh_from_db()
    if state in ("replied", "returned_reassigned"):
        return
    if state == "satisfied":
        case_services.case_rate(case=case, score="satisfied", comment="处理及时，非常满意。")
        if n % 2 == 0:
            case.refresh_from_db()
            case_services.follow_up_record(
                case=case, by=clerk, method="phone", note="电话回访，群众对处理结果表示满意。"
            )
        return
    if state == "basic":
        case_services.case_rate(case=case, score="basic", comment="基本解决，希望持续关注。")
        return
    case_services.case_rate(case=case, score="unsatisfied", comment="问题没有根本解决。")
    case.refresh_from_db()
    if state == "reopened":
        return
    reply_services.reply_save(
        case=case,
        by=handler,
        body="<p>经再次核查，我单位已进一步整改落实，并将持续跟踪。</p>",
        submit=True,
    )
    reply_services.reply_approve(case=case, by=head, public=case.allow_public)
    case.refresh_from_db()
    case_services.case_rate(case=case, score="unsatisfied", comment="仍不满意。")


def _featured(clerk: User) -> None:
    """重点关注: the office picks two public replies for the channel (once; safe to repeat)."""
    from .selectors.public import public_cases

    if Case.objects.filter(featured_at__isnull=False).exists():
        return
    for case in public_cases()[:2]:
        case_services.case_feature(case=case, by=clerk, featured=True)


def load_interaction_demo(stdout=None) -> int:
    people = _office(stdout)
    if people is None:
        return 0
    clerk, head = people
    categories = _categories()
    _knowledge(categories)
    _solicitations(stdout)
    if Case.objects.exists():
        return Case.objects.count()
    townships = list(OrgUnit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("path"))
    now = timezone.now()
    for n, (child, title, content) in enumerate(CASES):
        state = STATES[n % len(STATES)]
        channel = CHANNELS[n % len(CHANNELS)]
        # Open cases arrived recently; answered ones earlier (within the 14-day rating window).
        days_ago = {"submitted": 1, "returned": 2, "assigned": 4, "review": 6}.get(state, 10)
        name = f"{SURNAMES[n % len(SURNAMES)]}{'建国秀英海燕志强丽华'[n % 5 * 2 : n % 5 * 2 + 2]}"
        case, _code = case_services.case_submit(
            kind=_kind_for(n, title),
            category=categories[child],
            title=title,
            content=content,
            name=name,
            mobile=f"139746{n:05d}",
            township=townships[n % len(townships)] if townships else None,
            address=f"{n + 1}号",
            allow_public=n % 4 != 3,
            channel=channel,
            entered_by=clerk if channel != "online" else None,
            is_petition=channel == "visit" and n % 2 == 1,
            received_at=now - datetime.timedelta(days=days_ago, hours=n % 7),
        )
        _play(case, state, clerk, head, n)
    _featured(clerk)
    if stdout is not None:
        stdout.write(
            f"政民互动：{Case.objects.count()} 件来件，{KnowledgeEntry.objects.count()} 条知识"
        )
    return Case.objects.count()


# --- 意见征集 ---------------------------------------------------------------------------------

SOLICITATIONS = [
    # (department, drafter, publisher, title, explanation, text, days since opening, length,
    #  opinions: (citizen mobile, article position or None, body, status, adoption, note))
    (
        "spj",
        "tangting",
        "xiewei",
        "《蓝山县优化营商环境若干措施（征求意见稿）》",
        "<p>为持续优化营商环境，县行政审批服务局起草了本措施，现向社会公开征求意见。</p>",
        "第一条 推行企业开办“一网通办”，营业执照、公章刻制、税务登记一日办结。\n"
        "第二条 工程建设项目审批实行“一窗受理、并联审批”，全流程审批时间压减至60个工作日以内。\n"
        "第三条 涉企经营许可事项实行告知承诺制，申请人承诺符合条件的当场发证。\n"
        "第四条 建立企业诉求“接诉即办”机制，县长信箱涉企来件5个工作日内答复。",
        10,
        30,
        [
            (
                "13974610101",
                1,
                "建议同时开通银行开户预约，开办企业当天就能开基本户。",
                "shown",
                "",
                "",
            ),
            ("13974610102", 2, "并联审批很好，希望明确各部门出具意见的时限。", "shown", "", ""),
            ("13974610103", None, "措施很实在，建议每季度公布落实情况。", "shown", "", ""),
            ("13974610104", 3, "告知承诺制的事后核查由谁负责？希望写清楚。", "pending", "", ""),
        ],
    ),
    (
        "scjgj",
        "caiming",
        "yuanweimin",
        "《蓝山县农村集体聚餐食品安全管理办法（征求意见稿）》",
        "<p>为加强农村集体聚餐食品安全管理，县市场监督管理局起草了本办法。</p>",
        "第一条 举办50人以上农村集体聚餐的，应当提前3日向村（居）委会报告。\n"
        "第二条 乡村厨师应当持有效健康证明，参加食品安全培训。\n"
        "第三条 聚餐食材应当从正规渠道采购并留存票据。",
        50,
        30,
        [
            ("13974610101", 1, "建议报告可以通过手机办理，村民不用跑腿。", "shown", "adopted", ""),
            (
                "13974610105",
                2,
                "乡村厨师培训能否由乡镇统一组织、免费参加？",
                "shown",
                "partly",
                "培训由乡镇统一组织；是否收费按省里规定执行。",
            ),
            (
                "13974610102",
                3,
                "票据留存太麻烦，建议取消。",
                "shown",
                "not",
                "留存票据是追溯食材来源的必要手段，予以保留。",
            ),
        ],
    ),
]


def _solicitations(stdout=None) -> None:
    """Two published drafts (one open with a comment to moderate, one closed with its adoption
    report) and one draft still being written."""
    from platform_core.models import CaseClock

    from .constants import OpinionStatus
    from .models import Opinion, Solicitation, SolicitationArticle
    from .services import solicitations as services

    if Solicitation.objects.exists():
        return
    people = {u.username: u for u in User.objects.filter(kind=UserKind.STAFF)}
    citizens = {u.mobile: u for u in User.objects.filter(kind=UserKind.CITIZEN)}
    today = timezone.localdate()
    for (dept, drafter, publisher, title, explanation, text, ago, length,
         opinions) in SOLICITATIONS:  # fmt: skip
        department = _unit(dept)
        if department is None or drafter not in people or publisher not in people:
            continue
        s = services.solicitation_save(
            by=people[drafter],
            title=title,
            department=department,
            explanation=explanation,
            draft_text=text,
            opens_on=today,
            closes_on=today + datetime.timedelta(days=length - 1),
        )
        services.solicitation_publish(by=people[publisher], solicitation=s)
        articles = {a.position: a for a in SolicitationArticle.objects.filter(solicitation=s)}
        for mobile, position, body, status, adoption, note in opinions:
            citizen = citizens.get(mobile) or next(iter(citizens.values()), None)
            if citizen is None:
                continue
            o = services.opinion_submit(
                solicitation=s, citizen=citizen, body=body, article=articles.get(position)
            )
            if status != OpinionStatus.PENDING:
                services.opinion_moderate(by=people[drafter], opinion=o, show=status == "shown")
            if adoption:
                services.opinion_adopt(by=people[drafter], opinion=o, adoption=adoption, note=note)
        # The drafts opened `ago` days ago: move the dates back (demo only).
        opens = today - datetime.timedelta(days=ago)
        Solicitation.objects.filter(pk=s.pk).update(
            opens_on=opens, closes_on=opens + datetime.timedelta(days=length - 1)
        )
        # … and the case clocks with them, as if published on the opening day; the comments
        # arrived and were moderated the day after it.
        s = Solicitation.objects.get(pk=s.pk)
        old_clocks = [s.comment_clock_id, s.report_clock_id]
        services._start_clocks(s, opens)
        s.save(update_fields=["comment_clock", "report_clock"])
        CaseClock.objects.filter(pk__in=old_clocks).delete()
        day_after = timezone.make_aware(
            datetime.datetime.combine(opens + datetime.timedelta(days=1), datetime.time(10))
        )
        Opinion.objects.filter(solicitation=s).update(created_at=day_after)
        Opinion.objects.filter(solicitation=s, moderated_at__isnull=False).update(
            moderated_at=day_after + datetime.timedelta(hours=5)
        )
        if opens + datetime.timedelta(days=length - 1) < today:
            services.report_publish(
                by=people[publisher],
                solicitation=s,
                report="<p>征集期间共收到意见3条，经逐条研究，采纳1条、部分采纳1条，"
                "不予采纳1条，理由见各条意见。办法已据此修改，近期印发实施。</p>",
                today=min(opens + datetime.timedelta(days=length + 9), today),
            )
    if "tangting" in people and _unit("spj") is not None:
        services.solicitation_save(
            by=people["tangting"],
            title="《蓝山县政务服务“好差评”实施细则（征求意见稿）》",
            department=_unit("spj"),
            explanation="<p>细化政务服务“好差评”的评价、整改和回访要求。</p>",
            draft_text="第一条 每个政务服务事项办结后，群众可以当场或在线评价。\n"
            "第二条 差评由县政务服务中心在3个工作日内回访核实。",
            opens_on=today + datetime.timedelta(days=3),
            closes_on=today + datetime.timedelta(days=32),
        )
    if stdout is not None:
        stdout.write(f"意见征集：{Solicitation.objects.count()} 件")
