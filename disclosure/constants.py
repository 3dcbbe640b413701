"""Choices of the disclosure catalogue (政府信息公开目录)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The process code of the 20-working-day clock (条例 第二十六条) on the platform's case clock.
CLOCK_PROCESS = "disclosure-proactive"
CLOCK_LIMIT_DAYS = 20
PUBLIC_ROOT = "xxgk/"  # the channel's directory under the published site
LIST_PAGE_SIZE = 20


# Code tables (数据字典, platform_core.selectors.codes): Subject and Genre are the entries a new
# database starts with; administrators may extend them, and forms and pages read the tables.
SUBJECT_TABLE = "disclosure_subject"
GENRE_TABLE = "disclosure_genre"


class Subject(models.TextChoices):
    """主题分类: the State Council's subject categories of documents (国务院公文主题分类)."""

    ORGANISATION = "01", _("国务院组织机构")
    GENERAL = "02", _("综合政务")
    ECONOMY = "03", _("国民经济管理、国有资产监管")
    FINANCE = "04", _("财政、金融、审计")
    LAND = "05", _("国土资源、能源")
    AGRICULTURE = "06", _("农业、林业、水利")
    INDUSTRY = "07", _("工业、交通")
    TRADE = "08", _("商贸、海关、旅游")
    MARKET = "09", _("市场监管、安全生产监管")
    CONSTRUCTION = "10", _("城乡建设、环境保护")
    SCIENCE = "11", _("科技、教育")
    CULTURE = "12", _("文化、广电、新闻出版")
    HEALTH = "13", _("卫生、体育")
    POPULATION = "14", _("人口与计划生育、妇女儿童工作")
    LABOUR = "15", _("劳动、人事、监察")
    SECURITY = "16", _("公安、安全、司法")
    CIVIL = "17", _("民政、扶贫、救灾")
    ETHNIC = "18", _("民族、宗教")
    FOREIGN = "19", _("对外事务")
    HMT = "20", _("港澳台侨工作")
    DEFENCE = "21", _("国防")
    OTHER = "22", _("其他")


class Genre(models.TextChoices):
    """体裁: the kind of document."""

    DECISION = "decision", _("决定")
    ORDER = "order", _("命令（令）")
    ANNOUNCEMENT = "announcement", _("公告")
    NOTICE_PUBLIC = "notice_public", _("通告")
    OPINION = "opinion", _("意见")
    NOTICE = "notice", _("通知")
    BULLETIN = "bulletin", _("通报")
    REPORT = "report", _("报告")
    REPLY = "reply", _("批复")
    MEASURES = "measures", _("办法")
    RULES = "rules", _("规定")
    PLAN = "plan", _("方案")
    PROGRAMME = "programme", _("规划")
    INTERPRETATION = "interpretation", _("政策解读")
    BUDGET = "budget", _("预决算")
    OTHER = "other", _("其他")


class Validity(models.TextChoices):
    """有效性. A document that is no longer in force says so prominently on its page."""

    VALID = "valid", _("有效")
    AMENDED = "amended", _("已修改")
    REPEALED = "repealed", _("已废止")
    EXPIRED = "expired", _("已失效")


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("审核中")
    RETURNED = "returned", _("已退回")
    PUBLISHED = "published", _("已公开")
    WITHDRAWN = "withdrawn", _("已撤回")


class ColumnKind(models.TextChoices):
    """What a column holds: items of the catalogue, or one of the standard fixed sections."""

    CATALOGUE = "catalogue", _("公开目录")
    GUIDE = "guide", _("信息公开指南")
    RULES = "rules", _("信息公开制度")
    REPORT = "report", _("信息公开年报")
    REQUEST = "request", _("依申请公开")


class FindingKind(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证号码")
    MOBILE = "mobile", _("手机号码")
    BANK_CARD = "bank_card", _("银行卡号")
    NAME = "name", _("号码旁的自然人姓名")


class ItemAction(models.TextChoices):
    CREATE = "create", _("录入")
    UPDATE = "update", _("修改")
    SUBMIT = "submit", _("送审")
    APPROVE = "approve", _("审核通过")
    RETURN = "return", _("退回")
    PUBLISH = "publish", _("发布")
    WITHDRAW = "withdraw", _("撤回")
    VALIDITY = "validity", _("变更有效性")
    SCAN = "scan", _("隐私检查")
    OVERRIDE = "override", _("隐私检查放行")
    ATTACH = "attach", _("上传附件")
    DETACH = "detach", _("删除附件")
    LINK = "link", _("关联政策解读")


STATUS_EDITABLE = (ItemStatus.DRAFT, ItemStatus.RETURNED)


# --- disclosure on request (依申请公开) ------------------------------------------------------

# The reply clock (条例 第三十三条): 20 working days from receipt, up to 20 more when extended.
REQUEST_CLOCK_PROCESS = "disclosure-request"
REQUEST_LIMIT_DAYS = 20
REQUEST_EXTENSION_MAX_DAYS = 20
CLARIFY_WITHIN_DAYS = 7  # 第三十条: ask for clarification within 7 working days of receipt
CLARIFY_DEFAULT_PERIOD = 15  # working days the applicant is given to answer (a reasonable period)
THIRD_PARTY_DAYS = 15  # 第三十二条: the third party answers within 15 working days
FEE_PAY_DAYS = 20  # 国办函〔2020〕109号: pay within 20 working days of the fee notice
CONFIRM_DAYS = 1  # an online request is confirmed (and so received) by the next working day
REQUEST_PREFIX = "YSQ"


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待确认收到")
    PROCESSING = "processing", _("办理中")
    CLARIFYING = "clarifying", _("待申请人补正")
    CONSULTING = "consulting", _("征求第三方意见")
    AWAITING_FEE = "awaiting_fee", _("待缴纳信息处理费")
    REPLIED = "replied", _("已答复")
    WITHDRAWN = "withdrawn", _("已撤回")


REQUEST_OPEN = (
    RequestStatus.SUBMITTED,
    RequestStatus.PROCESSING,
    RequestStatus.CLARIFYING,
    RequestStatus.CONSULTING,
    RequestStatus.AWAITING_FEE,
)


class ApplicantType(models.TextChoices):
    NATURAL = "natural", _("自然人")
    LEGAL = "legal", _("法人或其他组织")


class LegalSubtype(models.TextChoices):
    """The annual report's columns for legal persons (国办公开办函〔2021〕30号)."""

    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    CHARITY = "charity", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER = "other", _("其他")


class RequestChannel(models.TextChoices):
    ONLINE = "online", _("网上申请")
    LETTER = "letter", _("信函申请")
    FAX = "fax", _("传真申请")
    IN_PERSON = "in_person", _("当面申请")


class InfoForm(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子文件")
    VIEWING = "viewing", _("现场查阅")


class DeliveryMethod(models.TextChoices):
    ONLINE = "online", _("网上下载")
    MAIL = "mail", _("邮寄")
    EMAIL = "email", _("电子邮件")
    FAX = "fax", _("传真")
    PICKUP = "pickup", _("当面领取")


class ReplyOutcome(models.TextChoices):
    """条例 第三十六条."""

    ALREADY_PUBLIC = "already_public", _("已主动公开")
    GRANTED = "granted", _("予以公开")
    PARTIAL = "partial", _("部分公开")
    REFUSED = "refused", _("不予公开")
    UNAVAILABLE = "unavailable", _("无法提供")
    NOT_PROCESSED = "not_processed", _("不予处理")


class RefusalGround(models.TextChoices):
    """不予公开 grounds (条例 第十四条、第十五条、第十六条) with the article cited in the letter."""

    STATE_SECRET = "state_secret", _("属于国家秘密")
    FORBIDDEN_BY_LAW = "forbidden_by_law", _("其他法律行政法规禁止公开")
    THREE_SAFETIES = "three_safeties", _("危及“三安全一稳定”")
    THIRD_PARTY = "third_party", _("保护第三方合法权益")
    INTERNAL = "internal", _("属于内部事务信息")
    PROCESS = "process", _("属于过程性信息")
    ENFORCEMENT = "enforcement", _("属于行政执法案卷")


REFUSAL_ARTICLE = {
    RefusalGround.STATE_SECRET: "第十四条",
    RefusalGround.FORBIDDEN_BY_LAW: "第十四条",
    RefusalGround.THREE_SAFETIES: "第十四条",
    RefusalGround.THIRD_PARTY: "第十五条",
    RefusalGround.INTERNAL: "第十六条第一款",
    RefusalGround.PROCESS: "第十六条第二款",
    RefusalGround.ENFORCEMENT: "第十六条第二款",
}


class UnavailableReason(models.TextChoices):
    NOT_HELD = "not_held", _("本机关不掌握相关政府信息")
    NEEDS_MAKING = "needs_making", _("没有现成信息需要另行制作")
    UNCLEAR = "unclear", _("补正后申请内容仍不明确")


UNAVAILABLE_ARTICLE = {
    UnavailableReason.NOT_HELD: "第三十六条第（四）项、第（五）项",
    UnavailableReason.NEEDS_MAKING: "第三十八条",
    UnavailableReason.UNCLEAR: "第三十条",
}


class NotProcessedReason(models.TextChoices):
    PETITION = "petition", _("信访、投诉、举报等诉求")
    REPEATED = "repeated", _("重复申请")
    PUBLICATION = "publication", _("要求提供公开出版物")


NOT_PROCESSED_ARTICLE = {
    NotProcessedReason.PETITION: "第三十九条第一款",
    NotProcessedReason.REPEATED: "第三十六条第（六）项",
    NotProcessedReason.PUBLICATION: "第三十九条第二款",
}


class ConsultationOutcome(models.TextChoices):
    AGREED = "agreed", _("同意公开")
    OBJECTED = "objected", _("不同意公开")
    NO_REPLY = "no_reply", _("逾期未提出意见")


class FeeMode(models.TextChoices):
    BY_PIECE = "by_piece", _("按件计收")
    BY_VOLUME = "by_volume", _("按量计收")


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", _("申请登记回执")
    CLARIFICATION = "clarification", _("补正申请告知书")
    CONSULTATION = "consultation", _("征求第三方意见函")
    EXTENSION = "extension", _("延期答复告知书")
    FEE = "fee", _("收费通知书")
    REPLY = "reply", _("政府信息公开申请答复书")


LETTER_SUFFIX = {
    LetterKind.RECEIPT: "HZ",
    LetterKind.CLARIFICATION: "BZ",
    LetterKind.CONSULTATION: "ZQ",
    LetterKind.EXTENSION: "YQ",
    LetterKind.FEE: "SF",
    LetterKind.REPLY: "DF",
}


class RequestAction(models.TextChoices):
    SUBMIT = "submit", _("提交申请")
    REGISTER = "register", _("登记申请")
    CONFIRM = "confirm", _("确认收到")
    CLARIFY = "clarify", _("告知补正")
    ANSWER = "answer", _("申请人补正")
    DEEMED_WITHDRAWN = "deemed_withdrawn", _("视为撤回")
    WITHDRAW = "withdraw", _("申请人撤回")
    CONSULT = "consult", _("征求第三方意见")
    CONSULTED = "consulted", _("登记第三方意见")
    EXTENSION_ASK = "extension_ask", _("申请延期")
    EXTENSION_APPROVE = "extension_approve", _("批准延期")
    EXTENSION_REFUSE = "extension_refuse", _("不批准延期")
    FEE_NOTICE = "fee_notice", _("发出收费通知")
    FEE_PAID = "fee_paid", _("确认缴费")
    REPLY = "reply", _("答复")
    RATE = "rate", _("评价")


# --- annual report (年度报告) -----------------------------------------------------------------

REPORT_CLOCK_PROCESS = "disclosure-annual-report"
# Section 4 (行政复议、行政诉讼) and section 2's figures the system does not hold, entered by staff.
REVIEW_LITIGATION_KEYS = [
    (f"{group}_{result}", f"{group_label}·{result_label}")
    for group, group_label in (
        ("review", "行政复议"),
        ("suit_direct", "未经复议直接起诉"),
        ("suit_after_review", "复议后起诉"),
    )
    for result, result_label in (
        ("upheld", "结果维持"),
        ("corrected", "结果纠正"),
        ("other", "其他结果"),
        ("pending", "尚未审结"),
    )
]
SECTION2_KEYS = [
    ("licensing", "行政许可 本年处理决定数量"),
    ("penalty", "行政处罚 本年处理决定数量"),
    ("enforcement", "行政强制 本年处理决定数量"),
    ("admin_fees", "行政事业性收费 本年收费金额（万元）"),
]
