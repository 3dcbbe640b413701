"""Demo data for `manage.py load_demo`: a fictional county government, 蓝山县人民政府.

Everything here is invented: names, mobile numbers, identity numbers and credit codes are built to
pass the national check-digit rules (GB 11643, GB 32100, GB 11714) but belong to nobody. The
region code 431127 is used so that identity numbers and credit codes look like the county's own.

Tables only; `management/commands/load_demo.py` writes them, then runs the demo loaders that the
apps above register in their AppConfig.ready() (register_demo_loader): the platform knows no app.
"""

import datetime
from collections.abc import Callable

from .constants import RoleCode as R
from .constants import UnitKind

REGION_CODE = "431127"

# Shared password of every demo staff account. It meets the password policy (length, three
# character classes); staff are asked to change it after 90 days like any other password.
DEMO_PASSWORD = "Demo@2026"  # noqa: S105

GOVERNMENT = {
    "code": "gov",
    "name": "蓝山县人民政府",
    "short_name": "县政府",
    "kind": UnitKind.GOVERNMENT,
    # 9-character organisation code (GB 11714) without its check character; see load_demo.
    "org_code": "00612730",
    "phone": "0746-2221001",
    "address": "蓝山县城关镇政府路1号",
}

# (code, name, short name, kind, org code without check char, phone, sections)
# Each section: (code suffix, name). Codes are the units' stable keys: load_demo updates by code.
# One unit per row reads better than one field per line.
# fmt: off
DEPARTMENTS = [
    ("zfb", "县政府办公室", "县政府办", UnitKind.DEPARTMENT, "00612731", "0746-2221002", [
        ("msk", "秘书科"), ("dcs", "督查室"), ("zwgk", "政务公开办公室"), ("xxk", "信息化科"),
    ]),
    ("fgj", "县发展和改革局", "县发改局", UnitKind.DEPARTMENT, "00612732", "0746-2221101", [
        ("bgs", "办公室"), ("tzk", "投资科"), ("jgk", "价格科"),
    ]),
    ("jyj", "县教育局", "县教育局", UnitKind.DEPARTMENT, "00612733", "0746-2221201", [
        ("bgs", "办公室"), ("jcjy", "基础教育股"), ("zcfg", "政策法规股"),
    ]),
    ("gaj", "县公安局", "县公安局", UnitKind.DEPARTMENT, "00612734", "0746-2221301", [
        ("bgs", "警务保障室"), ("hz", "户政管理科"), ("za", "治安管理大队"),
    ]),
    ("mzj", "县民政局", "县民政局", UnitKind.DEPARTMENT, "00612735", "0746-2221401", [
        ("bgs", "办公室"), ("shjz", "社会救助股"), ("shzz", "社会组织管理股"),
    ]),
    ("czj", "县财政局", "县财政局", UnitKind.DEPARTMENT, "00612736", "0746-2221501", [
        ("bgs", "办公室"), ("ys", "预算股"), ("gk", "国库股"),
    ]),
    ("rsj", "县人力资源和社会保障局", "县人社局", UnitKind.DEPARTMENT, "00612737", "0746-2221601", [
        ("bgs", "办公室"), ("jy", "就业促进股"), ("sb", "社会保险股"),
    ]),
    ("zrzyj", "县自然资源局", "县自然资源局", UnitKind.DEPARTMENT, "00612738", "0746-2221701", [
        ("bgs", "办公室"), ("bdc", "不动产登记中心"), ("gh", "国土空间规划股"),
    ]),
    ("zjj", "县住房和城乡建设局", "县住建局", UnitKind.DEPARTMENT, "00612739", "0746-2221801", [
        ("bgs", "办公室"), ("jzsc", "建筑市场监管股"), ("fdc", "房地产管理股"),
    ]),
    ("jtj", "县交通运输局", "县交通运输局", UnitKind.DEPARTMENT, "00612740", "0746-2221901", [
        ("bgs", "办公室"), ("zhys", "综合运输股"), ("lz", "路政管理股"),
    ]),
    ("nyj", "县农业农村局", "县农业农村局", UnitKind.DEPARTMENT, "00612741", "0746-2222001", [
        ("bgs", "办公室"), ("jygl", "农村经营管理股"), ("zzy", "种植业管理股"),
    ]),
    ("wjj", "县卫生健康局", "县卫健局", UnitKind.DEPARTMENT, "00612742", "0746-2222101", [
        ("bgs", "办公室"), ("yz", "医政医管股"), ("jk", "疾病预防控制股"),
    ]),
    ("scjgj", "县市场监督管理局", "县市场监管局", UnitKind.DEPARTMENT, "00612743", "0746-2222201", [
        ("bgs", "办公室"), ("djzc", "登记注册股"), ("zcfg", "政策法规股"),
    ]),
    ("spj", "县行政审批服务局", "县审批局", UnitKind.DEPARTMENT, "00612744", "0746-2222301", [
        ("bgs", "办公室"), ("spk", "审批科"), ("ck", "综合受理窗口科"), ("zcfg", "政策法规科"),
    ]),
    ("sthj", "县生态环境分局", "县生态环境分局", UnitKind.DEPARTMENT, "00612745", "0746-2222401", [
        ("bgs", "办公室"), ("hp", "环评审批股"),
    ]),
    ("cgz", "城关镇", "城关镇", UnitKind.TOWNSHIP, "00612746", "0746-2222501", [
        ("dzb", "党政综合办公室"), ("bmfw", "便民服务中心"),
    ]),
]
# fmt: on

# Staff: (username, name, mobile, posts). A post is (unit code, role, title); the first post is
# the person's main post (主岗), further posts are held concurrently (兼职).
# fmt: off
STAFF = [
    # Government level: the deputy county heads lead across departments.
    ("lijianguo", "李建国", "13907461001", [("gov", R.LEADER, "副县长")]),
    ("zhouxiaomei", "周晓梅", "13907461002", [("gov", R.LEADER, "副县长")]),
    # County government office.
    ("chenzhigang", "陈志刚", "13807461003", [("zfb", R.LEADER, "县政府办公室主任")]),
    ("liufang", "刘芳", "13807461004", [("zfb-msk", R.SECTION_HEAD, "秘书科科长")]),
    ("huanghaitao", "黄海涛", "13607461005", [
        ("zfb-dcs", R.SUPERVISOR, "督查室主任"),
        ("zfb-dcs", R.SECTION_HEAD, "督查室主任"),
    ]),
    ("zhaolijuan", "赵丽娟", "13607461006", [("zfb-dcs", R.SUPERVISOR, "督查专员")]),
    ("wujing", "吴静", "15107461007", [
        ("zfb-zwgk", R.SECTION_HEAD, "政务公开办公室主任"),
        ("zfb", R.DISCLOSURE_OFFICER, "政务公开专员"),
    ]),
    ("sunyue", "孙悦", "15107461008", [("zfb-zwgk", R.WEB_EDITOR, "网站编辑")]),
    ("hewenbin", "何文斌", "15207461009", [("zfb-xxk", R.SECTION_HEAD, "信息化科科长")]),
    ("majunjie", "马俊杰", "15207461010", [("zfb-xxk", R.SYSTEM_ADMIN, "系统管理员")]),
    ("huxiaodong", "胡晓东", "15807461011", [("zfb-xxk", R.SECURITY_ADMIN, "安全管理员")]),
    ("guomin", "郭敏", "15807461012", [("zfb-xxk", R.AUDIT_ADMIN, "审计管理员")]),
    # Administrative licensing bureau: most counter and review work happens here.
    ("luocheng", "罗成", "13907461013", [("spj", R.LEADER, "局长")]),
    ("dengli", "邓丽", "13907461014", [("spj", R.LEADER, "副局长")]),
    ("xiewei", "谢伟", "18707461015", [("spj-spk", R.SECTION_HEAD, "审批科科长")]),
    ("tangting", "唐婷", "18707461016", [("spj-spk", R.REVIEW_CLERK, "审批科科员")]),
    ("hanlei", "韩磊", "18707461017", [("spj-spk", R.REVIEW_CLERK, "审批科科员")]),
    ("jianghong", "蒋红", "18807461018", [("spj-ck", R.SECTION_HEAD, "窗口科科长")]),
    ("fengxue", "冯雪", "18807461019", [("spj-ck", R.WINDOW_CLERK, "综合受理窗口")]),
    ("caoyang", "曹洋", "18807461020", [
        ("spj-ck", R.WINDOW_CLERK, "综合受理窗口"),
        # Sent to the township service centre two days a week (下沉窗口).
        ("cgz-bmfw", R.WINDOW_CLERK, "便民服务中心窗口"),
    ]),
    ("pengjia", "彭佳", "18907461021", [("spj-ck", R.WINDOW_CLERK, "综合受理窗口")]),
    ("zengyaqin", "曾雅琴", "18907461022", [
        ("spj-zcfg", R.SECTION_HEAD, "政策法规科科长"),
        ("spj", R.DISCLOSURE_OFFICER, "信息公开联络员"),
    ]),
    ("zouying", "邹颖", "17707461023", [("spj-bgs", R.WEB_EDITOR, "信息员")]),
    # The bureau's archivist (档案员): archives its concluded documents (归档, DA/T 22-2015).
    ("liwenjing", "李文静", "17707461062", [("spj", R.ARCHIVIST, "档案员")]),
    # Market regulation.
    ("panzhiqiang", "潘志强", "17707461024", [("scjgj", R.LEADER, "局长")]),
    ("yuanweimin", "袁伟民", "13507461025", [("scjgj-djzc", R.SECTION_HEAD, "登记注册股股长")]),
    ("tiantian", "田甜", "13507461026", [("scjgj-djzc", R.WINDOW_CLERK, "登记窗口")]),
    ("caiming", "蔡明", "13507461027", [("scjgj-djzc", R.REVIEW_CLERK, "登记注册股科员")]),
    ("shilei", "石磊", "13707461028", [
        ("scjgj-bgs", R.DISCLOSURE_OFFICER, "信息公开联络员"),
        ("scjgj-bgs", R.WEB_EDITOR, "信息员"),
    ]),
    # Natural resources: real-estate registration counter.
    ("liaoguohua", "廖国华", "13707461029", [("zrzyj", R.LEADER, "局长")]),
    ("longhaiyan", "龙海燕", "15007461030", [("zrzyj-bdc", R.SECTION_HEAD, "不动产登记中心主任")]),
    ("qiuxiaoyan", "邱晓燕", "15007461031", [("zrzyj-bdc", R.WINDOW_CLERK, "登记窗口")]),
    ("xiongtao", "熊涛", "15007461032", [("zrzyj-bdc", R.REVIEW_CLERK, "登记审核员")]),
    ("zhonghua", "钟华", "15907461033", [("zrzyj-bgs", R.DISCLOSURE_OFFICER, "信息公开联络员")]),
    # Human resources and social security.
    ("leiming", "雷鸣", "15907461034", [("rsj", R.LEADER, "局长")]),
    ("tangjianjun", "汤建军", "18107461035", [("rsj-sb", R.SECTION_HEAD, "社会保险股股长")]),
    ("hexiaolan", "贺小兰", "18107461036", [("rsj-sb", R.WINDOW_CLERK, "社保经办窗口")]),
    ("yindan", "尹丹", "18107461037", [("rsj-jy", R.REVIEW_CLERK, "就业促进股科员")]),
    ("pengjing", "彭静", "18107461060", [("rsj-jy", R.SECTION_HEAD, "就业促进股股长")]),
    # Public security: household registration counter.
    ("jiangyong", "姜勇", "18607461038", [("gaj", R.LEADER, "局长")]),
    ("yilin", "易琳", "18607461039", [("gaj-hz", R.WINDOW_CLERK, "户政窗口民警")]),
    ("fanzhiyong", "范志勇", "18607461040", [("gaj-hz", R.REVIEW_CLERK, "户政审核民警")]),
    ("zouqiang", "邹强", "18607461061", [("gaj-hz", R.SECTION_HEAD, "户政中队中队长")]),
    # Housing and construction.
    ("duanpeng", "段鹏", "19907461041", [("zjj", R.LEADER, "局长")]),
    ("mofan", "莫凡", "19907461042", [("zjj-jzsc", R.SECTION_HEAD, "建筑市场监管股股长")]),
    ("qinli", "覃丽", "19907461043", [("zjj-jzsc", R.REVIEW_CLERK, "建筑市场监管股科员")]),
    # Education, health, civil affairs, finance, transport, agriculture, development, ecology.
    ("ouyangming", "欧阳明", "13807461044", [("jyj", R.LEADER, "局长")]),
    ("lujing", "卢静", "13807461045", [
        ("jyj-bgs", R.WEB_EDITOR, "信息员"),
        ("jyj-bgs", R.DISCLOSURE_OFFICER, "信息公开联络员"),
    ]),
    ("fuqiang", "傅强", "13607461046", [("wjj", R.LEADER, "局长")]),
    ("yangchunhua", "阳春花", "13607461047", [("wjj-yz", R.REVIEW_CLERK, "医政医管股科员")]),
    ("tanhongmei", "谭红梅", "15107461048", [("mzj-shjz", R.SECTION_HEAD, "社会救助股股长")]),
    ("taoran", "陶然", "15107461049", [("czj-ys", R.SECTION_HEAD, "预算股股长")]),
    ("xiaojun", "肖军", "15207461050", [("jtj-lz", R.SECTION_HEAD, "路政管理股股长")]),
    ("dengjianhua", "邓建华", "15207461051", [("nyj", R.LEADER, "局长")]),
    ("jiangwen", "蒋文", "15807461052", [("fgj", R.LEADER, "局长")]),
    ("kongxiang", "孔祥", "15807461053", [("sthj-hp", R.REVIEW_CLERK, "环评审批股科员")]),
    # Township.
    ("daiguoqing", "戴国庆", "17307461054", [("cgz", R.LEADER, "镇长")]),
    ("xiangliping", "向丽萍", "17307461055", [("cgz-bmfw", R.WINDOW_CLERK, "便民服务中心窗口")]),
]
# fmt: on

# Natural persons: (name, region code, birth date, sequence number, mobile). The sequence's last
# digit is odd for men and even for women (GB 11643), so it matches the given name.
CITIZENS = [
    ("王建军", "431127", datetime.date(1978, 3, 14), 131, "13974610101"),
    ("李秀英", "431127", datetime.date(1982, 7, 2), 224, "13974610102"),
    ("张伟", "431127", datetime.date(1990, 11, 23), 315, "13974610103"),
    ("刘洋", "431102", datetime.date(1995, 5, 8), 137, "13874610104"),
    ("陈静", "431103", datetime.date(1988, 9, 30), 402, "13874610105"),
    ("杨帆", "431127", datetime.date(2001, 1, 17), 219, "13874610106"),
    ("黄丽华", "431126", datetime.date(1969, 12, 5), 168, "15074610107"),
    ("赵志明", "431127", datetime.date(1974, 6, 21), 353, "15074610108"),
    ("周敏", "431124", datetime.date(1986, 4, 11), 246, "15074610109"),
    ("吴国强", "431127", datetime.date(1963, 8, 28), 111, "15174610110"),
    ("徐婷婷", "431128", datetime.date(1993, 2, 19), 288, "15174610111"),
    ("孙建平", "431127", datetime.date(1958, 10, 3), 175, "15174610112"),
    ("胡晓丽", "431129", datetime.date(1998, 12, 26), 324, "18274610113"),
    ("朱文华", "431127", datetime.date(1971, 5, 15), 259, "18274610114"),
    ("高翔", "430102", datetime.date(1984, 3, 9), 417, "18274610115"),
    ("林小芳", "431127", datetime.date(1979, 7, 27), 136, "18374610116"),
    ("何志刚", "431127", datetime.date(1967, 11, 12), 193, "18374610117"),
    ("郭春燕", "430104", datetime.date(1991, 4, 4), 262, "18374610118"),
    ("马金山", "431127", datetime.date(1955, 1, 30), 317, "19974610119"),
    ("罗雨欣", "431127", datetime.date(2003, 9, 1), 428, "19974610120"),
]

# Legal persons (limited companies, USCC category "91"): (name, legal representative, organisation
# code without its check character, mobile of the contact who registered the account).
COMPANIES = [
    ("蓝山县舜源皮具有限公司", "陈国栋", "MA4L7K2P", "13974620201"),
    ("蓝山县瑶乡农产品开发有限公司", "李春生", "MA4M3C8R", "13974620202"),
    ("湖南蓝湘建设工程有限公司", "王志远", "MA4N5H1T", "13974620203"),
    ("蓝山县百味餐饮管理有限公司", "黄秀英", "MA4P9D6W", "13974620204"),
    ("蓝山县云冰山文化旅游发展有限公司", "刘卫东", "MA4Q2F4X", "13974620205"),
]

SITE_SETTINGS = {
    "government_name": "蓝山县人民政府",
    "site_name": "蓝山县人民政府门户网站",
    # 网站标识码: region code + 4 digits, issued by the State Council's site registry.
    "site_code": "4311270001",
    "icp_number": "湘ICP备12345678号",
    "police_record_number": "湘公网安备43112702000101号",
    "police_record_url": "https://beian.mps.gov.cn/#/query/webSearch?code=43112702000101",
    "host_unit": "蓝山县人民政府办公室",
    "address": "蓝山县城关镇政府路1号",
    "postcode": "425800",
    "phone": "0746-2221002",
    "email": "zfb@lanshan.gov.example.cn",
}

# 2027: the chinesecalendar library stops at 2026. New Year's Day is fixed by law; the rest is a
# plausible arrangement (statutory days per the 2024 revision of the holiday regulation, lunar
# dates computed ahead) that an administrator must check against the State Council notice,
# usually published in November. (start, end, is_working_day, name)
PROVISIONAL = "（预置，待国务院公布后核对）"
CALENDAR_2027 = [
    (datetime.date(2027, 1, 1), datetime.date(2027, 1, 1), False, "元旦"),
    (datetime.date(2027, 1, 31), datetime.date(2027, 1, 31), True, "春节调休上班" + PROVISIONAL),
    (datetime.date(2027, 2, 5), datetime.date(2027, 2, 13), False, "春节" + PROVISIONAL),
    (datetime.date(2027, 2, 20), datetime.date(2027, 2, 20), True, "春节调休上班" + PROVISIONAL),
    (datetime.date(2027, 4, 3), datetime.date(2027, 4, 5), False, "清明节" + PROVISIONAL),
    (datetime.date(2027, 4, 25), datetime.date(2027, 4, 25), True, "劳动节调休上班" + PROVISIONAL),
    (datetime.date(2027, 5, 1), datetime.date(2027, 5, 5), False, "劳动节" + PROVISIONAL),
    (datetime.date(2027, 6, 9), datetime.date(2027, 6, 9), False, "端午节" + PROVISIONAL),
    (datetime.date(2027, 9, 15), datetime.date(2027, 9, 15), False, "中秋节" + PROVISIONAL),
    (datetime.date(2027, 9, 26), datetime.date(2027, 9, 26), True, "国庆节调休上班" + PROVISIONAL),
    (datetime.date(2027, 10, 1), datetime.date(2027, 10, 7), False, "国庆节" + PROVISIONAL),
    (datetime.date(2027, 10, 9), datetime.date(2027, 10, 9), True, "国庆节调休上班" + PROVISIONAL),
]

# One account per role to try first (printed by load_demo and listed in the README).
DEMO_LOGINS = [
    (R.WINDOW_CLERK, "fengxue"),
    (R.REVIEW_CLERK, "tangting"),
    (R.SECTION_HEAD, "xiewei"),
    (R.LEADER, "luocheng"),
    (R.LEADER, "lijianguo"),
    (R.DISCLOSURE_OFFICER, "wujing"),
    (R.WEB_EDITOR, "sunyue"),
    (R.SUPERVISOR, "zhaolijuan"),
    (R.ARCHIVIST, "liwenjing"),
    (R.SYSTEM_ADMIN, "majunjie"),
    (R.SECURITY_ADMIN, "huxiaodong"),
    (R.AUDIT_ADMIN, "guomin"),
]


# --- Demo content of the apps above ------------------------------------------------------------
# (order, name, load): load(stdout) runs after the platform's own tables are in, in ascending order.
_LOADERS: list[tuple[int, str, Callable]] = []


def register_demo_loader(name: str, load: Callable, *, order: int = 100) -> None:
    """`load(stdout)` loads an app's demo content; it must be repeatable (idempotent)."""
    _LOADERS[:] = [entry for entry in _LOADERS if entry[1] != name]
    _LOADERS.append((order, name, load))
    _LOADERS.sort(key=lambda entry: (entry[0], entry[1]))


def demo_loaders() -> list[Callable]:
    return [load for _order, _name, load in _LOADERS]
